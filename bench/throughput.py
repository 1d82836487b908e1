"""Throughput: real articles to stored records, against a bare spaCy baseline.

    .venv/bin/python bench/throughput.py [--n 300] [--workers 1,2] [--parse full,selective] [--html-dir DIR] [--news FILE]

Two inputs: real news pages in HTML (../shared/data/extraction/dev) and
Wikinews articles as JSONL text (../shared/corpus/news). For each, it runs the
batch runner (newsgraph batch) into a fresh store at each worker count, and in
the same run the baseline: trafilatura extraction (for HTML) plus a bare
`nlp.pipe` with the same spaCy model, in one process and with n_process=2.

Reported: articles/s and words/s (steady state: from the moment every worker has
returned its first chunk to the last result, so model loading is left out; the
start-up seconds and the wall rate including them are printed beside it), the
ratio to the n_process=2 baseline (the issue's measure) in wall rate and in CPU
per article (the CPU ratio holds when other work shares the cores), peak RSS of
the whole process tree, and mean time per article in each stage. `--parse` runs
newsgraph once per parse mode (Options.parse), in the same run.
"""
from __future__ import annotations

import argparse
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import orjson

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
HTML_DIR = SHARED / "data" / "extraction" / "dev"
NEWS = SHARED / "corpus" / "news" / "wikinews-cd2000.jsonl"


class TreeSampler:
    """Peak summed RSS, and CPU seconds, of this process and all its descendants."""

    def __init__(self, interval: float = 0.2):
        self.interval, self.peak, self._stop = interval, 0, threading.Event()
        self.cpu: dict[int, float] = {}
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self.cpu_start = self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self._sample()

    @property
    def cpu_seconds(self) -> float:
        return sum(self.cpu.values()) - self.cpu_start

    def snapshot(self) -> float:
        """CPU seconds of the tree so far."""
        return self._sample()

    def _run(self):
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def _sample(self) -> float:
        rss, cpu = tree_stats(os.getpid())
        self.peak = max(self.peak, sum(rss.values()))
        for pid, seconds in cpu.items():
            self.cpu[pid] = max(self.cpu.get(pid, 0.0), seconds)
        return sum(self.cpu.values())


TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def tree_stats(root: int) -> tuple[dict[int, int], dict[int, float]]:
    """RSS bytes and CPU seconds (user + system) of `root` and its descendants."""
    rss, cpu, frontier = {}, {}, [root]
    while frontier:
        pid = frontier.pop()
        try:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as fh:
                    frontier.extend(int(child) for child in fh.read().split())
        except OSError:
            continue
        cpu[pid] = (int(fields[11]) + int(fields[12])) / TICK
        rss[pid] = int(fields[21]) * PAGE
    return rss, cpu


def run_ours(inputs: list[str], workers: int, scratch: Path, parse: str = "full") -> dict:
    from newsgraph.options import Options
    from newsgraph.pipeline import Pipeline
    from newsgraph.runners.batch import run_batch

    db = scratch / f"bench-{workers}-{parse}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    marks: list[tuple[float, int, float]] = []  # (time, articles done, CPU seconds so far)

    with TreeSampler() as sampler:
        def on_progress(summary):
            marks.append((time.perf_counter(), summary.done, sampler.snapshot()))

        started = time.perf_counter()
        summary = run_batch(inputs, db, workers=workers, batch_size=4, on_progress=on_progress,
                            pipeline=Pipeline(options=Options.from_env(parse=parse)))
        wall = time.perf_counter() - started
    # Steady state: from the moment every worker has returned its first chunk
    # (models loaded) to the end, so start-up is left out of rates and CPU.
    t0, n0, cpu0 = marks[workers - 1] if len(marks) > workers + 4 else (started, 0, sampler.cpu_start)
    t1, n1 = marks[-1][0], marks[-1][1]
    cpu1 = sum(sampler.cpu.values())
    rate = (n1 - n0) / (t1 - t0) if t1 > t0 else summary.done / wall
    return {"done": summary.done, "failed": summary.failed, "wall": wall, "wall_rate": summary.done / wall,
            "rate": rate, "words_rate": rate * summary.words / max(1, summary.done),
            "mean_words": summary.words / max(1, summary.done), "peak_rss": sampler.peak,
            "cpu_per_article": (cpu1 - cpu0) / max(1, n1 - n0), "startup": t0 - started,
            "stages": {k: v / max(1, summary.done) for k, v in summary.stage_seconds.items()}}


def baseline_texts(html_files: list[Path], texts: list[str]) -> tuple[list[str], float]:
    """Trafilatura extraction of the HTML pages (timed); text inputs pass as they are."""
    import trafilatura

    started = time.perf_counter()
    extracted = [trafilatura.extract(p.read_text(encoding="utf-8", errors="replace")) or "" for p in html_files]
    return extracted + texts, time.perf_counter() - started


def run_baseline(html_files: list[Path], texts: list[str], n_process: int) -> dict:
    from newsgraph.nlp.parse import MODEL

    import spacy

    nlp = spacy.load(MODEL)
    with TreeSampler() as rss:
        started = time.perf_counter()
        docs, extract_seconds = baseline_texts(html_files, texts)
        words = sum(len(d.split()) for d in docs)
        for _ in nlp.pipe(docs, batch_size=16, n_process=n_process):
            pass
        wall = time.perf_counter() - started
    n = len(docs)
    return {"done": n, "wall": wall, "rate": n / wall, "words_rate": words / wall, "peak_rss": rss.peak,
            "cpu_per_article": rss.cpu_seconds / max(1, n),
            "mean_words": words / max(1, n), "stages": {"extract": extract_seconds / n,
                                                        "nlp.pipe": (wall - extract_seconds) / n}}


def news_texts(path: Path, n: int) -> list[dict]:
    with path.open("rb") as fh:
        return [orjson.loads(line) for line in itertools.islice(fh, n)]


LENGTH_BUCKETS = [(0, 250), (250, 500), (500, 1000), (1000, 2000), (2000, 6000)]
LONG_NEWS = SHARED / "corpus" / "news" / "wikinews-2019-2020.jsonl"


def cost_by_length(per_bucket: int = 6) -> None:
    """Mean CPU per article, and per stage, for articles of growing length (one process)."""
    from newsgraph.runners.batch import analyse_chunk, iter_keyed
    from newsgraph.nlp.parse import load_nlp

    load_nlp()
    items = list(iter_keyed([str(LONG_NEWS), str(NEWS)]))
    analyse_chunk(list(iter_keyed([str(NEWS)]))[-4:])  # warm up: stages load their data on first use
    print("\n== cost by article length (one process, CPU time; stages in wall ms)")
    for low, high in LENGTH_BUCKETS:
        chunk = [(k, d) for k, d in items if not isinstance(d, Exception) and low <= len(d.raw.split()) < high]
        chunk = chunk[:per_bucket]
        if not chunk:
            continue
        started = time.process_time()
        results = analyse_chunk(chunk)
        cpu = (time.process_time() - started) / len(chunk)
        words = sum(r["words"] for r in results) / max(1, len(results))
        stages: dict[str, float] = {}
        for r in results:
            for name, seconds in r["timings"].items():
                stages[name] = stages.get(name, 0.0) + seconds / len(results)
        parts = ", ".join(f"{k} {v * 1000:.0f}" for k, v in sorted(stages.items(), key=lambda kv: -kv[1]))
        print(f"  {low:>5}-{high:<5} words: {len(chunk)} articles, mean {words:.0f} words, CPU {cpu * 1000:.0f} ms"
              f" ({cpu * 1000 * 100 / max(1, words):.1f} ms per 100 words); {parts}")


def report(name: str, result: dict, base: dict | None, cores: int) -> None:
    ratio = (f", {result['rate'] / base['rate']:.2f}x baseline n_process=2 (CPU per article:"
             f" {base['cpu_per_article'] / result['cpu_per_article']:.2f}x)") if base else ""
    wall = (f" (steady state; start-up {result['startup']:.1f}s, {result['wall_rate']:.2f}/s counting it)"
            if "wall_rate" in result else "")
    failed = f", {result['failed']} failed" if result.get("failed") else ""
    cpu = result["cpu_per_article"]
    print(f"  {name:<22} {result['done']:>4} articles{failed}, mean {result['mean_words']:.0f} words: "
          f"{result['rate']:.2f} articles/s{wall}, {result['words_rate']:.0f} words/s{ratio};"
          f" peak RSS {result['peak_rss'] / 2**20:.0f} MB")
    print(f"  {'':<22} CPU {cpu * 1000:.0f} ms/article over all processes"
          f" -> {cores / cpu:.1f} articles/s if {cores} cores were free"
          f" (this run got {cpu * result['rate']:.2f} cores)")
    stages = ", ".join(f"{k} {v * 1000:.1f}" for k, v in sorted(result["stages"].items(), key=lambda kv: -kv[1]))
    print(f"  {'':<22} wall ms/article in each stage: {stages}")


def load_dataset(dataset: str, args) -> tuple[list[str], list[Path], list[str], str]:
    """(batch inputs, HTML pages, texts, title) of one data set."""
    if dataset == "html":
        pages = ordinary_pages(sorted(args.html_dir.glob("*.html")), args.html_dir, args.max_words)
        limit = f", gold article at most {args.max_words} words" if args.max_words else ""
        return [str(p) for p in pages], pages, [], f"HTML pages ({args.html_dir}{limit})"
    records = news_texts(args.news, args.n)
    jsonl = args.scratch / "news.jsonl"
    jsonl.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return [str(jsonl)], [], [r["text"] for r in records], f"Wikinews text ({args.news.name}, first {len(records)})"


def ordinary_pages(pages: list[Path], html_dir: Path, max_words: int | None) -> list[Path]:
    """Pages whose gold article (gold.jsonl beside them) has at most `max_words` words:
    the benchmark's pages average 760 words, longer than an ordinary news article."""
    gold = html_dir / "gold.jsonl"
    if not max_words or not gold.exists():
        return pages
    words = {r["id"]: len(r["article_body"].split()) for r in map(orjson.loads, gold.read_bytes().splitlines())}
    return [p for p in pages if words.get(p.stem, 0) <= max_words]


def run_one(config: str, dataset: str, args) -> dict:
    """One measurement, in this (fresh) process."""
    inputs, pages, texts, _ = load_dataset(dataset, args)
    kind, count, *parse = config.split(":")
    if kind == "baseline":
        return run_baseline(pages, texts, int(count))
    return run_ours(inputs, int(count), args.scratch, *parse)


def measure(config: str, dataset: str, args) -> dict:
    """Run one measurement in a fresh interpreter, so RSS and CPU are its own."""
    command = [sys.executable, __file__, "--run", config, "--dataset", dataset, "--n", str(args.n),
               "--html-dir", str(args.html_dir), "--news", str(args.news), "--scratch", str(args.scratch),
               "--max-words", str(args.max_words or 0)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{config} on {dataset} failed:\n{done.stderr[-3000:]}")
    return orjson.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=300, help="Wikinews articles to process")
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    parser.add_argument("--parse", default="full", help="parse modes (full, selective), comma-separated")
    parser.add_argument("--html-dir", type=Path, default=HTML_DIR)
    parser.add_argument("--max-words", type=int, default=0,
                        help="HTML: only pages whose gold article has at most this many words (0: all)")
    parser.add_argument("--news", type=Path, default=NEWS)
    parser.add_argument("--only", choices=["html", "news"], default=None)
    parser.add_argument("--lengths", action="store_true", help="only: cost by article length")
    parser.add_argument("--run", help=argparse.SUPPRESS)
    parser.add_argument("--dataset", help=argparse.SUPPRESS)
    parser.add_argument("--scratch", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        print(orjson.dumps(run_one(args.run, args.dataset, args)).decode())
        return
    cores = os.cpu_count() or 1
    if args.lengths:
        cost_by_length()
        return
    print(f"cores: {cores}, python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f}")
    args.scratch = Path(tempfile.mkdtemp(prefix="newsgraph-bench-"))
    try:
        for dataset in ([args.only] if args.only else ["html", "news"]):
            print(f"\n== {load_dataset(dataset, args)[3]}")
            base = measure("baseline:2", dataset, args)
            report("baseline n_process=2", base, None, cores)
            for count in [int(w) for w in args.workers.split(",")]:
                for mode in args.parse.split(","):
                    report(f"newsgraph {count}w {mode}", measure(f"ours:{count}:{mode}", dataset, args), base,
                           min(count, cores))
    finally:
        shutil.rmtree(args.scratch, ignore_errors=True)
    print(f"\nload average at the end {os.getloadavg()[0]:.1f} (other work on this machine lowers the wall figures,"
          " not the CPU ones)")


if __name__ == "__main__":
    main()
