"""Check the hand-written PLOVER sentence sets own_a_train.jsonl and own_a_test.jsonl.

Run:  python tests/data/events/check_own_a.py [FILE ...]

For every line it checks that the JSON parses, that the record has the expected fields,
that every event type is one of the 16 PLOVER types, that source_text, target_text and
trigger are exact substrings of the text, and that sector, country and modality values
use the expected codes. It then prints how many events of each type (and how many
sentences with no event) each file holds, and exits 1 if anything failed.
"""
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_FILES = [HERE / "own_a_train.jsonl", HERE / "own_a_test.jsonl"]

PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}
SECTORS = {"GOV", "MIL", "MED", "REB", "OPP", "BUS", "CVL", "IGO", "JUD", "LEG", "REL", "EDU"}
# Non-ISO actor codes allowed in *_country (international organisations and courts).
IGO_CODES = {
    "UN", "EU", "NATO", "AU", "ASEAN", "ECOWAS", "SADC", "OAS", "OSCE", "GCC", "LAS", "PIF",
    "MERCOSUR", "IMF", "WB", "ADB", "AFDB", "IAEA", "WHO", "ICC",
}
# Mode values from CAMEO2PLOVER-2021.txt (plus "resign" from the manual's RETREAT modes).
MODES = {
    "CONSULT": {"phone", "visit", "third-party", "multilateral"},
    "RETREAT": {"release", "return", "access", "disarm", "ceasefire", "withdraw", "resign"},
    "REQUEST": {"assist", "change", "yield", "meet"},
    "REJECT": {"assist", "change", "yield", "meet"},
}
RECORD_KEYS = {"id", "text", "events"}
EVENT_KEYS = {
    "type", "mode", "context", "source_text", "source_country", "source_sector",
    "target_text", "target_country", "target_sector", "issue", "trigger", "modality",
}


def check_file(path, seen_ids, seen_texts, errors):
    counts = Counter()
    n_lines = 0
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name}:{lineno}"
        if not line.strip():
            errors.append(f"{where}: empty line")
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{where}: bad JSON ({exc})")
            continue
        n_lines += 1
        missing = RECORD_KEYS - rec.keys()
        extra = rec.keys() - RECORD_KEYS - {"note"}
        if missing or extra:
            errors.append(f"{where}: missing keys {sorted(missing)}, unexpected keys {sorted(extra)}")
            continue
        rid, text = rec["id"], rec["text"]
        if not re.fullmatch(r"ngA-[A-Z]+-\d{3}", rid):
            errors.append(f"{where}: bad id {rid!r}")
        if rid in seen_ids:
            errors.append(f"{where}: duplicate id {rid} (also {seen_ids[rid]})")
        seen_ids[rid] = where
        if text in seen_texts:
            errors.append(f"{where}: duplicate text (also {seen_texts[text]})")
        seen_texts[text] = where
        if not isinstance(rec["events"], list):
            errors.append(f"{where}: events is not a list")
            continue
        if not rec["events"]:
            counts["(no event)"] += 1
        for k, ev in enumerate(rec["events"]):
            ew = f"{where} event {k} ({rid})"
            if set(ev) != EVENT_KEYS:
                errors.append(f"{ew}: keys differ: missing {sorted(EVENT_KEYS - set(ev))}, "
                              f"extra {sorted(set(ev) - EVENT_KEYS)}")
                continue
            etype = ev["type"]
            if etype not in PLOVER_TYPES:
                errors.append(f"{ew}: type {etype!r} is not a PLOVER type")
            counts[etype] += 1
            for field in ("source_text", "target_text", "trigger"):
                val = ev[field]
                if val is None:
                    if field == "trigger":
                        errors.append(f"{ew}: trigger is null")
                    continue
                if not isinstance(val, str) or not val or val not in text:
                    errors.append(f"{ew}: {field} {val!r} is not a substring of the text")
            for side in ("source", "target"):
                country, sector = ev[f"{side}_country"], ev[f"{side}_sector"]
                if country is not None and not (re.fullmatch(r"[A-Z]{3}", country) or country in IGO_CODES):
                    errors.append(f"{ew}: {side}_country {country!r} is not ISO alpha-3 or a known IGO code")
                if sector is not None and sector not in SECTORS:
                    errors.append(f"{ew}: {side}_sector {sector!r} not in {sorted(SECTORS)}")
                if ev[f"{side}_text"] is None and (country or sector):
                    errors.append(f"{ew}: {side} has codes but no text")
            if ev["mode"] is not None and ev["mode"] not in MODES.get(etype, set()):
                errors.append(f"{ew}: mode {ev['mode']!r} not allowed for {etype}")
            if not isinstance(ev["context"], list) or not all(isinstance(c, str) for c in ev["context"]):
                errors.append(f"{ew}: context must be a list of strings")
            if ev["modality"] != "asserted":
                errors.append(f"{ew}: modality {ev['modality']!r} (expected 'asserted')")
    return n_lines, counts


def main(argv):
    files = [Path(a) for a in argv] or DEFAULT_FILES
    errors, seen_ids, seen_texts = [], {}, {}
    per_file = {}
    for path in files:
        per_file[path.name] = check_file(path, seen_ids, seen_texts, errors)
    types = sorted({t for _, c in per_file.values() for t in c}, key=lambda t: (t.startswith("("), t))
    names = list(per_file)
    width = max(len(n) for n in names)
    print(f"{'type':<12}" + "".join(f"{n:>{width + 2}}" for n in names) + f"{'total':>8}")
    for t in types:
        row = [per_file[n][1][t] for n in names]
        print(f"{t:<12}" + "".join(f"{v:>{width + 2}}" for v in row) + f"{sum(row):>8}")
    lines = [per_file[n][0] for n in names]
    print(f"{'sentences':<12}" + "".join(f"{v:>{width + 2}}" for v in lines) + f"{sum(lines):>8}")
    if errors:
        print(f"\n{len(errors)} problem(s):")
        print("\n".join(errors))
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
