"""Opening the store's SQLite file: one way for the store and the batch journal."""
from __future__ import annotations

import sqlite3
import time
from pathlib import Path

LOCK_SECONDS = 30  # how long a writer waits for another's lock before the store reports it busy


def connect(path: str | Path) -> sqlite3.Connection:
    """The file in WAL mode, autocommit (transactions are explicit), synchronous=NORMAL."""
    conn = sqlite3.connect(str(path), timeout=LOCK_SECONDS, isolation_level=None)
    _enter_wal(conn)
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def _enter_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL, waiting for another connection doing the same. SQLite answers a
    journal-mode change that meets another connection's lock with "database is locked"
    at once, without its busy timeout (batch workers opening a new store together)."""
    deadline = time.monotonic() + LOCK_SECONDS
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)
