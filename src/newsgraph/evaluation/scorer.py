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
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

__all__ = ["KINDS", "normalise", "score", "format_report", "score_files", "gold_to_prediction"]

KINDS = ("residue", "actors", "quotes", "events", "fact_checks", "loaded_language")
RESIDUE_KEY_CHARS = 30

# Every Unicode "Pd" (dash punctuation) character, plus the minus sign.
_DASHES = (
    "\u058a\u05be\u1400\u1806\u2010\u2011\u2012\u2013\u2014\u2015\u2e17\u2e1a\u2e3a"
    "\u2e3b\u2e40\u2e5d\u301c\u3030\u30a0\ufe31\ufe32\ufe58\ufe63\uff0d\U00010ead\u2212"
)
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2039\u203a\u02bc"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
_STRAIGHTEN = str.maketrans(
    {**{c: "-" for c in _DASHES}, **{c: "'" for c in _SINGLE_QUOTES}, **{c: '"' for c in _DOUBLE_QUOTES}}
)
_WHITESPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w[\w'-]*")


# ---------------------------------------------------------------- normalisation


def _normalise_once(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).translate(_STRAIGHTEN).casefold()
    return _WHITESPACE.sub(" ", s).strip()


@lru_cache(maxsize=8192)
def normalise(s: str) -> str:
    """NFKC, straight quotes, "-" for every dash, one space per whitespace run, casefolded.

    Casefolding can produce characters that NFKC changes again, so the steps repeat
    until the string stops changing; that keeps ``normalise`` idempotent.
    """
    for _ in range(5):
        out = _normalise_once(s)
        if out == s:
            break
        s = out
    return s


def _n(value: Any) -> str:
    """normalise() that treats None (an unknown field) as the empty string."""
    return normalise(value) if isinstance(value, str) else ""


# ---------------------------------------------------------------- counting


def _required(item: dict) -> bool:
    return item.get("required", True) is not False


def _confidence(item: dict) -> float:
    value = item.get("confidence")
    return float(value) if isinstance(value, (int, float)) else 0.0


def _prf(tp: int, n_gold: int, pred_tp: int, n_pred: int) -> dict:
    recall = tp / n_gold if n_gold else 1.0
    if n_pred:
        precision = pred_tp / n_pred
    else:
        precision = 1.0 if n_gold == 0 else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "gold": n_gold, "pred": n_pred, "pred_tp": pred_tp,
            "precision": precision, "recall": recall, "f1": f1}


def _counts(gold: list[dict], gold_hit: set[int], pred_links: list[set[int]]) -> dict:
    """P/R/F1 from which gold items were hit and which gold items each prediction matched.

    A prediction linked only to optional gold items is left out of the precision count.
    """
    required = [i for i, g in enumerate(gold) if _required(g)]
    tp = sum(1 for i in required if i in gold_hit)
    n_pred = pred_tp = 0
    for links in pred_links:
        if any(_required(gold[i]) for i in links):
            n_pred += 1
            pred_tp += 1
        elif not links:
            n_pred += 1
    return _prf(tp, len(required), pred_tp, n_pred)


def _pair_counts(gold: list[dict], n_preds: int, pairs: list[tuple[int, int]]) -> dict:
    links: list[set[int]] = [set() for _ in range(n_preds)]
    for gi, pi in pairs:
        links[pi].add(gi)
    return _counts(gold, {gi for gi, _ in pairs}, links)


def _accuracy(checks: Iterable[bool | None]) -> dict:
    scored = [c for c in checks if c is not None]
    correct = sum(1 for c in scored if c)
    return {"correct": correct, "total": len(scored),
            "accuracy": correct / len(scored) if scored else None}


def _same(field: str) -> Callable[[dict, dict], bool | None]:
    """Check that the prediction's `field` equals the gold one; not scored when gold has none."""
    return lambda g, p: None if g.get(field) is None else _n(g.get(field)) == _n(p.get(field))


def _attribute(gold, preds, pairs, check: Callable[[dict, dict], bool | None]) -> dict:
    """Accuracy of check(gold, pred) over matched required pairs; None means not scored."""
    return _accuracy(check(gold[gi], preds[pi]) for gi, pi in pairs if _required(gold[gi]))


# ---------------------------------------------------------------- matching


def _one_to_one(gold: list[dict], preds: list[dict], rank: Callable[[dict, dict], int | None]):
    """Greedy one-to-one pairs: best rank first, then by prediction confidence.

    rank(gold, pred) is None when they do not match; lower ranks are better matches.
    """
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(preds):
            r = rank(g, p)
            if r is not None:
                candidates.append(((r, -_confidence(p), pi, not _required(g), gi), gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return pairs


def _many_to_one(gold: list[dict], preds: list[dict], matches: Callable[[dict, dict], bool]):
    """Each gold item once; a prediction may take several gold items (a long quote)."""
    gold_order = sorted(range(len(gold)), key=lambda gi: not _required(gold[gi]))
    pred_order = sorted(range(len(preds)), key=lambda pi: -_confidence(preds[pi]))
    used: set[int] = set()
    pairs = []
    for gi in gold_order:
        found = [pi for pi in pred_order if matches(gold[gi], preds[pi])]
        if found:
            pi = next((p for p in found if p not in used), found[0])
            used.add(pi)
            pairs.append((gi, pi))
    return pairs


def _contains_any(haystacks: Iterable[Any], needles: Iterable[Any]) -> bool:
    hay = [_n(h) for h in haystacks]
    wanted = [w for w in map(_n, needles) if w]
    return any(w in h for w in wanted for h in hay)


def _items(record: dict, key: str) -> list[dict]:
    return [x for x in record.get(key) or [] if isinstance(x, dict)]


# ---------------------------------------------------------------- actors


def _last_token(name: str) -> str:
    tokens = _n(name).split()
    return tokens[-1].strip(".,;:'\"") if tokens else ""


def _actor_rank(gold_actor: dict, name: Any, type_: Any) -> int | None:
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
    pairs = _one_to_one(g_actors, p_actors, lambda g, p: _actor_rank(g, p.get("name"), p.get("type")))
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
        return by_text or _actor_rank(gold_actor, name, type_) is not None

    def cue(g, p):
        word = _first_word(g.get("cue"))
        return None if not word else word in _WORD.findall(_n(p.get("cue")))

    def medium(g, p):
        if not g.get("medium"):
            return None
        name, type_ = _pred_actor(pred, p.get("medium"), p.get("medium"))
        return _actor_rank(_gold_actor(gold, g["medium"]), name, type_) is not None

    return _pair_counts(g_quotes, len(p_quotes), pairs), {
        "quotes.speaker": _attribute(g_quotes, p_quotes, pairs, speaker),
        "quotes.cue": _attribute(g_quotes, p_quotes, pairs, cue),
        "quotes.medium": _attribute(g_quotes, p_quotes, pairs, medium),
    }


# ---------------------------------------------------------------- events


def _codes(values: Any) -> set[str]:
    return {_n(v) for v in values or []}


def _needles(g: dict) -> list[str]:
    return ([g["text_contains"]] if g.get("text_contains") else []) + list(g.get("text_contains_any") or [])


def _event_matches(g: dict, p: dict) -> bool:
    if p.get("type") != g.get("type"):
        return False
    evidence = (p.get("evidence") or {}).get("text")
    needles = _needles(g)
    if needles and not _contains_any([evidence, p.get("issue")], needles):
        return False
    return (_codes(g.get("source")) <= _codes(p.get("source_countries"))
            and _codes(g.get("target")) <= _codes(p.get("target_countries")))


def _score_events(gold: dict, pred: dict):
    g_events, p_events = _items(gold, "events"), _items(pred, "events")
    pairs = _one_to_one(g_events, p_events, lambda g, p: 0 if _event_matches(g, p) else None)
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


def _residue_key(g: dict) -> str:
    return _n(g.get("text_starts"))[:RESIDUE_KEY_CHARS]


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


# ---------------------------------------------------------------- perfect prediction (tests)


def _fold(s: str) -> str:
    """Length-preserving fold so that gold strings can be located in the raw text."""
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in s.translate(_STRAIGHTEN))


def _span(text: str, needle: str) -> dict:
    start = _fold(text).find(_fold(needle))
    if start < 0:
        raise ValueError(f"gold string not found in text: {needle!r}")
    return {"start": start, "end": start + len(needle), "text": text[start:start + len(needle)]}


def _residue_of(line: str, residue: list[dict]) -> dict | None:
    """The gold residue entry this raw line is, if any."""
    return next((g for g in residue if _residue_key(g) and _n(line).startswith(_residue_key(g))), None)


def _prediction_actors(gold: dict, text: str) -> list[dict]:
    actors = []
    for i, g in enumerate(_items(gold, "actors")):
        try:
            mentions = [{**_span(text, g["name"]), "via": "name"}]
        except ValueError:  # an actor known only by an alias
            mentions = []
        actors.append({"id": f"a{i}", "name": g["name"], "type": g.get("type", "GROUP"),
                       "country": g.get("country"), "sector": g.get("sector"),
                       "aliases": list(g.get("aliases") or []), "mentions": mentions, "confidence": 1.0})
    return actors


def _prediction_quote(i: int, g: dict, text: str, ids: dict[str, str]) -> dict:
    span = _span(text, g["text_contains"])
    return {"id": f"q{i}", "kind": g.get("kind", "direct"), **span,
            "speaker": ids.get(_n(g.get("speaker"))), "speaker_text": g.get("speaker"),
            "cue": g.get("cue"), "medium": ids.get(_n(g.get("medium"))), "confidence": 1.0}


def _actor_ids(codes: Iterable[str], actors: list[dict]) -> list[str]:
    """For each country code, the first actor of that country (any one is a valid id)."""
    by_country: dict[str, str] = {}
    for actor in actors:
        by_country.setdefault(actor["country"], actor["id"])
    return [by_country[code] for code in codes if code in by_country]


def _prediction_event(i: int, g: dict, text: str, actors: list[dict]) -> dict:
    needles = _needles(g)
    # The first needle present in the text; if none is, _span reports the first one missing.
    needle = next((n for n in needles if _fold(n) in _fold(text)), needles[0])
    hint = g.get("date_given_published_hint")
    location = g.get("location")
    return {"id": f"e{i}", "type": g["type"], "mode": g.get("mode"), "context": [],
            "cameo_root": None, "quad_class": None,
            "source": _actor_ids(g.get("source") or [], actors),
            "target": _actor_ids(g.get("target") or [], actors),
            "source_countries": list(g.get("source") or []),
            "target_countries": list(g.get("target") or []),
            "issue": g.get("issue"),
            "date": {"text": g.get("date_text") or hint, "value": hint, "precision": "day"} if hint else None,
            "location": ({"name": location, "country": None, "lat": None, "lon": None, "geonameid": None}
                         if location else None),
            "modality": g.get("modality", "asserted"), "evidence": _span(text, needle),
            "quote": None, "confidence": 1.0}


def gold_to_prediction(gold: dict, text: str) -> dict:
    """A perfect `newsgraph/1` record for a gold file and its document's raw text.

    Used by tests: it should score 1.0 everywhere and validate against the schema.
    Gold strings are located in the text with a length-preserving fold; a gold string
    that cannot be found raises ValueError, which also catches a broken gold file.
    """
    residue = _items(gold, "residue")
    kept, removed = [], []
    for number, line in enumerate(text.splitlines(), 1):
        entry = _residue_of(line, residue)
        if entry is None:
            kept.append(line)
        else:
            removed.append({"reason": entry.get("reason", "boilerplate"), "text": line, "line": number})
    clean = "\n".join(kept)
    actors = _prediction_actors(gold, clean)
    ids = {_n(a["name"]): a["id"] for a in actors}
    document = gold.get("document")
    return {
        "schema": "newsgraph/1",
        "id": hashlib.sha1(normalise(clean).encode("utf-8")).hexdigest()[:16],
        "source": {"kind": "text", "location": document, "ref": Path(document).stem if document else "gold"},
        "title": None,
        "published": gold.get("published_hint"),
        "published_from": "given" if gold.get("published_hint") else None,
        "language": gold.get("language", "en"),
        "text": clean,
        "removed": removed,
        "actors": actors,
        "quotes": [_prediction_quote(i, g, clean, ids) for i, g in enumerate(_items(gold, "quotes"))],
        "events": [_prediction_event(i, g, clean, actors) for i, g in enumerate(_items(gold, "events"))],
        "fact_checks": [{"claim": g.get("claim_contains", ""), "claimant": None, "verdict": g["verdict"],
                         "by": "article", "evidence": _span(clean, g["text_contains"]), "confidence": 1.0}
                        for g in _items(gold, "fact_checks")],
        "loaded_language": [_span(clean, g["text"]) for g in _items(gold, "loaded_language")],
    }
