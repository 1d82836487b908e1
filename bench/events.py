"""Score the events stage on labelled sentences: development sets apart from the held-out set.

Usage: .venv/bin/python bench/events.py [--gsr PATH] [--only gsr|own|held-out|modality|plv|articles] [--errors N]

Development sets (their figures are development figures; --errors may list their misses):
the PLOVER GSR, the project's own sentences ("own test": read while tuning), the modality
set, and PLV train. Measurement: tests/data/heldout/events/sentences.jsonl, written by an
outside author and frozen; its figures are printed apart and its misses never.

Each sentence goes through the whole pipeline (clean, parse, actors, quotes,
events). Printed per set: event-type micro- and macro-F1 (sentence level, a
gold event's accepted types count), source and target country accuracy and
modality accuracy on matched pairs, calibration error (ECE, 10 bins) of the
event confidences, the share of non-event sentences that still got an event,
and the events stage's share of pipeline time.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsgraph.evaluation.events import Scores, load_gsr, load_own, score_sentence
from newsgraph.nlp.gazetteer import load_data
from newsgraph.ingest.files import document_from_string
from newsgraph.pipeline import process_many

REPO = Path(__file__).resolve().parents[1]
GSR = REPO.parent / "shared" / "data" / "plover-gsr" / "plover_gsr.jsonl"
OWN = REPO / "tests" / "data" / "events"  # development: its old "test" files were read while tuning
HELD_OUT = REPO / "tests" / "data" / "heldout" / "events" / "sentences.jsonl"  # measurement only
ARTICLES = REPO.parent / "shared" / "corpus" / "news" / "wikinews-2019-2020.jsonl"
PLV = REPO.parent / "shared" / "data" / "plv-train" / "plv_train.jsonl"  # development only: read, never copied


def igo_codes() -> set[str]:
    return {o["code"] for o in load_data("igos.json")["organisations"]}


def run(sentences, published: str = "2024-06-15"):
    docs = [document_from_string(s.text, kind="text", ref=s.id, published=published) for s in sentences]
    out, timings = [], {}
    for doc in process_many(docs):
        out.append([{"type": e.type, "source_countries": e.source_countries, "target_countries": e.target_countries,
                     "modality": e.modality, "confidence": e.confidence} for e in doc.events])
        for stage, seconds in doc.work.get("timings", {}).items():
            timings[stage] = timings.get(stage, 0.0) + seconds
    return out, timings


def evaluate(name: str, sentences, errors: int = 0, per_type: bool = False) -> Scores:
    predicted, timings = run(sentences)
    scores, igos, shown = Scores(), igo_codes(), 0
    for gold, pred in zip(sentences, predicted):
        before = (scores.tp, scores.fp)
        score_sentence(scores, gold, pred, igos)
        wrong = scores.fp > before[1] or scores.tp - before[0] < len(gold.events)
        if wrong and shown < errors:
            shown += 1
            print(f"  ! {gold.id}: gold={[g.types[0] + '/' + ','.join(g.source) for g in gold.events]} "
                  f"pred={[p['type'] + '/' + ','.join(p['source_countries']) for p in pred]} | {gold.text[:110]}")
    report(name, scores, timings, per_type)
    return scores


def report(name: str, s: Scores, timings: dict, per_type: bool = False) -> None:
    total = sum(timings.values()) or 1.0
    print(f"{name:<14} n={s.tp + s.fn:<4} micro-F1={s.micro_f1:.3f} macro-F1={s.macro_f1:.3f} "
          f"(tp={s.tp} fp={s.fp} fn={s.fn})")
    print(f"{'':<14} source-country acc={_ratio(s.source_ok, s.source_n)} "
          f"target-country acc={_ratio(s.target_ok, s.target_n)} modality acc={_ratio(s.modality_ok, s.modality_n)} "
          f"ECE={s.ece:.3f}")
    if s.negative_sentences:
        print(f"{'':<14} non-event sentences with an event: {s.negative_with_events}/{s.negative_sentences}")
    print(f"{'':<14} events stage share of pipeline time: {timings.get('events', 0) / total:.1%}")
    if per_type:
        for type_, (tp, fp, fn) in sorted(s.per_type.items()):
            print(f"{'':<16}{type_:<10} F1={2 * tp / max(1, 2 * tp + fp + fn):.2f} tp={tp} fp={fp} fn={fn}")


def _ratio(ok: int, n: int) -> str:
    return f"{ok / n:.3f} ({ok}/{n})" if n else "n/a"


def article_timing(path: Path, limit: int) -> None:
    """The events stage's share of pipeline time on real articles (after one warm-up article)."""
    import json

    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()[:limit + 1] if x.strip()]
    docs = [document_from_string(r.get("text") or r.get("html", ""), ref=r.get("id"), published=r.get("published"))
            for r in lines]
    list(process_many(docs[:1]))  # loads the models, gazetteers and caches once
    timings, events, chars = {}, 0, 0
    for doc in process_many(docs[1:]):
        events += len(doc.events)
        chars += len(doc.text or "")
        for stage, seconds in doc.work.get("timings", {}).items():
            timings[stage] = timings.get(stage, 0.0) + seconds
    total = sum(timings.values()) or 1.0
    shares = " ".join(f"{k}={v / total:.1%}" for k, v in sorted(timings.items(), key=lambda kv: -kv[1]))
    print(f"articles       n={len(docs) - 1} chars={chars} events={events} total={total:.2f}s "
          f"events stage share={timings.get('events', 0) / total:.1%}")
    print(f"{'':<14} {shares}")


def plv(path: Path, errors: int = 0) -> dict:
    """PLV train as a dev set, scored as the PLOVER scorers score it: each sentence's
    top-confidence event type against its accepted types (YIELD: CONCEDE or RETREAT),
    micro-F1 over sentences. On sentences with one row whose type comes out right: how
    often a mention of a predicted source (target) actor overlaps the gold source_text
    (target_text)."""
    import json

    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    by_text: dict[str, list[dict]] = {}
    for row in rows:
        by_text.setdefault(row["text"], []).append(row)
    texts = list(by_text)
    docs = [document_from_string(t, kind="text", ref=f"plv{n}", published="2018-06-15") for n, t in enumerate(texts)]
    tp = fp = fn = 0
    overlap = {"source": [0, 0], "target": [0, 0]}
    confidences, timings, shown = [], {}, 0
    for text, doc in zip(texts, process_many(docs)):
        for stage, seconds in doc.work.get("timings", {}).items():
            timings[stage] = timings.get(stage, 0.0) + seconds
        gold = by_text[text]
        accept = {t for g in gold for t in (g.get("event_type_accept") or [g["event_type"]])}
        top = max(doc.events, key=lambda e: e.confidence) if doc.events else None
        right = top is not None and top.type in accept
        tp, fp, fn = tp + right, fp + (top is not None and not right), fn + (not right)
        if top is not None:
            confidences.append((top.confidence, right))
        if not right and shown < errors:
            shown += 1
            print(f"  ! gold={sorted(accept)} pred={top.type if top else None} | {text[:110]}")
        if right and len(gold) == 1:
            for side in ("source", "target"):
                wanted = gold[0].get(f"{side}_text")
                if wanted:
                    overlap[side][1] += 1
                    overlap[side][0] += _mention_overlaps(doc, getattr(top, side), text, wanted)
    f1 = 2 * tp / max(1, 2 * tp + fp + fn)
    from newsgraph.evaluation.events import expected_calibration_error

    total = sum(timings.values()) or 1.0
    print(f"{'PLV train':<14} n={len(texts):<4} micro-F1={f1:.3f} (tp={tp} fp={fp} fn={fn}) "
          f"ECE(top)={expected_calibration_error(confidences):.3f}")
    print(f"{'':<14} one-row, type right: source overlap={_ratio(*overlap['source'])} "
          f"target overlap={_ratio(*overlap['target'])}")
    print(f"{'':<14} events stage share of pipeline time: {timings.get('events', 0) / total:.1%}")
    return {"micro_f1": f1, "source": overlap["source"], "target": overlap["target"]}


def _mention_overlaps(doc, actor_ids: list[str], text: str, wanted: str) -> bool:
    """A mention of one of the actors overlaps where the gold phrase is written."""
    at = text.lower().find(wanted.lower())
    if at < 0:
        return False
    end = at + len(wanted)
    for actor_id in actor_ids:
        actor = doc.actor(actor_id)
        if actor and any(m.start < end and at < m.end for m in actor.mentions):
            return True
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gsr", type=Path, default=GSR)
    parser.add_argument("--only", choices=["gsr", "own", "held-out", "modality", "articles", "plv"])
    parser.add_argument("--articles", type=Path, default=ARTICLES, help="JSONL of real articles, for timing")
    parser.add_argument("--limit", type=int, default=40, help="articles to time")
    parser.add_argument("--errors", type=int, default=0, help="print up to N wrong sentences per set")
    parser.add_argument("--per-type", action="store_true", help="print F1 per event type")
    args = parser.parse_args(argv)
    if args.only in (None, "gsr"):
        if not args.gsr.exists():
            print(f"error: GSR file not found: {args.gsr}", file=sys.stderr)
            return 2
        evaluate("GSR", load_gsr(args.gsr), args.errors, args.per_type)
    if args.only in (None, "own"):
        own_test = [s for f in ("own_a_test.jsonl", "own_b_test.jsonl") if (OWN / f).exists() for s in load_own(OWN / f)]
        evaluate("own test (dev)", own_test, args.errors, args.per_type)
    if args.only in (None, "held-out") and HELD_OUT.exists():
        evaluate("held-out", load_own(HELD_OUT), errors=0, per_type=args.per_type)  # figures only, never misses
    if args.only in (None, "modality"):
        evaluate("modality set", load_own(OWN / "modality.jsonl"), args.errors)
    if args.only in (None, "plv") and PLV.exists():
        plv(PLV, args.errors)
    if args.only in (None, "articles") and args.articles.exists():
        article_timing(args.articles, args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
