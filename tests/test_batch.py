"""Batch runner: failures recorded, --retry-failed, and SIGKILL/resume safety."""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from newsgraph import pipeline
from newsgraph.runners.batch import iter_keyed, run_batch
from newsgraph.store.journal import Journal
from newsgraph.store.sqlite import Store

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news" / "wikinews-cd2000.jsonl"
NEWSGRAPH = Path(sys.executable).with_name("newsgraph")


def short_articles(count: int, max_words: int = 160) -> list[dict]:
    if not CORPUS.exists():
        pytest.skip("../shared is not beside the repo")
    picked, texts = [], set()
    with CORPUS.open("rb") as fh:
        for line in fh:
            record = orjson.loads(line)
            if len(record["text"].split()) <= max_words and record["text"] not in texts:
                texts.add(record["text"])
                picked.append({"id": record["id"], "text": record["text"], "published": "2010-01-01"})
            if len(picked) == count:
                break
    return picked


def write_jsonl(path: Path, records: list[dict], extra_lines: tuple[bytes, ...] = ()) -> Path:
    with path.open("wb") as fh:
        for record in records:
            fh.write(orjson.dumps(record) + b"\n")
        for line in extra_lines:
            fh.write(line + b"\n")
    return path


def journal_rows(db: Path) -> dict[str, tuple]:
    conn = sqlite3.connect(db, timeout=30)
    try:
        return {key: (status, doc_id, attempts) for key, status, doc_id, attempts in
                conn.execute("SELECT key, status, doc_id, attempts FROM batch_journal")}
    except sqlite3.OperationalError:  # the journal table is not there yet
        return {}
    finally:
        conn.close()


def done_count(db: Path) -> int:
    return sum(1 for status, _, _ in journal_rows(db).values() if status == "done")


def assert_consistent(db: Path) -> None:
    """Every done key's record is in the store, and the store holds nothing else."""
    with Store(db) as store:
        assert store.integrity() == "ok"
        # The journal names records by their id, the hash of the text (kept beside the store id).
        stored = {row[0] for row in store.conn.execute("SELECT text_hash FROM documents")}
    done_ids = {doc_id for status, doc_id, _ in journal_rows(db).values() if status == "done"}
    writing_ids = {doc_id for status, doc_id, _ in journal_rows(db).values() if status == "writing"}
    assert done_ids <= stored
    assert stored <= done_ids | writing_ids


def test_keys_are_stable_and_name_every_input(tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", short_articles(3), (b"{broken",))
    first = [key for key, _ in iter_keyed([str(path)])]
    again = [key for key, _ in iter_keyed([str(tmp_path)])]
    assert first == again and len(set(first)) == 4
    assert first[0] == f"{path.resolve()}#1"


def test_failures_are_recorded_and_retried(tmp_path, monkeypatch):
    articles = short_articles(4)
    path = write_jsonl(tmp_path / "in.jsonl", articles, (b"{broken", b'{"id": "e", "text": "   "}'))
    db = tmp_path / "store.db"
    poisoned = articles[1]["text"][:40]

    def explode(doc, options):
        if doc.text.startswith(poisoned):
            raise RuntimeError("boom")

    parse_at = [s.name for s in pipeline.DEFAULT_STAGES].index("parse") + 1
    stages = list(pipeline.DEFAULT_STAGES)
    stages.insert(parse_at, pipeline.stage("explode", explode, requires=["nlp"], provides=[]))
    exploding = pipeline.Pipeline(stages)
    summary = run_batch([str(path)], db, workers=0, out=tmp_path / "out", pipeline=exploding)
    assert (summary.done, summary.failed) == (3, 3)
    failures = [orjson.loads(line) for line in (tmp_path / "out" / "failures.jsonl").read_bytes().splitlines()]
    reasons = sorted(f["reason"] for f in failures)
    assert any(r.startswith("NG104") for r in reasons)  # malformed JSON
    assert any(r.startswith("NG101") for r in reasons)  # nothing left after cleaning
    assert any("explode: RuntimeError: boom" in r for r in reasons)
    assert len((tmp_path / "out" / "records.jsonl").read_bytes().splitlines()) == 3

    again = run_batch([str(path)], db, workers=0)
    assert (again.done, again.failed, again.skipped) == (0, 0, 6)  # failed ones are not retried by default
    retried = run_batch([str(path)], db, workers=0, retry_failed=True)
    assert (retried.done, retried.failed, retried.skipped) == (1, 2, 3)
    with Store(db) as store:
        assert store.count("documents") == 4
    journal = Journal(db)
    assert journal.counts() == {"done": 4, "failed": 2}
    journal.close()


@pytest.mark.slow
def test_sigkill_at_random_points_loses_and_duplicates_nothing(tmp_path):
    # Enough inputs that five kills (each at most ~5 inputs in) never reach the end.
    articles = short_articles(60)
    path = write_jsonl(tmp_path / "in.jsonl", articles, (b"{broken",))
    db = tmp_path / "store.db"
    command = [str(NEWSGRAPH), "batch", str(path), "--db", str(db), "--workers", "2",
               "--batch-size", "2", "--no-progress"]
    rng = random.Random(int(os.environ.get("NEWSGRAPH_KILL_SEED", "10")))
    kills = 0
    deadline = time.monotonic() + 120
    while kills < 5 and time.monotonic() < deadline:
        target = done_count(db) + rng.randint(0, 4)
        proc = subprocess.Popen(command, start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not _wait_for(db, proc, target, rng):
            break  # the run finished before the kill point
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        kills += 1
        assert_consistent(db)
    assert kills >= 5
    finished = subprocess.run(command, capture_output=True, timeout=120)
    assert finished.returncode == 0, finished.stderr.decode()[-2000:]
    assert_consistent(db)
    rows = journal_rows(db)
    assert sorted(status for status, _, _ in rows.values()).count("done") == len(articles)
    assert [status for status, _, _ in rows.values()].count("failed") == 1
    with Store(db) as store:
        assert store.count("documents") == len(articles)
        refs = [r[0] for r in store.conn.execute("SELECT ref FROM documents")]
    assert sorted(refs) == sorted(a["id"] for a in articles)
    assert max(attempts for _, _, attempts in rows.values()) <= 2  # re-analysed only if never stored


def _wait_for(db: Path, proc: subprocess.Popen, target: int, rng: random.Random) -> bool:
    """Wait until `target` inputs are done (or a random moment), then a random bit more."""
    if target <= done_count(db):
        time.sleep(rng.uniform(0.3, 2.5))
        return proc.poll() is None
    while proc.poll() is None and done_count(db) < target:
        time.sleep(0.05)
    time.sleep(rng.uniform(0.0, 0.3))
    return proc.poll() is None


def test_the_parse_mode_reaches_the_workers_parse(monkeypatch, tmp_path):
    """NEWSGRAPH_PARSE (or a pipeline's options) decides which parse a batch worker runs."""
    import newsgraph.nlp.parse as parse
    from newsgraph.options import Options
    from newsgraph.runners import batch

    asked = []
    real = parse.load_nlp

    def spy(mode="full"):
        asked.append(mode)
        return real(mode)

    monkeypatch.setattr(parse, "load_nlp", spy)
    monkeypatch.setattr(batch, "_WORKER_PIPELINE", None)
    monkeypatch.setattr(pipeline, "_WARMED", set())  # so the worker's warm-up loads again
    monkeypatch.setenv("NEWSGRAPH_PARSE", "selective")
    page = tmp_path / "a.txt"
    page.write_text("The council met on Monday. The mayor said the bridge would reopen.\n"
                    "Officials from two towns agreed to share the costs.", encoding="utf-8")
    items = [(k, d) for k, d in iter_keyed([str(page)])] * 2
    results = batch.analyse_chunk(items, pipeline.Pipeline(options=Options.from_env()))
    assert all(r["ok"] for r in results) and set(asked) == {"selective"}
    batch.init_worker(None, pipeline.Pipeline(options=Options(parse="full")))
    assert asked[-1] == "full"
