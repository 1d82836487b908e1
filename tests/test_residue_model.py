"""The learned residue back-up: catches residue the rules miss, keeps article lines."""
from __future__ import annotations

import pytest

from newsgraph.ingest import residue_model
from newsgraph.ingest.clean import classify_line, clean_lines
from newsgraph.ingest.residue_model import features, load_model

BEFORE = ("The regional council approved the new budget on Tuesday after a long debate, with eleven "
          "members voting in favour and four against the proposal.")
AFTER = ("The plan includes funding for three new schools and the repair of the coastal road, which "
         "was damaged in the storms last winter.")
# Residue kinds no rule of data/residue.json covers (checked below with classify_line).
UNRULED_RESIDUE = ["Tap here to get breaking news alerts on your phone",
                   "Keep up with the latest from Westmere"]
ARTICLE_LINES = ['"We are delighted," the mayor said.',
                 '"It is a sad day for the town," he told reporters.',
                 "WESTMERE, March 3 (Gazette Wire) — Councillors voted on Tuesday to close two libraries.",
                 "The bridge reopened on Friday.",
                 "The results will be announced on Monday.",
                 "She joined the company in 2004.",
                 "Police are appealing for witnesses."]


def _article(middle: str) -> list[str]:
    return [BEFORE, BEFORE, middle, AFTER, AFTER]


@pytest.mark.parametrize("line", UNRULED_RESIDUE)
def test_residue_no_rule_covers_is_removed_with_the_models_reason(line):
    assert classify_line(line) is None  # the rules alone keep it
    kept, removed = clean_lines(_article(line))
    assert line not in kept
    assert [r.line for r in removed] == [3]
    assert removed[0].reason == "boilerplate"  # one of the contract's six kinds
    assert clean_lines(_article(line), learned=False)[1] == []  # the model, not a rule, removed it
    assert load_model().probability(line, BEFORE, AFTER, 2, 5) >= load_model().threshold


@pytest.mark.parametrize("line", ARTICLE_LINES)
def test_article_sentences_quotes_and_datelines_are_kept(line):
    kept, removed = clean_lines(_article(line))
    assert line in kept
    assert removed == []


def test_switched_off_the_rules_alone_keep_the_line(monkeypatch):
    monkeypatch.setattr(residue_model, "ENABLED", False)
    kept, removed = clean_lines(_article(UNRULED_RESIDUE[0]))
    assert UNRULED_RESIDUE[0] in kept and removed == []


def test_long_lines_are_left_to_the_rules():
    model = load_model()
    long_line = "Tap here to get breaking news alerts on your phone " * 5
    assert len(long_line.strip()) > model.max_chars
    kept, _ = clean_lines(_article(long_line))
    assert long_line.strip() in kept


def test_model_file_loads_and_names_its_training_data():
    model = load_model()
    assert 0.5 < model.threshold < 1.0
    assert model.weights.shape == (model.size,) and model.size & (model.size - 1) == 0
    assert model.weights.any()
    named = " ".join(model.trained_on)
    assert "residue_dev" in named and "Wikinews" in named
    assert "heldout" not in named


def test_features_are_stable_and_see_the_neighbours():
    one = features("Share this", prev=BEFORE, next_=AFTER, index=2, count=5)
    assert one == features("Share this", prev=BEFORE, next_=AFTER, index=2, count=5)
    assert "first" in features("Share this", index=0, count=5)
    assert residue_model.hashed(["wshare"], 1024) == residue_model.hashed(["wshare"], 1024)


@pytest.mark.parametrize("line", UNRULED_RESIDUE)
def test_a_text_too_short_to_have_furniture_keeps_its_lines(line):
    """One or two lines are the whole input: the model, which learned residue around an
    article, does not judge them (a one-line text once came out empty)."""
    assert clean_lines([line])[0] == [line]
    assert clean_lines([line, BEFORE])[0] == [line, BEFORE]


def test_the_model_never_takes_the_last_article_lines():
    lines = UNRULED_RESIDUE[:3]
    kept, removed = clean_lines(lines)
    assert kept == lines and removed == []
