"""Page residue on real text: how many residue lines the cleaner removes, how many
article lines it keeps.

Usage: .venv/bin/python bench/residue.py [--misses] [--sets own,dev,realnews,corpus] [--no-model]

Sets (each NAME.txt with a NAME.gold.json listing its residue lines by number):
- own: tests/data/gold/residue/ (the project's invented scraped passages; development);
- dev: tests/data/residue_dev/ (real Wikinews articles with residue lines written by
  the author of the rules; development);
- held_out: tests/data/heldout/residue/ (real Wikinews articles with residue lines
  written by someone who never saw the rules; measurement only: its figures are
  printed pooled, its misses never; the rules' author saw about a fifth of its lines while
  building the rules, so it is no longer fully blind);
- held_out2: tests/data/heldout/residue2/ (28 more, written afterwards by another outside
  author, frozen; measurement only, never read by anyone writing rules; but its pooled
  figures were seen after each round of rules on 2026-12-02, so it is not fully blind);
- held_out3: tests/data/heldout/residue3/ (24 more, cd2000 lines 1000..2000, written on
  2026-12-02 by a third outside author after those rules were frozen; measurement only);
- realnews dev: the residue lines of tests/data/realnews/ dev split, scored as
  `newsgraph eval` scores residue (precision, recall, F1 of removed lines), on the
  cleaning step alone.
- corpus: every paragraph of at least six words of wikinews-cd2000.jsonl lines 1..999
  (the articles the dev set draws from; the held-out set draws from 1000..1999), with
  no residue inserted: the article lines kept there measure false removals on a few
  thousand real paragraphs. (A few of its paragraphs are furniture the corpus kept,
  such as "Sources" lists; those count as article lines here.)
--misses lists the misses of the development sets (never of held_out or realnews
held_out). --sets runs only the named sets (own, dev, held_out, held_out2, held_out3,
realnews = realnews dev, corpus); without it every set runs. --no-model scores the rules
alone, without the learned back-up of ingest/residue_model.py (the model was trained on
own, dev, realnews dev and corpus, so its figures there are in-sample; the cross-validated
ones are in data/residue_model.json, "cross_validation"). --speed times the cleaning of
200 corpus articles with and without the model.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from newsgraph.ingest import residue_model
from newsgraph.ingest.clean import clean_lines

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
SETS = {"own": DATA / "gold" / "residue", "dev": DATA / "residue_dev", "held_out": DATA / "heldout" / "residue",
        "held_out2": DATA / "heldout" / "residue2", "held_out3": DATA / "heldout" / "residue3"}
REALNEWS = DATA / "realnews"
CORPUS = REPO.parent / "shared" / "corpus" / "news" / "wikinews-cd2000.jsonl"
CORPUS_LINES = 999
DEVELOPMENT = {"own", "dev", "realnews_dev", "corpus"}


def score_corpus() -> dict:
    """False removals among real paragraphs (each cleaned in its own article)."""
    kept = article = 0
    misses: list[str] = []
    rows = CORPUS.read_text(encoding="utf-8").splitlines()[:CORPUS_LINES]
    for number, row in enumerate(rows, 1):
        paragraphs = [" ".join(p.split()) for p in json.loads(row)["text"].split("\n\n") if p.strip()]
        paragraphs = [p for p in paragraphs if len(p.split()) >= 6]
        _, removed = clean_lines(paragraphs)
        dropped = {r.line: r.reason for r in removed}
        article += len(paragraphs)
        kept += len(paragraphs) - len(dropped)
        misses += [f"  lost article  corpus line {number} [{reason}]  {paragraphs[line - 1][:110]}"
                   for line, reason in sorted(dropped.items())]
    return {"residue": 0, "removed": 0, "article": article, "kept": kept, "removal_rate": 1.0,
            "kept_rate": kept / article if article else 1.0, "misses": misses}


def score_files(pairs: list[tuple[Path, Path]]) -> dict:
    """Counts over (text, gold) pairs, and the misses as printable lines."""
    found = residue = kept = article = 0
    misses: list[str] = []
    for text_path, gold_path in pairs:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        lines = text_path.read_text(encoding="utf-8").splitlines()
        _, removed = clean_lines(lines)
        dropped = {r.line: r.reason for r in removed}
        wanted = {r["line"] for r in gold.get("residue", [])}
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            if number in wanted:
                residue += 1
                found += number in dropped
                if number not in dropped:
                    misses.append(f"  kept residue  {text_path.name}:{number}  {line[:110]}")
            else:
                article += 1
                kept += number not in dropped
                if number in dropped:
                    misses.append(f"  lost article  {text_path.name}:{number} [{dropped[number]}]  {line[:110]}")
    return {"residue": residue, "removed": found, "article": article, "kept": kept,
            "removal_rate": found / residue if residue else 1.0,
            "kept_rate": kept / article if article else 1.0, "misses": misses}


def folder_pairs(folder: Path) -> list[tuple[Path, Path]]:
    pairs = []
    for gold_path in sorted(folder.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pairs.append((folder / gold["document"], gold_path))
    return pairs


def realnews_pairs(split: str) -> list[tuple[Path, Path]]:
    names = json.loads((REALNEWS / "split.json").read_text(encoding="utf-8"))[split]
    return [(REALNEWS / name, REALNEWS / name.replace(".txt", ".gold.json")) for name in names]


ALL_SETS = (*SETS, "realnews", "corpus")


def measure(wanted: tuple[str, ...] = ALL_SETS) -> dict[str, dict]:
    results = {name: score_files(folder_pairs(folder)) for name, folder in SETS.items() if name in wanted}
    if "realnews" in wanted:
        results["realnews_dev"] = _with_f1(score_files(realnews_pairs("dev")))
    if "corpus" in wanted and CORPUS.exists():
        results["corpus"] = score_corpus()
    return results


def _with_f1(rn: dict) -> dict:
    predicted = rn["removed"] + (rn["article"] - rn["kept"])
    precision = rn["removed"] / predicted if predicted else 1.0
    recall = rn["removal_rate"]
    rn.update(precision=precision, recall=recall,
              f1=2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return rn


def speed(articles: int = 200) -> None:
    """CPU milliseconds per article of clean_lines, rules alone and with the model."""
    rows = CORPUS.read_text(encoding="utf-8").splitlines()[:articles]
    texts = [[" ".join(p.split()) for p in json.loads(row)["text"].split("\n\n") if p.strip()] for row in rows]
    residue_model.load_model()
    for enabled in (False, True):
        residue_model.ENABLED = enabled
        start = time.process_time()
        for paragraphs in texts:
            clean_lines(paragraphs)
        took = (time.process_time() - start) * 1000 / len(texts)
        print(f"clean_lines, {'rules + model' if enabled else 'rules alone'}: {took:.2f} ms/article ({len(texts)} articles)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the misses of the development sets")
    parser.add_argument("--sets", default=",".join(ALL_SETS),
                        help="comma-separated sets to run, e.g. own,dev,realnews,corpus (development only)")
    parser.add_argument("--no-model", action="store_true", help="the rules alone, without the learned back-up")
    parser.add_argument("--speed", action="store_true", help="time the cleaning of 200 corpus articles and stop")
    args = parser.parse_args(argv)
    if args.speed:
        speed()
        return 0
    wanted = tuple(name.strip() for name in args.sets.split(",") if name.strip())
    unknown = set(wanted) - set(ALL_SETS)
    if unknown:
        parser.error(f"unknown sets: {', '.join(sorted(unknown))}")
    residue_model.ENABLED = not args.no_model
    results = measure(wanted)
    print(f"{'set':<13} {'residue removed':>18} {'article lines kept':>22}")
    for name, r in results.items():
        removal = f"{r['removed']:>5}/{r['residue']:<4} {r['removal_rate']:7.3f}" if r["residue"] else f"{'-':>18}"
        print(f"{name:<13} {removal}   {r['kept']:>5}/{r['article']:<5} {r['kept_rate']:7.4f}")
    if "realnews_dev" in results:
        rn = results["realnews_dev"]
        print(f"realnews dev residue (cleaning alone): P={rn['precision']:.3f} R={rn['recall']:.3f} F1={rn['f1']:.3f}")
    if args.misses:
        for name in results:
            if name in DEVELOPMENT and results[name]["misses"]:
                print(f"{name} misses:")
                print("\n".join(results[name]["misses"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
