"""Power cut: kill -9 a batch run in the middle of its writes, 20 times, then count.

    .venv/bin/python bench/powercut.py [--cycles 20] [--n 80] [--seed 1]

bench/kill_resume.py kills a run at random wall-clock moments, which mostly land
in analysis. This one aims at the writes: each cycle starts a batch run (the
batch runner's Python API, in a child process) armed to SIGKILL itself at the
k-th arrival at one of these points, chosen at random:

  before-store   journal says "writing", the record is not in the store yet
  mid-store      inside the store's transaction: every row inserted, no COMMIT
  after-store    the record committed, the journal not yet "done"
  after-done     the journal committed "done" for a chunk
  after-failed   a failure committed to the journal

After every kill: PRAGMA integrity_check and foreign_key_check, and every stored
document named by the journal. At the end a run without kills finishes the job,
and the script counts inputs lost (neither stored nor failed), records
duplicated (in the store or in records.jsonl) and whether every expected
failure is recorded. Exit status 0 only when all of that holds.

A SIGKILL stops the process, not the machine: what the OS already has, it
writes. SQLite in WAL mode stays consistent after a real power loss too, but
with synchronous=NORMAL may roll back the last commits; the journal then simply
redoes those inputs.
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
POINTS = ("before-store", "mid-store", "after-store", "after-done", "after-failed")


# ---- the child: a batch run that kills itself at a write --------------------------------

def arm(point: str, nth: int) -> None:
    """Patch the write path so the nth arrival at `point` is a SIGKILL."""
    from newsgraph.store.journal import Journal
    from newsgraph.store.sqlite import Store

    arrivals = Counter()

    def hit() -> None:
        arrivals[point] += 1
        if arrivals[point] == nth:
            os.kill(os.getpid(), signal.SIGKILL)

    def after(cls, name: str) -> None:
        original = getattr(cls, name)

        def wrapped(self, *args, **kwargs):
            result = original(self, *args, **kwargs)
            hit()
            return result

        setattr(cls, name, wrapped)

    targets = {"before-store": (Journal, "mark_writing"), "mid-store": (Store, "_insert"),
               "after-store": (Store, "write"), "after-done": (Journal, "mark_done"),
               "after-failed": (Journal, "mark_failed")}
    if point in targets:
        after(*targets[point])


def child(args) -> None:
    from newsgraph.runners.batch import run_batch

    arm(args.point, args.nth)
    run_batch([args.inputs], args.db, workers=0, batch_size=2, out=Path(args.out) if args.out else None)


# ---- the parent: cycles, checks, counts -------------------------------------------------

def make_inputs(path: Path, n: int) -> tuple[set[str], set[str]]:
    """n short articles and a failing line after every eighth; (good ids, failing ids)."""
    good, bad, lines = set(), set(), []
    seen = set()
    with NEWS.open("rb") as fh:
        for line in fh:
            record = orjson.loads(line)
            if len(record["text"].split()) > 150 or record["text"] in seen:
                continue
            seen.add(record["text"])
            lines.append(orjson.dumps({"id": record["id"], "text": record["text"]}))
            good.add(record["id"])
            if len(good) % 8 == 0:
                bad_id = f"empty-{len(good)}"
                lines.append(orjson.dumps({"id": bad_id, "text": "   "}) if len(good) % 16 else b"{broken json")
                bad.add(bad_id)
            if len(good) == n:
                break
    path.write_bytes(b"\n".join(lines) + b"\n")
    return good, bad


def check(db: Path) -> tuple[bool, str]:
    """Integrity, foreign keys, and the store holding only what the journal names."""
    conn = sqlite3.connect(db, timeout=30)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        orphans = conn.execute("PRAGMA foreign_key_check").fetchall()
        try:
            stored = [row[0] for row in conn.execute("SELECT id FROM documents")]
            named = {d for (d,) in conn.execute("SELECT doc_id FROM batch_journal WHERE status IN ('done', 'writing')")}
            done = {d for (d,) in conn.execute("SELECT doc_id FROM batch_journal WHERE status = 'done'")}
        except sqlite3.OperationalError:  # killed before the tables existed
            stored, named, done = [], set(), set()
    finally:
        conn.close()
    ok = integrity == "ok" and not orphans and set(stored) <= named and done <= set(stored) \
        and len(stored) == len(set(stored))
    return ok, f"integrity {integrity}, fk orphans {len(orphans)}, stored {len(stored)}, journal done {len(done)}"


def run_child(db: Path, inputs: Path, point: str, nth: int, out: Path | None = None) -> int:
    command = [sys.executable, __file__, "--child", "--db", str(db), "--inputs", str(inputs),
               "--point", point, "--nth", str(nth)] + (["--out", str(out)] if out else [])
    return subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600).returncode


def final_counts(db: Path, out: Path, good: set[str], bad: set[str]) -> dict:
    records = [orjson.loads(line) for line in (out / "records.jsonl").read_bytes().splitlines()]
    failures = [orjson.loads(line) for line in (out / "failures.jsonl").read_bytes().splitlines()]
    refs = Counter(r["source"]["ref"] for r in records)
    conn = sqlite3.connect(db)
    try:
        documents = conn.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM documents").fetchone()
        statuses = dict(conn.execute("SELECT status, COUNT(*) FROM batch_journal GROUP BY status"))
    finally:
        conn.close()
    failed_refs = {f["ref"] for f in failures}
    # A broken JSON line has no id of its own: its ref is the file:line.
    failed_ids = {ref for ref in failed_refs if ref in bad} | {ref for ref in failed_refs if ":" in (ref or "")}
    return {"lost": len(good - set(refs)), "duplicated": sum(c - 1 for c in refs.values()) + documents[0] - documents[1],
            "failures_recorded": len(failed_ids), "failures_expected": len(bad), "records": len(records),
            "store_documents": documents[0], "journal": statuses}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cycles", type=int, default=20)
    parser.add_argument("--n", type=int, default=80)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db")
    parser.add_argument("--inputs")
    parser.add_argument("--point", default="none")
    parser.add_argument("--nth", type=int, default=1)
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    rng = random.Random(args.seed)
    scratch = Path(tempfile.mkdtemp(prefix="newsgraph-powercut-"))
    inputs, db, out = scratch / "in.jsonl", scratch / "store.db", scratch / "out"
    good, bad = make_inputs(inputs, args.n)
    started, kills, bad_checks, where, attempt = time.monotonic(), 0, 0, Counter(), 0
    # A cycle whose point is never reached (no failure left to record, say) is no kill:
    # cycles go on until there have been --cycles kills, or the work runs out.
    while kills < args.cycles and attempt < 3 * args.cycles:
        attempt += 1
        point, nth = rng.choice(POINTS), rng.randint(1, 2)
        code = run_child(db, inputs, point, nth)
        killed = code == -signal.SIGKILL
        kills += killed
        where[point] += killed
        ok, detail = check(db)
        bad_checks += not ok
        print(f"run {attempt:2}: {'SIGKILL at' if killed else f'exit {code}, not reached:'} {point} #{nth}  {detail}"
              f"{'' if ok else '  INCONSISTENT'}", flush=True)
    final = run_child(db, inputs, "none", 0, out)
    ok, detail = check(db)
    counts = final_counts(db, out, good, bad)
    print(f"\n{kills} SIGKILLs in {attempt} runs ({dict(where)}); inconsistent checks after a run: {bad_checks}")
    print(f"final run exit {final}; {detail}; journal {counts['journal']}")
    print(f"inputs {len(good)} articles + {len(bad)} failing lines: lost {counts['lost']},"
          f" duplicated {counts['duplicated']}, records {counts['records']},"
          f" failures recorded {counts['failures_recorded']}/{counts['failures_expected']};"
          f" {time.monotonic() - started:.0f} s")
    passed = (bad_checks == 0 and ok and final == 0 and counts["lost"] == 0 and counts["duplicated"] == 0
              and counts["failures_recorded"] == counts["failures_expected"] and kills == args.cycles)
    print("PASS" if passed else "FAIL")
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
