"""Build the residue2 held-out set.

Seeded draw of medium-length Wikinews articles (150-600 words) from lines
150-293 of wikinews-2019-2020.jsonl, minus lines used elsewhere, then seeded
insertion of 3-6 page-residue lines per article. All residue text lives in
residue_lines.json; this script holds none.
Run from any directory: python3 pick.py
"""
import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = Path("/work/shared/corpus/news/wikinews-2019-2020.jsonl")
SEED = 20261201
N_ARTICLES = 28
FIRST, LAST = 150, 293
EXCLUDED = {151, 156, 157, 162, 173, 177, 179, 182, 190, 223, 227, 233, 239,
            243, 248, 250, 251, 254, 261, 280}
# Drawn but skipped: the article already holds a line that is page furniture
# (or is not plain article prose), found by reading each drawn article.
SKIPPED = {
    150: "election results table footnotes as separate paragraphs",
    187: "pull-quote attribution paragraph",
    259: "photo credits inside paragraphs",
    273: "interview question list with speaker tags, answers missing",
    277: "interview question list and a map legend",
}


def main():
    rows = CORPUS.read_text(encoding="utf-8").split("\n")
    eligible = []
    for n in range(FIRST, LAST + 1):
        if n in EXCLUDED:
            continue
        art = json.loads(rows[n - 1])
        if 150 <= len(art["text"].split()) <= 600:
            eligible.append(n)
    rng = random.Random(SEED)
    order = eligible[:]
    rng.shuffle(order)
    chosen = [n for n in order if n not in SKIPPED][:N_ARTICLES]

    res = json.loads((HERE / "residue_lines.json").read_text(encoding="utf-8"))
    pool = [(reason, text) for reason, lines in res["pool"].items() for text in lines]
    rng.shuffle(pool)

    for n in chosen:
        art = json.loads(rows[n - 1])
        paras = [" ".join(p.split()) for p in art["text"].split("\n\n")]
        paras = [p for p in paras if p]
        k = rng.randint(3, 6)
        inserts = [("caption", res["specific"][str(n)])]
        for _ in range(k - 1):
            inserts.append(pool.pop())
        lines = [(None, p) for p in paras]
        for reason, text in inserts:
            lines.insert(rng.randint(0, len(lines)), (reason, text))
        name = f"wn{n:03d}"
        (HERE / f"{name}.txt").write_text("\n".join(t for _, t in lines), encoding="utf-8")
        gold = {
            "about": f"Wikinews article \"{art['title']}\" ({art['published']}, {art['url']}), "
                     f"{len(paras)} paragraphs, with {k} inserted page-residue lines.",
            "document": f"{name}.txt",
            "source": f"wikinews-2019-2020.jsonl line {n}",
            "residue": [
                {"line": i, "reason": reason, "text_starts": text[:30]}
                for i, (reason, text) in enumerate(lines, 1) if reason is not None
            ],
        }
        (HERE / f"{name}.gold.json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(name, len(paras), k)


if __name__ == "__main__":
    main()
