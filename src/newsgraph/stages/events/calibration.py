"""How often an event of this kind is right in real articles: the confidence the coder reports.

The type model only reads the sentence; whether an event holds up in running text also
depends on how the rules found it: a verb with its own subject and object, the
sentence's main verb, a party the actors stage knows. A map over a few such facts of
each finished candidate (fitted on the real-news dev articles by
train/calibrate_events.py, never on held-out ones, and chosen there by cross-validation
over articles so that it holds on unseen text) gives the calibrated confidence; below
the threshold chosen on dev the coder abstains. The map file names the facts it uses;
`features` offers more, so the fitting script can compare them.
"""
from __future__ import annotations

import bisect
import math

from newsgraph.lexicon import table, words
from newsgraph.stages.events.candidate import Candidate, Coding
from newsgraph.stages.events.model import lexicon_types, main_verb

CALIBRATION = "events_calibration.json"
LIGHT_VERBS = words("light_verbs", file="events_triggers.json")
LOGIT_BOUND = 40.0


def features(coding: Coding, candidate: Candidate) -> dict[str, float]:
    """The facts a map may weigh, each 0 or 1 except the model's log-odds."""
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
        "source_country": float(bool(event.source_countries)),
        "lexicon_type": float(event.type in lexicon_types(tok, coding.lex)),
        "asserted": float(event.modality == "asserted"),
        "irrealis": float(event.modality in ("negated", "hypothetical", "future")),
        "quoted": float(event.quote is not None),
    }


def _sigmoid(score: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-LOGIT_BOUND, min(LOGIT_BOUND, score))))


def _isotonic(x: float, knots: list[list[float]]) -> float:
    """Piecewise-linear through the fitted (x, rate) knots, flat beyond the ends."""
    xs = [k[0] for k in knots]
    i = bisect.bisect_left(xs, x)
    if i == 0:
        return knots[0][1]
    if i == len(knots):
        return knots[-1][1]
    (x0, y0), (x1, y1) = knots[i - 1], knots[i]
    return y0 if x1 == x0 else y0 + (y1 - y0) * (x - x0) / (x1 - x0)


def confidence(feats: dict[str, float], rules: dict | None = None) -> float:
    """The logistic map over the named facts; an isotonic map, when given, then re-maps its log-odds."""
    rules = rules or table(CALIBRATION)
    weights = rules["weights"]
    score = rules["bias"] + sum(w * feats.get(name, 0.0) for name, w in weights.items())
    if rules.get("isotonic"):
        return min(1.0, max(0.0, _isotonic(score, rules["isotonic"])))
    return _sigmoid(score)


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
