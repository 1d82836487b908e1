"""Bytes and strings to a Document: decoding, size limits and the HTML-or-text guess.

A leaf of the ingest package: files, warc and fetch all build their Documents here,
so none of them needs another.
"""
from __future__ import annotations

import codecs
import gzip
import io
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from newsgraph.document import Document, Source, article_url
from newsgraph.errors import BinaryInput, EmptyInput, InputTooLarge, MalformedInput
from newsgraph.limits import MAX_INPUT_BYTES


def printable_name(name: str) -> str:
    """A file name as valid UTF-8 text: bytes that are not UTF-8 (Python holds them as
    surrogate escapes, which no JSON, SQLite or terminal can carry) become `\\xNN`."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    try:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    except UnicodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<body" in head) or (
        head.count("<p") + head.count("<div") >= 3)


def decode_bytes(data: bytes, ref: str | None = None, declared: str | None = None) -> str:
    """Decode text, refusing binary data rather than producing mojibake.

    `declared` is the charset a transport gave (an HTTP Content-Type); the choice of
    encoding and its evidence are made once, by `choose_encoding`.
    """
    if len(data) > MAX_INPUT_BYTES:
        raise InputTooLarge(f"input is {len(data):,} bytes; the limit is {MAX_INPUT_BYTES:,}", ref=ref)
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, ref)
    sample = data[:8192]
    if b"\x00" in sample and not sample.startswith(BOMS):
        raise BinaryInput("input looks binary (NUL bytes), not text or HTML", ref=ref)
    return decode_with(data, choose_encoding(data, declared, ref), ref)


def _gunzip(data: bytes, ref: str | None) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            out = fh.read(MAX_INPUT_BYTES + 1)
    except (OSError, EOFError) as exc:
        raise MalformedInput(f"gzip data is corrupt or cut short: {exc}", ref=ref) from exc
    if len(out) > MAX_INPUT_BYTES:
        raise InputTooLarge(f"decompressed input exceeds {MAX_INPUT_BYTES:,} bytes", ref=ref)
    return out


# ---- one encoding decision, with its evidence ------------------------------------------
# In order: a byte-order mark; the charset the transport declared (HTTP header); the
# page's own <meta charset>; valid UTF-8; UTF-8 with a few stray bytes; Windows-1252
# when it reads as Western text; then charset-normalizer's guesses. A declaration or a
# guess is taken only when the bytes decode strictly in it and the result does not look
# garbled (see `garbled`); when nothing reads cleanly the input is refused (NG102).

BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_BOM_ENCODINGS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                  (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)
# Labels browsers read as Windows-1252 (WHATWG Encoding): its superset, never the C1 controls.
_AS_CP1252 = {"latin1", "latin_1", "iso8859_1", "iso_8859_1", "ascii", "us_ascii", "cp1252", "windows_1252", "l1"}
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# Marks that sit between letters in real text: dashes and quotes (categories Pd, Pi, Pf),
# the ellipsis, the Catalan middle dot, the soft hyphen. Other symbols there are mojibake.
_IN_WORD = frozenset("\u00b7\u2026\u00ad")
_IN_WORD_CATEGORIES = frozenset({"Pd", "Pi", "Pf"})


@dataclass(frozen=True)
class Encoding:
    name: str
    evidence: str  # bom | header | meta | utf-8 | utf-8-lenient | western | detector


def choose_encoding(data: bytes, declared: str | None = None, ref: str | None = None) -> Encoding:
    """The encoding of `data` and what says so; BinaryInput when no candidate reads cleanly."""
    for bom, name in _BOM_ENCODINGS:
        if data.startswith(bom):
            if _decodes(data, name):
                return Encoding(name, "bom")
            break  # a byte-order mark the bytes after it belie is no evidence
    for name, evidence in ((declared, "header"), (_meta_charset(data), "meta")):
        name = _normal(name)
        if name and _reads_cleanly(data, name):
            return Encoding(name, evidence)
    try:
        data.decode("utf-8")
        return Encoding("utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    if lenient.count("\ufffd") <= max(4, len(lenient) // 200) and _UTF8_SEQUENCE.search(data):
        # A few stray bytes in otherwise valid UTF-8 (a bad copy, a cut multi-byte character)
        # are replaced; guessing a legacy encoding would garble every accent.
        return Encoding("utf-8-lenient", "utf-8-lenient")
    if _reads_cleanly(data, "cp1252") and _western(data.decode("cp1252")):
        return Encoding("cp1252", "western")
    from charset_normalizer import from_bytes

    for match in from_bytes(data[:200_000]):
        name = _normal(match.encoding)
        if name and _reads_cleanly(data, name):
            return Encoding(name, "detector")
    raise BinaryInput("cannot tell the text's encoding: it is not UTF-8, and no encoding reads it cleanly",
                      ref=ref)


def decode_with(data: bytes, encoding: Encoding, ref: str | None = None) -> str:
    if encoding.name == "utf-8-lenient":
        return data.decode("utf-8", errors="replace")
    try:
        text = data.decode(encoding.name)
    except (UnicodeDecodeError, LookupError) as exc:  # choose_encoding checked it; never a traceback
        raise BinaryInput(f"input is not valid {encoding.name}: {exc.reason}", ref=ref) from exc
    if encoding.name in ("utf-8", "utf-8-sig"):
        return text
    controls = sum(1 for ch in text[:10_000] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 10_000):
        raise BinaryInput("input looks binary (control characters), not text", ref=ref)
    return text


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header value, if any."""
    found = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]{1,40})", content_type or "", re.I)
    return found.group(1) if found else None


def _meta_charset(data: bytes) -> str | None:
    found = META_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii") if found else None


def _normal(name: str | None) -> str | None:
    """A Python codec name for a declared label, or None for one Python does not know."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None
    key = codec.replace("-", "_")
    if key in _AS_CP1252:
        return "cp1252"
    if codec.startswith(("utf-16", "utf-32")):
        return None  # an ASCII-compatible page cannot really be UTF-16 (WHATWG: read it as UTF-8)
    return codec


def _decodes(data: bytes, name: str) -> bool:
    try:
        data.decode(name)
        return True
    except (UnicodeDecodeError, LookupError):
        return False


def _reads_cleanly(data: bytes, name: str) -> bool:
    try:
        text = data.decode(name)
    except (UnicodeDecodeError, LookupError):
        return False
    if name == "utf-8":
        return True
    if _UTF8_SEQUENCE.search(data):
        try:  # valid UTF-8 with multi-byte characters read as a legacy code page is mojibake
            data.decode("utf-8")
            return False
        except UnicodeDecodeError:
            pass
    return not garbled(text[:200_000])


def _western(text: str) -> bool:
    """Mostly ASCII letters with some accented ones: Western European text, not Cyrillic or Greek."""
    letters = [ch for ch in text[:200_000] if ch.isalpha()]
    accented = sum(1 for ch in letters if not ch.isascii())
    return bool(letters) and accented <= 0.3 * len(letters)


def garbled(text: str) -> bool:
    """Does `text` look like mojibake? Real words do not mix scripts (`Ju嫫ez`), hold
    symbols between letters (`Z³rich`), C1 controls or replacement characters."""
    odd = 0
    letters = 0
    previous = " "
    for i, ch in enumerate(text):
        if ch.isascii():
            if ch.isalpha():
                letters += 1
            previous = ch
            continue
        if "\x80" <= ch <= "\x9f" or ch == "\ufffd":
            odd += 1
        elif ch.isalpha():
            letters += 1
            if previous.isascii() and previous.isalpha() and not _latin(ch):
                odd += 1
        elif (ch not in _IN_WORD and unicodedata.category(ch) not in _IN_WORD_CATEGORIES and previous.isalpha() and i + 1 < len(text) and text[i + 1].isalpha()):
            odd += 1
        previous = ch
    return odd > letters // 5000


def _latin(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("LATIN")


def document_from_string(content: str, *, kind: str | None = None, location: str | None = None,
                         ref: str | None = None, published: str | None = None,
                         title: str | None = None, url: str | None = None) -> Document:
    """The one constructor of intake Documents: every field is checked here, once, into
    its typed value, so a bad one is one NG1xx error for its input and never reaches a stage
    or the store."""
    if not isinstance(content, str):
        raise MalformedInput(f"the content must be a string, not {type(content).__name__}", ref=ref)
    if len(content) > MAX_INPUT_BYTES:
        raise InputTooLarge(f"input is {len(content):,} characters; the limit is {MAX_INPUT_BYTES:,}", ref=ref)
    if not content.strip():
        raise EmptyInput("the input is empty (or only whitespace)", ref=ref)
    if "\x00" in content:
        raise BinaryInput("input holds NUL characters: binary data, not text or HTML", ref=ref)
    published = published_date(published, ref)
    title = _optional_text(title, "title", ref)
    url = _optional_text(url, "url", ref)
    if kind is None:
        kind = "html" if looks_like_html(content) else "text"
    meta = {}
    if url:
        meta["url"] = url
        if article_url(meta) and location != url:
            # The article's URL is its location; the file it was read from is kept beside it.
            if location:
                meta["path"] = location
            location = url
    doc = Document(source=Source(kind=kind, location=location, ref=ref), raw=content,
                   raw_kind="html" if kind in ("html", "warc", "url") else "text")
    if published:
        doc.published, doc.published_from = published, "given"
    if title:
        doc.title = title
    doc.meta.update(meta)
    return doc


def published_date(value, ref: str | None = None) -> str | None:
    """A publication date as YYYY-MM-DD (from a date or an ISO date-time), or None; else NG104."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and len(value) <= 40:
        text = value.strip()
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            pass
        try:
            return datetime.fromisoformat(text).date().isoformat()
        except ValueError:
            pass
    shown = repr(value) if isinstance(value, str) else type(value).__name__
    raise MalformedInput(f"published must be a date YYYY-MM-DD, got {shown[:60]}", ref=ref)


def _optional_text(value, name: str, ref: str | None) -> str | None:
    if value is None or isinstance(value, str):
        if value and "\x00" in value:
            raise MalformedInput(f"{name} holds NUL characters", ref=ref)
        return value
    raise MalformedInput(f"{name} must be a string, not {type(value).__name__}", ref=ref)
