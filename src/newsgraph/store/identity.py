"""Which source document a record comes from, and the sentence around an event's evidence.

A record's `id` is the hash of its clean text (the newsgraph/1 contract), so two
pages with the same text share it. The store keeps one document per *source*
document instead: its key is the article's URL, or, when it has none, where it
was read from and its place there (path and line, WARC record, given id). The
text hash is kept beside it, so equal texts stay findable as exact duplicates.
"""
from __future__ import annotations

import hashlib
import re
import sqlite3
from urllib.parse import urlsplit, urlunsplit

import orjson

from newsgraph.document import article_url


def source_key(record: dict) -> str:
    """The key of the source document a newsgraph/1 record was made from."""
    src = record.get("source") or {}
    location = src.get("location")
    url = article_url({"url": location}) or article_url(record.get("meta") or {})
    if url:
        parts = urlsplit(url)
        # The fragment names a place in the page, not another page.
        return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))
    return f"{location or src.get('kind') or 'text'}#{src.get('ref') or record.get('id')}"


def store_id(key: str) -> str:
    """The store's id for a source document: 16 hex digits, like a record id, derived from its key."""
    return hashlib.sha1(("source\0" + key).encode("utf-8")).hexdigest()[:16]


def with_location(record: dict) -> dict:
    """The record with `source.location` set to the article URL its metadata holds (older records
    kept the URL only in `meta.url`)."""
    url = article_url(record.get("meta") or {})
    src = record.get("source") or {}
    if not url or src.get("location") == url:
        return record
    meta = dict(record.get("meta") or {})
    if src.get("location") and not article_url({"url": src["location"]}):
        meta["path"] = src["location"]
    return {**record, "source": {**src, "location": url}, "meta": meta}


def find_record(conn: sqlite3.Connection, doc_id: str) -> dict | None:
    """A stored record by the store's document id, else by its record id (the text hash: the
    first stored of its copies), else by its source key (its URL)."""
    for sql in ("SELECT record FROM documents WHERE id = ?",
                "SELECT record FROM documents WHERE text_hash = ? ORDER BY seq LIMIT 1",
                "SELECT record FROM documents WHERE source_key = ?"):
        row = conn.execute(sql, (doc_id,)).fetchone()
        if row:
            return orjson.loads(row[0])
    return None


# --- the sentence around a span ------------------------------------------------
# A sentence ends at . ! ? (with closing quotes or brackets) before a space and a capital,
# a digit or an opening quote, or at a line break; not after a title or an initial ("Mr.", "U.S.").
_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n+")
_NO_END = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|Prof|Rev|No|vs|Inc|Co|Corp|Ltd)"
                     r"|\b[A-Z](?:\.[A-Z])*)\.$")
MAX_SENTENCE = 1200


def sentence_around(text: str, start: int, end: int) -> str:
    """The whole sentence (or sentences) holding text[start:end], on one line."""
    if not text or start is None or end is None:
        return ""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    end = max(start, start + len(text[start:end].rstrip()))
    first, last = 0, len(text)
    for m in _END.finditer(text):
        if _NO_END.search(text[max(0, m.start() - 12): m.start() + 1]) and m.group().strip():
            continue
        if m.end() <= start:
            first = m.end()
        elif m.start() >= max(end - 1, start):
            last = m.start() + len(m.group().rstrip())
            break
    sentence = " ".join(text[first:last].split())
    if len(sentence) > MAX_SENTENCE:  # no sentence ends nearby: the evidence with some context
        sentence = " ".join(text[max(first, start - 300): min(last, end + 300)].split())
    return sentence
