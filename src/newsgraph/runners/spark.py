"""Spark runner: the batch job on Apache Spark, for corpora beyond one machine.

Each partition runs the same worker code as the batch runner
(`batch.analyse_chunk`), so a Spark run and a local batch run give the same
records. The spaCy model is loaded once per Python worker (at most once per
partition; Spark reuses Python workers across partitions).

Output, in OUTPUT/: one Parquet folder per table of `newsgraph export --to
parquet` (documents, actors, mentions, quotes, events, fact_checks, stories),
with the same columns and types (export.parquet_schemas); stories stays empty,
since story clustering (dedup) runs on a store, not on a Spark job. Beside
them: records.parquet (key, id, ref, record: the whole newsgraph/1 record as
JSON, for lossless reloading) and failures.parquet (key, ref, reason).
JSONL inputs are split across partitions by Spark itself (textFile); other
files (HTML, text, WARC) are spread as whole files, so they must be readable
at the same path from every executor (a shared or distributed file system).
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsgraph.runners.batch import BATCH_SIZE, analyse_chunk, failure, input_files, worker_environment
from newsgraph.errors import InputError, MalformedInput
from newsgraph.ingest.files import JSONL_SUFFIXES, suffix_of, document_from_record, iter_inputs

RECORD_COLUMNS = ("key", "id", "ref", "record")
FAILURE_COLUMNS = ("key", "ref", "reason")


def spark_session(master: str | None = "local[2]", app_name: str = "newsgraph"):
    """A SparkSession; in local mode it binds to loopback only.

    master=None leaves the master to spark-submit (--master yarn, k8s://...).
    """
    worker_environment()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name).config("spark.ui.enabled", "false")
    if master:
        builder = builder.master(master)
    builder = builder.config("spark.ui.showConsoleProgress", "false")
    builder = builder.config("spark.executorEnv.PYTHONHASHSEED", os.environ["PYTHONHASHSEED"])
    if master and master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def run_spark(inputs: list[str], output: str | Path, *, master: str = "local[2]",
              partitions: int | None = None, published: str | None = None, spark=None) -> dict[str, int]:
    """Analyse `inputs` on Spark and write Parquet tables to `output`; returns row counts."""
    from pyspark import StorageLevel

    own_session = spark is None
    spark = spark or spark_session(master)
    try:
        units = input_units(spark.sparkContext, inputs, partitions)
        results = units.mapPartitions(lambda rows: analyse_partition(rows, published))
        results.persist(StorageLevel.MEMORY_AND_DISK)
        good = results.filter(lambda r: r[0] == "ok")
        tables = {"records": (good.map(lambda r: r[1:5]), _string_schema(RECORD_COLUMNS)),
                  "failures": (results.filter(lambda r: r[0] == "failed").map(lambda r: (r[1], r[3], r[5])),
                               _string_schema(FAILURE_COLUMNS))}
        export_rows = good.flatMap(lambda r: export_table_rows(r[4]))
        export_rows.persist(StorageLevel.MEMORY_AND_DISK)
        for name, schema in export_schemas().items():
            tables[name] = (export_rows.filter(lambda t, name=name: t[0] == name).map(lambda t: t[1]), schema)
        for name, (rdd, schema) in tables.items():
            spark.createDataFrame(rdd, schema).write.mode("overwrite").parquet(f"{output}/{name}.parquet")
        # Counted from the persisted RDDs in two small jobs, not one per table.
        statuses = results.map(lambda r: r[0]).countByValue()
        counts = dict.fromkeys(tables, 0) | dict(export_rows.map(lambda t: t[0]).countByValue())
        counts |= {"records": statuses.get("ok", 0), "failures": statuses.get("failed", 0)}
        export_rows.unpersist()
        results.unpersist()
        return counts
    finally:
        if own_session:
            spark.stop()


def export_schemas() -> dict:
    """The export's Parquet schemas (pyarrow) as Spark schemas, table by table."""
    from newsgraph.store.export import parquet_schemas

    return {name: _spark_schema(schema) for name, schema in parquet_schemas().items()}


def export_table_rows(record_json: str) -> Iterator[tuple[str, tuple]]:
    """(table, row) for one record, through the export's own row builder."""
    import orjson

    from newsgraph.store.export import ExportContext, parquet_rows, parquet_schemas

    schemas = parquet_schemas()
    rows = parquet_rows(orjson.loads(record_json), ExportContext({}, {}))
    for name, table_rows in rows.items():
        casts = [_cast(field.type) for field in schemas[name]]
        for row in table_rows:
            yield name, tuple(cast(row.get(field.name)) for cast, field in zip(casts, schemas[name]))


def _cast(arrow_type):
    """Python value -> the exact Python type Spark expects for this column."""
    import pyarrow as pa

    if pa.types.is_floating(arrow_type):
        return lambda v: None if v is None else float(v)
    if pa.types.is_integer(arrow_type):
        return lambda v: None if v is None else int(v)
    return lambda v: v


def _spark_schema(arrow_schema):
    import pyarrow as pa
    from pyspark.sql import types as T

    def spark_type(t):
        if pa.types.is_list(t):
            return T.ArrayType(spark_type(t.value_type), True)
        if pa.types.is_int32(t):
            return T.IntegerType()
        if pa.types.is_integer(t):
            return T.LongType()
        if pa.types.is_floating(t):
            return T.DoubleType()
        if pa.types.is_date(t):
            return T.DateType()
        return T.StringType()

    return T.StructType([T.StructField(f.name, spark_type(f.type), True) for f in arrow_schema])


def _string_schema(columns: tuple[str, ...]):
    from pyspark.sql.types import StringType, StructField, StructType

    return StructType([StructField(name, StringType(), True) for name in columns])


def input_units(sc, inputs: list[str], partitions: int | None):
    """One RDD of (kind, path, payload, ordinal) units over every input."""
    rdds, files = [], []
    for item in inputs:
        for path in input_files(item) or []:
            if suffix_of(path) in JSONL_SUFFIXES:
                rdds.append(_jsonl_units(sc, path, partitions))
            else:
                files.append(("file", str(path), None, 0))
    if files:
        rdds.append(sc.parallelize(files, partitions or sc.defaultParallelism))
    if not rdds:
        raise InputError("no input files found")
    return sc.union(rdds) if len(rdds) > 1 else rdds[0]


def _jsonl_units(sc, path: Path, partitions: int | None):
    # Line numbers make the same refs as intake.iter_jsonl; the ordinal among
    # non-blank lines makes the same keys as the batch runner.
    location = str(path)
    lines = sc.textFile(location, partitions or sc.defaultParallelism).zipWithIndex()
    lines = lines.filter(lambda pair: pair[0].strip())
    return lines.zipWithIndex().map(lambda t: ("jsonl", location, (t[0][0], t[0][1] + 1), t[1] + 1))


def analyse_partition(rows: Iterable[tuple], published: str | None = None,
                      batch_size: int = BATCH_SIZE) -> Iterator[tuple]:
    """Runs on an executor: units in, (status, key, id, ref, record, reason) tuples out."""
    chunk = []
    for key, item in _documents(rows, published):
        if isinstance(item, InputError):
            yield _row(failure(key, item, item, "intake"))
            continue
        chunk.append((key, item))
        if len(chunk) >= batch_size:
            yield from map(_row, analyse_chunk(chunk))
            chunk = []
    if chunk:
        yield from map(_row, analyse_chunk(chunk))


def _documents(rows: Iterable[tuple], published: str | None) -> Iterator[tuple]:
    for kind, location, payload, ordinal in rows:
        base = str(Path(location).resolve())
        if kind == "file":
            for n, doc in enumerate(iter_inputs([location], published=published), 1):
                yield f"{base}#{n}", doc
            continue
        line, number = payload
        ref = f"{Path(location).name}:{number}"
        try:
            yield f"{base}#{ordinal}", document_from_record(line, ref, location, published)
        except InputError as exc:
            yield f"{base}#{ordinal}", exc
        except ValueError as exc:
            yield f"{base}#{ordinal}", MalformedInput(f"cannot read input: {exc}", ref=ref)


def _row(result: dict) -> tuple:
    record = result["record"].decode() if result["ok"] else None
    return ("ok" if result["ok"] else "failed", result["key"], result.get("id"), result["ref"],
            record, result.get("reason"))


def main(argv: list[str] | None = None) -> None:
    """Entry point for spark-submit: `spark-submit [options] spark_runner.py INPUT... OUTPUT`."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 2:
        sys.exit("usage: spark_runner.py INPUT... OUTPUT")
    counts = run_spark(args[:-1], args[-1], spark=spark_session(master=None))
    print(f"wrote {counts['records']} record(s) and {counts['failures']} failure(s) to {args[-1]}")


if __name__ == "__main__":
    main()
