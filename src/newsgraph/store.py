"""Store: one SQLite file holding every analysed document and its parts.

Writing a document replaces all of its rows in one transaction (an idempotent
upsert by document id), so re-analysing an article never duplicates it and a
crash mid-write leaves the previous state intact.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import orjson

from .document import Document
from .errors import StoreError

SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, ref TEXT, source_kind TEXT, location TEXT, title TEXT,
    published TEXT, published_from TEXT, language TEXT, text TEXT NOT NULL,
    record TEXT NOT NULL, analysed_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX IF NOT EXISTS documents_ref ON documents(ref);
CREATE INDEX IF NOT EXISTS documents_published ON documents(published);
CREATE TABLE IF NOT EXISTS actors (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, id TEXT NOT NULL,
    name TEXT, type TEXT, country TEXT, sector TEXT, confidence REAL, PRIMARY KEY (doc_id, id)
);
CREATE INDEX IF NOT EXISTS actors_country ON actors(country);
CREATE INDEX IF NOT EXISTS actors_name ON actors(name);
CREATE TABLE IF NOT EXISTS mentions (
    doc_id TEXT NOT NULL, actor_id TEXT NOT NULL, start INTEGER, "end" INTEGER, text TEXT, via TEXT,
    FOREIGN KEY (doc_id, actor_id) REFERENCES actors(doc_id, id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc_id, actor_id);
CREATE TABLE IF NOT EXISTS quotes (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, id TEXT NOT NULL,
    kind TEXT, start INTEGER, "end" INTEGER, text TEXT, speaker TEXT, speaker_text TEXT,
    cue TEXT, medium TEXT, confidence REAL, PRIMARY KEY (doc_id, id)
);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(doc_id, speaker);
CREATE TABLE IF NOT EXISTS events (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, id TEXT NOT NULL,
    type TEXT NOT NULL, mode TEXT, cameo_root TEXT, quad_class INTEGER,
    source_countries TEXT, target_countries TEXT, issue TEXT, date TEXT, date_precision TEXT,
    location TEXT, location_country TEXT, lat REAL, lon REAL, modality TEXT,
    evidence_start INTEGER, evidence_end INTEGER, evidence TEXT, quote TEXT, confidence REAL,
    record TEXT NOT NULL, PRIMARY KEY (doc_id, id)
);
CREATE INDEX IF NOT EXISTS events_type_date ON events(type, date);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE TABLE IF NOT EXISTS fact_checks (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, n INTEGER NOT NULL,
    claim TEXT, claimant TEXT, verdict TEXT, evidence TEXT, confidence REAL, PRIMARY KEY (doc_id, n)
);
"""
CHILD_TABLES = ("mentions", "actors", "quotes", "events", "fact_checks")


class Store:
    def __init__(self, path: str | Path = "newsgraph.db"):
        self.path = str(path)
        try:
            self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"store {self.path} has schema {version}, newer than this newsgraph ({SCHEMA_VERSION})")
        self.conn.executescript(SCHEMA)
        self.conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def write(self, doc: Document | dict) -> str:
        record = doc.to_dict() if isinstance(doc, Document) else doc
        with Transaction(self.conn):
            self._delete(record["id"])
            self._insert(record)
        return record["id"]

    def _delete(self, doc_id: str) -> None:
        for table in CHILD_TABLES:
            self.conn.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
        self.conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    def _insert(self, r: dict) -> None:
        c = self.conn
        src = r["source"]
        c.execute("INSERT INTO documents (id, ref, source_kind, location, title, published, published_from, language, text, record)"
                  " VALUES (?,?,?,?,?,?,?,?,?,?)",
                  (r["id"], src.get("ref"), src.get("kind"), src.get("location"), r["title"], r["published"],
                   r["published_from"], r["language"], r["text"], orjson.dumps(r).decode()))
        c.executemany("INSERT INTO actors VALUES (?,?,?,?,?,?,?)",
                      [(r["id"], a["id"], a["name"], a["type"], a["country"], a["sector"], a["confidence"]) for a in r["actors"]])
        c.executemany("INSERT INTO mentions VALUES (?,?,?,?,?,?)",
                      [(r["id"], a["id"], m["start"], m["end"], m["text"], m["via"]) for a in r["actors"] for m in a["mentions"]])
        c.executemany("INSERT INTO quotes VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                      [(r["id"], q["id"], q["kind"], q["start"], q["end"], q["text"], q["speaker"], q["speaker_text"],
                        q["cue"], q["medium"], q["confidence"]) for q in r["quotes"]])
        c.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                      [_event_row(r["id"], e) for e in r["events"]])
        c.executemany("INSERT INTO fact_checks VALUES (?,?,?,?,?,?,?)",
                      [(r["id"], n, f["claim"], f["claimant"], f["verdict"], f["evidence"]["text"], f["confidence"])
                       for n, f in enumerate(r["fact_checks"])])

    def get(self, doc_id: str) -> dict | None:
        row = self.conn.execute("SELECT record FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return orjson.loads(row[0]) if row else None

    def count(self, table: str) -> int:
        if table not in ("documents",) + CHILD_TABLES:
            raise StoreError(f"no table {table}")
        return self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]

    def integrity(self) -> str:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0]


def _event_row(doc_id: str, e: dict) -> tuple:
    date = e.get("date") or {}
    loc = e.get("location") or {}
    ev = e["evidence"]
    return (doc_id, e["id"], e["type"], e["mode"], e["cameo_root"], e["quad_class"],
            ";".join(e["source_countries"]), ";".join(e["target_countries"]), e["issue"],
            date.get("value"), date.get("precision"), loc.get("name"), loc.get("country"), loc.get("lat"),
            loc.get("lon"), e["modality"], ev["start"], ev["end"], ev["text"], e["quote"], e["confidence"],
            orjson.dumps(e).decode())


class Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self):
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, exc, tb):
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")
        return False
