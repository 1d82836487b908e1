"""Train the event type model shipped in src/newsgraph/models/event_types.json.

Usage: .venv/bin/python train/events.py [--with-gsr] [--with-wikinews] [--folds 5] [--seed 13] [--out PATH]

1. Every training sentence goes through the pipeline once (parse, actors, quotes).
2. K-fold: a one-vs-rest logistic regression over the sentence features is fitted
   on K-1 folds; the rule coder then runs on the held-out fold with that model,
   keeping every candidate, so each candidate event gets an out-of-fold type
   probability and a label (did it match a gold event?).
3. A Platt map (logistic regression on logit(p), strong-rule and added-by-model
   flags) is fitted on those out-of-fold candidates, and the keep / add
   thresholds are chosen to maximise out-of-fold micro-F1.
4. The final model is fitted on all training sentences and written as JSON.

Training data: our own labelled sentences (tests/data/events/own_*_train.jsonl and
negatives.jsonl) and real Wikinews sentences labelled for the project by careful reading
(train/data/wikinews_events_*.jsonl, CC BY 2.5; see train/data/README.md) only with
--with-wikinews: with all 1,000 of them the dev cross-validated events F1 was 0.464 against
0.460 without, and the PLOVER GSR fell from 0.723 to 0.691, so the shipped model leaves them out. --with-gsr adds the PLOVER GSR (CC BY-SA 4.0, the PLOVER project /
Open Event Data Alliance) and prints its out-of-fold scores; the model file then
records that it derives from the GSR. Deterministic for a given --seed.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from newsgraph.stages.events.model import MODEL_PATH, TypeModel, sentence_features
from newsgraph.evaluation.events import Scores, load_gsr, load_own, match_events, score_sentence
from newsgraph.stages.events.coder import EventCoder, lexicon
from newsgraph.nlp.gazetteer import load_data
from newsgraph.ingest.files import document_from_string
from newsgraph.pipeline import process_many
from newsgraph.lexicon import plover_types

REPO = Path(__file__).resolve().parents[1]
OWN = REPO / "tests" / "data" / "events"
GSR = REPO.parent / "shared" / "data" / "plover-gsr" / "plover_gsr.jsonl"
TYPES = list(plover_types())
OWN_TRAIN = ["own_a_train.jsonl", "own_b_train.jsonl", "negatives.jsonl"]
WIKINEWS = REPO / "train" / "data"
PUBLISHED = "2025-06-30"
MIN_COUNT = 2


def parsed(sentences):
    docs = [document_from_string(s.text, kind="text", ref=s.id, published=PUBLISHED) for s in sentences]
    return list(process_many(docs))


def fit_types(feature_rows, label_sets, C: float) -> TypeModel:
    counts: dict[str, int] = {}
    for row in feature_rows:
        for f in row:
            counts[f] = counts.get(f, 0) + 1
    vec = DictVectorizer()  # features seen once are noise and bloat the shipped file
    X = vec.fit_transform([{f: 1 for f in row if counts[f] >= MIN_COUNT} for row in feature_rows])
    names = vec.get_feature_names_out()
    weights: dict[str, list[float]] = {}
    bias = []
    columns = []
    for type_ in TYPES:
        y = np.array([type_ in labels for labels in label_sets], dtype=int)
        if y.sum() == 0:
            columns.append(np.zeros(X.shape[1]))
            bias.append(-8.0)
            continue
        clf = LogisticRegression(C=C, max_iter=2000, class_weight=None)
        clf.fit(X, y)
        columns.append(clf.coef_[0])
        bias.append(float(clf.intercept_[0]))
    matrix = np.vstack(columns).T
    for name, row in zip(names, matrix):
        if np.any(np.abs(row) > 0.01):
            weights[str(name)] = [round(float(w), 3) for w in row]
    return TypeModel(TYPES, weights, bias, (1.0, 0.0, 0.0, 0.0), keep=0.0, add=0.2)


def candidates(doc, model: TypeModel):
    """Run the coder with every candidate kept; (event dict, p, strong, added) per candidate."""
    if doc.nlp is None:
        return []
    coder = EventCoder(doc, model)
    coder.run()
    out = []
    for event, p, strong, added in coder.scored:
        out.append(({"type": event.type, "source_countries": event.source_countries,
                     "target_countries": event.target_countries, "modality": event.modality, "confidence": p},
                    p, strong, added))
    return out


def out_of_fold(sentences, docs, features, labels, folds: int, seed: int, C: float, igos):
    order = list(range(len(sentences)))
    random.Random(seed).shuffle(order)
    fold_of = {i: n % folds for n, i in enumerate(order)}
    rows = []  # (sentence index, event dict, p, strong, added, matched)
    for k in range(folds):
        train = [i for i in order if fold_of[i] != k]
        model = fit_types([features[i] for i in train], [labels[i] for i in train], C)
        for i in (i for i in order if fold_of[i] == k):
            cands = candidates(docs[i], model)
            pairs = match_events(sentences[i], [c[0] for c in cands], igos)
            matched = set(pairs.values())
            rows.extend((i, c[0], c[1], c[2], c[3], j in matched) for j, c in enumerate(cands))
    return rows


def _logit(p):
    p = min(max(p, 1e-4), 1 - 1e-4)
    return float(np.log(p / (1 - p)))


def fit_platt(rows) -> tuple[float, float, float, float]:
    X = np.array([[_logit(r[2]), float(r[3]), float(r[4])] for r in rows])
    y = np.array([r[5] for r in rows], dtype=int)
    clf = LogisticRegression(C=10.0, max_iter=1000).fit(X, y)
    a, b, d = (float(v) for v in clf.coef_[0])
    return a, b, d, float(clf.intercept_[0])


def choose_thresholds(rows, sentences, model: TypeModel, igos):
    best = (-1.0, 0.5, 0.5, 1.0)
    for add in (0.2, 0.3, 0.4, 0.5, 0.6):
        for keep in np.arange(0.2, 0.65, 0.05):
            for second in (0.4, 0.5, 0.6, 0.7, 1.01):
                model.keep, model.add, model.second = round(float(keep), 2), add, second
                f1 = decode_scores(rows, sentences, model, igos).micro_f1
                if f1 > best[0] + 1e-9:
                    best = (f1, model.keep, add, second)
    return best


def decode_scores(rows, sentences, model: TypeModel, igos, subset=None) -> Scores:
    """Score the out-of-fold candidates as the runtime would keep them."""
    by_sentence: dict[int, list] = {i: [] for i in range(len(sentences))}
    for i, event, p, strong, added, _ in rows:
        if added and p < model.add:
            continue
        conf = model.confidence(p, strong, added)
        if conf >= model.keep:
            by_sentence[i].append((_Kept(event["type"], conf, event), strong))
    scores = Scores()
    for i, sent in enumerate(sentences):
        if subset is None or i in subset:
            kept = model.one_main_type([k for k, _ in by_sentence[i]], [s for _, s in by_sentence[i]])
            score_sentence(scores, sent, [{**k.event, "confidence": k.confidence} for k in kept], igos)
    return scores


class _Kept:
    def __init__(self, type_, confidence, event):
        self.type, self.confidence, self.event = type_, confidence, event


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--with-gsr", action="store_true")
    parser.add_argument("--with-wikinews", action="store_true", help="also train on the labelled Wikinews sentences")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--C", type=float, default=2.0, help="L2 inverse strength; 2.0 had the best out-of-fold F1 of 0.5, 1, 2, 4")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    random.seed(args.seed)
    np.random.seed(args.seed)
    sentences = [s for f in OWN_TRAIN for s in load_own(OWN / f)]
    n_written = len(sentences)
    wikinews = [] if not args.with_wikinews else sorted(WIKINEWS.glob("wikinews_events_*.jsonl"))
    sentences += [s for f in wikinews for s in load_own(f)]
    n_own = len(sentences)
    if args.with_gsr:
        sentences += load_gsr(GSR)
    print(f"training sentences: {len(sentences)} ({n_written} written, {n_own - n_written} Wikinews)", flush=True)
    docs = parsed(sentences)
    lex = lexicon()
    features = [sentence_features(d.nlp[:], lex) if d.nlp is not None else [] for d in docs]
    print(f"not parsed (language check): {sum(d.nlp is None for d in docs)}", flush=True)
    labels = [{t for g in s.events for t in g.types[:1]} for s in sentences]
    igos = {o["code"] for o in load_data("igos.json")["organisations"]}

    rows = out_of_fold(sentences, docs, features, labels, args.folds, args.seed, args.C, igos)
    model = fit_types(features, labels, args.C)
    model.platt = fit_platt(rows)
    f1, model.keep, model.add, model.second = choose_thresholds(rows, sentences, model, igos)
    print(f"out-of-fold micro-F1 (all training sentences) {f1:.3f}  keep={model.keep:.2f} add={model.add} "
          f"second={model.second}")
    oof = decode_scores(rows, sentences, model, igos)
    print(f"out-of-fold ECE {oof.ece:.3f}  macro-F1 {oof.macro_f1:.3f}")
    if wikinews:
        real = decode_scores(rows, sentences, model, igos, subset=set(range(n_written, n_own)))
        print(f"Wikinews out-of-fold: micro-F1 {real.micro_f1:.3f} macro-F1 {real.macro_f1:.3f}")
    if args.with_gsr:
        gsr = decode_scores(rows, sentences, model, igos, subset=set(range(n_own, len(sentences))))
        print(f"GSR out-of-fold: micro-F1 {gsr.micro_f1:.3f} macro-F1 {gsr.macro_f1:.3f} "
              f"source-country acc {gsr.source_ok / max(1, gsr.source_n):.3f} ECE {gsr.ece:.3f}")
    data = model.to_json()
    data["_source"] = ("Trained by train/events.py on newsgraph's own labelled sentences"
                       + (f" and {n_own - n_written} Wikinews sentences (CC BY 2.5) labelled for newsgraph"
                          if wikinews else "")
                       + (" and the PLOVER GSR (CC BY-SA 4.0, the PLOVER project / Open Event Data Alliance)"
                          if args.with_gsr else "") + f"; seed {args.seed}, {args.folds} folds.")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True), encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB, {len(model.weights)} features)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
