"""The learned part of the event coder: which PLOVER types a sentence reports.

A one-vs-rest logistic regression over sparse, parse-derived features of a
sentence (lemmas, lemma bigrams, the main verb behind a reporting verb, verb
and object pairs, trigger-lexicon hits). The rules propose events with their
participants; this model says how likely each type is for the sentence, and
a Platt map fitted on held-out folds turns that into the event's confidence.
The weights are a small JSON file trained by `make train` (train/events.py);
inference is plain Python, so scikit-learn is only needed to train.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsgraph.lexicon import words

MODEL_PATH = Path(__file__).resolve().parents[2] / "models" / "event_types.json"
REPORTING = words("speech_verbs", "typer_reporting")  # a main verb the features look behind
KEPT_STOP = words("kept_stopwords", file="events_typing.json")
NAME_ENTITY_TYPES = words("name_entity_types", file="events_typing.json")


def sentence_features(sent, lexicon: dict) -> list[str]:
    """Binary features of one spaCy sentence span; the same function serves training and coding."""
    feats: set[str] = set()
    words = [t for t in sent if not t.is_punct and not t.is_space]
    lemmas = [t.lemma_.lower() for t in words]
    for tok, lemma in zip(words, lemmas):
        if tok.ent_type_ in NAME_ENTITY_TYPES:
            continue  # names and numbers say who and when, not what happened
        if not tok.is_stop or lemma in KEPT_STOP:
            feats.add("w:" + lemma)
    for a, b in zip(lemmas, lemmas[1:]):
        feats.add(f"b:{a}_{b}")
    main = main_verb(sent)
    if main is not None:
        feats.add("main:" + main.lemma_.lower())
        feats.update("main_lex:" + t for t in lexicon_types(main, lexicon))
        if any(c.dep_ == "neg" for c in main.children):
            feats.add("main_neg")
        for child in main.children:
            if child.dep_ in ("aux", "auxpass"):
                feats.add("main_aux:" + child.lemma_.lower())
            if child.dep_ in ("xcomp", "dobj", "ccomp"):
                feats.add(f"main_{child.dep_}:{child.lemma_.lower()}")
                feats.update(f"main_{child.dep_}_lex:{t}" for t in lexicon_types(child, lexicon))
    for tok in words:
        for type_ in lexicon_types(tok, lexicon):
            feats.add("lex:" + type_)
            feats.add(f"lex:{type_}:{tok.lemma_.lower()}")
        if tok.pos_ == "VERB":
            for child in tok.children:
                if child.dep_ in ("dobj", "prt", "prep"):
                    feats.add(f"vo:{tok.lemma_.lower()}_{child.lemma_.lower()}")
    return sorted(feats)


def main_verb(sent):
    """The sentence's root, or the verb a reporting root introduces ("X said Y attacked Z")."""
    root = sent.root
    if root.lemma_.lower() in REPORTING:
        for child in root.children:
            if child.dep_ in ("ccomp", "xcomp") and child.pos_ in ("VERB", "AUX"):
                return child
    return root


def lexicon_types(tok, lexicon: dict) -> list[str]:
    lemma = tok.lemma_.lower()
    table = lexicon["verbs"] if tok.pos_ == "VERB" else lexicon["nouns"] if tok.pos_ == "NOUN" else {}
    return [t for t, words in table.items() if lemma in words or tok.lower_ in words]


@dataclass
class TypeModel:
    classes: list[str]
    weights: dict[str, list[float]]
    bias: list[float]
    platt: tuple[float, ...]  # a * logit(p) + b * strong_rule + d * added_by_model + c
    keep: float  # calibrated confidence an event needs to be kept
    add: float  # type probability that adds an event the rules did not type
    second: float = 1.0  # confidence a second type in one sentence needs (news sentences mostly report one)

    def probabilities(self, features: list[str]) -> dict[str, float]:
        scores = list(self.bias)
        for feat in features:
            row = self.weights.get(feat)
            if row:
                for i, w in enumerate(row):
                    scores[i] += w
        return {c: _sigmoid(s) for c, s in zip(self.classes, scores)}

    def confidence(self, probability: float, strong: bool, added: bool) -> float:
        a, b, d, c = self.platt
        return _sigmoid(a * _logit(probability) + b * float(strong) + d * float(added) + c)

    def one_main_type(self, events: list, strong: list[bool]) -> list:
        """The most confident type stays; other types need `second` confidence or a strong rule."""
        if not events:
            return events
        main = max(events, key=lambda e: e.confidence).type
        return [e for e, s in zip(events, strong) if s or e.type == main or e.confidence >= self.second]

    def to_json(self) -> dict:
        return {"classes": self.classes, "bias": self.bias, "platt": list(self.platt), "keep": self.keep,
                "add": self.add, "second": self.second, "weights": self.weights}

    @classmethod
    def from_json(cls, data: dict) -> "TypeModel":
        return cls(data["classes"], data["weights"], data["bias"], tuple(data["platt"]), data["keep"], data["add"],
                   data.get("second", 1.0))


@lru_cache(maxsize=1)
def load_model(path: str = str(MODEL_PATH)) -> TypeModel | None:
    """The shipped model, or None when it was never trained (the rules then work alone)."""
    file = Path(path)
    if not file.exists():
        return None
    return TypeModel.from_json(json.loads(file.read_text(encoding="utf-8")))


def _sigmoid(x: float) -> float:
    if x < -40:
        return 0.0
    if x > 40:
        return 1.0
    return 1.0 / (1.0 + math.exp(-x))


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))
