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


# ---- compiled rule components and the selective parse ----------------------------------------

MIXED = ("There were two ferries on the lake, but it was not clear whether they would sail.\n"
         "Y'all know that I gotta go, said the captain; \"I ain't nothin' without my boat.\" "
         "Does the harbour master have the keys? He did, and he has them still.")


def _stock_nlp():
    import spacy

    from newsgraph.nlp.parse import MODEL, UNUSED

    nlp = spacy.load(MODEL, exclude=UNUSED)
    nlp.add_pipe("paragraph_sentences", before="parser")
    return nlp


def test_the_compiled_ruler_and_lemmatizer_write_what_spacy_writes():
    from spacy.attrs import LEMMA, MORPH, POS, TAG

    from newsgraph.nlp.parse import ArrayLemmatizer, CompiledRuler

    nlp = load_nlp()
    assert isinstance(nlp.get_pipe("attribute_ruler"), CompiledRuler)
    assert isinstance(nlp.get_pipe("lemmatizer"), ArrayLemmatizer)
    ours, stock = nlp(MIXED), _stock_nlp()(MIXED)
    assert [(t.pos_, str(t.morph), t.lemma_) for t in ours] == [(t.pos_, str(t.morph), t.lemma_) for t in stock]
    assert (ours.to_array([TAG, POS, MORPH, LEMMA]) == stock.to_array([TAG, POS, MORPH, LEMMA])).all()
    assert any(t.pos_ == "AUX" for t in ours)  # a label-dependent pattern of the ruler fired


PLAIN = "The weather in the valley stayed mild and dry."
WITH_CUES = ['"The bridge is safe," the engineer said.', "Police arrested two men near the harbour.",
             "Then he went home."]


def test_selective_parse_gives_a_tree_to_sentences_with_cues_and_skips_a_plain_one():
    nlp = load_nlp("selective")
    doc = nlp("\n".join([PLAIN] + WITH_CUES))
    sents = list(doc.sents)
    assert len(sents) == 4
    plain, *cued = sents
    assert [t.dep_ for t in plain] == [""] * len(plain)
    assert all(t.head == t for t in plain)
    for sent in cued:
        assert sum(t.dep_ == "ROOT" for t in sent) >= 1
        assert any(t.dep_ == "nsubj" for t in sent)
        assert any(t.head != t for t in sent)
    assert [t.text for t in doc.ents if t.label_ == "CARDINAL"] == ["two"]  # the cheap pass's entities


def test_a_selective_parse_of_plain_text_has_noun_chunks_and_lemmas():
    doc = load_nlp("selective")(PLAIN)
    assert list(doc.noun_chunks) == []  # no parse, no chunks, and no error either
    assert doc[4].lemma_ == "valley" and doc[5].lemma_ == "stay"


def test_selective_parse_keeps_parsed_sentences_as_the_full_parse_has_them():
    full, selective = load_nlp()(WITH_CUES[1]), load_nlp("selective")(WITH_CUES[1])
    assert [(t.dep_, t.head.i, t.pos_, t.lemma_) for t in full] == [(t.dep_, t.head.i, t.pos_, t.lemma_)
                                                                   for t in selective]


def test_the_parse_option_reaches_the_pipeline(monkeypatch):
    import pytest

    from newsgraph.errors import InputError
    from newsgraph.options import Options

    monkeypatch.setenv("NEWSGRAPH_PARSE", "selective")
    assert Options.from_env().parse == "selective"
    assert Options().parse == "full"
    with pytest.raises(InputError):
        Options(parse="fast")
    doc = analyze(PLAIN + "\n" + WITH_CUES[1])
    first = list(doc.nlp.sents)[0]
    assert all(t.head == t for t in first)  # the plain sentence went unparsed
    full = analyze(PLAIN + "\n" + WITH_CUES[1], options=Options(parse="full"))
    assert any(t.head != t for t in list(full.nlp.sents)[0])
