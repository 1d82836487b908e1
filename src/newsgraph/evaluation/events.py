"""Sentence-level scoring of PLOVER events against labelled sentences.

Shared by bench/events.py, train/ and the tests so they agree on one rule: a
sentence's predicted types are matched to its gold events (one prediction per
gold event, a gold event's accepted types count), source and target countries
and modality are scored on matched pairs, and the confidence of every
predicted event is checked against whether it matched (calibration error).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

# Old or non-ISO country codes used by coded corpora, to ISO 3166 alpha-3.
CODE_FIXES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "UK": "GBR", "PAL": "PSE"}
IGO_WILDCARD = "IGO"


@dataclass
class GoldEvent:
    types: list[str]  # accepted types, the first one is the coded type
    source: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    modality: str | None = None


@dataclass
class Sentence:
    id: str
    text: str
    events: list[GoldEvent]


def _codes(value) -> list[str]:
    if not value:
        return []
    parts = value if isinstance(value, list) else str(value).split(";")
    return [CODE_FIXES.get(p.strip(), p.strip()) for p in parts if p and p.strip() and p.strip() != "***"]


def load_gsr(path: Path) -> list[Sentence]:
    """The PLOVER GSR: one record per event, grouped here by sentence."""
    by_text: dict[str, Sentence] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        sent = by_text.setdefault(rec["text"], Sentence(rec["id"], rec["text"], []))
        types = [rec["event_type"]] + [t for t in rec.get("event_type_accept") or [] if t != rec["event_type"]]
        sent.events.append(GoldEvent(types, _codes(rec.get("source_country")), _codes(rec.get("target_country"))))
    return list(by_text.values())


def load_own(path: Path) -> list[Sentence]:
    """Our own labelled sentences: {"id","text","events":[{"type","source_country",...}]}."""
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        events = [GoldEvent([e["type"]], _codes(e.get("source_country")), _codes(e.get("target_country")),
                            e.get("modality")) for e in rec.get("events", [])]
        out.append(Sentence(rec["id"], rec["text"], events))
    return out


def country_match(gold: list[str], predicted: list[str], igos: set[str]) -> bool:
    """Every gold code is among the predicted ones; 'IGO' stands for any organisation code."""
    for code in gold:
        if code == IGO_WILDCARD:
            if not any(p in igos or p == IGO_WILDCARD for p in predicted):
                return False
        elif code not in predicted:
            return False
    return True


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    per_type: dict = field(default_factory=dict)  # type -> [tp, fp, fn]
    source_ok: int = 0
    source_n: int = 0
    target_ok: int = 0
    target_n: int = 0
    modality_ok: int = 0
    modality_n: int = 0
    confidences: list = field(default_factory=list)  # (confidence, matched)
    negative_sentences: int = 0
    negative_with_events: int = 0

    def _bump(self, type_: str, slot: int) -> None:
        self.per_type.setdefault(type_, [0, 0, 0])[slot] += 1

    @property
    def micro_f1(self) -> float:
        return _f1(self.tp, self.fp, self.fn)

    @property
    def macro_f1(self) -> float:
        scores = [_f1(*v) for v in self.per_type.values() if v[0] + v[2] > 0]
        return sum(scores) / len(scores) if scores else 0.0

    @property
    def ece(self) -> float:
        return expected_calibration_error(self.confidences)


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def match_events(gold: Sentence, predicted: list[dict], igos: set[str]) -> dict[int, int]:
    """Gold event index -> predicted event index, greedily by confidence."""
    order = sorted(range(len(predicted)), key=lambda i: -predicted[i].get("confidence", 0))
    used: set[int] = set()
    pairs = {}
    for n, g in enumerate(gold.events):
        pick = _best_match(g, predicted, order, used, igos)
        if pick is not None:
            used.add(pick)
            pairs[n] = pick
    return pairs


def score_sentence(scores: Scores, gold: Sentence, predicted: list[dict], igos: set[str]) -> None:
    """predicted: event dicts with type, source_countries, target_countries, modality, confidence."""
    if not gold.events:
        scores.negative_sentences += 1
        scores.negative_with_events += bool(predicted)
    pairs = match_events(gold, predicted, igos)
    for n, g in enumerate(gold.events):
        if n not in pairs:
            scores.fn += 1
            scores._bump(g.types[0], 2)
            continue
        scores.tp += 1
        scores._bump(g.types[0], 0)
        event = predicted[pairs[n]]
        if g.source:
            scores.source_n += 1
            scores.source_ok += country_match(g.source, event.get("source_countries", []), igos)
        if g.target:
            scores.target_n += 1
            scores.target_ok += country_match(g.target, event.get("target_countries", []), igos)
        if g.modality:
            scores.modality_n += 1
            scores.modality_ok += event.get("modality") == g.modality
    matched = set(pairs.values())
    for i, event in enumerate(predicted):
        scores.confidences.append((float(event.get("confidence", 0.5)), i in matched))
        if i not in matched:
            scores.fp += 1
            scores._bump(event["type"], 1)


def _best_match(g: GoldEvent, predicted: list[dict], order: list[int], used: set[int], igos: set[str]):
    """Prefer a same-type prediction whose source matches, then any same-type one."""
    candidates = [i for i in order if i not in used and predicted[i]["type"] in g.types]
    for i in candidates:
        if g.source and country_match(g.source, predicted[i].get("source_countries", []), igos):
            return i
    return candidates[0] if candidates else None


def expected_calibration_error(pairs: list[tuple[float, bool]], bins: int = 10) -> float:
    if not pairs:
        return 0.0
    total, error = len(pairs), 0.0
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = [(c, ok) for c, ok in pairs if low <= c < high or (b == bins - 1 and c == 1.0)]
        if inside:
            conf = sum(c for c, _ in inside) / len(inside)
            acc = sum(ok for _, ok in inside) / len(inside)
            error += len(inside) / total * abs(conf - acc)
    return error
