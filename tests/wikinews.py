"""Real records from Wikinews articles with URLs (examples/wikinews-sample.jsonl, shipped in the
repo), analysed once per test process and written into as many stores as the tests want."""
from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

from newsgraph.store.sqlite import Store

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "wikinews-sample.jsonl"


@lru_cache(maxsize=1)
def _records() -> tuple[dict, ...]:
    from newsgraph.pipeline import analyze_many

    found = [doc.to_dict() for doc in analyze_many([str(SAMPLE)]) if hasattr(doc, "to_dict")]
    assert len(found) == 3 and all(r["source"]["location"].startswith("https://en.wikinews.org/") for r in found)
    return tuple(found)


def records() -> list[dict]:
    return copy.deepcopy(list(_records()))


def outlier(record: dict, day: str = "2012-03-01", url: str = "https://example.org/old-story") -> dict:
    """Another page holding one event of `record`, dated far from every other event."""
    other = copy.deepcopy(record)
    other["source"] = {**other["source"], "location": url, "ref": "old-story"}
    other["meta"] = {**other.get("meta", {}), "url": url}
    event = other["events"][0]
    event["date"] = {"value": day, "text": "in 2012", "precision": "day"}
    other["events"] = [event]
    return other


def build_store(path: Path, extra: list[dict] = ()) -> Path:
    with Store(path) as store:
        for record in records() + list(extra):
            store.write(record)
    return path
