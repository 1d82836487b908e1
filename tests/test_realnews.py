"""The ratchet on real news: the pipeline over the dev split of the real-news gold.

Pooled figures per kind (scored as `newsgraph eval` scores) may not fall below their
floors in tests/baseline.json, and a figure that rises must raise its floor. Only the
dev split runs here; the held-out split is read by bench/documents.py alone.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from floors import at_least
from newsgraph.evaluation.pooled import score_split

REALNEWS = Path(__file__).resolve().parent / "data" / "realnews"
GUARDED_KINDS = ("residue", "actors", "quotes", "events")
GUARDED_ATTRIBUTES = ("actors.country", "actors.sector", "quotes.speaker", "quotes.cue", "quotes.medium")


@pytest.fixture(scope="module")
def dev_scores() -> dict:
    split = json.loads((REALNEWS / "split.json").read_text(encoding="utf-8"))
    return score_split(REALNEWS, split["dev"])


@pytest.mark.slow
def test_dev_split_has_enough_gold(dev_scores):
    assert dev_scores["articles"] >= 40
    assert dev_scores["events"]["gold"] >= 60 and dev_scores["quotes"]["gold"] >= 150


@pytest.mark.slow
@pytest.mark.parametrize("kind", GUARDED_KINDS)
def test_dev_f1_holds_its_floor(dev_scores, kind):
    at_least(f"realnews.dev.{kind}.f1", dev_scores[kind]["f1"])


@pytest.mark.slow
@pytest.mark.parametrize("attribute", GUARDED_ATTRIBUTES)
def test_dev_attribute_accuracy_holds_its_floor(dev_scores, attribute):
    at_least(f"realnews.dev.{attribute}", dev_scores[attribute]["accuracy"])


@pytest.mark.slow
def test_dev_mean_f1_holds_its_floor(dev_scores):
    at_least("realnews.dev.mean_f1", dev_scores["mean_f1"])
