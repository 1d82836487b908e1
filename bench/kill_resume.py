"""Kill/resume: SIGKILL a batch run at random points, resume, count losses.

    .venv/bin/python bench/kill_resume.py [--cycles 20] [--n 150] [--workers 2] [--seed 1]

Each cycle (until --cycles kills are done) starts `newsgraph batch` over the same JSONL of short Wikinews
articles, waits until a random number of further inputs are done (or a random
moment, which may fall in start-up), and kills the whole process group with
SIGKILL. After every kill it checks the store: PRAGMA integrity_check, and
that every document in the store belongs to an input the journal names. At the
end a run without kills finishes the job, and the script reports lost inputs
(neither stored nor failed), duplicated records (documents stored twice, or
records in --out more than once) and inputs analysed twice into the output.
"""
from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import orjson

REPO = Path(__file__).resolve().parents[1]
NEWS = REPO.parent / "shared" / "corpus" / "news" / "wikinews-cd2000.jsonl"
NEWSGRAPH = Path(sys.executable).with_name("newsgraph")


def short_articles(n: int, max_words: int = 200) -> list[dict]:
    picked, seen = [], set()
    with NEWS.open("rb") as fh:
        for line in fh:
            record = orjson.loads(line)
            if len(record["text"].split()) <= max_words and record["text"] not in seen:
                seen.add(record["text"])
                picked.append({"id": record["id"], "text": record["text"]})
            if len(picked) == n:
                break
    return picked


def journal(db: Path) -> dict[str, tuple[str, str | None, int]]:
    conn = sqlite3.connect(db, timeout=30)
    try:
        return {k: (s, d, a) for k, s, d, a in conn.execute("SELECT key, status, doc_id, attempts FROM batch_journal")}
    except sqlite3.OperationalError:
        return {}
    finally:
        conn.close()


def store_state(db: Path) -> tuple[str, list[str]]:
    conn = sqlite3.connect(db, timeout=30)
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
        try:
            ids = [row[0] for row in conn.execute("SELECT id FROM documents")]
        except sqlite3.OperationalError:
            ids = []
        return ok, ids
    finally:
        conn.close()


def done_count(db: Path) -> int:
    return sum(1 for status, _, _ in journal(db).values() if status == "done")


def one_cycle(command: list[str], db: Path, rng: random.Random) -> str:
    """Start a run and SIGKILL it at a random point; returns where it was killed."""
    before = done_count(db)
    target = before + rng.randint(0, 6)
    proc = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if target == before:
        time.sleep(rng.uniform(0.2, 4.0))
    else:
        while proc.poll() is None and done_count(db) < target:
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 0.4))
    if proc.poll() is not None:
        return "finished before the kill"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    return f"killed after {done_count(db) - before} more done"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cycles", type=int, default=20, help="SIGKILLs to deliver")
    parser.add_argument("--n", type=int, default=150)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    scratch = Path(tempfile.mkdtemp(prefix="newsgraph-kill-"))
    articles = short_articles(args.n)
    inputs = scratch / "in.jsonl"
    inputs.write_bytes(b"".join(orjson.dumps(a) + b"\n" for a in articles) + b"{not json\n")
    db, out = scratch / "store.db", scratch / "out"
    command = [str(NEWSGRAPH), "batch", str(inputs), "--db", str(db), "--workers", str(args.workers),
               "--batch-size", "2", "--no-progress", "--out", str(out)]
    bad_checks, kills, cycle = 0, 0, 0
    while kills < args.cycles:
        cycle += 1
        where = one_cycle(command, db, rng)
        kills += where.startswith("killed")
        if not where.startswith("killed"):
            print(f"cycle {cycle:2}: {where}; out of inputs, stopping")
            break
        ok, ids = store_state(db)
        named = {d for s, d, _ in journal(db).values() if s in ("done", "writing")}
        consistent = ok == "ok" and set(ids) <= named and len(ids) == len(set(ids))
        bad_checks += not consistent
        print(f"cycle {cycle:2}: {where:<28} stored {len(ids):3}, integrity {ok}, consistent {consistent}")
    final = subprocess.run(command, capture_output=True, text=True)
    ok, ids = store_state(db)
    rows = journal(db)
    statuses = Counter(s for s, _, _ in rows.values())
    expected = {a["id"] for a in articles}
    records = [orjson.loads(line) for line in (out / "records.jsonl").read_bytes().splitlines()]
    refs = Counter(r["source"]["ref"] for r in records)
    lost = len(expected - set(refs))
    duplicated = sum(c - 1 for c in refs.values() if c > 1) + (len(ids) - len(set(ids)))
    reanalysed = sum(1 for _, _, attempts in rows.values() if attempts > 1)
    print(f"\nfinal run exit {final.returncode}; {kills} SIGKILLs in {cycle} cycles;"
          f" inconsistent checks after a kill: {bad_checks}")
    print(f"inputs {len(articles)} + 1 malformed; journal {dict(statuses)}; store documents {len(ids)};"
          f" integrity {ok}")
    print(f"lost {lost}, duplicated {duplicated}, analysed again because the kill hit before the store"
          f" write committed: {reanalysed} (stored once all the same)")
    sys.exit(0 if lost == duplicated == bad_checks == 0 and ok == "ok" and final.returncode == 0 else 1)


if __name__ == "__main__":
    main()
