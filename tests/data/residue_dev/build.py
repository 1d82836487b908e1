#!/usr/bin/env python3
"""Build the residue development set from wikinews-cd2000.jsonl.

Draw: among lines 1..999 (1-based line numbers of the JSONL file; the held-out set
draws from 1000..1999), keep the medium-length articles (220 to 420 words, 4 to 9
paragraphs) whose paragraphs carry no page furniture of their own ("File:"/"Image:"
lines, "Related news"/"Sources" headings, paragraphs under 6 words, bibliography
entries), and draw COUNT of them with random.Random(SEED).

Insertion: the lines of residue_lines.py (three batches), shuffled with the same seed, are dealt out
3 to 6 per article and put at random positions. NAME.txt holds one paragraph per line
(no empty lines, no trailing newline); NAME.gold.json lists the inserted lines with
their 1-based numbers, in the format of tests/data/heldout/residue/.

Run:  python3 build.py     (writes into this folder, byte for byte the same each time)
"""
import json
import random
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent
sys.path.insert(0, str(OUT))
from residue_lines import EIGHTH, FIFTH, FOURTH, NINTH, RESIDUE, SECOND, SEVENTH, SIXTH, THIRD  # noqa: E402

SEED = 20261218
CORPUS = OUT.parents[3] / "shared" / "corpus" / "news" / "wikinews-cd2000.jsonl"
FIRST, LAST, COUNT = 1, 999, 80
# The later batches each go over a further draw among the articles the earlier draws left
# (batch, seed, articles), so the files of the earlier batches stay as they were.
LATER = (("fourth", 20261202, 50), ("fifth", 20261203, 42), ("sixth", 20261204, 99), ("seventh", 20261205, 42),
         ("eighth", 20261206, 41),
         ("ninth", 20261207, 13))


def paragraphs(text):
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


def eligible(text):
    ps = paragraphs(text)
    if not (220 <= len(text.split()) <= 420 and 4 <= len(ps) <= 9):
        return False
    for p in ps:
        if re.match(r"(File|Image):", p) or len(p.split()) < 6:
            return False
        if re.search(r'related news|^sources?\b|\(\d{4}\)\. "', p, re.I):
            return False
    return True


def slug(text):
    words = re.findall(r"[a-z0-9]+", text.lower())[:4]
    return "-".join(words)


def main():
    rows = CORPUS.read_text(encoding="utf-8").splitlines()
    candidates = [n for n in range(FIRST, LAST + 1) if eligible(json.loads(rows[n - 1])["text"])]
    rng = random.Random(SEED)
    drawn = sorted(rng.sample(candidates, COUNT))
    pool = []
    for batch in (RESIDUE, SECOND, THIRD):  # each batch shuffled on its own: the first articles get the first batch
        lines = [(reason, line) for reason, group in sorted(batch.items()) for line in group]
        rng.shuffle(lines)
        pool += lines
    for old in OUT.glob("wn*"):
        old.unlink()
    for number in drawn:
        pool = write_item(rows, number, pool)
    print(f"{len(drawn)} articles from {len(candidates)} candidates; {len(pool)} residue lines left over")
    batches = {"fourth": FOURTH, "fifth": FIFTH, "sixth": SIXTH, "seventh": SEVENTH, "eighth": EIGHTH, "ninth": NINTH}
    used = set(drawn)
    for batch, seed, count in LATER:
        rest = [n for n in candidates if n not in used]
        more = sorted(random.Random(seed).sample(rest, count))
        used |= set(more)
        pool = [(reason, line) for reason, group in sorted(batches[batch].items()) for line in group]
        random.Random(seed).shuffle(pool)
        for number in more:
            pool = write_item(rows, number, pool)
        print(f"{len(more)} more articles for the {batch} batch; {len(pool)} residue lines left over")

def write_item(rows, number, pool):
    """Write NAME.txt and NAME.gold.json for one article; return the undealt residue lines."""
    article = paragraphs(json.loads(rows[number - 1])["text"])
    place = random.Random(f"{SEED}-{number}")
    take = min(place.randint(3, 6), len(pool))
    inserted, pool = pool[:take], pool[take:]
    lines = [(None, p) for p in article]
    for item in inserted:
        lines.insert(place.randint(0, len(lines)), item)
    name = f"wn{number:04d}-{slug(article[0])}"
    (OUT / f"{name}.txt").write_text("\n".join(text for _, text in lines), encoding="utf-8")
    gold = {"about": "Wikinews article with residue lines inserted (residue_lines.py)",
            "document": f"{name}.txt", "source": f"wikinews-cd2000.jsonl line {number}",
            "residue": [{"line": i, "reason": reason, "text_starts": text[:30].rstrip()}
                        for i, (reason, text) in enumerate(lines, 1) if reason]}
    (OUT / f"{name}.gold.json").write_text(json.dumps(gold, indent=1, ensure_ascii=False) + "\n",
                                           encoding="utf-8")
    return pool


if __name__ == "__main__":
    main()
