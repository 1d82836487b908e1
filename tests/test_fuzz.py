"""Property tests on hostile input: intake, cleaning, quote pairing, dates, analyze().

Bounded (a few dozen examples each, no example database) so they run in
`make test`; NEWSGRAPH_FUZZ_EXAMPLES=2000 runs them longer, and
bench/fuzz/run_fuzz.py is the long run of the whole pipeline.
"""
from __future__ import annotations

import gzip
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsgraph.ingest.clean import _squash, clean_document
from newsgraph.nlp.dates import resolve_date
from newsgraph.document import Document, Source
from newsgraph.errors import NewsgraphError
from newsgraph.ingest.files import decode_bytes, document_from_record, looks_like_html
from newsgraph.nlp.quote_marks import OPENERS, PAIRS, find_quote_spans

FUZZ = Path(__file__).resolve().parents[1] / "bench" / "fuzz"
sys.path.insert(0, str(FUZZ))
import fuzz_analyze  # noqa: E402
import run_fuzz as fuzz_run  # noqa: E402

EXAMPLES = int(os.environ.get("NEWSGRAPH_FUZZ_EXAMPLES", "60"))
BOUNDED = settings(max_examples=EXAMPLES, deadline=None, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
REASONS = {"caption", "form", "navigation", "advert", "related", "boilerplate"}

# Lines that look like what cleaning removes, mixed with ordinary and odd ones.
RESIDUE = ["Read more: Minister resigns", "Advertisement", "Photo: Reuters", "Share this article",
           "Sign up for our newsletter", "By Jane Doe", "Updated 5:45 PM GMT, March 3, 2024",
           "Home / World / Europe", "© 2024 Example News", "Follow us on Twitter", "Related",
           "\"We will not accept this,\" the minister said.", "The talks resumed on Monday in Geneva."]
WORDS = ["the", "minister", "said", "Russia", "NATO", "on", "Monday", "accused", "“", "”", "\"", "'", "‘",
         "’", "«", "»", ".", ",", "\n", "last", "week", "President", "Anna", "Berg", "demanded", "talks", "in",
         "Oslo", "2024", "March", "(Reuters)", "—", "\u00a0", "\t", "yesterday", "rejected"]
lines = st.lists(st.one_of(st.text(max_size=60), st.sampled_from(RESIDUE)), max_size=25)
prose = st.lists(st.sampled_from(WORDS), min_size=1, max_size=120).map(" ".join)


# ---- intake ------------------------------------------------------------------------

raw_bytes = st.one_of(
    st.binary(max_size=3000),
    st.binary(max_size=500).map(lambda b: b"\x1f\x8b" + b),  # a gzip header over garbage
    st.binary(max_size=500).map(gzip.compress),
    st.binary(max_size=500).map(lambda b: b"\xef\xbb\xbf" + b),
    st.binary(max_size=500).map(lambda b: b"\xff\xfe" + b),
    st.text(max_size=500).map(lambda t: t.encode("utf-16")),
    st.text(max_size=500).map(lambda t: t.encode("latin-1", errors="replace")),
)


@BOUNDED
@given(raw_bytes)
def test_decode_returns_text_or_refuses_with_a_newsgraph_error(data):
    try:
        text = decode_bytes(data, ref="fuzz")
    except NewsgraphError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("NG1")
        return
    assert isinstance(text, str)
    looks_like_html(text)  # never raises either


@BOUNDED
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300),
                 st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                              lambda inner: st.lists(inner, max_size=4)
                              | st.dictionaries(st.sampled_from(["id", "text", "html", "published", "url", "title", "x"]),
                                                inner, max_size=5), max_leaves=15).map(str)))
def test_jsonl_lines_give_a_document_or_a_newsgraph_error(line):
    try:
        doc = document_from_record(line, "in.jsonl:1", "in.jsonl")
    except NewsgraphError as exc:
        assert "\n" not in str(exc)
        return
    assert isinstance(doc.raw, str)


# ---- cleaning --------------------------------------------------------------------------

@BOUNDED
@given(lines)
def test_removed_plus_text_account_for_every_input_line(raw_lines):
    raw = "\n".join(raw_lines)
    doc = clean_document(Document(source=Source(kind="text"), raw=raw, raw_kind="text"))
    kept = iter(doc.text.split("\n") if doc.text else [])
    removed = iter(doc.removed)
    pending = next(removed, None)
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        if pending is not None and pending.line == number:
            assert pending.text == line.strip() and pending.reason in REASONS
            pending = next(removed, None)
        else:
            assert next(kept, None) == _squash(line.strip()), f"line {number} is neither kept nor removed"
    assert pending is None, "a removed item names a line the input does not have"
    assert next(kept, None) is None, "text holds a line the input does not have"


@BOUNDED
@given(st.lists(st.one_of(st.sampled_from(RESIDUE), prose, st.text(max_size=40)), max_size=12),
       st.sampled_from(["p", "div", "li", "td", "figcaption", "aside", "h2", "script"]))
def test_html_cleaning_keeps_clean_lines_or_refuses(paragraphs, tag):
    body = "".join(f"<{tag}>{p}</{tag}>" for p in paragraphs)
    doc = Document(source=Source(kind="html"), raw=f"<html><head><title>T</title></head><body>{body}</body></html>",
                   raw_kind="html")
    try:
        clean_document(doc)
    except NewsgraphError:
        return
    assert all(line and line == line.strip() for line in doc.text.split("\n")) or doc.text == ""
    assert all(item.line is None and item.reason in REASONS for item in doc.removed)


# ---- quote pairing ---------------------------------------------------------------------

@BOUNDED
@given(st.one_of(prose, st.text(alphabet=st.sampled_from(list("ab .,\n\"'“”‘’«»„")), max_size=200), st.text(max_size=200)))
def test_quote_spans_lie_inside_the_text_in_order(text):
    previous_end = 0
    for span in find_quote_spans(text):
        assert previous_end <= span.start < span.end <= len(text)
        assert text[span.start] in OPENERS
        if span.closed:
            assert text[span.end - 1] in PAIRS[text[span.start]]
        inner_start, inner_end = span.inner
        assert span.start < inner_start <= inner_end <= span.end
        previous_end = span.end


# ---- dates --------------------------------------------------------------------------------

phrases = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(["on", "Monday", "Sunday", "last", "week", "month", "year", "yesterday", "today",
                              "tomorrow", "night", "March", "Feb", "31", "29th", "2024", "1999", "0", "of",
                              "early", "mid-"]), min_size=1, max_size=5).map(" ".join))
published_dates = st.one_of(st.none(), st.dates().map(date.isoformat), st.text(max_size=12),
                            st.sampled_from(["2025-07-07", "2024-02-29", "2025-13-01", "0001-01-01", "9999-12-31"]))


@BOUNDED
@given(phrases, published_dates)
@example("yesterday", "0001-01-01")  # the ends of the calendar: stepping a day or a year away overflows
@example("last week", "0001-01-03")
@example("tomorrow", "9999-12-31")
@example("last year", "0999-06-01")  # a year before 1000 still gives a four-digit ISO year
def test_date_resolution_never_crashes_and_gives_iso_dates(phrase, published):
    found = resolve_date(phrase, published)
    if found is None:
        return
    assert date.fromisoformat(found.value).isoformat() == found.value
    assert found.precision in ("day", "month", "year")
    assert found.text == phrase.strip()


# ---- the whole pipeline --------------------------------------------------------------------

@settings(max_examples=max(12, EXAMPLES // 5), deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(prose, st.text(min_size=1, max_size=300)), st.sampled_from([None, "2025-07-07"]))
def test_analyze_on_random_text_returns_a_valid_record(text, published):
    import newsgraph

    try:
        doc = newsgraph.analyze(text, published=published)
    except NewsgraphError as exc:
        assert "\n" not in str(exc)
        return
    fuzz_analyze.check_record(doc.to_dict())  # schema, and every span inside text with its own text


def test_hundreds_of_quotation_marks_in_one_paragraph_stay_fast():
    """Found by bench/fuzz: 300 pasted JSON-LD blocks (900 quote pairs in one paragraph) took 25 s,
    because every token checked every quote span for every quote."""
    import time

    import newsgraph

    newsgraph.analyze("The model is loaded before the clock starts.")
    text = "The coach said the team played well. " + '{"@type":"NewsArticle","datePublished":"0000-00-00"} ' * 300
    started = time.monotonic()
    fuzz_analyze.check_record(newsgraph.analyze(text, kind="text").to_dict())
    assert time.monotonic() - started < 10


def test_check_record_catches_a_span_outside_the_text(seed_record):
    fuzz_analyze.check_record(seed_record)
    broken = {**seed_record, "quotes": [dict(seed_record["quotes"][0], end=len(seed_record["text"]) + 5)]}
    with pytest.raises(fuzz_analyze.ContractBroken, match="outside text"):
        fuzz_analyze.check_record(broken)


@pytest.mark.slow
def test_fuzz_smoke_run_of_200_inputs(tmp_path):
    tally = fuzz_run.run_mutations(200, seed=7, max_len=2048, timeout=10.0, out=tmp_path)
    assert sum(tally.counts.values()) == 200
    crashes = sorted(p.read_text()[-400:] for p in tmp_path.glob("crash-*.txt"))
    assert tally.counts["crash"] == 0, crashes[:1]
    assert tally.counts["slow"] == 0 and tally.slowest[0] < 10.0
    assert tally.counts["ok"] > 100  # most mutated inputs still make a record


@pytest.mark.slow
def test_atheris_engine_bounded_run(tmp_path):
    """The coverage-guided engine on the same harness: libFuzzer mutates the seed corpus."""
    out = tmp_path / "fuzz-out"
    done = subprocess.run([sys.executable, str(FUZZ / "run_fuzz.py"), "--engine", "atheris", "--inputs", "40",
                           "--max-len", "2048", "--seed", "11", "--out", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    assert "engine atheris: 40 inputs" in done.stdout
    assert "crashes 0, slow (>10 s) 0" in done.stdout
