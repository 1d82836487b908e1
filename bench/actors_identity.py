"""The actors stage alone on real articles: its time per article and a digest of its output.

Usage: .venv/bin/python bench/actors_identity.py [--news N] [--repeat R] [--profile K] [--out FILE]

Inputs: the extraction dev pages (../shared/data/extraction/dev/*.html) and the first N
Wikinews articles (../shared/corpus/news/wikinews-2019-2020.jsonl). Each goes through the
pipeline's stages up to parse once; the parsed documents are cached (pickled Documents
and a spaCy DocBin under --cache), so later runs time the actors stage alone.

Printed: ms/article of extract_actors (best of --repeat passes, every pass on freshly
restored documents), and a SHA-256 over every actor field (id, name, type, codes,
aliases, mentions with spans and via, confidence, evidence), per article and overall.
With --out the per-article digests are written as JSON, to compare two versions of the
code: the same inputs must give the same digest. --profile K prints cProfile's top K.
"""
from __future__ import annotations

import argparse
import cProfile
import dataclasses
import hashlib
import itertools
import json
import pickle
import pstats
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
HTML_DIR = SHARED / "data" / "extraction" / "dev"
NEWS = SHARED / "corpus" / "news" / "wikinews-2019-2020.jsonl"


def parsed_documents(news: int, cache: Path) -> list:
    """(Document without nlp, DocBin bytes) for every English input, parsed once and cached."""
    from spacy.tokens import DocBin

    from newsgraph.ingest.files import document_from_record, iter_inputs
    from newsgraph.options import Options
    from newsgraph.pipeline import DEFAULT_STAGES

    name = cache / f"parsed-{news}.pkl"
    if name.exists():
        return pickle.loads(name.read_bytes())
    docs = [d for d in iter_inputs([str(p) for p in sorted(HTML_DIR.glob("*.html"))]) if hasattr(d, "text")]
    with NEWS.open("rb") as fh:
        for number, line in enumerate(itertools.islice(fh, news), 1):
            docs.append(document_from_record(line, f"{NEWS.name}:{number}", str(NEWS)))
    options = Options()
    kept = []
    for doc in docs:
        for s in DEFAULT_STAGES[:3]:
            if s.serves(doc):
                s.run(doc, options)
        if doc.nlp is None or not doc.text:
            continue
        bin_ = DocBin(store_user_data=True)
        bin_.add(doc.nlp)
        doc.nlp, doc.raw = None, None
        kept.append((doc, bin_.to_bytes()))
    cache.mkdir(parents=True, exist_ok=True)
    name.write_bytes(pickle.dumps(kept))
    return kept


def restored(kept: list) -> list:
    from spacy.tokens import DocBin

    from newsgraph.nlp.parse import load_nlp

    vocab = load_nlp().vocab
    out = []
    for doc, data in kept:
        fresh = pickle.loads(pickle.dumps(doc))
        fresh.nlp = next(DocBin(store_user_data=True).from_bytes(data).get_docs(vocab))
        out.append(fresh)
    return out


def digest(doc) -> str:
    actors = [dataclasses.asdict(a) for a in doc.actors]
    blob = json.dumps([doc.source.ref, actors], sort_keys=True, ensure_ascii=False, default=repr)
    return hashlib.sha256(blob.encode()).hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--news", type=int, default=200)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/ng-actors-identity"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", type=int, default=0)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    from newsgraph.stages.actors.builder import extract_actors

    kept = parsed_documents(args.news, args.cache)
    docs = restored(kept)
    extract_actors(docs[0])  # load data files and lexicons before timing
    best = float("inf")
    for _ in range(args.repeat):
        docs = restored(kept)
        started = time.process_time()
        for doc in docs:
            extract_actors(doc)
        best = min(best, time.process_time() - started)
    digests = {doc.source.ref: digest(doc) for doc in docs}
    overall = hashlib.sha256("".join(digests[k] for k in sorted(digests)).encode()).hexdigest()
    words = sum(len(d.text.split()) for d in docs)
    print(f"{len(docs)} articles, {words / len(docs):.0f} words on average, "
          f"{sum(len(d.actors) for d in docs)} actors")
    print(f"actors stage: {1000 * best / len(docs):.1f} ms/article (CPU, best of {args.repeat})")
    print(f"digest: {overall}")
    if args.out:
        args.out.write_text(json.dumps({"overall": overall, "articles": digests}, indent=1, sort_keys=True))
    if args.out and args.out.with_suffix(".before.json").exists():
        old = json.loads(args.out.with_suffix(".before.json").read_text())["articles"]
        differ = sorted(k for k in digests if old.get(k) != digests[k])
        print(f"against {args.out.with_suffix('.before.json').name}: {len(differ)} articles differ",
              *differ[:10], sep="\n  ")
    if args.profile:
        docs = restored(kept)
        prof = cProfile.Profile()
        prof.enable()
        for doc in docs:
            extract_actors(doc)
        prof.disable()
        pstats.Stats(prof, stream=sys.stdout).sort_stats("cumulative").print_stats(args.profile)
        pstats.Stats(prof, stream=sys.stdout).sort_stats("tottime").print_stats(args.profile)


if __name__ == "__main__":
    main()
