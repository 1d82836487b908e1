"""Spark runner in local mode: the same records as the batch runner."""
from __future__ import annotations

import shutil

import pytest

from test_batch import short_articles, write_jsonl

pyspark = pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("Spark needs a Java runtime (java is not on PATH)", allow_module_level=True)

from newsgraph.runners.batch import run_batch  # noqa: E402
from newsgraph.store.export import parquet_schemas  # noqa: E402
from newsgraph.runners.spark import run_spark, spark_session  # noqa: E402
from newsgraph.store.sqlite import Store  # noqa: E402

TIMING_FIELDS = {"timings", "elapsed", "seconds", "analysed_at"}


def without_timing(value):
    if isinstance(value, dict):
        return {k: without_timing(v) for k, v in value.items() if k not in TIMING_FIELDS}
    if isinstance(value, list):
        return [without_timing(v) for v in value]
    return value


@pytest.mark.slow
def test_spark_records_equal_batch_records(tmp_path):
    import orjson

    articles = [dict(a, url=f"https://news.example.org/{a['id']}") for a in short_articles(50, max_words=130)]
    path = write_jsonl(tmp_path / "in.jsonl", articles, (b"{broken",))
    db = tmp_path / "store.db"
    # One worker process: a fixed hash seed, like Spark's workers, and one model load.
    summary = run_batch([str(path)], db, workers=1, batch_size=8)
    assert (summary.done, summary.failed) == (50, 1)

    spark = spark_session("local[2]")
    try:
        counts = run_spark([str(path)], tmp_path / "parquet", spark=spark, partitions=2)
        rows = spark.read.parquet(str(tmp_path / "parquet" / "records.parquet")).collect()
        failures = spark.read.parquet(str(tmp_path / "parquet" / "failures.parquet")).collect()
        tables = {name: spark.read.parquet(str(tmp_path / "parquet" / f"{name}.parquet"))
                  for name in ("documents", "actors", "events", "stories")}
        columns = {name: frame.columns for name, frame in tables.items()}
        urls = {r["ref"]: r["url"] for r in tables["documents"].select("ref", "url").collect()}
        event_rows = tables["events"].count()
    finally:
        spark.stop()
    assert counts["records"] == 50 and counts["failures"] == 1 and counts["documents"] == 50
    # A JSONL line's url is the document's url (not the input file's path).
    assert urls == {a["id"]: f"https://news.example.org/{a['id']}" for a in articles}
    assert len(failures) == 1 and failures[0]["reason"].startswith("NG104")
    schemas = parquet_schemas()
    assert all(columns[name] == schemas[name].names for name in columns)  # the export's own schema
    with Store(db) as store:
        batch_keys = dict(store.conn.execute("SELECT key, doc_id FROM batch_journal WHERE status = 'done'"))
        assert len(rows) == 50
        for row in rows:
            spark_record = orjson.loads(row["record"])
            assert row["id"] == spark_record["id"] and row["ref"] == spark_record["source"]["ref"]
            assert batch_keys[row["key"]] == row["id"]  # the same input key names the same document
            batch_record = without_timing(store.get(row["id"]))
            spark_record = without_timing(spark_record)
            differing = [k for k in batch_record if batch_record[k] != spark_record.get(k)]
            assert not differing, (row["ref"], {k: (batch_record[k], spark_record.get(k)) for k in differing})
            assert spark_record.keys() == batch_record.keys()
        assert event_rows == store.count("events")
