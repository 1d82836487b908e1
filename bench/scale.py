"""Time per character of every stage, on real Wikinews text from 10k to 400k characters.

    .venv/bin/python bench/scale.py [--sizes 10000,50000,...] [--corpus PATH]
    .venv/bin/python bench/scale.py --words 200,500,1000,2000,5000 [--parse selective]

The articles of ../shared/corpus/news/wikinews-2019-2020.jsonl are joined (blank line
between them) and cut at a word boundary to each size; each size runs every stage once,
in order, on its own Document, and the table prints CPU microseconds per character of clean
text per stage, then the ratio of the slowest to the fastest size (linear: near 1), and the
growth: the most any larger size costs per character over the smallest size (the acceptance
bound of issue 20 is 2).

Every size runs `--repeat` times (short ones up to five) and the least time is kept.

`--words` measures article-sized texts instead (issue 19: time per word flat from 200 to
5,000 words): each size is cut from the joined text at that many words, every stage is timed
on it `--repeat` times (the least kept, against noise from other work on the machine), and
the table prints microseconds per word.
"""
from __future__ import annotations

import argparse
import re
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


def first_words(corpus: Path, words: int) -> str:
    text = joined_text(corpus, words * 12)  # news English: about 6 characters a word
    cut = [m.start() for m in re.finditer(r"\S+", text)]
    return text[: cut[words]] if len(cut) > words else text


def time_stages(text: str, parse: str = "full") -> tuple[int, dict[str, float]]:
    from newsgraph.ingest.decode import document_from_string
    from newsgraph.options import Options
    from newsgraph.pipeline import DEFAULT_STAGES

    options = Options(document_seconds=0, parse=parse)
    doc = document_from_string(text, kind="text", published="2020-06-30")
    seconds = {}
    for s in DEFAULT_STAGES:
        # CPU seconds of this process: other work on the machine does not count against a stage.
        started = time.process_time()
        s.run(doc, options)
        seconds[s.name] = time.process_time() - started
    return len(doc.text), seconds


def per_word_table(args) -> int:
    sizes = [int(s) for s in args.words.split(",")]
    time_stages(first_words(args.corpus, 300), args.parse)  # warm up
    rows = []
    for size in sizes:
        text = first_words(args.corpus, size)
        runs = [time_stages(text, args.parse)[1] for _ in range(args.repeat)]
        rows.append((len(text.split()), {name: min(r[name] for r in runs) for name in runs[0]}))
    names = list(rows[0][1])
    print(f"{'words':>8} " + " ".join(f"{name:>9}" for name in names) + "   (microseconds per word)")
    for words, seconds in rows:
        print(f"{words:>8,} " + " ".join(f"{seconds[name] / words * 1e6:>9.1f}" for name in names))
    ratios = [max(s[n] / w for w, s in rows) / max(1e-12, min(s[n] / w for w, s in rows)) for n in names]
    print(f"{'max/min':>8} " + " ".join(f"{ratio:>9.1f}" for ratio in ratios))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--words", help="article sizes in words (per-word table instead)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--parse", default="full", choices=("full", "selective"))
    args = parser.parse_args(argv)
    if args.words:
        from newsgraph.nlp.parse import load_nlp

        load_nlp(args.parse)
        from newsgraph.nlp.dates import warm_up

        warm_up()
        return per_word_table(args)
    sizes = [int(s) for s in args.sizes.split(",")]

    from newsgraph.nlp.parse import load_nlp

    load_nlp()
    # Warm up on the first size itself: models, gazetteers, tables, and dateparser's lazily
    # compiled expressions (0.8 s the first time a relative date is read) are paid before timing.
    from newsgraph.nlp.dates import warm_up

    warm_up()
    time_stages(joined_text(args.corpus, sizes[0]))
    rows = []
    for size in sizes:
        # Every size is timed --repeat times and the least kept, against noise from other work
        # on the machine (one run of a 400k text varied by 1.5x); short texts, where a stray
        # interruption weighs most, up to five times.
        text = joined_text(args.corpus, size)
        runs = [time_stages(text) for _ in range(max(args.repeat, min(5, round(200_000 / size))))]
        chars, seconds = runs[0][0], {name: min(r[1][name] for r in runs) for name in runs[0][1]}
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
    # The bound of issue 20: no larger text costs more than 2x per character what the smallest
    # does (a stage of fixed cost, like language on its 5,000-character sample, only falls).
    growth = [max(seconds[n] / chars for chars, seconds in rows) / max(1e-12, rows[0][1][n] / rows[0][0])
              for n in names]
    print(f"{'growth':>8} " + " ".join(f"{g:>9.1f}" for g in growth))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
