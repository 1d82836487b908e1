"""The event confidence map (stages/events/calibration.py) and the script that fits it."""
from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path

import pytest

import newsgraph
from newsgraph.lexicon import table
from newsgraph.stages.events.calibration import CALIBRATION, confidence

REPO = Path(__file__).resolve().parents[1]


def _script():
    spec = importlib.util.spec_from_file_location("calibrate_events", REPO / "train" / "calibrate_events.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _facts(p: float, **facts: float) -> dict[str, float]:
    base = {name: 0.0 for name in table(CALIBRATION)["features"]}
    base.update(facts)
    base["logit_p"] = math.log(p / (1 - p))
    return base


@pytest.mark.parametrize("target", [0.0, 1.0])
def test_confidence_rises_with_the_typers_score(target):
    scores = [confidence(_facts(p, has_target=target)) for p in (0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99)]
    assert scores == sorted(scores) and scores[0] < scores[-1]


def test_confidence_stays_a_probability():
    for p in (1e-4, 0.5, 1 - 1e-4):
        for target in (0.0, 1.0):
            assert 0.0 <= confidence(_facts(p, has_target=target)) <= 1.0
    steps = {"weights": {"logit_p": 1.0}, "bias": 0.0, "isotonic": [[-1.0, 0.1], [1.0, 0.6]]}
    assert [confidence({"logit_p": x}, steps) for x in (-50.0, 0.0, 50.0)] == pytest.approx([0.1, 0.35, 0.6])


def test_map_file_names_its_training_data_and_features():
    rules = table(CALIBRATION)
    assert "dev" in rules["training_data"] and "realnews" in rules["training_data"]
    assert "held_out" not in rules["training_data"]
    assert rules["features"] == sorted(rules["weights"])
    assert "logit_p" in rules["features"]
    assert rules["cross_validated"]["folds"] >= 2 and 0.0 <= rules["cross_validated"]["ece"] <= 1.0
    assert 0.0 < rules["abstain_below"] < 1.0


def test_a_missing_party_never_raises_confidence():
    """Dev has too few candidates without a source to weigh; a missing target costs confidence."""
    rules = table(CALIBRATION)
    for party in ("has_source", "has_target"):
        assert rules["weights"].get(party, 0.0) >= 0.0
        with_party = confidence(_facts(0.4, **{party: 1.0}))
        without = confidence(_facts(0.4, **{party: 0.0}))
        assert with_party >= without
    if "has_target" in rules["weights"]:
        assert confidence(_facts(0.4, has_target=1.0)) > confidence(_facts(0.4, has_target=0.0))


def test_coded_events_carry_the_maps_confidence():
    doc = newsgraph.analyze("The foreign minister of Chile condemned Peru for the arrest of two fishermen. "
                            "Peru rejected the criticism on Tuesday.", published="2025-05-06")
    assert doc.events
    assert all(0.0 <= e.confidence <= 1.0 for e in doc.events)


def _record(article, p, label, target=0.0, strong=False, rare=0.0):
    return {"article": article, "label": label, "right": int(bool(label)), "strong": strong, "type": "ACCUSE",
            "feats": {"logit_p": math.log(p / (1 - p)), "has_target": target, "quoted": rare}}


def test_rare_facts_are_not_weighed():
    script = _script()
    records = [_record(a % 6, 0.3 + 0.01 * (a % 40), a % 3 == 0, target=float(a % 2), rare=float(a < 3))
               for a in range(120)]
    assert script.supported(records, ["logit_p", "has_target", "quoted"]) == ["logit_p", "has_target"]
    # (fit weighs only supported(...) facts; it needs scikit-learn, the `train` extra, which
    # `make test` does not install)


def test_threshold_keeps_quiet_articles_quiet():
    script = _script()
    # article 0 has no gold event and two confident wrong candidates; article 1 has two right ones
    records = [_record(0, 0.5, 0), _record(0, 0.5, 0), _record(1, 0.6, 1), _record(1, 0.3, 1)]
    scores = [0.42, 0.42, 0.62, 0.32]
    threshold, _ = script.best_threshold(records, scores, wanted=2, quiet=[True, False], most_quiet=1.0)
    assert 0.42 < threshold <= 0.62


def test_choice_is_the_best_f1_within_the_calibration_bound():
    script = _script()
    rows = {script.REFERENCE: {"ece": 0.09, "f1": 0.40, "uses": ["a", "b", "c"]},
            "calibrated, weak": {"ece": 0.01, "f1": 0.30, "uses": ["a"]},
            "good": {"ece": 0.05, "f1": 0.35, "uses": ["a", "b"]},
            "as good, lower ece": {"ece": 0.03, "f1": 0.3501, "uses": ["a", "b", "c"]},
            "best f1, miscalibrated": {"ece": 0.07, "f1": 0.39, "uses": ["a"]}}
    assert script.choose(rows, script.REFERENCE) == "as good, lower ece"  # the same F1 to 3 decimals
    del rows["as good, lower ece"]
    assert script.choose(rows, script.REFERENCE) == "good"
    assert script.choose({"x": {"ece": 0.2, "f1": 0.3, "uses": []}, "y": {"ece": 0.1, "f1": 0.2, "uses": []}},
                         "x") == "y"  # none within the bound: the best calibrated