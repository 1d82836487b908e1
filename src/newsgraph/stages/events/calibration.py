"""How often an event of this kind is right in real articles: the confidence the coder reports.

The type model only reads the sentence; whether an event holds up in running text also
depends on how the rules found it: a verb with its own subject and object, the
sentence's main verb, a party the actors stage knows. A logistic map over a few such
facts of each finished candidate (fitted on the real-news dev articles by
train/calibrate_events.py, never on held-out ones) gives the calibrated confidence;
below the threshold chosen on dev the coder abstains.
"""
from __future__ import annotations

import math

from newsgraph.lexicon import table, words
from newsgraph.stages.events.candidate import Candidate, Coding
from newsgraph.stages.events.model import lexicon_types, main_verb

CALIBRATION = "events_calibration.json"
LIGHT_VERBS = words("light_verbs", file="events_triggers.json")


def features(coding: Coding, candidate: Candidate) -> dict[str, float]:
    """The facts the map weighs, each 0 or 1 except the model's log-odds."""
    event, tok = candidate.event, candidate.trigger
    p = min(max(candidate.p, 1e-4), 1 - 1e-4)
    return {
        "logit_p": math.log(p / (1 - p)),
        "strong": float(candidate.strong),
        "added": float(candidate.added),
        "sentence_top": float(candidate.sentence_top),
        "verb": float(tok.pos_ == "VERB"),
        "light_verb_noun": float(tok.pos_ == "NOUN" and tok.dep_ == "dobj" and tok.head.lemma_.lower() in LIGHT_VERBS),
        "main_verb": float(main_verb(tok.sent).i == tok.i),
        "has_source": float(bool(event.source)),
        "has_target": float(bool(event.target)),
        "lexicon_type": float(event.type in lexicon_types(tok, coding.lex)),
        "asserted": float(event.modality == "asserted"),
        "quoted": float(event.quote is not None),
    }


def confidence(feats: dict[str, float], rules: dict | None = None) -> float:
    rules = rules or table(CALIBRATION)
    weights = rules["weights"]
    score = rules["bias"] + sum(weights.get(name, 0.0) * value for name, value in feats.items())
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, score))))


def calibrate(coding: Coding, candidates: list[Candidate]) -> list[Candidate]:
    """Each candidate with its calibrated confidence; those under the threshold are dropped,
    except a strong speech pattern (a said demand or refusal), precise on its syntax alone
    and too rare in the dev articles for the map to judge."""
    rules = table(CALIBRATION)
    out = []
    for candidate in candidates:
        candidate.event.confidence = round(confidence(features(coding, candidate), rules), 4)
        if candidate.strong or candidate.event.confidence >= rules["abstain_below"]:
            out.append(candidate)
    return out


def permissive() -> dict:
    """The typer's thresholds while the map decides: kept as loose as the calibration file says."""
    rules = table(CALIBRATION)
    return {"keep": rules.get("typer_keep"), "second": rules.get("typer_second")}
