"""Bench: `newsgraph query` on a generated store of 100,000 events.

Generates synthetic newsgraph/1 records (20,000 documents x 5 events, with
actors, mentions and quotes), writes them through Store.write_many, then times
each query shape the CLI offers and prints SQLite's EXPLAIN QUERY PLAN to show
which indexes answer it. Target: every query under 200 ms.

    .venv/bin/python bench/query.py [--events 100000] [--db /tmp/bench-query.db] [--keep]
"""
from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from newsgraph.store.query import PLOVER_TYPES, Filters, explain, query
from newsgraph.store.sqlite import Store

COUNTRIES = ["RUS", "USA", "UKR", "CHN", "FRA", "DEU", "GBR", "IRN", "ISR", "TUR", "IND", "PAK", "BRA", "ZAF",
             "NGA", "EGY", "SAU", "JPN", "KOR", "PRK", "POL", "HUN", "ITA", "ESP", "MEX", "COL", "VEN", "EU", "NATO", "UN"]
NAMES = {c: f"Leader of {c}" for c in COUNTRIES}
# A vocabulary of a few hundred words, so a search term is in some documents, not all of them.
TOPICS = ("ceasefire talks sanctions grain corridor troops border election aid convoy missile strike "
          "embassy protest pipeline gas tariffs drones refugees nuclear inspectors summit").split()
WORDS = TOPICS + [f"{stem}{n}" for stem in ("word", "term", "place", "thing") for n in range(80)]
QUOTES = ["We will not accept {} or {}", "There is no alternative to {} and {}", "Our position on {} has not changed, {} neither",
          "We call on our partners to discuss {} and {}", "The {} is a provocation, like the {}"]
EVENTS_PER_DOC = 5
TARGET_MS = 200.0


def synthetic_record(n: int, rng: random.Random) -> dict:
    day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if n % 2 else f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    codes = rng.sample(COUNTRIES, 3)
    words = " ".join(rng.choices(WORDS, k=40))
    quote = rng.choice(QUOTES).format(*rng.choices(WORDS, k=2))
    text = f"Report {n}. {NAMES[codes[0]]} spoke about {words}. \"{quote},\" {NAMES[codes[0]]} said."
    actors = [{"id": f"a{i}", "name": NAMES[c], "type": "PERSON", "country": c, "sector": "GOV", "aliases": [],
               "mentions": [{"start": 0, "end": 5, "text": "Leader", "via": "name"}], "confidence": 0.8}
              for i, c in enumerate(codes)]
    events = []
    for i in range(EVENTS_PER_DOC):
        src, tgt = rng.sample(range(3), 2)
        events.append({"id": f"e{i}", "type": rng.choice(PLOVER_TYPES), "mode": None, "context": [], "cameo_root": None,
                       "quad_class": rng.randint(1, 4), "source": [f"a{src}"], "target": [f"a{tgt}"],
                       "source_countries": [codes[src]], "target_countries": [codes[tgt]],
                       "issue": " ".join(rng.choices(WORDS, k=4)),
                       "date": {"text": day, "value": day, "precision": "day"} if rng.random() < 0.7 else None,
                       "location": None, "modality": "asserted",
                       "evidence": {"start": 0, "end": 10, "text": text[:10]}, "quote": None, "confidence": 0.6})
    return {"schema": "newsgraph/1", "id": f"{n:016x}", "source": {"kind": "text", "location": f"https://example.org/{n}", "ref": str(n)},
            "title": f"Report {n}", "published": day, "published_from": "given", "language": "en", "text": text,
            "removed": [], "actors": actors,
            "quotes": [{"id": "q1", "kind": "direct", "start": 0, "end": 10, "text": quote, "speaker": "a0",
                        "speaker_text": NAMES[codes[0]], "cue": "said", "medium": None, "confidence": 0.7}],
            "events": events, "fact_checks": [], "loaded_language": [], "meta": {}}


def build_store(path: Path, events: int) -> Store:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    store = Store(path)
    rng = random.Random(8)
    started = time.perf_counter()
    store.write_many(synthetic_record(n, rng) for n in range(events // EVENTS_PER_DOC))
    store.conn.execute("ANALYZE")
    print(f"built {store.count('events')} events in {store.count('documents')} documents "
          f"in {time.perf_counter() - started:.1f} s")
    return store


QUERIES = [
    ("events --type REQUEST --actor RUS --since 2025-07-01", "events", Filters(type="REQUEST", actor="RUS", since="2025-07-01")),
    ("events --actor RUS", "events", Filters(actor="RUS")),
    ("events --type ASSAULT", "events", Filters(type="ASSAULT")),
    ("events --since 2025-03-01 --until 2025-03-31", "events", Filters(since="2025-03-01", until="2025-03-31")),
    ("events --actor 'Leader of UKR' --type THREATEN", "events", Filters(actor="Leader of UKR", type="THREATEN")),
    ("events --search 'grain corridor'", "events", Filters(search="grain corridor")),
    ("events --limit 0 --type REQUEST --actor RUS", "events", Filters(type="REQUEST", actor="RUS", limit=0)),
    ("quotes --actor RUS", "quotes", Filters(actor="RUS")),
    ("quotes --search accept --since 2025-01-01", "quotes", Filters(search="accept", since="2025-01-01")),
    ("actors --actor RUS", "actors", Filters(actor="RUS")),
    ("actors --type PERSON", "actors", Filters(type="PERSON")),
    ("actors --type PERSON --since 2025-01-01", "actors", Filters(type="PERSON", since="2025-01-01")),
    ("documents --search 'ceasefire talks'", "documents", Filters(search="ceasefire talks")),
    ("documents --actor NATO --since 2025-06-01", "documents", Filters(actor="NATO", since="2025-06-01")),
]


def time_query(store: Store, kind: str, filters: Filters, repeats: int = 3) -> tuple[float, float, int]:
    """(first run ms, best of `repeats` ms, rows): the first run is what a user typing the command sees."""
    times, rows = [], 0
    for _ in range(repeats):
        started = time.perf_counter()
        rows = len(query(store, kind, filters))
        times.append((time.perf_counter() - started) * 1000)
    return times[0], min(times), rows


def time_cli(db: Path) -> float:
    """Wall time of one real CLI call, for context: most of it is interpreter start-up."""
    import subprocess
    import sys

    exe = Path(sys.executable).with_name("newsgraph")
    started = time.perf_counter()
    subprocess.run([str(exe), "query", "events", "--type", "REQUEST", "--actor", "RUS", "--since", "2025-07-01",
                    "--db", str(db), "--format", "jsonl"], check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/bench-query.db"))
    parser.add_argument("--keep", action="store_true", help="reuse an existing store at --db")
    args = parser.parse_args()
    store = Store(args.db) if args.keep and args.db.exists() else build_store(args.db, args.events)
    worst = 0.0
    for label, kind, filters in QUERIES:
        first, best, rows = time_query(store, kind, filters)
        worst = max(worst, first)
        print(f"\n{first:7.1f} ms first, {best:7.1f} ms best  {rows:6d} rows  newsgraph query {label}")
        for step in explain(store, kind, filters):
            print(f"             plan: {step}")
    cli_ms = time_cli(args.db)
    print(f"\nwhole CLI process (`newsgraph query events --type REQUEST --actor RUS --since 2025-07-01`, "
          f"Python start-up and imports included): {cli_ms:.0f} ms")
    verdict = "PASS" if worst < TARGET_MS else "FAIL"
    print(f"\nslowest query (first run): {worst:.1f} ms (target < {TARGET_MS:.0f} ms): {verdict}")


if __name__ == "__main__":
    main()
