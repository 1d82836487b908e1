"""Read-only views of the store for the pages and the API.

Lists reuse `newsgraph.query` (the same filters as `newsgraph query`); the
aggregates the pages need on top (timeline counts, who-acts-on-whom edges, the
evidence behind one edge) wrap the SQL that query.build() makes, so every view
filters exactly like the CLI. The connection is opened with mode=ro: this
module can never change the store.
"""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path

from newsgraph.errors import StoreError
from newsgraph.store.identity import find_record
from newsgraph.store.query import Filters, build, query
from newsgraph.store.registry import Registry


class Reader:
    """A read-only SQLite connection with the `.conn` and `.registry` that query.query() uses."""

    def __init__(self, path: str | Path):
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        try:
            self.conn = sqlite3.connect(uri, uri=True, timeout=30)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read store {path}: {exc}") from exc
        self.registry = Registry(self.conn, read_only=True)

    def close(self) -> None:
        self.conn.close()


@contextmanager
def reader(path: str | Path):
    r = Reader(path)
    try:
        yield r
    finally:
        r.close()


def rows(r: Reader, kind: str, filters: Filters) -> list[dict]:
    return query(r, kind, filters)  # type: ignore[arg-type]  # duck-typed: only .conn and .registry are used


def record(r: Reader, doc_id: str) -> dict | None:
    """By the store's document id, the record id (text hash) or the URL (see Store.get)."""
    return find_record(r.conn, doc_id)


def document_count(r: Reader) -> int:
    return r.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]


def _all(filters: Filters) -> Filters:
    """The same filters without the row limit, for aggregates over every match."""
    return Filters(type=filters.type, actor=filters.actor, since=filters.since, until=filters.until,
                   search=filters.search, limit=0)


def timeline(r: Reader, filters: Filters) -> list[dict]:
    """Events per day and type (with their quad class), for the timeline chart."""
    sql, params = build("events", _all(filters))
    cursor = r.conn.execute(
        f"SELECT day, type, MAX(quad_class) AS quad_class, COUNT(*) AS n FROM ({sql})"
        " WHERE day IS NOT NULL GROUP BY day, type ORDER BY day", params)
    return [dict(zip(("day", "type", "quad_class", "n"), row)) for row in cursor]


_EDGES = """
SELECT sa.name AS source, ta.name AS target, fe.type AS type, MAX(fe.quad_class) AS quad_class,
       COUNT(DISTINCT fe.doc_id || ' ' || fe.event_id) AS n
FROM ({sql}) AS fe
JOIN event_parties sp ON sp.doc_id = fe.doc_id AND sp.event_id = fe.event_id AND sp.role = 'source'
JOIN actors sa ON sa.doc_id = sp.doc_id AND sa.id = sp.actor_id
JOIN event_parties tp ON tp.doc_id = fe.doc_id AND tp.event_id = fe.event_id AND tp.role = 'target'
JOIN actors ta ON ta.doc_id = tp.doc_id AND ta.id = tp.actor_id
WHERE sa.name IS NOT NULL AND ta.name IS NOT NULL AND sa.name <> ta.name
GROUP BY sa.name, ta.name, fe.type
ORDER BY n DESC, sa.name, ta.name, fe.type
"""


def edges(r: Reader, filters: Filters) -> list[dict]:
    """Who acts on whom: one row per (source actor, target actor, event type), with a count."""
    sql, params = build("events", _all(filters))
    cursor = r.conn.execute(_EDGES.format(sql=sql), params)
    return [dict(zip(("source", "target", "type", "quad_class", "n"), row)) for row in cursor]


_EVIDENCE = """
SELECT DISTINCT e.doc_id, e.id AS event_id, e.type, e.day, e.modality, e.confidence, e.issue, e.evidence,
       e.sentence, d.title, d.published, d.location AS url
FROM events e JOIN documents d ON d.id = e.doc_id
JOIN event_parties sp ON sp.doc_id = e.doc_id AND sp.event_id = e.id AND sp.role = 'source'
JOIN actors sa ON sa.doc_id = sp.doc_id AND sa.id = sp.actor_id
JOIN event_parties tp ON tp.doc_id = e.doc_id AND tp.event_id = e.id AND tp.role = 'target'
JOIN actors ta ON ta.doc_id = tp.doc_id AND ta.id = tp.actor_id
WHERE sa.name = :source AND ta.name = :target AND (:type IS NULL OR e.type = :type)
ORDER BY e.day DESC, e.doc_id, e.id
LIMIT :limit
"""


def evidence(r: Reader, source: str, target: str, type: str | None, limit: int = 200) -> list[dict]:
    """The events behind one network edge, with their evidence sentences."""
    cursor = r.conn.execute(_EVIDENCE, {"source": source, "target": target, "type": type, "limit": limit})
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def record_or_404(db_path: Path, doc_id: str) -> dict:
    """One stored record, or the common 404 error for pages and API alike."""
    from newsgraph.web.errors import WebError

    with reader(db_path) as r:
        found = record(r, doc_id)
    if found is None:
        raise WebError(404, "not_found", f"no document {doc_id!r} in the store")
    return found
