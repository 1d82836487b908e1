"""Export: Parquet read back in DuckDB, GDELT-like CSV, PLOVER records, JSONL round trip."""
from __future__ import annotations

import csv
import json

import duckdb
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from newsgraph.cli.main import app
from newsgraph.store.dedup import dedup_store
from newsgraph.errors import StoreError
from newsgraph.store.export import CSV_COLUMNS, export_store, parquet_schemas
from newsgraph.store.sqlite import Store
from test_store import make_record

TABLES = ("documents", "actors", "mentions", "quotes", "events", "fact_checks", "stories")


@pytest.fixture(scope="module")
def big_store(tmp_path_factory):
    """500 synthetic documents, deduplicated so story ids are exported too."""
    path = tmp_path_factory.mktemp("export") / "big.db"
    with Store(path) as store:
        store.write_many(make_record(n) for n in range(500))
        dedup_store(store)
    return path


def test_parquet_of_500_documents_reads_back_in_duckdb_with_sqlite_counts(big_store, tmp_path):
    with Store(big_store) as store:
        written = export_store(store, "parquet", tmp_path)
        sqlite_counts = {t: store.count(t) for t in TABLES}
        rus_events = store.conn.execute(
            "SELECT COUNT(*) FROM event_parties WHERE role = 'source' AND country = 'RUS'").fetchone()[0]
        story_links = store.count("story_events")
    assert sqlite_counts["documents"] == 500
    con = duckdb.connect()
    for table in TABLES:
        path = str(tmp_path / f"{table}.parquet")
        assert con.execute("SELECT COUNT(*) FROM read_parquet(?)", [path]).fetchone()[0] == sqlite_counts[table], table
        assert written[f"{table}.parquet"] == sqlite_counts[table]
        assert pq.read_schema(path).remove_metadata().equals(parquet_schemas()[table]), table
    events = str(tmp_path / "events.parquet")
    assert con.execute("SELECT COUNT(*) FROM read_parquet(?) WHERE list_contains(source_countries, 'RUS')",
                       [events]).fetchone()[0] == rus_events
    assert con.execute("SELECT COUNT(story_id) FROM read_parquet(?)", [events]).fetchone()[0] == story_links
    # Dates are real dates, so date arithmetic works without casts.
    assert con.execute("SELECT MIN(published) FROM read_parquet(?)", [str(tmp_path / "documents.parquet")]).fetchone()[0].year == 2025
    joined = con.execute("SELECT COUNT(*) FROM read_parquet(?) e JOIN read_parquet(?) d USING (doc_id)",
                         [events, str(tmp_path / "documents.parquet")]).fetchone()[0]
    assert joined == sqlite_counts["events"]


def test_csv_has_gdelt_columns_evidence_and_confidence(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.write_many(make_record(n) for n in range(20))
        assert export_store(store, "csv", tmp_path / "out") == {"events.csv": 60}
    with open(tmp_path / "out" / "events.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == CSV_COLUMNS
    first = next(r for r in rows if r["TextHash"] == f"{1:016x}" and r["EventId"] == "e0")
    assert first["SQLDATE"] == "20250202" and first["Actor1CountryCode"] == "USA" and first["Actor2CountryCode"] == "DEU"
    assert first["Actor1Name"] == "Minister of USA" and first["QuadClass"] == "2" and first["EventRootCode"] == "10"
    assert first["ActionGeo_FullName"] == "Geneva" and first["ActionGeo_FeatureID"] == "2660646"
    assert first["SOURCEURL"] == "https://news.example/1" and first["Confidence"] == "0.7"
    assert first["Evidence"] and first["PloverType"] == make_record(1)["events"][0]["type"]


def test_plover_records_and_jsonl_round_trip(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.write_many(make_record(n) for n in range(10))
        assert export_store(store, "plover", tmp_path / "p") == {"events.plover.jsonl": 30}
        assert export_store(store, "jsonl", tmp_path / "j") == {"records.jsonl": 10}
        before = store.counts()
    plover = [json.loads(line) for line in (tmp_path / "p" / "events.plover.jsonl").read_text().splitlines()]
    event = plover[0]
    assert {"id", "date", "event", "mode", "context", "actor", "recipient", "location", "text", "confidence"} <= set(event)
    assert event["actor"][0]["country"] == event["actor_country"][0]
    with Store(tmp_path / "again.db") as again:
        again.write_many(json.loads(line) for line in (tmp_path / "j" / "records.jsonl").read_text().splitlines())
        assert again.counts() == before


def test_export_errors_and_cli(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.write(make_record(1))
        with pytest.raises(StoreError, match="unknown export format"):
            export_store(store, "xlsx", tmp_path / "x")
        (tmp_path / "file").write_text("x")
        with pytest.raises(StoreError, match="not a directory"):
            export_store(store, "csv", tmp_path / "file")
    result = CliRunner().invoke(app, ["export", "--to", "parquet", str(tmp_path / "pq"), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "pq").iterdir()) == sorted(f"{t}.parquet" for t in TABLES)
    result = CliRunner().invoke(app, ["export", "--to", "csv", str(tmp_path / "c"), "--db", str(tmp_path / "nope.db")])
    assert result.exit_code == 1 and "no store at" in result.output
