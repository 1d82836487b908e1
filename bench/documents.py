"""Whole real articles: the pipeline on the real-news gold, scored as `newsgraph eval` scores.

Usage: .venv/bin/python bench/documents.py [--split dev|held_out|both] [--json FILE] [--ece]

The gold is tests/data/realnews/ (Wikinews articles annotated by hand; see its README).
Its split was drawn once, before any tuning. Dev is for development; the held-out part
is read only to score: this script prints its pooled figures and never its misses.
Per split it prints, per kind, the pooled precision, recall and F1, the attribute
accuracies, the events per article on articles with no political event, and the mean
F1 over residue, actors, quotes and events; each split's mean F1 is a last line.
--ece adds the expected calibration error of event confidence (10 bins; an emitted event
is right when it matches a gold event, required or optional), as issue 22 measures it.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from newsgraph.evaluation import scorer
from newsgraph.evaluation.events import expected_calibration_error
from newsgraph.evaluation.pooled import ATTRIBUTES, analyse_gold, score_split

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "data" / "realnews"
KINDS = ("residue", "actors", "quotes", "events", "fact_checks", "loaded_language")


def report(name: str, pooled: dict) -> list[str]:
    lines = [f"{name}: {pooled['articles']} articles"]
    for kind in KINDS:
        if kind in pooled:
            k = pooled[kind]
            lines.append(f"  {kind:<16} P={k['precision']:.3f} R={k['recall']:.3f} F1={k['f1']:.3f}"
                         f"  (gold {k['gold']}, predicted {k['pred']})")
    for attr in ATTRIBUTES:
        a = pooled[attr]
        value = "n/a" if a["accuracy"] is None else f"{a['accuracy']:.3f}"
        lines.append(f"  {attr:<16} acc={value} ({a['correct']}/{a['total']})")
    quiet = pooled["events_per_quiet_article"]
    lines.append(f"  events per article with no political event: "
                 f"{'n/a' if quiet is None else f'{quiet:.2f}'} ({pooled['quiet_articles']} articles)")
    return lines


def events_ece(documents: list[str]) -> tuple[float, int]:
    """ECE of the emitted events' confidence over the listed articles, and how many events."""
    judged = []
    for gold, record in analyse_gold(GOLD, documents):
        gold_events = [g for g in gold.get("events", []) if isinstance(g, dict)]
        matched = {p for _, p in scorer.event_pairs(gold_events, record["events"])}
        judged += [(e["confidence"], i in matched) for i, e in enumerate(record["events"])]
    return expected_calibration_error(judged), len(judged)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "held_out", "both"), default="both")
    parser.add_argument("--json", type=Path, help="also write the pooled figures here")
    parser.add_argument("--ece", action="store_true", help="also the calibration error of event confidence")
    args = parser.parse_args()
    split = json.loads((GOLD / "split.json").read_text(encoding="utf-8"))
    names = ("dev", "held_out") if args.split == "both" else (args.split,)
    results, last = {}, []
    for name in names:
        started = time.perf_counter()
        results[name] = score_split(GOLD, split[name])
        print("\n".join(report(name, results[name])))
        if args.ece:
            results[name]["events_ece"], n = events_ece(split[name])
            print(f"  events ECE (10 bins) {results[name]['events_ece']:.3f} over {n} emitted events")
        print(f"  ({time.perf_counter() - started:.1f} s)")
        last.append(f"{name.upper()} mean_f1={results[name]['mean_f1']:.3f}")
    print("\n".join(last))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
