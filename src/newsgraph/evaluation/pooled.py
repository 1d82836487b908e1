"""Score many articles at once: each record against its gold file, then pooled per kind.

Pooling adds up the counts (matched gold items, gold items, matched predictions,
predictions) over the articles before precision and recall are taken, so a long
article weighs by its items, not as one article; attributes are pooled the same way.
The mean F1 is taken over the kinds, from the pooled figures.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsgraph.evaluation.scorer import KINDS, score

SCORED_KINDS = ("residue", "actors", "quotes", "events")  # fact checks and loaded language are rare and shown apart
ATTRIBUTES = ("actors.country", "actors.sector", "quotes.speaker", "quotes.cue", "quotes.medium",
              "events.mode", "events.modality", "events.date", "events.location")


def gold_files(folder: Path, documents: Iterable[str]) -> Iterator[tuple[dict, Path]]:
    """(gold, text path) for each listed document that has a gold file."""
    for name in documents:
        text = folder / name
        gold_path = text.with_name(text.name.removesuffix(".txt") + ".gold.json")
        if gold_path.exists():
            yield json.loads(gold_path.read_text(encoding="utf-8")), text


def analyse_gold(folder: Path, documents: Iterable[str], pipeline=None) -> list[tuple[dict, dict]]:
    """Run the pipeline over the listed documents, each with its gold `published_hint`."""
    from newsgraph.ingest.files import document_from_string
    from newsgraph.pipeline import Pipeline

    pipeline = pipeline or Pipeline()
    pairs = list(gold_files(folder, documents))
    docs = [document_from_string(path.read_text(encoding="utf-8"), kind="text", location=str(path),
                                 ref=path.stem, published=gold.get("published_hint")) for gold, path in pairs]
    out = []
    for (gold, _), result in zip(pairs, pipeline.run_many(docs)):
        if isinstance(result, Exception):
            raise result
        out.append((gold, result.to_dict()))
    return out


def _prf(tp: int, gold: int, pred_tp: int, pred: int) -> dict:
    recall = tp / gold if gold else 1.0
    precision = pred_tp / pred if pred else (1.0 if gold == 0 else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "gold": gold, "pred_tp": pred_tp, "pred": pred,
            "precision": precision, "recall": recall, "f1": f1}


def pool(scored: list[dict]) -> dict:
    """Pooled figures over per-article `score()` results."""
    out: dict = {"articles": len(scored)}
    for kind in KINDS:
        rows = [r[kind] for r in scored if kind in r]
        if rows:
            out[kind] = _prf(*(sum(r[k] for r in rows) for k in ("tp", "gold", "pred_tp", "pred")))
    for name in ATTRIBUTES:
        correct = sum(r[name]["correct"] for r in scored if name in r)
        total = sum(r[name]["total"] for r in scored if name in r)
        out[name] = {"correct": correct, "total": total, "accuracy": correct / total if total else None}
    f1s = [out[k]["f1"] for k in SCORED_KINDS if k in out]
    out["mean_f1"] = sum(f1s) / len(f1s) if f1s else 0.0
    return out


def score_split(folder: Path, documents: Iterable[str], pipeline=None) -> dict:
    """Analyse and score the listed documents; pooled figures plus events per article without gold events."""
    pairs = analyse_gold(folder, documents, pipeline)
    pooled = pool([score(gold, record) for gold, record in pairs])
    quiet = [record for gold, record in pairs if not any(e.get("required", True) for e in gold.get("events", []))]
    pooled["events_per_quiet_article"] = (sum(len(r["events"]) for r in quiet) / len(quiet)) if quiet else None
    pooled["quiet_articles"] = len(quiet)
    return pooled
