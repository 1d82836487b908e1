"""Shared fixtures. Tests may read ../shared; the package itself never does."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED_TEXT = SHARED / "corpus" / "seed" / "lavrov-demands.txt"
SEED_GOLD = SHARED / "corpus" / "seed" / "lavrov-demands.gold.json"
DATA = Path(__file__).resolve().parent / "data"

needs_shared = pytest.mark.skipif(not SEED_TEXT.exists(), reason="../shared is not beside the repo")


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED_TEXT.exists():
        pytest.skip("../shared is not beside the repo")
    return SEED_TEXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    if not SEED_GOLD.exists():
        pytest.skip("../shared is not beside the repo")
    return json.loads(SEED_GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_record(seed_text) -> dict:
    import newsgraph

    return newsgraph.analyze(seed_text, published="2025-07-07", ref="lavrov-demands").to_dict()


STUCK_TEXT = "The stubborn committee met again on Friday."


def _dawdle(doc, options):
    if STUCK_TEXT in doc.text:
        until = time.monotonic() + 30
        while time.monotonic() < until:
            time.sleep(0.05)


@pytest.fixture
def stuck_stage():
    """The default pipeline with a stage gone wrong on one document: it runs 30 s on any
    text holding STUCK_TEXT (bounded, should the limit under test fail), and passes every
    other text through. Built as a pipeline, not patched in."""
    from newsgraph.pipeline import DEFAULT_STAGES, Pipeline, stage

    dawdle = stage("dawdle", _dawdle, requires=["nlp"], provides=[])
    stages = list(DEFAULT_STAGES)
    stages.insert([s.name for s in stages].index("parse") + 1, dawdle)
    return Pipeline(stages)


def pytest_sessionfinish(session, exitstatus):
    """With NEWSGRAPH_MEASURED=path, write every figure the floors saw (to raise them by hand)."""
    import os

    target = os.environ.get("NEWSGRAPH_MEASURED")
    if target:
        from floors import MEASURED

        Path(target).write_text(json.dumps(MEASURED, indent=1, sort_keys=True) + "\n", encoding="utf-8")
