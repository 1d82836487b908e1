"""Intake: turn whatever the user has into `Document`s holding raw input.

Every entry point (CLI, batch, API, Python) goes through `iter_inputs` or
`document_from_string`, so all of them accept the same inputs (spec: text,
HTML, gzipped HTML, WARC, URL, folder, "-" and JSON Lines).
"""
from __future__ import annotations

import gzip
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import orjson

from .document import Document, Source
from .errors import BinaryInput, EmptyInput, InputError, InputTooLarge, MalformedInput
from .limits import MAX_INPUT_BYTES

HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz", ".xhtml")
WARC_SUFFIXES = (".warc", ".warc.gz")
TEXT_SUFFIXES = (".txt", ".text", ".md")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<body" in head) or (
        head.count("<p") + head.count("<div") >= 3)


def decode_bytes(data: bytes, ref: str | None = None) -> str:
    """Decode text, refusing binary data rather than producing mojibake."""
    if len(data) > MAX_INPUT_BYTES:
        raise InputTooLarge(f"input is {len(data):,} bytes; the limit is {MAX_INPUT_BYTES:,}", ref=ref)
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, ref)
    sample = data[:8192]
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BinaryInput("input looks binary (NUL bytes), not text or HTML", ref=ref)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _decode_legacy(data, ref)


def _gunzip(data: bytes, ref: str | None) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            out = fh.read(MAX_INPUT_BYTES + 1)
    except (OSError, EOFError) as exc:
        raise MalformedInput(f"gzip data is corrupt: {exc}", ref=ref) from exc
    if len(out) > MAX_INPUT_BYTES:
        raise InputTooLarge(f"decompressed input exceeds {MAX_INPUT_BYTES:,} bytes", ref=ref)
    return out


def _decode_legacy(data: bytes, ref: str | None) -> str:
    # A few stray bytes in otherwise valid UTF-8 (a bad copy, a cut multi-byte
    # character) are replaced; guessing a legacy encoding would garble every accent.
    lenient = data.decode("utf-8", errors="replace")
    if lenient.count("\ufffd") <= max(4, len(lenient) // 200) and _has_multibyte(data):
        return lenient
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise BinaryInput("input is not valid text in any known encoding", ref=ref)
    text = data.decode(best.encoding, errors="replace")
    controls = sum(1 for ch in text[:10_000] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 10_000):
        raise BinaryInput("input looks binary (control characters), not text", ref=ref)
    return text


def _has_multibyte(data: bytes) -> bool:
    """Valid UTF-8 multi-byte sequences: evidence the text is UTF-8 (Latin-1 text has none)."""
    return re.search(rb"[\xc2-\xf4][\x80-\xbf]", data) is not None


def document_from_string(content: str, *, kind: str | None = None, location: str | None = None,
                         ref: str | None = None, published: str | None = None,
                         title: str | None = None, url: str | None = None) -> Document:
    if len(content) > MAX_INPUT_BYTES:
        raise InputTooLarge(f"input is {len(content):,} characters; the limit is {MAX_INPUT_BYTES:,}", ref=ref)
    if kind is None:
        kind = "html" if looks_like_html(content) else "text"
    doc = Document(source=Source(kind=kind, location=location, ref=ref), raw=content,
                   raw_kind="html" if kind in ("html", "warc", "url") else "text")
    if published:
        doc.published, doc.published_from = published, "given"
    if title:
        doc.title = title
    if url:
        doc.meta["url"] = url
    return doc


def iter_inputs(inputs: list[str], published: str | None = None) -> Iterator[Document | InputError]:
    """Yield a Document per article, or the InputError that stopped one.

    Errors are yielded, not raised, so a batch never loses sight of an input.
    """
    for item in inputs:
        yield from _iter_one(item, published)


def _iter_one(item: str, published: str | None) -> Iterator[Document | InputError]:
    if item == "-":
        yield from _guard(lambda: [document_from_string(
            decode_bytes(sys.stdin.buffer.read(MAX_INPUT_BYTES + 1), "stdin"),
            location=None, ref="stdin", published=published)], "stdin")
        return
    if item.startswith(("http://", "https://")):
        from .fetch import fetch_document

        yield from _guard(lambda: [fetch_document(item, published=published)], item)
        return
    path = Path(item)
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            if _suffix(child) in HTML_SUFFIXES + WARC_SUFFIXES + TEXT_SUFFIXES + JSONL_SUFFIXES:
                yield from _iter_file(child, published)
        return
    if not path.exists():
        yield InputError(f"no such file: {item}", ref=item)
        return
    yield from _iter_file(path, published)


def _suffix(path: Path) -> str:
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
    suffix = _suffix(path)
    if suffix in WARC_SUFFIXES:
        from .warc import iter_warc

        yield from iter_warc(path, published=published)
    elif suffix in JSONL_SUFFIXES:
        yield from iter_jsonl(path, published)
    else:
        kind = "html" if suffix in HTML_SUFFIXES else None
        yield from _guard(lambda: [_read_file(path, kind, published)], str(path))


def _read_file(path: Path, kind: str | None, published: str | None) -> Document:
    size = path.stat().st_size
    if size == 0:
        raise EmptyInput("input file is empty", ref=str(path))
    if size > MAX_INPUT_BYTES * 4:
        raise InputTooLarge(f"file is {size:,} bytes; the limit is {MAX_INPUT_BYTES:,}", ref=str(path))
    with path.open("rb") as fh:
        data = fh.read(MAX_INPUT_BYTES * 4 + 1)
    text = decode_bytes(data, str(path))
    return document_from_string(text, kind=kind, location=str(path), ref=_stem(path),
                                published=published)


def iter_jsonl(path: Path, published: str | None = None) -> Iterator[Document | InputError]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            ref = f"{path.name}:{number}"
            yield from _guard(lambda: [document_from_record(line, ref, str(path), published)], ref)


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
    return document_from_string(content, kind=kind, location=location,
                                ref=str(record.get("id") or ref),
                                published=record.get("published") or published,
                                title=record.get("title"), url=record.get("url"))


def _guard(make, ref: str) -> Iterator[Document | InputError]:
    try:
        yield from make()
    except InputError as exc:
        yield exc
    except (OSError, ValueError) as exc:
        yield InputError(f"cannot read input: {exc}", ref=ref)
