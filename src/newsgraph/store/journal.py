"""Journal: what a batch run has done, kept in the store's own SQLite file.

One row per input key (a stable name for one input: file path plus line or
ordinal). A key moves pending -> writing -> done, or to failed with a reason.
"writing" is set, with the document id, just before the record goes into the
store; on resume a "writing" key whose document is in the store is simply
marked done, so a run killed between the two writes neither loses the input
nor analyses it again.
"""
from __future__ import annotations

import os
import socket
import sqlite3
import time
import uuid
from pathlib import Path

from newsgraph.errors import StoreError
from newsgraph.store.connection import connect

SCHEMA = """
CREATE TABLE IF NOT EXISTS batch_journal (
    key TEXT PRIMARY KEY, ref TEXT, status TEXT NOT NULL, doc_id TEXT, reason TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX IF NOT EXISTS batch_journal_status ON batch_journal(status);
"""

DONE, FAILED, WRITING, LEASED = "done", "failed", "writing", "leased"
# A lease is how two batches on one store share the work: a run claims a chunk of inputs
# (status "leased", owner, lease_until) before analysing it, and other runs leave those
# inputs alone while the owner lives. A lease is free again when its owner is a process
# on this machine that is gone (kill -9: the next run takes it at once) or, for owners on
# other machines, when it was not renewed for LEASE_SECONDS.
LEASE_SECONDS = 3600.0
HOST = socket.gethostname()


class Journal:
    """The batch journal in the SQLite file at `path` (the store's file)."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        self.owner = f"{HOST}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        try:
            self.conn = connect(self.path)
            self.conn.executescript(SCHEMA)
            columns = {row[1] for row in self.conn.execute("PRAGMA table_info(batch_journal)")}
            for column in ("owner TEXT", "lease_until REAL"):  # journals written before leases
                if column.split()[0] not in columns:
                    try:
                        self.conn.execute(f"ALTER TABLE batch_journal ADD COLUMN {column}")
                    except sqlite3.OperationalError:  # another run added it meanwhile
                        pass
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

    def claim(self, keys: list[str], retry_failed: bool = False) -> set[str]:
        """Lease those of `keys` that no live run holds and that are not finished; returns them.

        One IMMEDIATE transaction, so two runs never both get a key."""
        if not keys:
            return set()
        now = time.time()
        taken: set[str] = set()
        with self.conn:
            self.conn.execute("BEGIN IMMEDIATE")
            rows = {}
            for start in range(0, len(keys), 500):
                part = keys[start:start + 500]
                marks = ",".join("?" * len(part))
                rows.update((key, (status, owner, until)) for key, status, owner, until in self.conn.execute(
                    f"SELECT key, status, owner, lease_until FROM batch_journal WHERE key IN ({marks})", part))
            for key in keys:
                status, owner, until = rows.get(key, (None, None, None))
                if status == DONE or (status == FAILED and not retry_failed):
                    continue
                if status in (LEASED, WRITING) and owner and owner != self.owner and _alive(owner, until, now):
                    continue
                taken.add(key)
            self.conn.executemany(
                "INSERT INTO batch_journal (key, status, owner, lease_until) VALUES (?,?,?,?)"
                " ON CONFLICT(key) DO UPDATE SET status = CASE WHEN batch_journal.status = 'writing'"
                " THEN 'writing' ELSE excluded.status END, owner = excluded.owner, lease_until = excluded.lease_until",
                [(key, LEASED, self.owner, now + LEASE_SECONDS) for key in taken])
        return taken

    def renew(self) -> None:
        """Extend this run's leases (called as its results arrive)."""
        with self.conn:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.execute("UPDATE batch_journal SET lease_until = ? WHERE status IN ('leased', 'writing')"
                              " AND owner = ?", (time.time() + LEASE_SECONDS, self.owner))

    def release(self) -> None:
        """Give back the leases this run did not use (it is ending)."""
        with self.conn:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.execute("DELETE FROM batch_journal WHERE status = 'leased' AND owner = ? AND attempts = 0",
                              (self.owner,))
            self.conn.execute("UPDATE batch_journal SET owner = NULL, lease_until = NULL"
                              " WHERE status = 'leased' AND owner = ?", (self.owner,))

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


def _alive(owner: str, until: float | None, now: float) -> bool:
    """Does the run that holds a lease still run? Same machine: ask the kernel; else the clock."""
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host == HOST and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return _not_zombie(int(pid))
    return until is not None and until > now


def _not_zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return True
