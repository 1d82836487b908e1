"""Checks of the labelled data itself, kept apart from the tests of the code.

Every gold set stays usable: its strings are found in its texts, and a perfect
prediction built from a gold file scores 1.0.
"""
from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"
COREF = DATA / "gold" / "coref"
REALNEWS = DATA / "realnews"


@lru_cache(maxsize=1)
def realnews_check():
    """The folder's own checker (annotators run it by hand), loaded under a name of its own:
    other gold folders have a check.py too."""
    spec = importlib.util.spec_from_file_location("realnews_check", REALNEWS / "check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_coref_gold_mentions_are_in_their_texts():
    """The coreference gold set stays usable by bench/actors.py: every mention is found."""
    golds = sorted(COREF.glob("*.gold.json"))
    assert len(golds) >= 25
    for path in golds:
        gold = json.loads(path.read_text("utf-8"))
        text = (COREF / gold["document"]).read_text("utf-8")
        for actor in gold["actors"]:
            for m in actor["mentions"]:
                assert m["text"] in text, (path.name, m["text"])


def test_realnews_split_is_fixed_and_disjoint():
    split = json.loads((REALNEWS / "split.json").read_text("utf-8"))
    dev, held = set(split["dev"]), set(split["held_out"])
    assert not dev & held and len(dev) >= 40 and len(held) >= 20
    assert all((REALNEWS / name).exists() for name in dev | held)


@pytest.mark.parametrize("name", sorted(p.name for p in REALNEWS.glob("*.gold.json")))
def test_realnews_gold_file_is_valid_and_its_perfect_prediction_scores_one(name):
    """Every text_contains, text_contains_any, claim_contains and date_text is in the
    normalised text, every code is valid, and the gold's perfect prediction scores 1.0."""
    realnews_check().check(REALNEWS / name)
