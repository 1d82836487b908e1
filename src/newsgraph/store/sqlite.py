"""Store: one SQLite file holding every analysed document and its parts.

Writing a document replaces all of its rows in one transaction (an idempotent
upsert by document id), so re-analysing an article never duplicates it and a
crash mid-write leaves the previous state intact.

The schema is versioned with `PRAGMA user_version`; `MIGRATIONS` lists the
steps from an empty file to the current version, and opening an older store
applies the missing steps in one transaction each.
"""
from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

import orjson

from newsgraph.document import Document
from newsgraph.errors import StoreError

from newsgraph.store.connection import connect
from newsgraph.store.identity import find_record, sentence_around, source_key, store_id, with_location
from newsgraph.store.schema import SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V3_INDEXES
from newsgraph.store.registry import Registry


def _backfill_v2(conn: sqlite3.Connection) -> None:
    """Fill the version-2 columns and tables from rows a version-1 store already holds."""
    conn.execute("UPDATE events SET day = COALESCE(date, (SELECT published FROM documents d WHERE d.id = doc_id))")
    conn.execute("UPDATE actors SET published = (SELECT published FROM documents d WHERE d.id = doc_id)")
    rows = conn.execute("SELECT doc_id, record FROM events").fetchall()
    conn.executemany("INSERT INTO event_parties VALUES (?,?,?,?,?)",
                     [p for doc_id, rec in rows for p in _party_rows(doc_id, orjson.loads(rec))])
    conn.executemany("INSERT INTO documents_fts (rowid, doc_id, title, text) VALUES (?,?,?,?)",
                     [(fts_rowid(i), i, title or "", text) for i, title, text in conn.execute("SELECT id, title, text FROM documents")])
    conn.executemany("INSERT INTO quotes_fts (rowid, doc_id, quote_id, text) VALUES (?,?,?,?)",
                     [(fts_rowid(d, q), d, q, text) for d, q, text in conn.execute("SELECT doc_id, id, text FROM quotes")])


def _backfill_v3(conn: sqlite3.Connection) -> None:
    """Give every stored document its source key, text hash and first-stored order, put the
    article URL (kept by older versions only in meta.url) in its location, and find each
    event's sentence. Older stores held one document per text: when several of them share a
    source key (an article analysed again after it changed), the newest keeps the key."""
    rows = conn.execute("SELECT rowid, id, record, analysed_at, source_kind, location, ref, text FROM documents"
                        " ORDER BY rowid DESC").fetchall()
    taken: set[str] = set()
    for rowid, doc_id, text, analysed_at, kind, location, ref, clean in rows:
        record = orjson.loads(text)
        record.setdefault("source", {"kind": kind or "text", "location": location, "ref": ref or doc_id})
        record.setdefault("text", clean)
        record = with_location(record)
        key = source_key(record)
        key = key if key not in taken else f"{key}@{doc_id}"
        taken.add(key)
        conn.execute("UPDATE documents SET source_key = ?, text_hash = ?, seq = ?, first_stored = ?, location = ?,"
                     " record = ? WHERE rowid = ?",
                     (key, record.get("id", doc_id), rowid, analysed_at, record["source"].get("location"),
                      orjson.dumps(record).decode(), rowid))
        for e in record.get("events") or []:
            ev = e.get("evidence") or {}
            conn.execute("UPDATE events SET sentence = ? WHERE doc_id = ? AND id = ?",
                         (sentence_around(record["text"], ev.get("start"), ev.get("end")), doc_id, e["id"]))
    for statement in _statements(SCHEMA_V3_INDEXES):
        conn.execute(statement)


Migration = tuple[int, str, Callable[[sqlite3.Connection], None] | None]
MIGRATIONS: list[Migration] = [
    (1, SCHEMA_V1, None),
    (2, SCHEMA_V2, _backfill_v2),
    (3, SCHEMA_V3, _backfill_v3),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]

# Children first, in an order that respects the foreign keys.
CHILD_TABLES = ("story_events", "event_parties", "mentions", "actors", "quotes", "events", "fact_checks")
TABLES = ("documents", "mentions", "actors", "quotes", "events", "fact_checks",
          "event_parties", "duplicates", "stories", "story_events")


class Store:
    def __init__(self, path: str | Path = "newsgraph.db"):
        self.path = str(path)
        if Path(self.path).is_dir():
            raise StoreError(f"cannot open store {self.path}: it is a directory")
        try:
            self.conn = connect(self.path)
            self.conn.execute("PRAGMA foreign_keys=ON")
            # Reads dominate queries on large stores: map the file and keep a bigger page cache.
            self.conn.execute("PRAGMA mmap_size=268435456")
            self.conn.execute("PRAGMA cache_size=-65536")
            self._migrate()
            # Codes the articles themselves gave (cues) are learned as records are written, so a
            # later article that names the same actor with no cue can borrow them (with provenance).
            self.registry = Registry(self.conn)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc

    @property
    def version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        version = self.version
        if version > SCHEMA_VERSION:
            raise StoreError(f"store {self.path} has schema {version}, newer than this newsgraph ({SCHEMA_VERSION})")
        for target, script, backfill in MIGRATIONS:
            if target <= version:
                continue
            with Transaction(self.conn):
                if self.version >= target:  # another process migrated while we waited for the lock
                    continue
                for statement in _statements(script):
                    self.conn.execute(statement)
                if backfill:
                    backfill(self.conn)
                self.conn.execute(f"PRAGMA user_version={target}")

    def close(self) -> None:
        try:
            # Lets SQLite refresh the planner statistics it finds stale (cheap; see "PRAGMA optimize").
            self.conn.execute("PRAGMA optimize")
        except sqlite3.Error:
            pass  # a read-only or already-closed store has nothing to optimise
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def write(self, doc: Document | dict) -> str:
        """Store one record; returns the store's id of its source document (see store/identity.py)."""
        record = doc.to_dict() if isinstance(doc, Document) else doc
        with Transaction(self.conn):
            return self._replace(record)

    def write_many(self, docs: Iterable[Document | dict], batch: int = 500) -> int:
        """Write many records, `batch` per transaction (much faster than one each)."""
        written, pending = 0, []
        for doc in docs:
            pending.append(doc.to_dict() if isinstance(doc, Document) else doc)
            if len(pending) >= batch:
                written += self._write_batch(pending)
                pending = []
        return written + (self._write_batch(pending) if pending else 0)

    def _write_batch(self, records: list[dict]) -> int:
        with Transaction(self.conn):
            for record in records:
                self._replace(record)
        return len(records)

    def _replace(self, record: dict) -> str:
        """Replace the rows of the record's source document (or add it); returns its store id."""
        try:
            record = with_location(record)
            key = source_key(record)
            found = self.conn.execute("SELECT id, seq, first_stored FROM documents WHERE source_key = ?", (key,)).fetchone()
            if found:
                doc_id, seq, first_stored = found
            else:
                doc_id, first_stored = store_id(key), None
                seq = self.conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM documents").fetchone()[0]
            self._delete(doc_id)
            self._insert(record, doc_id, key, seq, first_stored)
            self.registry.learn(record, commit=False)
            return doc_id
        except (KeyError, TypeError, AttributeError) as exc:
            raise StoreError(f"not a newsgraph/1 record: missing or malformed {exc}", ref=_ref(record)) from exc
        except (ValueError, sqlite3.InterfaceError, sqlite3.ProgrammingError, sqlite3.IntegrityError) as exc:
            # A value SQLite cannot hold (a list where text belongs, text that is not UTF-8):
            # this record fails alone, as a StoreError, and the transaction rolls back.
            raise StoreError(f"record cannot be stored: {exc}", ref=_ref(record)) from exc

    def _delete(self, doc_id: str) -> None:
        c = self.conn
        quote_ids = [q for (q,) in c.execute("SELECT id FROM quotes WHERE doc_id = ?", (doc_id,))]
        c.executemany("DELETE FROM quotes_fts WHERE rowid = ?", [(fts_rowid(doc_id, q),) for q in quote_ids])
        c.execute("DELETE FROM documents_fts WHERE rowid = ?", (fts_rowid(doc_id),))
        for table in CHILD_TABLES:
            c.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
        c.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    def _insert(self, r: dict, doc_id: str, key: str, seq: int, first_stored: str | None) -> None:
        c = self.conn
        src = r["source"]
        c.execute("INSERT INTO documents (id, ref, source_kind, location, title, published, published_from, language, text,"
                  " record, source_key, text_hash, seq, first_stored)"
                  " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,COALESCE(?, strftime('%Y-%m-%dT%H:%M:%fZ','now')))",
                  (doc_id, src.get("ref"), src.get("kind"), src.get("location"), r["title"], r["published"],
                   r["published_from"], r["language"], r["text"], orjson.dumps(r).decode(), key, r["id"], seq,
                   first_stored))
        c.execute("INSERT INTO documents_fts (rowid, doc_id, title, text) VALUES (?,?,?,?)",
                  (fts_rowid(doc_id), doc_id, r["title"] or "", r["text"]))
        c.executemany("INSERT INTO actors VALUES (?,?,?,?,?,?,?,?)",
                      [(doc_id, a["id"], a["name"], a["type"], a["country"], a["sector"], a["confidence"], r["published"])
                       for a in r["actors"]])
        c.executemany("INSERT INTO mentions VALUES (?,?,?,?,?,?)",
                      [(doc_id, a["id"], m["start"], m["end"], m["text"], m["via"]) for a in r["actors"] for m in a["mentions"]])
        c.executemany("INSERT INTO quotes VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                      [(doc_id, q["id"], q["kind"], q["start"], q["end"], q["text"], q["speaker"], q["speaker_text"],
                        q["cue"], q["medium"], q["confidence"]) for q in r["quotes"]])
        c.executemany("INSERT INTO quotes_fts (rowid, doc_id, quote_id, text) VALUES (?,?,?,?)",
                      [(fts_rowid(doc_id, q["id"]), doc_id, q["id"], q["text"]) for q in r["quotes"]])
        c.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                      [_event_row(doc_id, e, r["published"], r["text"]) for e in r["events"]])
        c.executemany("INSERT INTO event_parties VALUES (?,?,?,?,?)",
                      [p for e in r["events"] for p in _party_rows(doc_id, e)])
        c.executemany("INSERT INTO fact_checks VALUES (?,?,?,?,?,?,?)",
                      [(doc_id, n, f["claim"], f["claimant"], f["verdict"], f["evidence"]["text"], f["confidence"])
                       for n, f in enumerate(r["fact_checks"])])

    def get(self, doc_id: str) -> dict | None:
        """A record by its store id, its record id (text hash) or its URL."""
        return find_record(self.conn, doc_id)

    def records(self) -> Iterable[dict]:
        """Every stored newsgraph/1 record, in the order they were first written."""
        for (record,) in self.conn.execute("SELECT record FROM documents ORDER BY seq, rowid"):
            yield orjson.loads(record)

    def documents(self) -> Iterable[tuple[str, dict]]:
        """(store id, record) of every stored document, in the order they were first stored."""
        for doc_id, record in self.conn.execute("SELECT id, record FROM documents ORDER BY seq, rowid"):
            yield doc_id, orjson.loads(record)

    def count(self, table: str) -> int:
        if table not in TABLES:
            raise StoreError(f"no table {table}")
        return self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]

    def counts(self) -> dict[str, int]:
        return {table: self.count(table) for table in TABLES}

    def integrity(self) -> str:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0]


def _ref(record) -> str | None:
    ref = record.get("id") if isinstance(record, dict) else None
    return ref if isinstance(ref, str) else None


def fts_rowid(*key: str) -> int:
    """A stable 60-bit rowid for a full-text row, derived from its key.

    FTS5 can only find a row to delete by rowid; deriving it from the document
    (and quote) id keeps deletes an index lookup and survives VACUUM, which may
    renumber the implicit rowids of the ordinary tables."""
    digest = hashlib.sha1("\0".join(key).encode("utf-8")).hexdigest()
    return int(digest[:15], 16)


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (none of ours contain ';' inside a literal)."""
    return [s.strip() for s in script.split(";") if s.strip()]


def _event_row(doc_id: str, e: dict, published: str | None, text: str) -> tuple:
    date = e.get("date") or {}
    loc = e.get("location") or {}
    ev = e["evidence"]
    return (doc_id, e["id"], e["type"], e["mode"], e["cameo_root"], e["quad_class"],
            ";".join(e["source_countries"]), ";".join(e["target_countries"]), e["issue"],
            date.get("value"), date.get("precision"), loc.get("name"), loc.get("country"), loc.get("lat"),
            loc.get("lon"), e["modality"], ev["start"], ev["end"], ev["text"], e["quote"], e["confidence"],
            orjson.dumps(e).decode(), date.get("value") or published, sentence_around(text, ev["start"], ev["end"]))


def _party_rows(doc_id: str, e: dict) -> list[tuple]:
    rows = []
    for role in ("source", "target"):
        rows += [(doc_id, e["id"], role, code, None) for code in dict.fromkeys(e.get(f"{role}_countries") or [])]
        rows += [(doc_id, e["id"], role, None, actor) for actor in dict.fromkeys(e.get(role) or [])]
    return rows


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
