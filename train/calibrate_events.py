"""Fit the event confidence map (src/newsgraph/data/events_calibration.json) on the real-news dev articles.

Usage: .venv/bin/python train/calibrate_events.py [--write] [--C 1.0]

Every dev article of tests/data/realnews (split.json "dev"; never the held-out part) goes
through the pipeline; the events stage is then run again keeping every candidate the
typer scores, uncalibrated. Each candidate is labelled by the pooled events rule: right
when it matches a required gold event, wrong when it matches none; one that matches only
an optional gold event is left out. A logistic regression over the candidate's facts
(stages/events/calibration.py) is the map; the abstention threshold is the one with the
best pooled dev F1. Prints the dev ECE and F1 at that threshold; --write stores the map.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from newsgraph.evaluation import scorer
from newsgraph.evaluation.events import expected_calibration_error
from newsgraph.evaluation.matching import one_to_one, required
from newsgraph.evaluation.pooled import gold_files
from newsgraph.ingest.files import document_from_string
from newsgraph.pipeline import Pipeline
from newsgraph.stages.events.calibration import confidence, features
from newsgraph.stages.events.coder import EventCoder
from newsgraph.stages.events.model import load_model

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "data" / "realnews"
OUT = REPO / "src" / "newsgraph" / "data" / "events_calibration.json"
THRESHOLDS = [round(0.05 * i, 2) for i in range(2, 15)]


def labelled_candidates(typer: dict) -> tuple[list[dict], list[int], int, list[bool], int]:
    """(features, labels) of every dev candidate, the number of required gold events, whether each
    candidate's article has no political event (quiet), and how many quiet articles there are."""
    dev = json.loads((GOLD / "split.json").read_text(encoding="utf-8"))["dev"]
    pairs = list(gold_files(GOLD, dev))
    docs = [document_from_string(path.read_text(encoding="utf-8"), kind="text", ref=path.stem,
                                 published=gold.get("published_hint")) for gold, path in pairs]
    rows, labels, wanted, quiet, n_quiet = [], [], 0, [], 0
    for (gold, _), doc in zip(pairs, Pipeline().run_many(docs)):
        coder = EventCoder(doc, load_model(), raw=typer)
        doc.events = coder.run()
        record = doc.to_dict()
        g_events = [g for g in gold.get("events", []) if isinstance(g, dict)]
        wanted += sum(1 for g in g_events if required(g))
        silent = not any(required(g) for g in g_events)
        n_quiet += silent
        links: dict[int, set[int]] = {}
        for gi, pi in one_to_one(g_events, record["events"],
                                         lambda g, p: 0 if scorer._event_matches(g, p) else None):
            links.setdefault(pi, set()).add(gi)
        for pi, candidate in enumerate(coder.candidates):
            linked = links.get(pi, set())
            if linked and not any(required(g_events[i]) for i in linked):
                continue  # matches an optional gold event only: counts neither way
            rows.append(features(coder.coding, candidate))
            labels.append(int(bool(linked)))
            quiet.append(silent)
    return rows, labels, wanted, quiet, n_quiet


def fit(rows: list[dict], labels: list[int], C: float, names: list[str] | None = None) -> dict:
    names = sorted(names or rows[0])
    X = np.array([[r[n] for n in names] for r in rows])
    model = LogisticRegression(C=C, max_iter=1000).fit(X, np.array(labels))
    return {"weights": {n: round(float(w), 4) for n, w in zip(names, model.coef_[0])},
            "bias": round(float(model.intercept_[0]), 4)}


def best_threshold(scores: list[float], labels: list[int], wanted: int, quiet: list[bool], n_quiet: int,
                   most_quiet: float = 1.0) -> tuple[float, float]:
    """The threshold with the best dev F1 among those that leave articles with no political event
    at most `most_quiet` events on average (the bound issue 22 sets); at a tie, the higher (abstain when it costs nothing)."""
    best = (THRESHOLDS[-1], -1.0)
    for t in THRESHOLDS:
        kept = [y for s, y in zip(scores, labels) if s >= t]
        f1 = 2 * sum(kept) / max(1, wanted + len(kept))
        noise = sum(1 for s, q in zip(scores, quiet) if q and s >= t) / max(1, n_quiet)
        print(f"  threshold {t}: dev F1 {f1:.3f}, events per quiet article {noise:.2f}")
        if noise <= most_quiet and f1 >= best[1]:
            best = (t, f1)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--C", type=float, default=1.0)
    parser.add_argument("--keep", type=float, default=0.0, help="the typer's keep threshold while the map decides")
    parser.add_argument("--second", type=float, default=0.0, help="the typer's threshold for a second type")
    parser.add_argument("--features", help="comma-separated facts the map uses (default: all)")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    typer = {"keep": args.keep, "second": args.second}
    rows, labels, wanted, quiet, n_quiet = labelled_candidates(typer)
    rules = fit(rows, labels, args.C, args.features.split(",") if args.features else None)
    scores = [confidence(r, rules) for r in rows]
    threshold, f1 = best_threshold(scores, labels, wanted, quiet, n_quiet)
    kept = [(s, bool(y)) for s, y in zip(scores, labels) if s >= threshold]
    print(f"dev candidates={len(rows)} right={sum(labels)} gold={wanted}; threshold={threshold} "
          f"dev F1={f1:.3f} kept={len(kept)} ECE(kept)={expected_calibration_error(kept):.3f}")
    print(json.dumps(rules["weights"], indent=1))
    if args.write:
        data = json.loads(OUT.read_text(encoding="utf-8"))
        data.update(rules)
        data.pop("platt", None)
        data["abstain_below"] = threshold
        data["typer_keep"], data["typer_second"] = args.keep, args.second
        OUT.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
