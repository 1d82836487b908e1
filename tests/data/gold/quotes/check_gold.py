#!/usr/bin/env python3
"""Sanity check for the quote-attribution gold set in this folder.

Loads every *.gold.json, checks that its document exists, that every
quote's text_contains occurs verbatim, exactly once, in the .txt, that every speaker and
medium names a gold actor, that kinds, types, sectors and required flags are
valid, and prints counts by kind.  Exit status 1 on any problem.
"""
import collections
import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
KINDS = {"direct", "indirect", "mixed"}
TYPES = {"PERSON", "ORG", "GPE", "GROUP"}
SECTORS = {"GOV", "MIL", "MED", "REB", "OPP", "BUS", "CVL", "IGO", "JUD", "LEG", "REL", "EDU", None}
KEYS = {"about", "document", "published_hint", "actors", "quotes", "notes_on_quotes"}


def main() -> int:
    problems = []
    kinds = collections.Counter()
    required = collections.Counter()
    null_speakers = 0
    with_medium = 0
    passages = 0
    paragraphs = []
    for gold_path in sorted(HERE.glob("*.gold.json")):
        name = gold_path.name
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            problems.append(f"{name}: invalid JSON: {exc}")
            continue
        passages += 1
        extra = set(gold) - KEYS
        missing = {"about", "document", "published_hint", "actors", "quotes"} - set(gold)
        if extra or missing:
            problems.append(f"{name}: extra keys {sorted(extra)}, missing keys {sorted(missing)}")
        if gold.get("document") != name.replace(".gold.json", ".txt"):
            problems.append(f"{name}: document is {gold.get('document')!r}")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", gold.get("published_hint", "")):
            problems.append(f"{name}: bad published_hint")
        txt_path = HERE / gold.get("document", "")
        if not txt_path.is_file():
            problems.append(f"{name}: missing {txt_path.name}")
            continue
        text = txt_path.read_text(encoding="utf-8")
        lines = text.rstrip("\n").split("\n")
        paragraphs.append(len(lines))
        if not 3 <= len(lines) <= 10:
            problems.append(f"{name}: {len(lines)} paragraphs (want 3-10)")
        if any(not line.strip() for line in lines):
            problems.append(f"{name}: empty line in text")
        names = set()
        for actor in gold["actors"]:
            names.add(actor["name"])
            if actor.get("type") not in TYPES:
                problems.append(f"{name}: actor {actor['name']}: bad type {actor.get('type')}")
            if actor.get("sector") not in SECTORS:
                problems.append(f"{name}: actor {actor['name']}: bad sector {actor.get('sector')}")
            country = actor.get("country")
            if country is not None and not re.fullmatch(r"[A-Z]{2,5}", country):
                problems.append(f"{name}: actor {actor['name']}: bad country {country}")
            for alias in actor.get("aliases", []):
                if alias.casefold() not in text.casefold():
                    problems.append(f"{name}: alias {alias!r} of {actor['name']} not in text")
        for i, quote in enumerate(gold["quotes"]):
            where = f"{name}: quote {i} ({quote.get('text_contains')!r})"
            if quote.get("kind") not in KINDS:
                problems.append(f"{where}: bad kind")
            kinds[quote.get("kind")] += 1
            if quote.get("required") is True:
                required[quote.get("kind")] += 1
            elif quote.get("required") is not False:
                problems.append(f"{where}: required must be true or false")
            tc = quote.get("text_contains", "")
            if text.count(tc) != 1:
                problems.append(f"{where}: text_contains occurs {text.count(tc)} times in text (want 1)")
            n_words = len(tc.split())
            if not 4 <= n_words <= 10:
                problems.append(f"{where}: text_contains has {n_words} words")
            speaker = quote.get("speaker")
            if speaker is None:
                null_speakers += 1
            elif speaker not in names:
                problems.append(f"{where}: speaker {speaker!r} is not a gold actor")
            if "medium" in quote:
                with_medium += 1
                if quote["medium"] not in names:
                    problems.append(f"{where}: medium {quote['medium']!r} is not a gold actor")
            cue = quote.get("cue", "missing")
            if cue == "missing":
                problems.append(f"{where}: no cue key")
            elif cue is not None and cue.casefold() not in text.casefold():
                problems.append(f"{where}: cue {cue!r} not in text")
    total = sum(kinds.values())
    print(f"passages: {passages} (paragraphs {min(paragraphs, default=0)}-{max(paragraphs, default=0)})")
    print(f"quotes: {total}  required: {sum(required.values())}")
    for kind in sorted(KINDS):
        share = 100 * kinds[kind] / total if total else 0
        print(f"  {kind:9s} {kinds[kind]:4d} ({share:.1f}%), required {required[kind]}")
    print(f"  speaker null: {null_speakers}, with medium: {with_medium}")
    for problem in problems:
        print("PROBLEM:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
