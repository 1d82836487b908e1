"""Journal: what a batch run has done, kept in the store's own SQLite file.

One row per input key (a stable name for one input: file path plus line or
ordinal). A key moves pending -> writing -> done, or to failed with a reason.
"writing" is set, with the document id, just before the record goes into the
store; on resume a "writing" key whose document is in the store is simply
marked done, so a run killed between the two writes neither loses the input
nor analyses it again.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from newsgraph.errors import StoreError

SCHEMA = """
CREATE TABLE IF NOT EXISTS batch_journal (
    key TEXT PRIMARY KEY, ref TEXT, status TEXT NOT NULL, doc_id TEXT, reason TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX IF NOT EXISTS batch_journal_status ON batch_journal(status);
"""

DONE, FAILED, WRITING = "done", "failed", "writing"


class Journal:
    """The batch journal in the SQLite file at `path` (the store's file)."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        try:
            self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.executescript(SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the batch journal in {self.path}: {exc}") from exc

    def close(self) -> None:
        self.conn.close()

    def statuses(self) -> dict[str, str]:
        """Every known key and its status."""
        return dict(self.conn.execute("SELECT key, status FROM batch_journal"))

    def writing(self) -> list[tuple[str, str]]:
        """(key, doc_id) of inputs whose store write may not have finished."""
        return list(self.conn.execute("SELECT key, doc_id FROM batch_journal WHERE status = ?", (WRITING,)))

    def mark_writing(self, rows: list[tuple[str, str | None, str]]) -> None:
        """(key, ref, doc_id) of records about to be written to the store."""
        self._upsert([(key, ref, WRITING, doc_id, None) for key, ref, doc_id in rows])

    def mark_done(self, keys: list[str]) -> None:
        with self.conn:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.executemany("UPDATE batch_journal SET status = 'done', updated_at ="
                                  " strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE key = ?", [(k,) for k in keys])

    def mark_failed(self, rows: list[tuple[str, str | None, str]]) -> None:
        """(key, ref, reason) of inputs that failed."""
        self._upsert([(key, ref, FAILED, None, reason) for key, ref, reason in rows])

    def _upsert(self, rows: list[tuple]) -> None:
        # attempts counts analyses that reached the journal: a key analysed
        # twice into the output would show attempts = 2.
        with self.conn:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.executemany(
                "INSERT INTO batch_journal (key, ref, status, doc_id, reason, attempts) VALUES (?,?,?,?,?,1)"
                " ON CONFLICT(key) DO UPDATE SET ref = excluded.ref, status = excluded.status,"
                " doc_id = excluded.doc_id, reason = excluded.reason, attempts = batch_journal.attempts + 1,"
                " updated_at = excluded.updated_at", rows)

    def counts(self) -> dict[str, int]:
        return dict(self.conn.execute("SELECT status, COUNT(*) FROM batch_journal GROUP BY status"))

    def failures(self) -> list[tuple[str, str | None, str]]:
        """(key, ref, reason) of every failed input, in key order."""
        return list(self.conn.execute(
            "SELECT key, ref, reason FROM batch_journal WHERE status = ? ORDER BY key", (FAILED,)))

    def done(self) -> list[tuple[str, str | None, str]]:
        """(key, ref, doc_id) of every input now in the store, in key order."""
        return list(self.conn.execute(
            "SELECT key, ref, doc_id FROM batch_journal WHERE status = ? ORDER BY key", (DONE,)))
