"""The actor registry: codes learned from stored articles, with their provenance.

When an article codes an actor from its own cues (the actor's `evidence` says "cue"),
the registry keeps that code with the article it came from. A later article that names
the same actor with no cue of its own may borrow the code; its record then says
{"by": "registry", "article": <source article id>, "via": "cue", "published": ...}.

The registry keeps its own table (created here, IF NOT EXISTS) in the store's SQLite
database or in any SQLite file. Store.write calls `learn(record)` for each record it
writes; the actors stage reads it through `lookup(name, published)`, handed in as
`extract_actors(doc, registry=...)` or doc.work["actor_registry"].
"""
from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from newsgraph.nlp.gazetteer import key

TABLE = "actor_registry"
SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    name_key  TEXT NOT NULL,
    name      TEXT NOT NULL,
    type      TEXT NOT NULL,
    field     TEXT NOT NULL,          -- country | sector
    code      TEXT NOT NULL,
    via       TEXT NOT NULL,          -- the evidence in the source article ("cue")
    article   TEXT NOT NULL,          -- the source record's id
    ref       TEXT,                   -- the source record's own reference (file, URL)
    published TEXT,
    PRIMARY KEY (name_key, field, article)
);
CREATE INDEX IF NOT EXISTS {TABLE}_name ON {TABLE}(name_key);
"""
LEARNED_FROM = ("cue",)  # only what an article said itself is passed on


class Registry:
    def __init__(self, db: sqlite3.Connection | str | Path, read_only: bool = False):
        self._own = not isinstance(db, sqlite3.Connection)
        self.conn = sqlite3.connect(str(db), check_same_thread=False) if self._own else db
        self._lock = threading.Lock()
        if not read_only:  # a read-only connection (the web app's) cannot create the table
            with self._lock:
                self.conn.executescript(SCHEMA)

    def close(self) -> None:
        if self._own:
            self.conn.close()

    def learn(self, record: dict, commit: bool = True) -> int:
        """Keep the cue-given codes of a record's people and bodies; the number of codes kept."""
        rows = []
        for actor in record.get("actors") or []:
            if actor.get("type") not in ("PERSON", "ORG"):
                continue
            evidence = actor.get("evidence") or {}
            names = {actor["name"]} | ({a for a in actor.get("aliases") or [] if len(a.split()) > 1}
                                       if actor["type"] == "PERSON" else set())
            for field in ("country", "sector"):
                why = evidence.get(field) or {}
                if actor.get(field) and why.get("by") in LEARNED_FROM:
                    for name in names:
                        if actor["type"] == "PERSON" and len(name.split()) < 2:
                            continue
                        rows.append((key(name), actor["name"], actor["type"], field, actor[field], why["by"],
                                     record.get("id"), (record.get("source") or {}).get("ref"),
                                     record.get("published")))
        if rows:
            with self._lock:
                self.conn.executemany(f"INSERT OR REPLACE INTO {TABLE} VALUES (?,?,?,?,?,?,?,?,?)", rows)
                if commit:
                    self.conn.commit()
        return len(rows)

    def codes(self, name: str) -> list[dict]:
        """Every code learned for `name`, each with the article it came from (for `query actors`)."""
        with self._lock:
            try:
                cur = self.conn.execute(
                    f"SELECT name, type, field, code, via, article, ref, published FROM {TABLE} "
                    f"WHERE name_key = ? ORDER BY published, article, field", (key(name),))
            except sqlite3.OperationalError:  # a store written before the registry existed, opened read-only
                return []
            cols = [c[0] for c in cur.description]
            return [dict(zip(cols, row)) for row in cur.fetchall()]

    def lookup(self, name: str, published: str | None = None) -> dict | None:
        """The code most stored articles gave `name` (those published by `published` first),
        with the latest article that gave it; None when the articles disagree evenly."""
        rows = [r for r in self.codes(name) if r["field"] == "country"]
        if published:
            before = [r for r in rows if (r["published"] or "") <= published]
            rows = before or rows
        if not rows:
            return None
        votes: dict[str, int] = {}
        for r in rows:
            votes[r["code"]] = votes.get(r["code"], 0) + 1
        ranked = sorted(votes.items(), key=lambda kv: -kv[1])
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            return None
        best = max((r for r in rows if r["code"] == ranked[0][0]), key=lambda r: (r["published"] or "", r["article"]))
        sectors = [r for r in self.codes(name) if r["field"] == "sector" and r["article"] == best["article"]]
        return {"country": best["code"], "sector": sectors[0]["code"] if sectors else None, "via": best["via"],
                "article": best["article"], "ref": best["ref"], "published": best["published"]}

    def actors(self) -> list[dict]:
        """Each learned actor with its codes and where each came from."""
        with self._lock:
            names = [r[0] for r in self.conn.execute(f"SELECT DISTINCT name_key FROM {TABLE} ORDER BY name_key")]
        return [{"name_key": n, "codes": self.codes(n)} for n in names]
