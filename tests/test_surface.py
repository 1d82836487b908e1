"""The user's surface on a real store of Wikinews articles with URLs: event rows a person can
read (CLI and API), the article URL kept everywhere, one document per source document, and a
CLI that writes what its -o suffix says."""
from __future__ import annotations

import copy
import csv
import io
import json
import sqlite3

import httpx
import orjson
import pytest
from typer.testing import CliRunner

from newsgraph.cli.main import app
from newsgraph.store.dedup import dedup_store
from newsgraph.store.export import export_store
from newsgraph.store.identity import sentence_around, source_key
from newsgraph.store.schema import SCHEMA_V1, SCHEMA_V2
from newsgraph.store.sqlite import SCHEMA_VERSION, Store, _statements
from newsgraph.web import create_app
from loopback import Server
from wikinews import SAMPLE, build_store, records

URLS = [json.loads(line)["url"] for line in SAMPLE.read_text().splitlines()]
wide = CliRunner(env={"COLUMNS": "600"})


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("surface") / "wikinews.db")


@pytest.fixture(scope="module")
def api(db):
    with Server(create_app(db)) as server, httpx.Client(base_url=server.url, timeout=60) as client:
        yield client


def test_query_events_table_shows_names_title_url_and_sentence(db):
    result = wide.invoke(app, ["query", "events", "--format", "table", "--limit", "0", "--db", str(db)])
    assert result.exit_code == 0, result.output
    flat = result.stdout
    with Store(db) as store:
        rows = store.conn.execute("SELECT d.title, d.location, e.sentence, e.evidence FROM events e"
                                  " JOIN documents d ON d.id = e.doc_id").fetchall()
        names = [n for (n,) in store.conn.execute("SELECT a.name FROM event_parties p JOIN actors a"
                                                   " ON a.doc_id = p.doc_id AND a.id = p.actor_id")]
    assert rows and names
    for title, url, sentence, evidence in rows:
        assert title in flat and url in flat
        assert sentence.startswith(" ".join(sentence.split()[:4])) and " ".join(sentence.split()[:4]) in flat
        assert len(sentence) >= len(" ".join(evidence.split()))
    assert all(name in flat for name in names)


def test_query_events_jsonl_and_csv_rows_are_for_people(db):
    result = wide.invoke(app, ["query", "events", "--format", "jsonl", "--limit", "0", "--db", str(db)])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows
    for row in rows:
        assert {"type", "cameo_root", "quad_class", "source", "target", "issue", "date", "location", "modality",
                "confidence", "evidence", "sentence", "title", "published", "url"} <= set(row)
        assert isinstance(row["source_countries"], list) and isinstance(row["target_countries"], list)
        assert row["url"] in URLS and row["title"] and row["published"]
        assert " ".join(row["evidence"].split()) in row["sentence"]
        assert all({"name", "country", "sector", "type"} <= set(a) for a in row["source"] + row["target"])
    # "people who had been accused of crimes from Hong Kong to the mainland" comes with its sentence.
    accuse = [r for r in rows if "accused of crimes" in r["evidence"]]
    assert accuse and all(r["sentence"].startswith("This comes after weeks of protests") for r in accuse)

    result = wide.invoke(app, ["query", "events", "--format", "csv", "--limit", "0", "--db", str(db)])
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(table) == len(rows)
    for line, row in zip(table, rows):
        assert line["source_countries"] == ";".join(row["source_countries"]) and line["url"] == row["url"]
        assert all(a["name"] in line["source"] for a in row["source"])


def test_api_events_carry_names_title_url_and_sentence(api):
    items = api.get("/api/v1/events", params={"limit": 1000}).json()["items"]
    assert items
    for e in items:
        assert e["url"] in URLS and e["title"] and e["sentence"] and isinstance(e["source_countries"], list)
        assert " ".join(e["evidence"].split()) in e["sentence"]
    assert any(a["name"] and a["country"] for e in items for a in e["source"] + e["target"])
    docs = api.get("/api/v1/documents").json()["items"]
    assert sorted(d["url"] for d in docs) == sorted(URLS)


@pytest.mark.parametrize("params,expected", [
    ({"since": "2019-99"}, "since must be a date YYYY, YYYY-MM or YYYY-MM-DD, got '2019-99'"),
    ({"until": "June"}, "until must be a date YYYY, YYYY-MM or YYYY-MM-DD, got 'June'"),
    ({"search": "!!"}, "search must be some words"),
])
def test_api_input_errors_are_written_for_a_person(api, params, expected):
    response = api.get("/api/v1/events", params=params)
    assert response.status_code == 422
    message = response.json()["error"]["message"]
    assert message.startswith(expected) and "^" not in message and "\\d" not in message and "pattern" not in message


def test_the_jsonl_url_reaches_csv_parquet_and_plover(db, tmp_path):
    import pyarrow.parquet as pq

    with Store(db) as store:
        export_store(store, "csv", tmp_path / "csv")
        export_store(store, "parquet", tmp_path / "parquet")
        export_store(store, "plover", tmp_path / "plover")
    with open(tmp_path / "csv" / "events.csv", newline="", encoding="utf-8") as f:
        assert {row["SOURCEURL"] for row in csv.DictReader(f)} <= set(URLS)
    documents = pq.read_table(tmp_path / "parquet" / "documents.parquet").to_pylist()
    assert sorted(d["url"] for d in documents) == sorted(URLS)
    events = pq.read_table(tmp_path / "parquet" / "events.parquet").to_pylist()
    assert {e["doc_id"] for e in events} <= {d["doc_id"] for d in documents} and all(e["sentence"] for e in events)
    plover = [json.loads(line) for line in (tmp_path / "plover" / "events.plover.jsonl").read_text().splitlines()]
    assert {p["source"]["url"] for p in plover} <= set(URLS)


def test_equal_texts_from_two_urls_are_two_documents_marked_exact_duplicates(tmp_path):
    first = records()[0]
    copy_ = copy.deepcopy(first)
    copy_["source"] = {**copy_["source"], "location": "https://mirror.example.org/story", "ref": "mirror"}
    copy_["meta"] = {**copy_["meta"], "url": "https://mirror.example.org/story"}
    with Store(tmp_path / "s.db") as store:
        original_id = store.write(first)
        copy_id = store.write(copy_)
        assert original_id != copy_id and store.count("documents") == 2
        store.write(first)  # analysing the original again keeps it the original
        report = dedup_store(store)
        assert report.exact_duplicates == 1
        assert store.conn.execute("SELECT doc_id, duplicate_of, method FROM duplicates").fetchall() == [
            (copy_id, original_id, "exact")]
        # Both are found by the record id (the text hash), the first stored first.
        assert store.get(first["id"])["source"]["location"] == first["source"]["location"]
        assert store.get(copy_id)["source"]["location"] == "https://mirror.example.org/story"


def test_a_version_2_store_is_migrated_to_source_documents(tmp_path):
    path = tmp_path / "old.db"
    record = records()[0]
    old = copy.deepcopy(record)
    old["source"]["location"] = "feed.jsonl"  # older versions kept the URL in meta.url only
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in _statements(SCHEMA_V1) + _statements(SCHEMA_V2):
        conn.execute(statement)
    conn.execute("INSERT INTO documents (id, ref, source_kind, location, title, published, published_from, language,"
                 " text, record) VALUES (?,?,?,?,?,?,?,?,?,?)",
                 (old["id"], old["source"]["ref"], "text", "feed.jsonl", old["title"], old["published"], "given", "en",
                  old["text"], orjson.dumps(old).decode()))
    e = old["events"][0]
    conn.execute("INSERT INTO events (doc_id, id, type, evidence_start, evidence_end, evidence, confidence, record)"
                 " VALUES (?,?,?,?,?,?,?,?)", (old["id"], e["id"], e["type"], e["evidence"]["start"],
                                               e["evidence"]["end"], e["evidence"]["text"], 0.5, orjson.dumps(e).decode()))
    conn.execute("PRAGMA user_version=2")
    conn.close()
    with Store(path) as store:
        assert store.version == SCHEMA_VERSION
        row = store.conn.execute("SELECT id, source_key, text_hash, location FROM documents").fetchone()
        assert row == (old["id"], source_key(record), record["id"], record["meta"]["url"])
        assert store.conn.execute("SELECT sentence FROM events").fetchone()[0]
        store.write(record)  # the same source document: replaced, not added
        assert store.count("documents") == 1 and store.get(old["id"])["source"]["location"] == record["meta"]["url"]


def test_sentence_around_keeps_titles_and_initials_inside():
    text = "Mr. Smith met U.S. officials. He said: \"We go now.\" Then he left.\n\nNext paragraph."
    at = text.index("officials")
    assert sentence_around(text, at, at + 9) == "Mr. Smith met U.S. officials."
    at = text.index("We go")
    assert sentence_around(text, at, at + 5) == "He said: \"We go now.\""
    assert sentence_around(text, text.index("Next"), len(text)) == "Next paragraph."


def test_html_canonical_link_becomes_the_location():
    from newsgraph.ingest.decode import document_from_string

    html = ("<html><head><title>Council story</title><link rel=\"canonical\" href=\"https://news.example.com/council\">"
            "</head><body><article><h1>Council story</h1>" + "<p>The council approved a new budget for the city"
            " libraries on Monday after a long debate.</p>" * 6 + "</article></body></html>")
    doc = document_from_string(html, kind="html", location="saved/page.html", ref="page")
    record = _cleaned(doc)
    assert record["source"]["location"] == "https://news.example.com/council"
    assert record["meta"]["path"] == "saved/page.html"


def _cleaned(doc) -> dict:
    from newsgraph.ingest.clean import clean_document

    clean_document(doc)
    return doc.to_dict()


def test_cli_o_jsonl_writes_json_lines_and_json_is_an_array(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("The minister demanded the release of the prisoners on Monday.")
    out = tmp_path / "x.jsonl"
    result = CliRunner().invoke(app, ["analyze", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["schema"] == "newsgraph/1"
    out = tmp_path / "x.json"
    CliRunner().invoke(app, ["analyze", str(folder), "-o", str(out)])  # a folder: an array, even of one
    assert isinstance(json.loads(out.read_text()), list)


def test_cli_version_flag_and_markup_survives_table_output(tmp_path):
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip()
    from newsgraph import __version__

    assert result.stdout.strip() == __version__
    record = copy.deepcopy(records()[0])
    record["events"][0]["issue"] = "[their] demands [bold]now[/bold]"
    with Store(tmp_path / "m.db") as store:
        store.write(record)
    result = wide.invoke(app, ["query", "events", "--format", "table", "--db", str(tmp_path / "m.db")])
    assert "[their] demands [bold]now[/bold]" in result.stdout
