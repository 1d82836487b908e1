#!/usr/bin/env python3
"""Build the residue3 held-out set (seed 20261202).

Reads the corpus and residue_lines.json; holds no residue text itself.
Running `python3 pick.py` rebuilds the same wcNNNN.txt / wcNNNN.gold.json files.
"""
import glob
import json
import os
import random

SEED = 20261202
HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = "/work/shared/corpus/news/wikinews-cd2000.jsonl"
FIRST, LAST = 1000, 2000  # 1-based corpus lines, inclusive
EXCLUDE = {1048, 1078, 1096, 1111, 1171, 1174, 1187, 1212, 1222, 1238, 1292, 1297,
           1326, 1385, 1424, 1619, 1737, 1817, 1850, 1963}
MIN_WORDS, MAX_WORDS = 150, 600
N_ARTICLES = 24
REASONS = ["caption", "boilerplate", "form", "navigation", "related", "advert"]

# Drawn articles skipped because they already hold page furniture or non-prose lines.
SKIP = {
    1430: "first line is an image file name ('File:Chang'e 2 satellite.jpg')",
    1591: "a digest of unrelated news briefs, not one article",
    1627: "a paragraph is broken mid-sentence, leaving the fragment line 'subsequently the woods.'",
    1958: "a quoted sentence is split across two lines (fragment line 'ambulance services are on the scene.\"')",
}


def paragraphs(text):
    return [" ".join(p.split()) for p in text.split("\n") if p.strip()]


def load_corpus():
    # Index i holds 1-based corpus line i + 1; blank lines stay as None.
    with open(CORPUS, encoding="utf-8") as f:
        return [json.loads(line) if line.strip() else None for line in f]


def candidates(rows):
    out = []
    for n in range(FIRST, LAST + 1):
        if n in EXCLUDE:
            continue
        words = len(rows[n - 1]["text"].split())
        if MIN_WORDS <= words <= MAX_WORDS:
            out.append(n)
    return out


def text_starts(s):
    return s[:30]


def main():
    rows = load_corpus()
    with open(os.path.join(HERE, "residue_lines.json"), encoding="utf-8") as f:
        res = json.load(f)
    rng = random.Random(SEED)
    cands = candidates(rows)
    rng.shuffle(cands)
    picked = []
    for n in cands:
        if n in SKIP:
            continue
        picked.append(n)
        if len(picked) == N_ARTICLES:
            break
    pool = [(r, t) for r in REASONS for t in res["pool"][r]]
    rng.shuffle(pool)

    for old in glob.glob(os.path.join(HERE, "wc*.txt")) + glob.glob(os.path.join(HERE, "wc*.gold.json")):
        os.remove(old)

    for n in picked:
        paras = paragraphs(rows[n - 1]["text"])
        k = rng.randint(3, 6)
        inserts = [("caption", res["specific"][str(n)])]
        for _ in range(k - 1):
            inserts.append(pool.pop())
        lines = [(None, p) for p in paras]
        for reason, t in inserts:
            pos = rng.randint(0, len(lines))
            lines.insert(pos, (reason, t))
        gold = {
            "about": "Wikinews article, corpus id %s (the corpus gives no URL or title)" % rows[n - 1]["id"],
            "document": "wc%04d.txt" % n,
            "source": "wikinews-cd2000.jsonl line %d" % n,
            "residue": [
                {"line": i + 1, "reason": r, "text_starts": text_starts(t)}
                for i, (r, t) in enumerate(lines) if r is not None
            ],
        }
        with open(os.path.join(HERE, "wc%04d.txt" % n), "w", encoding="utf-8") as f:
            f.write("\n".join(t for _, t in lines))
        with open(os.path.join(HERE, "wc%04d.gold.json" % n), "w", encoding="utf-8") as f:
            json.dump(gold, f, indent=2, ensure_ascii=False)
            f.write("\n")
    print("candidates:", len(cands))
    print("picked:", " ".join(map(str, picked)))
    print("skipped:", " ".join(str(n) for n in cands[:cands.index(picked[-1]) + 1] if n in SKIP))
    print("pool lines left unused:", len(pool))


if __name__ == "__main__":
    main()
