"""Intake: turn whatever the user has into `Document`s holding raw input.

Every entry point (CLI, batch, API, Python) goes through `iter_inputs` or
`document_from_string`, so all of them accept the same inputs (spec: text,
HTML, gzipped HTML, WARC, URL, folder, "-" and JSON Lines).
"""
from __future__ import annotations

import gzip
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

import orjson

from newsgraph.document import Document
from newsgraph.errors import EmptyInput, InputError, InputTooLarge, MalformedInput
from newsgraph.ingest.decode import decode_bytes, document_from_string, looks_like_html, printable_name
from newsgraph.ingest.fetch import fetch_document
from newsgraph.ingest.warc import iter_warc
from newsgraph.limits import MAX_INPUT_BYTES
from newsgraph.options import Options

HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz", ".xhtml")
WARC_SUFFIXES = (".warc", ".warc.gz")
TEXT_SUFFIXES = (".txt", ".text", ".md")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")


__all__ = ["HTML_SUFFIXES", "JSONL_SUFFIXES", "TEXT_SUFFIXES", "WARC_SUFFIXES", "decode_bytes",
           "document_from_record", "document_from_string", "iter_inputs", "iter_jsonl", "looks_like_html",
           "suffix_of"]


def iter_inputs(inputs: list[str], published: str | None = None, *,
                options: Options | None = None) -> Iterator[Document | InputError]:
    """Yield a Document per article, or the InputError that stopped one.

    Errors are yielded, not raised, so a batch never loses sight of an input.
    `options` gives the published date and whether URLs may be private; a bare
    `published` is the same as Options(published=...).
    """
    options = options or Options(published=published)
    for item in inputs:
        yield from _iter_one(item, options.published, options.allow_private)


def _iter_one(item: str, published: str | None, allow_private: bool = False) -> Iterator[Document | InputError]:
    if item == "-":
        yield from _guard(lambda: [document_from_string(
            decode_bytes(sys.stdin.buffer.read(MAX_INPUT_BYTES + 1), "stdin"),
            location=None, ref="stdin", published=published)], "stdin")
        return
    if item.startswith(("http://", "https://")):
        yield from _guard(lambda: [fetch_document(item, published=published, allow_private=allow_private)], item)
        return
    path = Path(item)
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            if suffix_of(child) in HTML_SUFFIXES + WARC_SUFFIXES + TEXT_SUFFIXES + JSONL_SUFFIXES:
                yield from _iter_file(child, published)
        return
    if not path.exists():
        yield InputError(f"no such file: {printable_name(item)}", ref=printable_name(item))
        return
    yield from _iter_file(path, published)


def suffix_of(path: Path) -> str:
    name = path.name.lower()
    for suffix in HTML_SUFFIXES + WARC_SUFFIXES + JSONL_SUFFIXES + TEXT_SUFFIXES:
        if name.endswith(suffix):
            return suffix
    return path.suffix.lower()


def _stem(path: Path) -> str:
    name = path.name
    for suffix in HTML_SUFFIXES + WARC_SUFFIXES + JSONL_SUFFIXES + TEXT_SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def _iter_file(path: Path, published: str | None) -> Iterator[Document | InputError]:
    suffix = suffix_of(path)
    if suffix in WARC_SUFFIXES:
        yield from iter_warc(path, published=published)
    elif suffix in JSONL_SUFFIXES:
        yield from iter_jsonl(path, published)
    else:
        kind = "html" if suffix in HTML_SUFFIXES else None
        yield from _guard(lambda: [_read_file(path, kind, published)], printable_name(str(path)))


def _read_file(path: Path, kind: str | None, published: str | None) -> Document:
    where = printable_name(str(path))  # the name as records, the store and terminals can carry it
    size = path.stat().st_size
    if size == 0:
        raise EmptyInput("input file is empty", ref=where)
    if size > MAX_INPUT_BYTES * 4:
        raise InputTooLarge(f"file is {size:,} bytes; the limit is {MAX_INPUT_BYTES:,}", ref=where)
    with path.open("rb") as fh:
        data = fh.read(MAX_INPUT_BYTES * 4 + 1)
    text = decode_bytes(data, where)
    if not text.strip():
        raise EmptyInput("input file holds only whitespace", ref=where)
    return document_from_string(text, kind=kind, location=where, ref=printable_name(_stem(path)),
                                published=published)


def iter_jsonl(path: Path, published: str | None = None) -> Iterator[Document | InputError]:
    opener = gzip.open if path.name.endswith(".gz") else open
    name, number = printable_name(path.name), 0
    try:
        with opener(path, "rb") as fh:
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                ref = f"{name}:{number}"
                yield from _guard(lambda: [document_from_record(line, ref, printable_name(str(path)), published)], ref)
    except (OSError, EOFError, zlib.error) as exc:  # unreadable, or a .jsonl.gz cut short
        yield MalformedInput(f"JSON Lines file stops being readable here: {exc}", ref=f"{name}:{number + 1}")


def document_from_record(line: bytes | str, ref: str, location: str | None,
                         published: str | None = None) -> Document:
    if len(line) > MAX_INPUT_BYTES:
        raise InputTooLarge(f"record is {len(line):,} bytes; the limit is {MAX_INPUT_BYTES:,}", ref=ref)
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise MalformedInput(f"not valid JSON: {exc}", ref=ref) from exc
    if not isinstance(record, dict):
        raise MalformedInput("a JSONL line must be an object with 'text' or 'html'", ref=ref)
    content, kind = record.get("html"), "html"
    if content is None:
        content, kind = record.get("text"), "text"
    if not isinstance(content, str):
        raise MalformedInput("a JSONL line needs a string 'text' or 'html'", ref=ref)
    given_id = record.get("id")
    if given_id is not None and (isinstance(given_id, bool) or not isinstance(given_id, (str, int))):
        raise MalformedInput(f"id must be a string or a number, not {type(given_id).__name__}", ref=ref)
    # document_from_string checks every other field (published, title, url) once, for all intake.
    return document_from_string(content, kind=kind, location=location,
                                ref=str(given_id) if given_id not in (None, "") else ref,
                                published=record.get("published") or published,
                                title=record.get("title"), url=record.get("url"))


def _guard(make, ref: str) -> Iterator[Document | InputError]:
    """Whatever goes wrong reading one input is that input's one error, never the run's."""
    try:
        yield from make()
    except InputError as exc:
        yield exc
    except (OSError, ValueError) as exc:
        yield InputError(f"cannot read input: {exc}", ref=ref)
    except Exception as exc:  # noqa: BLE001 - a reader bug must not end a batch either
        yield InputError(f"cannot read input: {type(exc).__name__}: {exc}", ref=ref)
