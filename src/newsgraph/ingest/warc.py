"""WARC intake: HTML response records become documents; others are counted.

Every record is accounted for: a Document, or an InputError whose code says
whether it was skipped (not HTML) or broken (truncated, unreadable).
"""
from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newsgraph.errors import InputError, MalformedInput
from newsgraph.ingest.decode import decode_bytes, document_from_string
from newsgraph.limits import MAX_INPUT_BYTES


TARGET_URI = re.compile(rb"WARC-Target-URI:\s*(\S+)")


class SkippedRecord(InputError):
    """A WARC record that is not an article (not a response, or not HTML)."""

    code = "NG110"


def iter_warc(path: Path, published: str | None = None) -> Iterator:
    try:
        with path.open("rb") as stream:
            if not _starts_like_warc(stream.read(4096)):
                yield MalformedInput("not a WARC file: it does not start with a WARC/1.x record", ref=path.name)
                return
            stream.seek(0)
            records = ArchiveIterator(stream)
            yield from _records(records, path, published)
            yield from _leftover(stream, records.offset, path)
    except (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error) as exc:
        yield MalformedInput(f"WARC stops being readable here: {exc}", ref=f"{path.name}:end")


def _starts_like_warc(head: bytes) -> bool:
    if head[:2] == b"\x1f\x8b":
        head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
    return head.lstrip().startswith(b"WARC/")


def _records(records: ArchiveIterator, path: Path, published: str | None) -> Iterator:
    for index, record in enumerate(records, 1):
        uri = record.rec_headers.get_header("WARC-Target-URI") or f"{path.name}#{index}"
        if record.rec_type != "response":
            yield SkippedRecord(f"skipped: a {record.rec_type} record", ref=uri)
            continue
        ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
        if "html" not in ctype.lower():
            yield SkippedRecord(f"skipped: content type {ctype or 'unknown'} is not HTML", ref=uri)
            continue
        yield _document(record, uri, path, published)


def _leftover(stream, offset: int, path: Path) -> Iterator[InputError]:
    """warcio ends quietly on a record cut off inside its header; say so instead."""
    stream.seek(offset)
    tail = stream.read(MAX_INPUT_BYTES)
    if not tail.strip():
        return
    if tail[:2] == b"\x1f\x8b":
        tail = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(tail, 65536)
    found = TARGET_URI.search(tail)
    ref = found.group(1).decode("utf-8", "replace") if found else f"{path.name}@{offset}"
    yield MalformedInput("record is truncated: the file ends inside it", ref=ref)


def _document(record, uri: str, path: Path, published: str | None):
    try:
        body = record.content_stream().read(MAX_INPUT_BYTES + 1)
        if _bytes_missing(record) and len(body) <= MAX_INPUT_BYTES:
            return MalformedInput(f"record is truncated: {_bytes_missing(record):,} of its bytes are missing", ref=uri)
        html = decode_bytes(body, uri)
    except InputError as exc:
        return exc
    except Exception as exc:  # warcio raises plain exceptions on truncated payloads
        return MalformedInput(f"record payload unreadable: {exc}", ref=uri)
    doc = document_from_string(html, kind="warc", location=str(path), ref=uri, published=published)
    doc.meta["url"] = uri
    return doc


def _bytes_missing(record) -> int:
    """Bytes the record header promised but the file does not hold (a cut-off download)."""
    return int(getattr(record.raw_stream, "limit", 0) or 0)
