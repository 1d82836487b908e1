"""Score a ``newsgraph/1`` record against a hand-made gold file.

The rules live in ``shared/eval/README.md``; this module implements them with the
standard library only, so the scorer runs without any NLP model installed.

Choices the README leaves open, fixed here:

* **Residue precision.** Recall follows the README (a gold residue line is found when
  no line of the predicted ``text`` contains its first 30 normalised characters).
  Precision looks at what the prediction says it removed: a ``removed`` entry is a
  true positive when its normalised text *starts with* the first 30 normalised
  characters of some required gold residue; precision is those entries over all
  ``removed`` entries (entries matching only optional residue are left out).
* **Zero counts.** Recall with no required gold items is 1.0 (nothing to find).
  Precision with no counted predictions is 1.0 when there is no required gold item
  either, else 0.0. So an empty prediction against a non-empty gold scores 0, and an
  empty prediction against an all-optional gold scores 1.
* **Optional items** (``"required": false``) count in neither recall nor precision,
  and their attributes are not scored: a system is neither rewarded nor punished.
* **Greedy matching.** Events, fact checks and loaded language are matched one to
  one, predictions taken by confidence (highest first), each taking the first free
  gold item it matches, required items before optional ones. Actors are matched one
  to one as well, but exact name matches are taken before alias matches and alias
  matches before last-token matches, so that an actor named like another actor's
  alias ("Kyiv" beside "Ukraine") does not steal it. Quotes are many to one: each
  gold quote is matched once, preferring a prediction not yet used.
* **Attributes** are scored on matched required pairs, only where the gold gives the
  attribute; the event date only when the prediction's ``published`` equals the
  gold ``published_hint``.

Layout: normalisation, pairing and counting are in ``matching.py``, the perfect
prediction the tests build from a gold file in ``perfect.py``; this module scores each
kind and is the public face. It imports only the standard library and those two
siblings, by absolute name, so it also works when loaded by path.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# Short private aliases keep the per-kind scorers readable.
from newsgraph.evaluation.matching import (
    WORD as _WORD,
    attribute as _attribute,
    contains_any as _contains_any,
    counts as _counts,
    items as _items,
    many_to_one as _many_to_one,
    needles as _needles,
    norm as _n,
    normalise,
    one_to_one as _one_to_one,
    pair_counts as _pair_counts,
    required as _required,
    residue_key as _residue_key,
    same as _same,
)
from newsgraph.evaluation.perfect import gold_to_prediction

__all__ = ["KINDS", "actor_rank", "normalise", "score", "format_report", "score_files", "gold_to_prediction"]

KINDS = ("residue", "actors", "quotes", "events", "fact_checks", "loaded_language")


# ---------------------------------------------------------------- actors


def _last_token(name: str) -> str:
    tokens = _n(name).split()
    return tokens[-1].strip(".,;:'\"") if tokens else ""


def actor_rank(gold_actor: dict, name: Any, type_: Any) -> int | None:
    """0 exact name, 1 gold alias, 2 same last token (both PERSON), None no match."""
    pred_name = _n(name)
    if not pred_name:
        return None
    if pred_name == _n(gold_actor.get("name")):
        return 0
    if pred_name in {_n(a) for a in gold_actor.get("aliases") or []}:
        return 1
    both_person = type_ == "PERSON" and gold_actor.get("type") == "PERSON"
    if both_person and _last_token(name) == _last_token(gold_actor.get("name")):
        return 2
    return None


def _score_actors(gold: dict, pred: dict):
    g_actors, p_actors = _items(gold, "actors"), _items(pred, "actors")
    pairs = _one_to_one(g_actors, p_actors, lambda g, p: actor_rank(g, p.get("name"), p.get("type")))
    return _pair_counts(g_actors, len(p_actors), pairs), {
        "actors.country": _attribute(g_actors, p_actors, pairs, _same("country")),
        "actors.sector": _attribute(g_actors, p_actors, pairs, _same("sector")),
    }


# ---------------------------------------------------------------- quotes


def _gold_actor(gold: dict, name: str) -> dict:
    """The gold actor entry called `name` (for its aliases and type), else a bare one."""
    for actor in _items(gold, "actors"):
        if _n(actor.get("name")) == _n(name):
            return actor
    return {"name": name}


def _pred_actor(pred: dict, ref: Any, fallback_text: Any) -> tuple[Any, Any]:
    """(name, type) of the predicted actor with id `ref`, else the fallback text untyped."""
    for actor in _items(pred, "actors"):
        if ref is not None and actor.get("id") == ref:
            return actor.get("name"), actor.get("type")
    return fallback_text, None


def _first_word(s: Any) -> str:
    words = _WORD.findall(_n(s))
    return words[0] if words else ""


def _score_quotes(gold: dict, pred: dict):
    g_quotes, p_quotes = _items(gold, "quotes"), _items(pred, "quotes")
    pairs = _many_to_one(g_quotes, p_quotes, lambda g, p: _contains_any([p.get("text")], [g.get("text_contains")]))

    def speaker(g, p):
        if not g.get("speaker"):
            return None
        # The speaker actor, or the speaker as written ("Ukrainian officials" is
        # a speaker even where its actor is the country it speaks for).
        gold_actor = _gold_actor(gold, g["speaker"])
        name, type_ = _pred_actor(pred, p.get("speaker"), p.get("speaker_text"))
        by_text = _n(p.get("speaker_text")) == _n(gold_actor.get("name"))
        return by_text or actor_rank(gold_actor, name, type_) is not None

    def cue(g, p):
        word = _first_word(g.get("cue"))
        return None if not word else word in _WORD.findall(_n(p.get("cue")))

    def medium(g, p):
        if not g.get("medium"):
            return None
        name, type_ = _pred_actor(pred, p.get("medium"), p.get("medium"))
        return actor_rank(_gold_actor(gold, g["medium"]), name, type_) is not None

    return _pair_counts(g_quotes, len(p_quotes), pairs), {
        "quotes.speaker": _attribute(g_quotes, p_quotes, pairs, speaker),
        "quotes.cue": _attribute(g_quotes, p_quotes, pairs, cue),
        "quotes.medium": _attribute(g_quotes, p_quotes, pairs, medium),
    }


# ---------------------------------------------------------------- events


def _codes(values: Any) -> set[str]:
    return {_n(v) for v in values or []}


def _event_matches(g: dict, p: dict) -> bool:
    if p.get("type") != g.get("type"):
        return False
    evidence = (p.get("evidence") or {}).get("text")
    needles = _needles(g)
    if needles and not _contains_any([evidence, p.get("issue")], needles):
        return False
    return (_codes(g.get("source")) <= _codes(p.get("source_countries"))
            and _codes(g.get("target")) <= _codes(p.get("target_countries")))


def event_pairs(g_events: list[dict], p_events: list[dict]) -> list[tuple[int, int]]:
    """(gold index, predicted index) of the events that match, one to one, as the scorer pairs them."""
    return _one_to_one(g_events, p_events, lambda g, p: 0 if _event_matches(g, p) else None)


def _score_events(gold: dict, pred: dict):
    g_events, p_events = _items(gold, "events"), _items(pred, "events")
    pairs = event_pairs(g_events, p_events)
    same_published = pred.get("published") is not None and pred.get("published") == gold.get("published_hint")

    def location(g, p):
        return None if g.get("location") is None else _n(g["location"]) == _n((p.get("location") or {}).get("name"))

    def date(g, p):
        hint = g.get("date_given_published_hint")
        return None if hint is None or not same_published else (p.get("date") or {}).get("value") == hint

    return _pair_counts(g_events, len(p_events), pairs), {
        "events.mode": _attribute(g_events, p_events, pairs, _same("mode")),
        "events.modality": _attribute(g_events, p_events, pairs, _same("modality")),
        "events.location": _attribute(g_events, p_events, pairs, location),
        "events.date": _attribute(g_events, p_events, pairs, date),
    }


# ---------------------------------------------------------------- fact checks, loaded language


def _score_fact_checks(gold: dict, pred: dict):
    g_checks, p_checks = _items(gold, "fact_checks"), _items(pred, "fact_checks")

    def rank(g, p):
        evidence = (p.get("evidence") or {}).get("text")
        ok = _contains_any([evidence], [g.get("text_contains")]) and _contains_any([p.get("claim")], [g.get("claim_contains")])
        return 0 if ok else None

    pairs = _one_to_one(g_checks, p_checks, rank)
    return _pair_counts(g_checks, len(p_checks), pairs), {
        "fact_checks.verdict": _attribute(g_checks, p_checks, pairs, _same("verdict")),
    }


def _score_loaded_language(gold: dict, pred: dict):
    g_items, p_items = _items(gold, "loaded_language"), _items(pred, "loaded_language")
    pairs = _one_to_one(g_items, p_items, lambda g, p: 0 if _contains_any([p.get("text")], [g.get("text")]) else None)
    return _pair_counts(g_items, len(p_items), pairs), {}


# ---------------------------------------------------------------- residue


def _score_residue(gold: dict, pred: dict):
    g_residue = _items(gold, "residue")
    # A sentence containing the key lies inside one line, and a key that spans a
    # sentence break is still residue left in the line, so whole lines are checked.
    lines = [_n(line) for line in (pred.get("text") or "").splitlines()]
    keys = [_residue_key(g) for g in g_residue]
    found = {i for i, key in enumerate(keys) if key and not any(key in line for line in lines)}
    links = [{i for i, key in enumerate(keys) if key and _n(r.get("text")).startswith(key)}
             for r in _items(pred, "removed")]
    return _counts(g_residue, found, links), {}


_SCORERS = {
    "residue": _score_residue,
    "actors": _score_actors,
    "quotes": _score_quotes,
    "events": _score_events,
    "fact_checks": _score_fact_checks,
    "loaded_language": _score_loaded_language,
}


# ---------------------------------------------------------------- public API


def score(gold: dict, pred: dict) -> dict:
    """Score one prediction against one gold file.

    Returns, for each kind the gold file has, {"tp", "gold", "pred", "pred_tp",
    "precision", "recall", "f1"} (tp counts matched required gold items, pred_tp
    matched predictions), attribute accuracies under keys such as "events.mode" as
    {"correct", "total", "accuracy"} (accuracy None when nothing was scored), and
    "mean_f1" over the kinds scored.
    """
    result: dict[str, Any] = {}
    for kind in KINDS:
        if kind in gold:
            counts, attributes = _SCORERS[kind](gold, pred)
            result[kind] = counts
            result.update(attributes)
    f1s = [result[kind]["f1"] for kind in KINDS if kind in result]
    result["mean_f1"] = sum(f1s) / len(f1s) if f1s else 0.0
    return result


def format_report(result: dict) -> str:
    """One line per kind, one per attribute, and last `SCORE mean_f1=...`."""
    lines = []
    for key, value in result.items():
        if key in KINDS:
            lines.append(f"{key:<20} P={value['precision']:.3f} R={value['recall']:.3f} "
                         f"F1={value['f1']:.3f} ({value['tp']}/{value['gold']}/{value['pred']})")
    for key, value in result.items():
        if "." in key:
            accuracy = "n/a" if value["accuracy"] is None else f"{value['accuracy']:.3f}"
            lines.append(f"{key:<20} acc={accuracy} ({value['correct']}/{value['total']})")
    lines.append(f"SCORE mean_f1={result['mean_f1']:.3f}")
    return "\n".join(lines)


def _load_records(path: Path) -> list[dict]:
    """A JSON object, a JSON list of objects, or JSON Lines."""
    raw = path.read_text(encoding="utf-8")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        data = [json.loads(line) for line in raw.splitlines() if line.strip()]
    records = [data] if isinstance(data, dict) else [r for r in data if isinstance(r, dict)]
    if not records:
        raise ValueError(f"no prediction record in {path}")
    return records


def _select_record(records: list[dict], document: str | None) -> dict:
    """The record whose source ref or location names the gold document, else the first."""
    if document:
        wanted = {document, Path(document).stem}
        for record in records:
            source = record.get("source") or {}
            location = source.get("location")
            names = {source.get("ref")} | ({Path(location).name, Path(location).stem} if location else set())
            if names & wanted:
                return record
    return records[0]


def score_files(gold_path: str | Path, pred_path: str | Path) -> dict:
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    pred = _select_record(_load_records(Path(pred_path)), gold.get("document"))
    return score(gold, pred)
