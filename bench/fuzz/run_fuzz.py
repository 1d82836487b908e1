"""Fuzz runner: N inputs through the harness, a 10 s watchdog each, a report.

    .venv/bin/python bench/fuzz/run_fuzz.py --inputs 100000 --engine mutate --jobs 2 --seed 7   # the acceptance run
    .venv/bin/python bench/fuzz/run_fuzz.py --minutes 30 --engine atheris --jobs 2 --max-len 4096
    .venv/bin/python bench/fuzz/run_fuzz.py --inputs 5000 --engine mutate --jobs 2

Engines: `atheris` (coverage-guided libFuzzer, from the `test` and `fuzz` extras) or
`mutate` (a plain seeded mutation loop over the same seed corpus: windows of the
seed pages, byte flips, splices, inserted markup, quote marks and date words, long
repeats that nest tags deeply). `auto` takes atheris when it is installed.
On 2 cores, mutate runs about 40 inputs/s (2 jobs); atheris about 4 inputs/s at the
default --max-len 16384, because libFuzzer grows its inputs to full-page size and
the instrumentation slows every newsgraph function, so the 100,000-input run uses
mutate and atheris runs by the clock to explore what the seeds do not reach.

Each worker process runs its share of the inputs. Crashes (anything but a
record or a NewsgraphError) and slow inputs (over --timeout seconds) are saved
under --out with their traceback, counted, and the run goes on. A process
that dies outright (a hang in C code, killed by the hard watchdog, or a
segfault) is counted as a crash with the input it was on, and restarted.
Exit status 1 when anything crashed or was slow.
"""
from __future__ import annotations

import argparse
import faulthandler
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import fuzz_analyze  # noqa: E402

TOKENS = [b"<html>", b"<body>", b"</body>", b"<p>", b"</p>", b"<div>", b"</div>", b"<br>", b"<script>",
          b"</script>", b"<style>", b"<!--", b"-->", b"<![CDATA[", b"<title>", b"</title>", b"&amp;", b"&#0;",
          b"&#99999999;", b"&nbsp;", b"\xef\xbb\xbf", b"\x00", b"\xff\xfe", b"\x1f\x8b", b"\r\n", b"\n\n", b"\t",
          "\u2028".encode(), "\u202e".encode(), "\u200b".encode(), "\U0001f600".encode(),
          "“".encode(), "”".encode(), "‘".encode(), "’".encode(), "«".encode(), "»".encode(), "„".encode(),
          b'"', b"'", b" said ", b" told reporters ", b"On Monday", b" last week", b" yesterday", b"January 2025",
          b"31 February 2024", b"Sunday, 0 May 1850", b" Mr. ", b"President ", b"NATO", b"Russia", b" accused ",
          b" demanded ", b" rejected ", b"Photo: Reuters", b"Read more:", b"Advertisement", b"By Jane Doe",
          b'<meta property="article:published_time" content="2099-13-45T99:99">',
          b'<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"0000-00-00"}</script>',
          b'<html lang="zz-ZZ">', b"<table><tr><td>", b"<a href='javascript:alert(1)'>", b"<svg onload=alert(1)>"]


class SlowInput(BaseException):
    """Raised by the watchdog; a BaseException so no `except Exception` in the code under test eats it."""


# ---- generating inputs ---------------------------------------------------------

class Mutator:
    """Seeded inputs: a window of a seed, mutated one to five times."""

    def __init__(self, seeds: list[bytes], rng: random.Random, max_len: int):
        self.seeds, self.rng, self.max_len = seeds, rng, max_len
        self.ops = [self.flip, self.insert_random, self.insert_token, self.insert_token, self.delete,
                    self.duplicate, self.splice, self.repeat, self.truncate]

    def next(self) -> bytes:
        rng = self.rng
        roll = rng.random()
        if roll < 0.04:
            return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 512)))
        if roll < 0.08:
            return bytes([rng.randrange(256)]) + b"".join(rng.choice(TOKENS) for _ in range(rng.randrange(1, 200)))
        seed = rng.choice(self.seeds)
        mode, body = seed[:1], self.window(seed[1:])
        for _ in range(rng.randint(1, 5)):
            body = rng.choice(self.ops)(body)
        if rng.random() < 0.1:
            mode = bytes([rng.randrange(256)])
        return (mode + body)[: self.max_len]

    def window(self, body: bytes) -> bytes:
        size = self.rng.randint(min(len(body), 64), min(len(body), self.max_len - 1))
        start = 0 if self.rng.random() < 0.3 else self.rng.randrange(len(body) - size + 1)
        return body[start:start + size]

    def _at(self, body: bytes) -> int:
        return self.rng.randrange(len(body) + 1)

    def flip(self, body: bytes) -> bytes:
        if not body:
            return body
        i = self.rng.randrange(len(body))
        return body[:i] + bytes([body[i] ^ (1 << self.rng.randrange(8))]) + body[i + 1:]

    def insert_random(self, body: bytes) -> bytes:
        i = self._at(body)
        return body[:i] + bytes(self.rng.randrange(256) for _ in range(self.rng.randint(1, 16))) + body[i:]

    def insert_token(self, body: bytes) -> bytes:
        i = self._at(body)
        return body[:i] + self.rng.choice(TOKENS) + body[i:]

    def delete(self, body: bytes) -> bytes:
        i = self._at(body)
        return body[:i] + body[i + self.rng.randint(1, 256):]

    def duplicate(self, body: bytes) -> bytes:
        i, j = sorted((self._at(body), self._at(body)))
        return body[:j] + body[i:j] + body[j:]

    def splice(self, body: bytes) -> bytes:
        other = self.rng.choice(self.seeds)[1:]
        i, j = self._at(body), self.rng.randrange(len(other) + 1)
        return body[:i] + other[j:j + self.rng.randint(1, 2048)]

    def repeat(self, body: bytes) -> bytes:
        """Long runs: deep nesting (<div> x 400), walls of quote marks, endless lines."""
        i = self._at(body)
        return body[:i] + self.rng.choice(TOKENS) * self.rng.randint(2, 400) + body[i:]

    def truncate(self, body: bytes) -> bytes:
        return body[: self._at(body)]


# ---- running one input under the watchdog ----------------------------------------

class Tally:
    """Counts, the slowest input, and where crashes and slow inputs are saved."""

    def __init__(self, out: Path):
        self.out = out
        self.counts: Counter = Counter()
        self.seconds = 0.0
        self.slowest = (0.0, "")

    def as_dict(self) -> dict:
        return {"counts": dict(self.counts), "seconds": round(self.seconds, 2),
                "slowest_seconds": round(self.slowest[0], 3), "slowest_input": self.slowest[1]}

    def save(self, kind: str, data: bytes, detail: str) -> str:
        name = f"{kind}-{hashlib.sha1(data).hexdigest()[:12]}"
        (self.out / f"{name}.bin").write_bytes(data)
        (self.out / f"{name}.txt").write_text(detail, encoding="utf-8")
        return name


def _alarm(signum, frame):
    raise SlowInput()


def run_one(data: bytes, tally: Tally, timeout: float) -> str:
    """Run one input; returns ok | refused | crash | slow and records it in `tally`."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    started = time.perf_counter()
    try:
        outcome, detail = fuzz_analyze.check_input(data), ""
    except SlowInput:
        outcome, detail = "slow", traceback.format_exc()  # where the watchdog found it
    except Exception:  # noqa: BLE001 - any other exception is the bug being looked for
        outcome, detail = "crash", traceback.format_exc()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    elapsed = time.perf_counter() - started
    if outcome not in ("crash", "slow") and elapsed > timeout:
        outcome, detail = "slow", f"took {elapsed:.1f} s (in code the watchdog could not interrupt)"
    tally.counts[outcome] += 1
    tally.seconds += elapsed
    name = tally.save(outcome, data, f"{elapsed:.2f} s\n{detail}") if outcome in ("crash", "slow") else ""
    if elapsed > tally.slowest[0]:
        tally.slowest = (elapsed, name or hashlib.sha1(data).hexdigest()[:12])
    return outcome


def warm_up() -> None:
    """Load the spaCy model before the clock starts: it is not the first input's fault."""
    fuzz_analyze.check_input(b"\x00The minister said on Monday that the talks would resume.")


def run_mutations(inputs: int, seed: int, max_len: int, timeout: float, out: Path,
                  deadline: float | None = None, on_input=None, tally: Tally | None = None) -> Tally:
    """The plain engine, in this process: `inputs` mutated inputs (or until `deadline`)."""
    out.mkdir(parents=True, exist_ok=True)
    tally = tally or Tally(out)
    warm_up()
    seeds = [seed[:max_len] for seed in fuzz_analyze.seeds()]
    mutator = Mutator(seeds, random.Random(seed), max_len)
    pending = seeds[:inputs] + [None] * max(0, inputs - len(seeds))  # the seeds themselves first
    for item in pending:
        if deadline is not None and time.monotonic() > deadline:
            break
        data = item if item is not None else mutator.next()
        if on_input:
            on_input(data)
        run_one(data, tally, timeout)
    return tally


# ---- worker processes ----------------------------------------------------------

def worker(args) -> None:
    """One worker: its share of inputs, its stats in out/stats.json as it goes."""
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stats, in_flight = out / "stats.json", out / "in-flight.bin"
    deadline = time.monotonic() + args.minutes * 60 if args.minutes else None
    hard_limit = max(60.0, 6 * args.timeout)

    def before(data: bytes) -> None:
        in_flight.write_bytes(data)
        faulthandler.dump_traceback_later(hard_limit, exit=True)  # a hang in C: die loudly, get restarted

    if args.engine == "atheris":
        _atheris_worker(args, out, stats, before)
        return
    tally = Tally(out)
    every = max(1, min(200, args.inputs // 20))

    def on_input(data: bytes) -> None:
        before(data)
        done = sum(tally.counts.values())
        if done % every == 0:
            stats.write_text(json.dumps(tally.as_dict()))

    result = run_mutations(args.inputs, args.seed, args.max_len, args.timeout, out, deadline, on_input, tally)
    faulthandler.cancel_dump_traceback_later()
    stats.write_text(json.dumps(result.as_dict()))


def _atheris_worker(args, out: Path, stats: Path, before) -> None:
    import atheris

    with atheris.instrument_imports(include=["newsgraph"]):
        import newsgraph.pipeline  # noqa: F401
    warm_up()
    tally = Tally(out)
    deadline = time.monotonic() + args.minutes * 60 if args.minutes else None

    def one_input(data: bytes) -> None:
        before(data)
        run_one(data, tally, args.timeout)
        stats.write_text(json.dumps(tally.as_dict()))
        if deadline is not None and time.monotonic() > deadline:
            faulthandler.cancel_dump_traceback_later()
            os._exit(0)

    work = Path(tempfile.mkdtemp(prefix="newsgraph-fuzz-corpus-"))  # libFuzzer writes new inputs to the first dir
    atheris.Setup([sys.argv[0], f"-runs={args.inputs}", f"-max_len={args.max_len}", f"-seed={args.seed}",
                   "-timeout=600", "-rss_limit_mb=4096", "-print_final_stats=0", str(work), str(fuzz_analyze.CORPUS)],
                  one_input)
    atheris.Fuzz()


def read_stats(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {"counts": {}, "seconds": 0.0, "slowest_seconds": 0.0, "slowest_input": ""}


def run_job(args, job: int, inputs: int) -> list[dict]:
    """Run one worker for `inputs`, restarting it when it dies; its stats, one per life."""
    lives, left, life = [], inputs, 0
    while left > 0:
        out = Path(args.out) / f"job{job}-{life}"
        command = [sys.executable, __file__, "--worker", "--engine", args.engine, "--inputs", str(left),
                   "--seed", str(args.seed + 1000 * job + life), "--max-len", str(args.max_len),
                   "--timeout", str(args.timeout), "--out", str(out), "--minutes", str(args.minutes or 0)]
        out.parent.mkdir(parents=True, exist_ok=True)
        with (out.parent / f"job{job}-{life}.log").open("w") as log:
            code = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=log).returncode
        stats = read_stats(out / "stats.json")
        if code != 0:  # died on an input: that input is a crash
            data = (out / "in-flight.bin").read_bytes() if (out / "in-flight.bin").exists() else b""
            Tally(out).save("crash", data, f"worker exited with {code}; see {out.parent}/job{job}-{life}.log")
            stats["counts"]["crash"] = stats["counts"].get("crash", 0) + 1
        lives.append(stats)
        ran = sum(stats["counts"].values())
        if code == 0 or ran == 0 or args.minutes:
            break
        left, life = left - ran, life + 1
    return lives


def report(all_stats: list[dict], wall: float, args) -> int:
    counts: Counter = Counter()
    for stats in all_stats:
        counts.update(stats["counts"])
    total = sum(counts.values())
    slowest = max(all_stats, key=lambda s: s["slowest_seconds"]) if all_stats else {}
    print(f"engine {args.engine}: {total} inputs in {wall:.0f} s wall ({total / max(wall, 1e-9):.1f} inputs/s,"
          f" {args.jobs} job(s), max_len {args.max_len}, watchdog {args.timeout:g} s)")
    print(f"  ok {counts['ok']}, refused with NewsgraphError {counts['refused']},"
          f" crashes {counts['crash']}, slow (>{args.timeout:g} s) {counts['slow']}")
    print(f"  slowest input {slowest.get('slowest_seconds', 0):.2f} s ({slowest.get('slowest_input', '')});"
          f" crash and slow inputs in {args.out}")
    return 1 if counts["crash"] or counts["slow"] else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--minutes", type=float, default=None, help="Stop after this long, whatever --inputs says.")
    parser.add_argument("--engine", choices=("auto", "atheris", "mutate"), default="auto")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-len", type=int, default=16_384)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--out", default=None)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine == "auto":
        try:
            import atheris  # noqa: F401
            args.engine = "atheris"
        except ImportError:
            args.engine = "mutate"
    if args.worker:
        args.minutes = args.minutes or None
        worker(args)
        return
    args.out = args.out or tempfile.mkdtemp(prefix="newsgraph-fuzz-")
    started = time.monotonic()
    share = [args.inputs // args.jobs + (j < args.inputs % args.jobs) for j in range(args.jobs)]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(args.jobs) as pool:
        lives = [s for job in pool.map(lambda j: run_job(args, j, share[j]), range(args.jobs)) for s in job]
    sys.exit(report(lives, time.monotonic() - started, args))


if __name__ == "__main__":
    main()
