"""Check a labelled Wikinews sentence file against its pool and the guide (train/data/GUIDE.md).

Usage: .venv/bin/python train/wikinews_check.py train/data/wikinews_events_K.jsonl [...]

Each problem is one line (id: what is wrong); exit status 1 when there is any.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pycountry

from newsgraph.lexicon import plover_types, table

MODALITIES = {"asserted", "negated", "future", "hypothetical", "historical"}
ORGS = {o["code"] for o in table("igos.json")["organisations"]} | {"NGO"}


def valid_code(code) -> bool:
    return code is None or code in ORGS or pycountry.countries.get(alpha_3=code) is not None


def problems(path: Path) -> list[str]:
    pool_path = path.with_name(path.name.replace("wikinews_events_", "wikinews_pool_"))
    pool = [json.loads(line) for line in pool_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = []
    if [r.get("id") for r in rows] != [p["id"] for p in pool]:
        out.append(f"{path.name}: ids differ from the pool's ({len(rows)} rows, pool {len(pool)})")
    types = set(plover_types())
    for row, item in zip(rows, pool):
        rid = row.get("id")
        if row.get("text") != item["text"]:
            out.append(f"{rid}: text changed")
        events = row.get("events")
        if not isinstance(events, list):
            out.append(f"{rid}: events is not a list")
            continue
        for n, event in enumerate(events):
            where = f"{rid} event {n + 1}"
            if event.get("type") not in types:
                out.append(f"{where}: type {event.get('type')!r}")
            for key in ("source_text", "target_text", "trigger", "issue"):
                value = event.get(key)
                if value is not None and value not in item["text"]:
                    out.append(f"{where}: {key} {value!r} is not in the text")
            if not event.get("trigger"):
                out.append(f"{where}: no trigger")
            for key in ("source_country", "target_country"):
                if not valid_code(event.get(key)):
                    out.append(f"{where}: {key} {event.get(key)!r}")
            if event.get("modality") not in MODALITIES:
                out.append(f"{where}: modality {event.get('modality')!r}")
    return out


def main() -> int:
    found = [p for arg in sys.argv[1:] for p in problems(Path(arg))]
    for line in found:
        print(line)
    print(f"{len(found)} problems")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
