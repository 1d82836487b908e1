"""Time per character of every stage, on real Wikinews text from 10k to 400k characters.

    .venv/bin/python bench/scale.py [--sizes 10000,50000,...] [--corpus PATH]

The articles of ../shared/corpus/news/wikinews-2019-2020.jsonl are joined (blank line
between them) and cut at a word boundary to each size; each size runs every stage once,
in order, on its own Document, and the table prints microseconds per character of clean
text per stage, then the ratio of the slowest to the fastest size (linear: near 1; the
acceptance bound of issue 20 is 2).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import orjson

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "news" / "wikinews-2019-2020.jsonl"
SIZES = (10_000, 50_000, 100_000, 200_000, 400_000)


def joined_text(corpus: Path, size: int) -> str:
    parts, total = [], 0
    with corpus.open("rb") as fh:
        for line in fh:
            text = orjson.loads(line)["text"].strip()
            parts.append(text)
            total += len(text) + 2
            if total >= size:
                break
    text = "\n\n".join(parts)
    if len(text) < size:
        raise SystemExit(f"the corpus holds only {len(text):,} characters")
    cut = text.rfind(" ", 0, size)
    return text[: cut if cut > size * 0.99 else size]


def time_stages(text: str) -> tuple[int, dict[str, float]]:
    from newsgraph.ingest.decode import document_from_string
    from newsgraph.options import Options
    from newsgraph.pipeline import DEFAULT_STAGES

    options = Options(document_seconds=0)
    doc = document_from_string(text, kind="text", published="2020-06-30")
    seconds = {}
    for s in DEFAULT_STAGES:
        started = time.perf_counter()
        s.run(doc, options)
        seconds[s.name] = time.perf_counter() - started
    return len(doc.text), seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]

    from newsgraph.nlp.parse import load_nlp

    load_nlp()
    time_stages(joined_text(args.corpus, 2_000))  # warm up: models, gazetteers, tables
    rows = []
    for size in sizes:
        chars, seconds = time_stages(joined_text(args.corpus, size))
        rows.append((chars, seconds))
        print(f"{chars:>8,} chars: " + "  ".join(f"{name} {secs:.2f}s" for name, secs in seconds.items()),
              file=sys.stderr, flush=True)
    names = list(rows[0][1])
    print(f"{'chars':>8} " + " ".join(f"{name:>9}" for name in names) + "   (microseconds per character)")
    for chars, seconds in rows:
        print(f"{chars:>8,} " + " ".join(f"{seconds[name] / chars * 1e6:>9.2f}" for name in names))
    ratios = []
    for name in names:
        per_char = [seconds[name] / chars for chars, seconds in rows]
        ratios.append(max(per_char) / min(per_char) if min(per_char) > 0 else float("inf"))
    print(f"{'max/min':>8} " + " ".join(f"{ratio:>9.1f}" for ratio in ratios))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
