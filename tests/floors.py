"""Quality floors as data: tests/baseline.json pins each figure a test guards.

`at_least(name, value)` fails when a figure falls below its floor, and also when it
has risen more than RAISE_BY above it: then the floor must be raised to the new
figure (never lowered silently), so the file always says what the code achieves.
Set NEWSGRAPH_MEASURED=path to have the run write every figure it measured there.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

BASELINE = Path(__file__).with_name("baseline.json")
RAISE_BY = 0.02  # a rise past this means the floor is stale
MEASURED: dict[str, float] = {}


@lru_cache(maxsize=1)
def floors() -> dict[str, float]:
    return json.loads(BASELINE.read_text(encoding="utf-8"))["floors"]


def at_least(name: str, value: float) -> None:
    MEASURED[name] = round(value, 4)
    floor = floors()[name]
    assert value >= floor, f"{name} fell to {value:.4f}, below its floor {floor} in tests/baseline.json"
    assert value <= floor + RAISE_BY, (f"{name} rose to {value:.4f}: raise its floor in tests/baseline.json "
                                       f"from {floor} to just under the new figure")
