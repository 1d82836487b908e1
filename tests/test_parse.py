"""Sentence bounds set before the parser: line breaks, and a cap on run-on text."""
from __future__ import annotations

from pathlib import Path

from newsgraph import analyze
from newsgraph.nlp.parse import MAX_SENTENCE_TOKENS, SENTENCE_ENDS, load_nlp

PARAGRAPH = " ".join(
    f"The {place} council met on {day} and the mayor said the {thing} would be repaired before the winter, "
    f"after residents of {place} had complained for months about it."
    for place, day, thing in [("Riverton", "Monday", "bridge"), ("Northfield", "Tuesday", "school roof"),
                              ("Eastport", "Wednesday", "harbour wall"), ("Millbrook", "Thursday", "library"),
                              ("Stonehaven", "Friday", "market hall"), ("Ashford", "Saturday", "clinic"),
                              ("Lakeside", "Sunday", "ferry pier"), ("Brookdale", "Monday", "town hall")])


def test_a_long_paragraph_of_real_sentences_is_cut_only_where_it_ends():
    doc = load_nlp()(PARAGRAPH)
    assert len(doc) > MAX_SENTENCE_TOKENS  # long enough for the cap to matter, were it counted per paragraph
    starts = [s.start for s in doc.sents]
    assert len(starts) == 8
    assert all(doc[i - 1].text in SENTENCE_ENDS for i in starts[1:])


def test_line_breaks_always_start_a_sentence():
    doc = load_nlp()("Talks resumed in Geneva\nThe minister said nothing")
    assert [s.text for s in doc.sents] == ["Talks resumed in Geneva\n", "The minister said nothing"]


def test_run_on_text_is_cut_into_bounded_sentences():
    words = ("officials from the ministry and the agency of the northern region with the committee "
             "and delegates of the union ").split() * 120
    doc = load_nlp()(" ".join(words))
    assert max(len(s) for s in doc.sents) <= MAX_SENTENCE_TOKENS
    assert sum(len(s) for s in doc.sents) == len(doc)


def test_a_page_of_markup_pasted_as_text_gives_bounded_sentences():
    """Found by fuzzing: 12 KB of repeated meta tags made one 2,000-token sentence,
    and every actor mention walked its whole dependency subtree (8 s; now about 1 s)."""
    text = (Path(__file__).parent / "data" / "fuzz-run-on-markup.txt").read_text(encoding="utf-8")
    doc = analyze(text)
    assert max(len(s) for s in doc.nlp.sents) <= MAX_SENTENCE_TOKENS
    assert doc.to_dict()["schema"] == "newsgraph/1"
