"""The SQLite store: idempotent upserts, migrations, integrity, full-text rows."""
from __future__ import annotations

import sqlite3

import pytest

from newsgraph.errors import StoreError
from newsgraph.store.sqlite import SCHEMA_V1, SCHEMA_VERSION, Store

COUNTRIES = ["RUS", "USA", "UKR", "FRA", "DEU", "CHN", "IRN", "EU", "NATO", "BRA"]
TYPES = ["REQUEST", "ACCUSE", "REJECT", "THREATEN", "AID", "CONSULT"]


def make_record(n: int, events: int = 3, text: str | None = None, doc_id: str | None = None) -> dict:
    """A synthetic newsgraph/1 record: varied codes, dates, actors, quotes, events and a fact-check."""
    codes = [COUNTRIES[n % 10], COUNTRIES[(n + 3) % 10]]
    day = f"2025-{n % 12 + 1:02d}-{n % 27 + 1:02d}"
    text = text or f"Report {n} about talks between {codes[0]} and {codes[1]} on grain, sanctions and ceasefire item{n}."
    actors = [{"id": f"a{i}", "name": f"Minister of {c}", "type": "PERSON", "country": c, "sector": "GOV",
               "aliases": [f"{c} minister"], "mentions": [{"start": 0, "end": 6, "text": "Report", "via": "name"}] * (i + 1),
               "confidence": 0.8} for i, c in enumerate(codes)]
    evs = [{"id": f"e{i}", "type": TYPES[(n + i) % len(TYPES)], "mode": None, "context": ["diplomacy"], "cameo_root": "10",
            "quad_class": 2, "source": ["a0"], "target": ["a1"], "source_countries": [codes[0]], "target_countries": [codes[1]],
            "issue": f"issue {n}-{i}", "date": {"text": "on Monday", "value": day, "precision": "day"} if i % 2 == 0 else None,
            "location": {"name": "Geneva", "country": "CHE", "lat": 46.2, "lon": 6.15, "geonameid": 2660646} if i == 0 else None,
            "modality": "asserted", "evidence": {"start": 0, "end": 10, "text": text[:10]}, "quote": "q1" if i == 0 else None,
            "trigger": None, "confidence": 0.7} for i in range(events)]
    return {"schema": "newsgraph/1", "id": doc_id or f"{n:016x}",
            "source": {"kind": "text", "location": f"https://news.example/{n}", "ref": f"doc{n}"},
            "title": f"Title {n}", "published": day, "published_from": "given", "language": "en", "text": text,
            "removed": [], "actors": actors,
            "quotes": [{"id": "q1", "kind": "direct", "start": 0, "end": 10, "text": f"we will not yield on item{n}",
                        "speaker": "a0", "speaker_text": actors[0]["name"], "cue": "said", "medium": None, "confidence": 0.9}],
            "events": evs,
            "fact_checks": [{"claim": f"claim {n}", "claimant": "a0", "verdict": "false", "by": "article",
                             "evidence": {"start": 0, "end": 6, "text": "Report"}, "confidence": 0.6}] if n % 5 == 0 else [],
            "loaded_language": [], "meta": {}}


def fresh_store(tmp_path, name: str = "store.db") -> Store:
    return Store(tmp_path / name)


def test_writing_the_same_records_twice_keeps_row_counts(tmp_path):
    store = fresh_store(tmp_path)
    records = [make_record(n) for n in range(100)]
    store.write_many(records)
    first = store.counts()
    store.write_many(records)
    for record in records[:10]:
        store.write(record)
    assert store.counts() == first
    assert first["documents"] == 100 and first["events"] == 300 and first["fact_checks"] == 20
    assert store.integrity() == "ok"
    assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_analysing_the_same_100_inputs_twice_leaves_identical_counts(tmp_path):
    """Acceptance 1, with the real pipeline on short articles."""
    from newsgraph.ingest.files import document_from_string
    from newsgraph.pipeline import process_many

    names = ["Russia", "France", "Germany", "China", "Brazil", "India", "Turkey", "Kenya", "Japan", "Egypt"]
    texts = [f"Officials in {names[i % 10]} demanded on Monday that {names[(i + 3) % 10]} release {i + 2} detained "
             f"fishermen. \"They must be freed,\" said minister number {i}." for i in range(100)]
    store = fresh_store(tmp_path)
    counts = []
    for _ in range(2):
        docs = process_many(document_from_string(t, published="2025-07-07", ref=f"t{i}") for i, t in enumerate(texts))
        store.write_many(docs)
        counts.append(store.counts())
    assert counts[0] == counts[1]
    assert counts[0]["documents"] == 100 and counts[0]["events"] > 0 and counts[0]["actors"] > 0
    assert store.integrity() == "ok"


def test_rewrite_replaces_children_and_full_text(tmp_path):
    store = fresh_store(tmp_path)
    store.write(make_record(1, events=4, text="The old wording mentions zeppelins."))
    store.write(make_record(1, events=1, text="The new wording mentions submarines.", doc_id=f"{1:016x}"))
    assert store.count("events") == 1 and store.count("event_parties") == 4
    search = "SELECT COUNT(*) FROM documents_fts WHERE documents_fts MATCH ?"
    assert store.conn.execute(search, ("zeppelins",)).fetchone()[0] == 0
    assert store.conn.execute(search, ("submarines",)).fetchone()[0] == 1
    assert store.conn.execute("SELECT COUNT(*) FROM quotes_fts").fetchone()[0] == 1
    assert store.get(f"{1:016x}")["text"] == "The new wording mentions submarines."


def test_store_uses_wal_foreign_keys_and_current_schema(tmp_path):
    store = fresh_store(tmp_path)
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.version == SCHEMA_VERSION == 3
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute("INSERT INTO events (doc_id, id, type, record) VALUES ('missing', 'e1', 'AID', '{}')")


def test_migrates_a_version_1_store_and_backfills(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA_V1)
    record = make_record(7)
    import orjson

    conn.execute("INSERT INTO documents (id, ref, title, published, language, text, record) VALUES (?,?,?,?,?,?,?)",
                 (record["id"], "doc7", record["title"], record["published"], "en", record["text"],
                  orjson.dumps(record).decode()))
    for e in record["events"]:
        conn.execute("INSERT INTO events (doc_id, id, type, source_countries, target_countries, date, record)"
                     " VALUES (?,?,?,?,?,?,?)", (record["id"], e["id"], e["type"], ";".join(e["source_countries"]),
                                                  ";".join(e["target_countries"]), (e["date"] or {}).get("value"),
                                                  orjson.dumps(e).decode()))
    conn.execute("INSERT INTO actors (doc_id, id, name, type, country) VALUES (?, 'a0', 'Minister', 'PERSON', 'RUS')",
                 (record["id"],))
    conn.execute("PRAGMA user_version=1")
    conn.commit()
    conn.close()

    store = Store(path)
    assert store.version == 3
    assert store.conn.execute("SELECT COUNT(*) FROM events WHERE day IS NULL").fetchone()[0] == 0
    assert store.conn.execute("SELECT published FROM actors").fetchall() == [(record["published"],)]
    assert store.count("event_parties") == 3 * 4  # 2 countries + 2 actors per event
    assert store.conn.execute("SELECT doc_id FROM documents_fts WHERE documents_fts MATCH 'ceasefire'").fetchall() == [(record["id"],)]
    assert store.integrity() == "ok"
    store.write(record)  # and the migrated store takes upserts
    assert store.count("documents") == 1 and store.count("events") == 3


def test_refuses_a_newer_schema_and_a_directory(tmp_path):
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version=99")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store(path)
    with pytest.raises(StoreError, match="directory"):
        Store(tmp_path)
    garbage = tmp_path / "notes.db"
    garbage.write_bytes(b"this is not a database, just text " * 100)
    with pytest.raises(StoreError, match="cannot open store"):
        Store(garbage)


def test_bad_record_is_rolled_back_with_a_clear_error(tmp_path):
    store = fresh_store(tmp_path)
    store.write(make_record(1))
    broken = make_record(1)
    del broken["events"][0]["evidence"]
    with pytest.raises(StoreError, match="evidence"):
        store.write(broken)
    assert store.count("documents") == 1 and store.count("events") == 3
    with pytest.raises(StoreError):
        store.count("sqlite_master")


def test_concurrent_first_opens_migrate_once(tmp_path):
    """Batch workers may open a new store at the same moment; only one migrates it."""
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "shared.db"

    def open_and_write(n: int) -> int:
        with Store(path) as store:
            store.write(make_record(n))
            return store.version

    with ThreadPoolExecutor(max_workers=4) as pool:
        versions = list(pool.map(open_and_write, range(8)))
    assert versions == [SCHEMA_VERSION] * 8
    with Store(path) as store:
        assert store.count("documents") == 8 and store.integrity() == "ok"


def test_writing_a_record_teaches_the_registry_its_cue_given_codes(tmp_path):
    """A code the article itself gave (a title with a demonym) is kept with the article it came from."""
    import newsgraph

    doc = newsgraph.analyze("Chilean Finance Minister Rosa Alvear met bankers in Santiago on Monday.",
                            published="2024-03-04")
    with Store(tmp_path / "s.db") as store:
        store.write(doc)
        codes = {(c["field"], c["code"], c["article"]) for c in store.registry.codes("Rosa Alvear")}
    assert ("country", "CHL", doc.id) in codes


def _open_at_once(path: str, barrier, failures) -> None:
    barrier.wait()
    try:
        with Store(path):
            pass
    except StoreError as exc:
        failures.put(str(exc))


def test_processes_opening_a_new_store_at_once_all_get_it(tmp_path):
    """Batch worker processes create one new store together: SQLite answers a journal-mode
    switch that meets another's lock with "database is locked" at once, not after its busy
    timeout; every opener must still get the store (before the fix about 1 open in 160 failed)."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    failures = ctx.Queue()
    for round_ in range(60):
        path = str(tmp_path / f"new{round_}.db")
        barrier = ctx.Barrier(8)
        workers = [ctx.Process(target=_open_at_once, args=(path, barrier, failures)) for _ in range(8)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
        assert all(w.exitcode == 0 for w in workers)
    assert failures.empty(), failures.get()
