"""WARC intake: HTML response records become documents; others are counted.

Every record is accounted for: a Document, or an InputError whose code says
whether it was skipped (not HTML) or broken (truncated, unreadable).
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from .errors import InputError, MalformedInput
from .intake import decode_bytes, document_from_string
from .limits import MAX_INPUT_BYTES


class SkippedRecord(InputError):
    """A WARC record that is not an article (not a response, or not HTML)."""

    code = "NG110"


def iter_warc(path: Path, published: str | None = None) -> Iterator:
    try:
        with path.open("rb") as stream:
            yield from _records(stream, path, published)
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        yield MalformedInput(f"WARC stops being readable here: {exc}", ref=f"{path.name}:end")


def _records(stream, path: Path, published: str | None) -> Iterator:
    for index, record in enumerate(ArchiveIterator(stream), 1):
        uri = record.rec_headers.get_header("WARC-Target-URI") or f"{path.name}#{index}"
        if record.rec_type != "response":
            yield SkippedRecord(f"skipped: a {record.rec_type} record", ref=uri)
            continue
        ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
        if "html" not in ctype.lower():
            yield SkippedRecord(f"skipped: content type {ctype or 'unknown'} is not HTML", ref=uri)
            continue
        yield _document(record, uri, path, published)


def _document(record, uri: str, path: Path, published: str | None):
    try:
        body = record.content_stream().read(MAX_INPUT_BYTES + 1)
        html = decode_bytes(body, uri)
    except InputError as exc:
        return exc
    except Exception as exc:  # warcio raises plain exceptions on truncated payloads
        return MalformedInput(f"record payload unreadable: {exc}", ref=uri)
    doc = document_from_string(html, kind="warc", location=str(path), ref=uri, published=published)
    doc.meta["url"] = uri
    return doc
