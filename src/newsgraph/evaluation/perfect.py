"""The perfect prediction: a `newsgraph/1` record built from a gold file, for tests.

It should score 1.0 on every kind and validate against the schema, so it checks the
scorer and the gold files at once. Standard library only, like scorer.py.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable

from newsgraph.evaluation.matching import STRAIGHTEN, items, needles, norm, normalise, residue_key


def _fold(s: str) -> str:
    """Length-preserving fold so that gold strings can be located in the raw text."""
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in s.translate(STRAIGHTEN))


def _span(text: str, needle: str) -> dict:
    start = _fold(text).find(_fold(needle))
    if start < 0:
        raise ValueError(f"gold string not found in text: {needle!r}")
    return {"start": start, "end": start + len(needle), "text": text[start:start + len(needle)]}


def _residue_of(line: str, residue: list[dict]) -> dict | None:
    """The gold residue entry this raw line is, if any."""
    return next((g for g in residue if residue_key(g) and norm(line).startswith(residue_key(g))), None)


def _prediction_actors(gold: dict, text: str) -> list[dict]:
    actors = []
    for i, g in enumerate(items(gold, "actors")):
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
            "speaker": ids.get(norm(g.get("speaker"))), "speaker_text": g.get("speaker"),
            "cue": g.get("cue"), "medium": ids.get(norm(g.get("medium"))), "confidence": 1.0}


def _actor_ids(codes: Iterable[str], actors: list[dict]) -> list[str]:
    """For each country code, the first actor of that country (any one is a valid id)."""
    by_country: dict[str, str] = {}
    for actor in actors:
        by_country.setdefault(actor["country"], actor["id"])
    return [by_country[code] for code in codes if code in by_country]


def _prediction_event(i: int, g: dict, text: str, actors: list[dict]) -> dict:
    wanted = needles(g)
    # The first needle present in the text; if none is, _span reports the first one missing.
    needle = next((n for n in wanted if _fold(n) in _fold(text)), wanted[0])
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
    residue = items(gold, "residue")
    kept, removed = [], []
    for number, line in enumerate(text.splitlines(), 1):
        entry = _residue_of(line, residue)
        if entry is None:
            kept.append(line)
        else:
            removed.append({"reason": entry.get("reason", "boilerplate"), "text": line, "line": number})
    clean = "\n".join(kept)
    actors = _prediction_actors(gold, clean)
    ids = {norm(a["name"]): a["id"] for a in actors}
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
        "quotes": [_prediction_quote(i, g, clean, ids) for i, g in enumerate(items(gold, "quotes"))],
        "events": [_prediction_event(i, g, clean, actors) for i, g in enumerate(items(gold, "events"))],
        "fact_checks": [{"claim": g.get("claim_contains", ""), "claimant": None, "verdict": g["verdict"],
                         "by": "article", "evidence": _span(clean, g["text_contains"]), "confidence": 1.0}
                        for g in items(gold, "fact_checks")],
        "loaded_language": [_span(clean, g["text"]) for g in items(gold, "loaded_language")],
    }
