"""Check the held-out quote gold files in this folder and print counts.

Run: python check_gold.py   (exits with status 1 on any problem)

For every <name>.gold.json: the keys, that <name>.txt exists and has 5-10 non-empty lines,
that every text_contains (4-10 words) occurs exactly once in the text, that every speaker
and medium is a gold actor, that every alias and every cue occurs in the text, and that
kinds, types, countries and sectors use the newsgraph/1 values.
"""
import collections, json, pathlib, re, sys

HERE = pathlib.Path(__file__).resolve().parent
KINDS = {"direct", "indirect", "mixed"}
TYPES = {"PERSON", "ORG", "GPE", "GROUP"}
SECTORS = {"GOV", "MIL", "MED", "REB", "OPP", "BUS", "CVL", "IGO", "JUD", "LEG", "REL", "EDU", None}


def check(path):
    problems = []
    gold = json.loads(path.read_text(encoding="utf-8"))
    keys = {"about", "document", "published_hint", "actors", "quotes", "notes_on_quotes"}
    if set(gold) != keys:
        problems.append(f"keys {sorted(gold)}")
    txt = path.with_name(gold["document"])
    if txt.name != path.name.replace(".gold.json", ".txt") or not txt.exists():
        return [f"document {gold['document']} missing"], None
    text = txt.read_text(encoding="utf-8")
    lines = text.split("\n")
    if not 5 <= len(lines) <= 10 or not all(l.strip() for l in lines):
        problems.append(f"{len(lines)} lines")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", gold["published_hint"]):
        problems.append("published_hint")
    names = set()
    for a in gold["actors"]:
        if set(a) != {"name", "type", "country", "sector", "aliases"}:
            problems.append(f"actor keys {a}")
        if a["type"] not in TYPES: problems.append(f"type {a}")
        if a["sector"] not in SECTORS: problems.append(f"sector {a}")
        if a["country"] is not None and not re.fullmatch(r"[A-Z]{2,4}", a["country"]):
            problems.append(f"country {a}")
        if a["name"] in names: problems.append(f"duplicate actor {a['name']}")
        names.add(a["name"])
        for al in a["aliases"]:
            if al not in text: problems.append(f"alias not in text: {al!r}")
    used = set()
    c = collections.Counter()
    for q in gold["quotes"]:
        if not {"kind", "speaker", "cue", "text_contains", "required"} <= set(q) or not set(q) <= {
                "kind", "speaker", "cue", "medium", "text_contains", "required"}:
            problems.append(f"quote keys {q}")
        if q["kind"] not in KINDS: problems.append(f"kind {q}")
        if q["speaker"] is not None and q["speaker"] not in names: problems.append(f"speaker {q['speaker']}")
        if q.get("medium") is not None and q["medium"] not in names: problems.append(f"medium {q['medium']}")
        if q["cue"] is not None and q["cue"] not in text: problems.append(f"cue not in text: {q['cue']!r}")
        tc = q["text_contains"]
        n = len(tc.split())
        if not 4 <= n <= 10: problems.append(f"{n} words: {tc!r}")
        if text.count(tc) != 1: problems.append(f"text_contains occurs {text.count(tc)} times: {tc!r}")
        if q["speaker"]: used.add(q["speaker"])
        if q.get("medium"): used.add(q["medium"])
        c[q["kind"]] += 1
        c["required" if q["required"] else "optional"] += 1
        c["speaker_null"] += q["speaker"] is None
        c["cue_null"] += q["cue"] is None
        c["medium"] += bool(q.get("medium"))
    for nm in names - used:
        problems.append(f"actor {nm} is neither a speaker nor a medium")
    c["lines"] = len(lines)
    c["actors"] = len(names)
    return problems, c


def main():
    golds = sorted(HERE.glob("*.gold.json"))
    if len(golds) != len(list(HERE.glob("*.txt"))):
        print("every .txt needs a .gold.json"); sys.exit(1)
    total = collections.Counter(); bad = False
    for g in golds:
        problems, c = check(g)
        for p in problems:
            print(f"FAIL {g.name}: {p}"); bad = True
        if c:
            total += c
            print(f"{g.name[:-10]:36s} lines={c['lines']:2d} actors={c['actors']:2d} direct={c['direct']:2d} "
                  f"indirect={c['indirect']:2d} mixed={c['mixed']:2d} optional={c['optional']}")
    n = total["direct"] + total["indirect"] + total["mixed"]
    print(f"\n{len(golds)} passages, {total['actors']} actors, {n} quotes ({total['required']} required): "
          f"direct {total['direct']}, indirect {total['indirect']}, mixed {total['mixed']}; "
          f"speaker null {total['speaker_null']}, cue null {total['cue_null']}, with a medium {total['medium']}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
