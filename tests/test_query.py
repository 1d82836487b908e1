"""Query: filters over a real store, the plans SQLite uses, and the CLI command."""
from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from newsgraph.cli.main import app
from newsgraph.errors import StoreError
from newsgraph.store.query import Filters, explain, query
from newsgraph.store.sqlite import Store
from test_store import make_record

runner = CliRunner()


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "q.db") as s:
        s.write_many(make_record(n) for n in range(40))
        yield s


def test_events_by_type_actor_and_dates(store):
    rows = query(store, "events", Filters(type="REQUEST", actor="RUS", since="2025-03-01", limit=0))
    assert rows, "expected some RUS REQUEST events"
    for row in rows:
        assert row["type"] == "REQUEST"
        assert "RUS" in row["source_countries"] + row["target_countries"]  # lists, not joined strings
        assert row["day"] >= "2025-03-01"
    days = [r["day"] for r in rows]
    assert days == sorted(days, reverse=True)
    expected = sum(1 for n in range(40) for e in make_record(n)["events"]
                   if e["type"] == "REQUEST" and "RUS" in e["source_countries"] + e["target_countries"]
                   and ((e["date"] or {}).get("value") or make_record(n)["published"]) >= "2025-03-01")
    assert len(rows) == expected


def test_until_month_is_inclusive_and_name_filter_matches_actors(store):
    rows = query(store, "events", Filters(since="2025-02", until="2025-02", limit=0))
    assert rows and all(r["day"].startswith("2025-02") for r in rows)
    by_name = query(store, "events", Filters(actor="Minister of FRA", limit=0))
    by_code = query(store, "events", Filters(actor="FRA", limit=0))
    assert by_name and {(r["doc_id"], r["event_id"]) for r in by_name} == {(r["doc_id"], r["event_id"]) for r in by_code}


def test_search_quotes_actors_documents(store):
    docs = query(store, "documents", Filters(search="item7"))
    assert [d["text_hash"] for d in docs] == [f"{7:016x}"]  # the record id; doc_id is the store's
    quotes = query(store, "quotes", Filters(search="yield item12"))
    assert len(quotes) == 1 and quotes[0]["speaker"] == "Minister of UKR"
    actors = query(store, "actors", Filters(actor="RUS"))
    assert actors == [{"name": "Minister of RUS", "type": "PERSON", "country": "RUS", "sector": "GOV",
                       "documents": 8, "confidence": 0.8,
                       # these records carry no evidence of their codes: the view says so
                       "country_from": "unrecorded 8", "sector_from": "unrecorded 8", "registry": []}]
    recent = query(store, "actors", Filters(actor="RUS", since="2025-07-01"))
    assert recent[0]["documents"] == sum(1 for n in range(40) if n % 10 in (0, 7) and make_record(n)["published"] >= "2025-07-01")
    assert len(query(store, "documents", Filters(limit=5))) == 5
    assert all(d["events"] == 3 for d in query(store, "documents", Filters(type="AID")))


def test_bad_filters_raise_one_line_errors(store):
    for kind, filters, message in [("events", Filters(type="HUG"), "--type"),
                                   ("actors", Filters(type="REQUEST"), "--type"),
                                   ("events", Filters(since="2025-02-30"), "--since"),
                                   ("documents", Filters(search="!!!"), "--search"),
                                   ("places", Filters(), "unknown kind")]:
        with pytest.raises(StoreError, match=message):
            query(store, kind, filters)


def test_plans_use_indexes(store):
    store.conn.execute("ANALYZE")
    assert any("events_type_day" in step for step in explain(store, "events", Filters(type="ASSAULT")))
    assert any("event_parties_country" in step for step in explain(store, "events", Filters(actor="RUS")))
    assert any("events_day" in step or "events_type_day" in step
               for step in explain(store, "events", Filters(since="2025-01-01", until="2025-01-31")))
    assert any("documents_fts" in step for step in explain(store, "documents", Filters(search="grain")))


def test_cli_query_jsonl_when_piped_csv_and_table(store, tmp_path):
    db = store.path
    result = runner.invoke(app, ["query", "events", "--type", "ACCUSE", "--actor", "USA", "--db", db])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all(r["type"] == "ACCUSE" for r in rows)
    result = runner.invoke(app, ["query", "actors", "--format", "csv", "--db", db])
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(table) == 10 and set(table[0]) >= {"name", "country", "documents"}
    result = runner.invoke(app, ["query", "documents", "--search", "item3", "--format", "table", "--db", db])
    assert result.exit_code == 0 and "Title 3" in result.stdout


def test_cli_query_errors_are_one_line(tmp_path, store):
    result = runner.invoke(app, ["query", "events", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 1 and "no store at" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["query", "events", "--since", "yesterday", "--db", store.path])
    assert result.exit_code == 1 and "--since" in result.output
    assert not (tmp_path / "missing.db").exists()
