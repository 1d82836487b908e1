"""Bench: near-duplicate documents and story-event clustering on tests/data/dedup.

Items marked "split": "heldout" were written after the thresholds were set
and never used to tune them; figures are printed for all, dev and held-out.

1. Near-duplicates: every labelled pair of pairs.jsonl (edited copies vs
   independently written reports of the same event vs different stories on the
   same topic) goes through the same decision the store pass uses
   (newsgraph.store.dedup.text_similarity against its thresholds); then the whole set
   is deduplicated in a real store and the pairs it marks are scored too.
   Target: precision >= 0.95, recall >= 0.80.
2. Story events: each report of stories.jsonl becomes a stored record holding
   its hand-annotated event; `dedup_store` clusters them, and pairwise
   precision/recall/F1 compare the clusters with the story labels.
   Target: F1 >= 0.8.
3. (--pipeline) The same reports analysed by the real pipeline; clusters are
   compared at report level (two reports are together when any of their events
   share a story). Informational: it also measures event extraction.
4. (--scale N) Time `dedup_store` on a generated store of N events
   (bench/query.py's synthetic records).

    .venv/bin/python bench/dedup.py [--pipeline] [--scale 100000]
"""
from __future__ import annotations

import argparse
import itertools
import json
import tempfile
from pathlib import Path

from newsgraph.store import dedup
from newsgraph.store.dedup import dedup_store, text_similarity
from newsgraph.document import document_id
from newsgraph.store.sqlite import Store

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "dedup"


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def record(doc_id: str, item: dict, events: list[dict]) -> dict:
    return {"schema": "newsgraph/1", "id": doc_id, "source": {"kind": "text", "location": None, "ref": item["id"]},
            "title": item.get("title"), "published": item.get("published"), "published_from": "given",
            "language": "en", "text": item["text"], "removed": [], "actors": [], "quotes": [], "events": events,
            "fact_checks": [], "loaded_language": [], "meta": {}}


def annotated_event(item: dict) -> dict:
    e = item["event"]
    loc = e.get("location")
    lede = item["text"].split("\n")[0]  # the evidence span: the report's opening paragraph
    return {"id": "e1", "type": e["type"], "mode": None, "context": [], "cameo_root": None, "quad_class": None,
            "source": [], "target": [], "source_countries": e["source"], "target_countries": e["target"],
            "issue": e["issue"], "date": {"text": e["date"], "value": e["date"], "precision": "day"},
            "location": dict(loc, lat=None, lon=None, geonameid=None) if loc else None, "modality": "asserted",
            "evidence": {"start": 0, "end": len(lede), "text": lede}, "quote": None, "confidence": 1.0}


def bench_near_duplicates(texts: dict[str, str], pairs: list[dict]) -> None:
    print(f"near-duplicates: {len(pairs)} labelled pairs ({sum(p['near_duplicate'] for p in pairs)} positive); "
          f"thresholds Jaccard >= {dedup.NEAR_JACCARD}, containment >= {dedup.NEAR_CONTAINMENT} "
          f"({dedup.SHINGLE_WORDS}-word shingles, {dedup.NUM_PERM} permutations)")
    counts = {"all": [0, 0, 0], "dev": [0, 0, 0], "heldout": [0, 0, 0]}  # tp, fp, fn
    by_kind: dict[str, list[int]] = {}
    for pair in pairs:
        predicted = _decide(texts[pair["a"]], texts[pair["b"]])
        outcome = [predicted and pair["near_duplicate"], predicted and not pair["near_duplicate"],
                   (not predicted) and pair["near_duplicate"]]
        for split in ("all", pair.get("split", "dev")):
            counts[split] = [c + o for c, o in zip(counts[split], outcome)]
        kind = by_kind.setdefault(pair["kind"], [0, 0])
        kind[0] += predicted
        kind[1] += 1
        if predicted != pair["near_duplicate"]:
            score = text_similarity(texts[pair["a"]], texts[pair["b"]])
            print(f"  miss: {pair['a']} ~ {pair['b']} label={pair['near_duplicate']} score={score:.2f} ({pair['kind']})")
    for kind, (marked, total) in by_kind.items():
        print(f"  {kind}: {marked}/{total} marked as near-duplicates")
    for split, (tp, fp, fn) in counts.items():
        p, r, f = prf(tp, fp, fn)
        verdict = "PASS" if p >= 0.95 and r >= 0.80 else "FAIL"
        print(f"  {split:8} pairs: precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}  (tp={tp} fp={fp} fn={fn})"
              f"  target P>=0.95 R>=0.80: {verdict}")


def _decide(a: str, b: str) -> bool:
    if dedup.exact_key(a) == dedup.exact_key(b):
        return True
    return dedup.is_near_duplicate(dedup.signature(a), dedup.signature(b))[0]


def bench_store_duplicates(stories: list[dict], copies: list[dict], pairs: list[dict]) -> None:
    """The whole set through Store + dedup_store: which labelled pairs end up marked?"""
    items = stories + [dict(c, published=next(s["published"] for s in stories if s["id"] == c["of"])) for c in copies]
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "dedup.db") as store:
        ids = {}
        for item in items:
            ids[item["id"]] = store.write(record(document_id(item["text"]), item, []))
        report = dedup_store(store)
        marked = {frozenset(row) for row in store.conn.execute("SELECT doc_id, duplicate_of FROM duplicates")}
    tp = fp = fn = 0
    for pair in pairs:
        predicted = frozenset((ids[pair["a"]], ids[pair["b"]])) in marked
        tp += predicted and pair["near_duplicate"]
        fp += predicted and not pair["near_duplicate"]
        fn += (not predicted) and pair["near_duplicate"]
    p, r, _ = prf(tp, fp, fn)
    print(f"  store pass over {report.documents} documents: {report.exact_duplicates} exact + {report.near_duplicates} near "
          f"duplicates marked; on the labelled pairs precision {p:.3f} recall {r:.3f}")


def pairwise(clusters: dict[str, int], gold: dict[str, str]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(gold), 2):
        same_gold = gold[a] == gold[b]
        same_pred = clusters.get(a) is not None and clusters.get(a) == clusters.get(b)
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    return prf(tp, fp, fn)


def bench_clustering(stories: list[dict]) -> None:
    gold = {s["id"]: s["story"] for s in stories}
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "stories.db") as store:
        ids = {store.write(record(document_id(s["text"]), s, [annotated_event(s)])): s["id"] for s in stories}
        report = dedup_store(store)
        clusters = {ids[doc]: story for doc, story in store.conn.execute("SELECT doc_id, story_id FROM story_events")}
    print(f"story events (annotated events): {len(stories)} reports of {len(set(gold.values()))} stories -> "
          f"{report.stories} clusters; thresholds: window {dedup.DATE_WINDOW_DAYS} day(s) "
          f"({dedup.PUBLISHED_WINDOW_DAYS} by publication date), overlap >= {dedup.TEXT_OVERLAP}")
    for split in ("all", "dev", "heldout"):
        subset = {k: v for k, v in gold.items()
                  if split == "all" or next(s.get("split", "dev") for s in stories if s["id"] == k) == split}
        p, r, f = pairwise(clusters, subset)
        verdict = "PASS" if f >= 0.8 else "FAIL"
        print(f"  {split:8} ({len(subset)} reports) pairwise precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}"
              f"  target F1>=0.8: {verdict}")


def bench_pipeline(stories: list[dict]) -> None:
    from newsgraph import analyze

    gold = {s["id"]: s["story"] for s in stories}
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "pipeline.db") as store:
        ids = {}
        for s in stories:
            doc = analyze(s["text"], published=s["published"], ref=s["id"])
            ids[store.write(doc)] = s["id"]
        report = dedup_store(store)
        story_sets: dict[str, set[int]] = {}
        for doc, story in store.conn.execute("SELECT doc_id, story_id FROM story_events"):
            story_sets.setdefault(ids[doc], set()).add(story)
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(gold), 2):
        same_gold = gold[a] == gold[b]
        same_pred = bool(story_sets.get(a, set()) & story_sets.get(b, set()))
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    p, r, f = prf(tp, fp, fn)
    print(f"story events (pipeline events, report level): {report.events} events -> {report.stories} clusters; "
          f"{sum(1 for s in gold if s in story_sets)}/{len(gold)} reports have events")
    print(f"  pairwise precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}  (informational)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pipeline", action="store_true", help="also cluster events the pipeline extracts")
    parser.add_argument("--scale", type=int, default=0, help="also time dedup on a generated store of this many events")
    args = parser.parse_args()
    stories, copies, pairs = load("stories.jsonl"), load("copies.jsonl"), load("pairs.jsonl")
    texts = {item["id"]: item["text"] for item in stories + copies}
    bench_near_duplicates(texts, pairs)
    bench_store_duplicates(stories, copies, pairs)
    bench_clustering(stories)
    if args.pipeline:
        bench_pipeline(stories)
    if args.scale:
        bench_scale(args.scale)


def bench_scale(events: int) -> None:
    import time

    from query import build_store  # bench/query.py, beside this script

    with tempfile.TemporaryDirectory() as tmp:
        store = build_store(Path(tmp) / "scale.db", events)
        started = time.perf_counter()
        report = dedup_store(store)
        store.close()
    print(f"scale: dedup of {report.documents} documents / {report.events} events took "
          f"{time.perf_counter() - started:.1f} s ({report.stories} story events, {report.near_duplicates} near duplicates)")


if __name__ == "__main__":
    main()
