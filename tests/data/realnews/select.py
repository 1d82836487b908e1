"""Write the real-news gold articles and their fixed dev/held-out split.

The 64 articles were picked by hand from ../shared/corpus/news/wikinews-2019-2020.jsonl
for variety of topic and country (line numbers below, by topic). The split is a seeded
random draw made once, before any tuning; rerunning this script reproduces it (and
leaves the texts alone: some carry residue lines inserted by the annotators).
"""
import json
import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[2] / ".." / "shared" / "corpus" / "news" / "wikinews-2019-2020.jsonl"
PICKS = {
    "diplomacy": [15, 69, 88, 114, 120, 137, 143, 151, 173, 177, 179, 243, 261, 182],
    "war-and-attacks": [16, 19, 20, 106, 157, 128, 138, 233],
    "protests": [43, 64, 125, 248, 250, 280],
    "elections-and-government": [1, 29, 76, 149, 162, 6, 35, 103, 68, 223],
    "courts-and-crime": [11, 22, 37, 40, 115, 130, 190, 227],
    "business": [50, 156, 239],
    "disasters": [0, 2, 12, 148, 251],
    "no-politics": [23, 36, 53, 105, 129, 141, 123, 254, 116, 135],
}
HELD_OUT = 22
SEED = 16


def slug(article: dict) -> str:
    words = re.findall(r"[a-z0-9]+", article["title"].lower().replace("'s ", " "))
    return article["published"] + "-" + "-".join(words[:7])


def main() -> None:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    chosen = []
    for topic, numbers in PICKS.items():
        for n in numbers:
            article = json.loads(lines[n])
            name = slug(article)
            target = HERE / f"{name}.txt"
            if not target.exists():  # annotators inserted residue lines into some texts since
                target.write_text(article["text"] + "\n", encoding="utf-8")
            chosen.append({"document": f"{name}.txt", "topic": topic, "corpus_line": n,
                           "title": article["title"], "published": article["published"],
                           "url": article["url"]})
    held = set(random.Random(SEED).sample([c["document"] for c in chosen], HELD_OUT))
    split = {"seed": SEED, "drawn": "2026-12-01",
             "dev": sorted(c["document"] for c in chosen if c["document"] not in held),
             "held_out": sorted(held), "articles": chosen}
    (HERE / "split.json").write_text(json.dumps(split, indent=1, ensure_ascii=False) + "\n",
                                     encoding="utf-8")


if __name__ == "__main__":
    main()
