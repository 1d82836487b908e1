"""Check the coreference gold files in this folder and print mention counts.

Run: python check.py   (from any directory; exits non-zero on the first broken file)

For every <name>.gold.json it checks that <name>.txt exists, that every mention
(text, nth) resolves to an offset by counting non-overlapping, case-sensitive
str.find hits from the start of the file, that the resolved span sits on word
boundaries, that no span is claimed by two actors, and that the actor fields
use the values allowed in ../../../../../shared/eval/README.md (newsgraph/1).
"""
import collections
import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
TYPES = {"PERSON", "ORG", "GPE", "GROUP"}
SECTORS = {"GOV", "MIL", "MED", "REB", "OPP", "BUS", "CVL", "IGO", "JUD", "LEG", "REL", "EDU", None}
PRONOUNS = {"he", "she", "him", "her", "his", "hers", "they", "them", "their", "theirs",
            "it", "its", "himself", "herself", "itself", "themselves"}


def resolve(text, surface, nth):
    """Offset of the nth (0-based) non-overlapping occurrence of surface, or -1."""
    pos = text.find(surface)
    for _ in range(nth):
        if pos == -1:
            return -1
        pos = text.find(surface, pos + len(surface))
    return pos


def kind(surface, name):
    if surface.lower() in PRONOUNS:
        return "pronoun"
    if surface[0].isupper() and not surface.split()[0] in {"The", "A", "An", "Her", "His", "Its", "Their"}:
        return "name"
    return "nominal"


def check(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    assert set(gold) == {"about", "document", "published_hint", "actors"}, sorted(gold)
    txt_path = gold_path.with_name(gold["document"])
    assert txt_path.name == gold_path.name.replace(".gold.json", ".txt"), txt_path.name
    text = txt_path.read_text(encoding="utf-8")
    paras = text.split("\n")
    assert 3 <= len(paras) <= 8 and all(p.strip() for p in paras), f"{len(paras)} paragraphs"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", gold["published_hint"])
    seen = {}
    kinds = collections.Counter()
    for actor in gold["actors"]:
        assert set(actor) == {"name", "type", "country", "sector", "aliases", "mentions"}, actor["name"]
        assert actor["type"] in TYPES, actor["type"]
        assert actor["sector"] in SECTORS, actor["sector"]
        c = actor["country"]
        assert c is None or re.fullmatch(r"[A-Z]{2,4}", c), c
        assert actor["mentions"], f"{actor['name']}: no mentions"
        surfaces = []
        for m in actor["mentions"]:
            assert set(m) == {"text", "nth"}, m
            start = resolve(text, m["text"], m["nth"])
            assert start >= 0, f"{actor['name']}: {m} not found"
            end = start + len(m["text"])
            assert start == 0 or not text[start - 1].isalnum(), f"{m} starts inside a word"
            assert end == len(text) or not text[end].isalnum(), f"{m} ends inside a word"
            assert (start, end) not in seen, f"{m} claimed by {seen[(start, end)]} and {actor['name']}"
            seen[(start, end)] = actor["name"]
            kinds[kind(m["text"], actor["name"])] += 1
            if m["text"] != actor["name"] and m["text"] not in surfaces:
                surfaces.append(m["text"])
        assert actor["aliases"] == surfaces, f"{actor['name']}: aliases {actor['aliases']} != {surfaces}"
    return len(gold["actors"]), len(seen), kinds, len(paras)


def main(folder: pathlib.Path = HERE):
    golds = sorted(folder.glob("*.gold.json"))
    txts = sorted(folder.glob("*.txt"))
    assert len(txts) == len(golds), "every .txt needs a .gold.json"
    total_a = total_m = 0
    total_k = collections.Counter()
    for g in golds:
        try:
            a, m, k, p = check(g)
        except AssertionError as e:
            print(f"FAIL {g.name}: {e}")
            sys.exit(1)
        total_a += a
        total_m += m
        total_k += k
        print(f"{g.name[:-10]:34s} paragraphs={p} actors={a:2d} mentions={m:3d} "
              f"(names {k['name']}, nominal {k['nominal']}, pronouns {k['pronoun']})")
    print(f"\n{len(golds)} passages, {total_a} actors, {total_m} mentions: "
          f"{total_k['name']} name-like, {total_k['nominal']} nominal/descriptive, {total_k['pronoun']} pronouns")


if __name__ == "__main__":
    main()
