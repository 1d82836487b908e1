"""Modality of an event from its trigger's clause, on hand-made sentences and our modality set."""
from __future__ import annotations

import json

import pytest

from newsgraph.stages.events.modality import commitment, modality_of
from newsgraph.nlp.parse import load_nlp

from conftest import DATA
from floors import at_least


def _trigger(text: str, word: str):
    doc = load_nlp()(text)
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize("text, word, expected", [
    ("Thai troops did not fire across the border into Cambodia overnight.", "fire", "negated"),
    ("The Sudanese army denied that its warplanes had bombed a camp in North Darfur.", "bombed", "negated"),
    ("No humanitarian convoys have reached El Fasher since Friday.", "convoys", "negated"),
    ("Iran warned it would retaliate should Israel strike its nuclear facilities.", "strike", "hypothetical"),
    ("If no deal is reached, M23 rebels could resume fighting within days.", "resume", "hypothetical"),
    ("Ukraine and Russia are set to exchange prisoners of war later this week.", "exchange", "future"),
    ("Finland will close its last border crossing with Russia at midnight.", "close", "future"),
    ("Dates for a new round of talks between Armenia and Azerbaijan are being discussed.", "talks", "future"),
    ("The United States and the Taliban signed the Doha agreement in February 2020.", "signed", "historical"),
    ("Kuwait commemorated the victims of the 1990 Iraqi invasion.", "invasion", "historical"),
    ("Turkish drones struck Kurdish militant positions in northern Iraq overnight.", "struck", "asserted"),
    ("Georgian police detained protesters during Sunday's rally in Tbilisi.", "rally", "asserted"),
])
def test_modality_cases(text, word, expected):
    tok = _trigger(text, word)
    assert modality_of(tok, tok.sent, 2025) == expected


def test_commitment_but_not_a_schedule():
    assert commitment(_trigger("India will back Brazil's bid for a permanent seat.", "back"))
    assert commitment(_trigger("Qatar offered to mediate between Rwanda and Congo.", "mediate"))
    assert not commitment(_trigger("Kenya is expected to sign a trade agreement with the EU.", "sign"))
    assert not commitment(_trigger("India did not back Brazil's bid.", "back"))


def test_modality_set_accuracy_floor():
    """Every labelled event of tests/data/events/modality.jsonl, judged at its trigger."""
    rows = [json.loads(x) for x in (DATA / "events" / "modality.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    assert len(rows) >= 80
    docs = load_nlp().pipe(r["text"] for r in rows)
    right = total = 0
    for row, doc in zip(rows, docs):
        for event in row["events"]:
            at = row["text"].find(event["trigger"])
            span = doc.char_span(at, at + len(event["trigger"]), alignment_mode="expand")
            tok = span.root
            total += 1
            right += modality_of(tok, tok.sent, 2025, event["type"]) == event["modality"]
    assert total >= 150
    at_least("modality.set_accuracy", right / total)


def test_a_noun_event_said_to_be_planned_later_in_its_clause_is_future():
    """The words after a noun event, not the parse: "X for/of ... is (now) being <plan verb>"."""
    from newsgraph.stages.events.modality import _planned_later_in_clause

    planned = load_nlp()("A meeting of the two coastal states on fishing quotas is now being arranged, aides said.")
    held = load_nlp()("A meeting of the two coastal states on fishing quotas was held, aides said; more are being arranged.")
    assert _planned_later_in_clause(next(t for t in planned if t.text == "meeting"))
    assert not _planned_later_in_clause(next(t for t in held if t.text == "meeting"))
