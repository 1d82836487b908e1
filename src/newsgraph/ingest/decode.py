"""Bytes and strings to a Document: decoding, size limits and the HTML-or-text guess.

A leaf of the ingest package: files, warc and fetch all build their Documents here,
so none of them needs another.
"""
from __future__ import annotations

import gzip
import io
import re

from newsgraph.document import Document, Source
from newsgraph.errors import BinaryInput, InputTooLarge, MalformedInput
from newsgraph.limits import MAX_INPUT_BYTES


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
