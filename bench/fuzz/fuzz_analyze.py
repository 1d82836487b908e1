"""Fuzz harness for `newsgraph.analyze` on text, HTML and raw bytes.

    .venv/bin/python bench/fuzz/fuzz_analyze.py -runs=1000 bench/fuzz/corpus   # atheris (libFuzzer flags)

`check_input(data)` is the whole contract, usable without atheris: the first
byte says how the rest is handed to newsgraph (as text, as HTML, or as bytes
that intake must decode first), and the call must either return a record that
passes `check_record` or refuse the input with a `NewsgraphError`. Anything
else raises, and is a bug. run_fuzz.py drives this with a watchdog and a report.
"""
from __future__ import annotations

import json
import sys
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
REPO = HERE.parents[1]
SCHEMA = REPO / "src" / "newsgraph" / "schema" / "newsgraph-1.schema.json"
# How the bytes after the first one reach newsgraph.
MODES = ("text", "html", "auto", "bytes-text", "bytes-html", "bytes-auto")


class ContractBroken(AssertionError):
    """analyze() returned something the newsgraph/1 contract does not allow."""


def split_input(data: bytes) -> tuple[str, bytes]:
    if not data:
        return "auto", b""
    return MODES[data[0] % len(MODES)], data[1:]


def as_text(mode: str, body: bytes) -> str:
    """The string analyze() gets; bytes modes go through intake's decoder, like a file would."""
    if mode.startswith("bytes-"):
        from newsgraph.ingest.files import decode_bytes

        return decode_bytes(body, ref="fuzz")
    return body.decode("utf-8", errors="replace")


def check_input(data: bytes) -> str:
    """'ok' (a valid record), 'refused' (a NewsgraphError); raises on anything else."""
    from newsgraph import analyze
    from newsgraph.errors import NewsgraphError

    mode, body = split_input(data)
    kind = mode.removeprefix("bytes-")
    try:
        text = as_text(mode, body)
        doc = analyze(text, published=_published(body), kind=None if kind == "auto" else kind)
    except NewsgraphError as exc:
        if "\n" in str(exc):
            raise ContractBroken(f"error message spans lines: {str(exc)[:200]!r}") from exc
        return "refused"
    check_record(doc.to_dict())
    return "ok"


def _published(body: bytes) -> str | None:
    """Half the inputs get a publication date, so relative dates get resolved too."""
    return "2025-07-07" if len(body) % 2 else None


@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def check_record(record: dict) -> None:
    """Schema-valid, JSON-serialisable, and every span inside `text` with the text it names."""
    errors = [e.message for e in _validator().iter_errors(record)]
    if errors:
        raise ContractBroken(f"schema: {errors[0][:300]}")
    json.dumps(record)
    text = record["text"]
    for where, span in spans(record):
        start, end = span["start"], span["end"]
        if not 0 <= start <= end <= len(text):
            raise ContractBroken(f"{where} [{start}, {end}) outside text of {len(text)} chars")
        if "text" in span and span["text"] != text[start:end]:
            raise ContractBroken(f"{where} text {span['text'][:60]!r} != text[{start}:{end}]")


def spans(record: dict):
    """(where, span) for every offset pair the record holds."""
    for actor in record["actors"]:
        for mention in actor["mentions"]:
            yield f"actor {actor['id']} mention", mention
    for quote in record["quotes"]:
        yield f"quote {quote['id']}", quote
    for event in record["events"]:
        yield f"event {event['id']} evidence", event["evidence"]
    for check in record["fact_checks"]:
        yield "fact_check evidence", check["evidence"]
    for term in record["loaded_language"]:
        yield "loaded_language", term


def seeds() -> list[bytes]:
    """The seed corpus, each file once per mode it makes sense in."""
    found = []
    for path in sorted(CORPUS.iterdir()):
        data = path.read_bytes()
        first = MODES.index("html") if path.suffix == ".html" else MODES.index("text")
        found += [bytes([first]) + data, bytes([first + 3]) + data]
    return found


def TestOneInput(data: bytes) -> None:  # noqa: N802 - the name atheris looks for
    check_input(data)


def main() -> None:
    import atheris

    with atheris.instrument_imports(include=["newsgraph"]):
        import newsgraph.pipeline  # noqa: F401 - instrumented for coverage feedback
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
