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
from warcio.recordloader import ArcWarcRecordLoader

from newsgraph.errors import InputError, MalformedInput
from newsgraph.ingest.decode import charset_of, decode_bytes, document_from_string, printable_name
from newsgraph.limits import MAX_INPUT_BYTES


TARGET_URI = re.compile(rb"WARC-Target-URI:\s*(\S+)")


class SkippedRecord(InputError):
    """A WARC record that is not an article (not a response, or not HTML)."""

    code = "NG110"


class _Loader(ArcWarcRecordLoader):
    """warcio's loader, minus its crash on a record with no WARC-Target-URI (it calls
    `None.startswith`): such a record is read without HTTP headers, and `_records` says
    what is wrong with it."""

    def load_http_headers(self, rec_type, uri, stream, length):
        return super().load_http_headers(rec_type, uri or "", stream, length)


def iter_warc(path: Path, published: str | None = None) -> Iterator:
    name = printable_name(path.name)
    try:
        with path.open("rb") as stream:
            if not _starts_like_warc(stream.read(4096)):
                yield MalformedInput("not a WARC file: it does not start with a WARC/1.x record", ref=name)
                return
            stream.seek(0)
            records = ArchiveIterator(stream)
            records.loader = _Loader(verify_http=False, arc2warc=False)
            state = {"stopped": False}
            yield from _records(records, path, published, state)
            if not state["stopped"]:
                yield from _leftover(stream, records.offset, path)
    except (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error) as exc:
        yield MalformedInput(f"WARC stops being readable here: {_first_line(exc)}", ref=f"{name}:end")
    except Exception as exc:  # noqa: BLE001 - warcio raises assorted types on damaged files
        yield MalformedInput(f"WARC stops being readable here: {type(exc).__name__}: {_first_line(exc)}",
                             ref=f"{name}:end")


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [""])[0][:200]


def _starts_like_warc(head: bytes) -> bool:
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return False
        if len(head.lstrip()) < 5:  # a gzip member cut before its first bytes: say truncated, later
            return b"WARC/".startswith(head.lstrip())
    return head.lstrip().startswith(b"WARC/")


def _records(records: ArchiveIterator, path: Path, published: str | None, state: dict) -> Iterator:
    name = printable_name(path.name)
    for index, record in enumerate(records, 1):
        uri = record.rec_headers.get_header("WARC-Target-URI")
        ref = uri or f"{name}#{index}"
        if record.format == "warc" and (record.rec_headers.get_header("Content-Length") is None
                                        or record.rec_type is None):
            yield MalformedInput("record is truncated: its header is cut off (no WARC-Type or Content-Length)",
                                 ref=ref)
            state["stopped"] = True
            return  # nothing after a broken header can be trusted to start a record
        if record.rec_type == "response" and not uri:
            yield MalformedInput("a response record needs a WARC-Target-URI", ref=ref)
            continue
        uri = ref
        ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
        if record.rec_type != "response" or "html" not in ctype.lower():
            # A record cut short must say so, not pass for a skip: its headers may be cut too.
            missing = _drain(record)
            if missing:
                yield MalformedInput(f"record is truncated: {missing:,} of its bytes are missing", ref=uri)
            elif record.rec_type != "response":
                yield SkippedRecord(f"skipped: a {record.rec_type} record", ref=uri)
            else:
                yield SkippedRecord(f"skipped: content type {ctype or 'unknown'} is not HTML", ref=uri)
            continue
        yield _document(record, uri, path, published, charset_of(ctype))


def _leftover(stream, offset: int, path: Path) -> Iterator[InputError]:
    """warcio ends quietly on a record cut off inside its header; say so instead."""
    stream.seek(offset)
    tail = stream.read(MAX_INPUT_BYTES)
    if not tail.strip():
        return
    if tail[:2] == b"\x1f\x8b":
        try:
            tail = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(tail, 65536)
        except zlib.error:
            pass
    found = TARGET_URI.search(tail)
    ref = found.group(1).decode("utf-8", "replace") if found else f"{printable_name(path.name)}@{offset}"
    yield MalformedInput("record is truncated: the file ends inside it", ref=ref)


def _document(record, uri: str, path: Path, published: str | None, charset: str | None = None):
    try:
        body = record.content_stream().read(MAX_INPUT_BYTES + 1)
        if _bytes_missing(record) and len(body) <= MAX_INPUT_BYTES:
            return MalformedInput(f"record is truncated: {_bytes_missing(record):,} of its bytes are missing", ref=uri)
        html = decode_bytes(body, uri, declared=charset)
    except InputError as exc:
        return exc
    except Exception as exc:  # warcio raises plain exceptions on truncated payloads
        return MalformedInput(f"record payload unreadable: {exc}", ref=uri)
    # The target URI is the article's location (the WARC file is kept in meta.path).
    return document_from_string(html, kind="warc", location=printable_name(str(path)), ref=uri, published=published,
                                url=uri)


def _drain(record) -> int:
    """Read a record we skip to its end; how many of its promised bytes the file lacks."""
    while record.raw_stream.read(65536):
        pass
    return _bytes_missing(record)


def _bytes_missing(record) -> int:
    """Bytes the record header promised but the file does not hold (a cut-off download)."""
    return int(getattr(record.raw_stream, "limit", 0) or 0)
