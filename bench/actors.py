"""Score the actors stage: coreference on our own gold set, coding on PLOVER GSR.

Usage: .venv/bin/python bench/actors.py [--coref DIR] [--gsr FILE] [--show N] [--only coref|gsr]

"coref" is the development set (tests/data/gold/coref/, read while tuning); "coref_held_out"
is tests/data/heldout/coref/, written by an outside author and frozen: its figures are
printed apart and its misses never. The GSR is a development set too.

Coreference (tests/data/gold/coref/*.gold.json; each gold mention is the nth
non-overlapping, case-sensitive occurrence of its text, as in that folder's
check.py):
  - actors P/R/F1 and country/sector accuracy with the eval README's actor rule
    (name or alias equality, or same last token when both PERSON), one-to-one;
  - mention-linking accuracy: for each gold mention, is the predicted actor
    whose mention covers that span the predicted actor matched to the gold
    actor? "covers" = the predicted mention overlaps the gold span (the
    largest overlap wins, then the shortest mention); the strict figure asks the predicted mention to
    contain the gold span's last word. A gold mention no predicted mention
    covers, or whose gold actor is unmatched, counts as wrong.

PLOVER GSR (../shared/data/plover-gsr/plover_gsr.jsonl): each sentence goes
through the actors stage on its own; every source/target actor that gives a
country code is located in the sentence, and the code of the predicted actor
whose mention overlaps it most is compared. Generic IGO/NGO codes count as
right when the prediction is any IGO code; old CAMEO codes (JAP, ITL, VTN) are
mapped to ISO. Sector accuracy is scored where the gold sector maps onto the
newsgraph sector set.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from newsgraph.stages.actors.builder import extract_actors
from newsgraph.document import Document, Source
from newsgraph.evaluation.matching import norm as _n
from newsgraph.evaluation.scorer import actor_rank as _actor_rank
from newsgraph.nlp.gazetteer import load_data
from newsgraph.nlp.parse import load_nlp

REPO = Path(__file__).resolve().parents[1]
DEFAULT_COREF = REPO / "tests" / "data" / "gold" / "coref"  # development (read while tuning)
HELD_OUT_COREF = REPO / "tests" / "data" / "heldout" / "coref"  # measurement only: figures, never misses
sys.path.insert(0, str(DEFAULT_COREF))
from check import resolve  # noqa: E402 - the gold folder's own rule for locating a mention
DEFAULT_GSR = REPO.parent / "shared" / "data" / "plover-gsr" / "plover_gsr.jsonl"
OLD_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
GENERIC_IGO = {"IGO", "NGO", "IMG", "ISM"}
SECTOR_MAP = {"GOV": "GOV", "MIL": "MIL", "MED": "MED", "JRN": "MED", "REB": "REB", "OPP": "OPP",
              "BUS": "BUS", "CVL": "CVL", "CIV": "CVL", "IGO": "IGO", "JUD": "JUD", "LEG": "LEG",
              "EDU": "EDU", "COP": "GOV", "REL": "REL"}


def run_actors(text: str) -> Document:
    doc = Document(source=Source(kind="text"), text=text)
    doc.nlp = load_nlp()(text)
    return extract_actors(doc)


# ---------------------------------------------------------------- coreference

def match_actors(gold: list[dict], pred: list[dict]) -> dict[int, int]:
    """Gold index -> predicted index, one-to-one: best rule first, then shared mentions."""
    spans = [{(m["start"], m["end"]) for m in p["mentions"]} for p in pred]
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            rank = _actor_rank(g, p["name"], p["type"])
            if rank is not None:
                shared = len(g["_spans"] & spans[pi])
                candidates.append((rank, -shared, gi, pi))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, _, gi, pi in sorted(candidates):
        if gi not in pairs and pi not in used:
            pairs[gi] = pi
            used.add(pi)
    return pairs


def covering_actor(pred: list[dict], start: int, end: int, last_word: tuple[int, int], strict: bool) -> int | None:
    best, best_rank = None, (0, 0)
    for pi, p in enumerate(pred):
        for m in p["mentions"]:
            if strict and not (m["start"] <= last_word[0] and m["end"] >= last_word[1]):
                continue
            overlap = min(end, m["end"]) - max(start, m["start"])
            rank = (overlap, -(m["end"] - m["start"]))  # nested mentions: the closest fit wins
            if overlap > 0 and rank > best_rank:
                best, best_rank = pi, rank
    return best


def score_passage(gold: dict, text: str) -> dict:
    for g in gold["actors"]:
        g["_spans"] = set()
        for m in g["mentions"]:
            start = resolve(text, m["text"], m["nth"])
            m["_span"] = (start, start + len(m["text"]))
            g["_spans"].add(m["_span"])
    doc = run_actors(text)
    pred = doc.to_dict()["actors"]
    pairs = match_actors(gold["actors"], pred)
    out = Counter(gold_actors=len(gold["actors"]), pred_actors=len(pred), matched=len(pairs))
    misses = []
    for gi, g in enumerate(gold["actors"]):
        if gi in pairs:
            p = pred[pairs[gi]]
            out["country_n"] += 1
            out["country_ok"] += p["country"] == g["country"]
            if g["sector"]:
                out["sector_n"] += 1
                out["sector_ok"] += p["sector"] == g["sector"]
        for m in g["mentions"]:
            start, end = m["_span"]
            words = text[start:end].split()
            last = (end - len(words[-1]), end) if words else (start, end)
            for strict in (False, True):
                pi = covering_actor(pred, start, end, last, strict)
                ok = pi is not None and pairs.get(gi) == pi
                out["strict_ok" if strict else "link_ok"] += ok
                if not strict and not ok:
                    got = pred[pi]["name"] if pi is not None else None
                    misses.append(f"{m['text']!r}#{m['nth']} -> {got!r} (gold {g['name']!r})")
            out["links"] += 1
    out["misses"] = misses
    return out


def bench_coref(folder: Path, show: int) -> dict:
    """Pooled figures over a coreference gold folder; `show` lists the worst passages (never
    pass it for a held-out folder: its misses are not to be read)."""
    total: Counter = Counter()
    per_passage = []
    for path in sorted(folder.glob("*.gold.json")):
        gold = json.loads(path.read_text("utf-8"))
        text = (folder / gold["document"]).read_text("utf-8")
        result = score_passage(gold, text)
        misses = result.pop("misses")
        total.update(result)
        per_passage.append((result["link_ok"] / max(1, result["links"]), path.name[:-10], misses))
    precision = total["matched"] / max(1, total["pred_actors"])
    recall = total["matched"] / max(1, total["gold_actors"])
    figures = {
        "passages": len(per_passage),
        "gold_mentions": total["links"],
        "linking_accuracy": round(total["link_ok"] / max(1, total["links"]), 3),
        "linking_accuracy_strict": round(total["strict_ok"] / max(1, total["links"]), 3),
        "actors_precision": round(precision, 3), "actors_recall": round(recall, 3),
        "actors_f1": round(2 * precision * recall / max(1e-9, precision + recall), 3),
        "country_accuracy": round(total["country_ok"] / max(1, total["country_n"]), 3),
        "sector_accuracy": round(total["sector_ok"] / max(1, total["sector_n"]), 3),
    }
    for acc, name, misses in sorted(per_passage)[:show]:
        print(f"  {acc:.2f} {name}: " + "; ".join(misses[:12]), file=sys.stderr)
    return figures


# ---------------------------------------------------------------- PLOVER GSR

def locate(sentence: str, actor_text: str) -> tuple[int, int] | None:
    """The gold actor text in the sentence; for discontinuous ones, its longest piece."""
    pos = sentence.find(actor_text)
    if pos >= 0:
        return pos, pos + len(actor_text)
    pieces = [p.strip(" .,;()") for p in actor_text.replace("...", "|").split("|")]
    for piece in sorted(pieces, key=len, reverse=True):
        words = piece.split()
        for width in range(len(words), 0, -1):
            for i in range(len(words) - width + 1):
                chunk = " ".join(words[i:i + width])
                pos = sentence.find(chunk)
                if pos >= 0 and len(chunk) > 2:
                    return pos, pos + len(chunk)
    return None


def predicted_at(doc: Document, start: int, end: int):
    best, best_key = None, (0, 0)
    for actor in doc.actors:
        for m in actor.mentions:
            overlap = min(end, m.end) - max(start, m.start)
            rank = (overlap, actor.country is not None)
            if overlap > 0 and rank > best_key:
                best, best_key = actor, rank
    return best


def bench_gsr(path: Path, show: int) -> dict:
    igo_codes = {o["code"] for o in load_data("igos.json")["organisations"]}
    counts: Counter = Counter()
    wrong = []
    started = time.perf_counter()
    for line in path.read_text("utf-8").splitlines():
        record = json.loads(line)
        entries = [("source", a) for a in record["source_actors"]] + [("target", a) for a in record["target_actors"]]
        entries = [(role, a) for role, a in entries if a.get("country")]
        if not entries:
            continue
        doc = run_actors(record["text"])
        counts["sentences"] += 1
        for role, entry in entries:
            gold_code = OLD_CODES.get(entry["country"], entry["country"])
            span = locate(record["text"], entry["text"])
            actor = predicted_at(doc, *span) if span else None
            code = actor.country if actor else None
            ok = code in igo_codes if gold_code in GENERIC_IGO else code == gold_code
            counts[f"{role}_n"] += 1
            counts[f"{role}_ok"] += ok
            if not ok:
                wrong.append(f"{role} {entry['text']!r} gold={gold_code} got={code} ({actor.name if actor else None})")
            gold_sector = SECTOR_MAP.get((entry.get("sector") or "")[:3])
            if gold_sector:
                counts["sector_n"] += 1
                sector_ok = bool(actor) and actor.sector == gold_sector
                counts["sector_ok"] += sector_ok
                if not sector_ok:
                    wrong.append(f"{role} sector {entry['text']!r} gold={gold_sector} "
                                 f"got={actor.sector if actor else None} ({actor.name if actor else None})")
    elapsed = time.perf_counter() - started
    for line in wrong[:show]:
        print("  " + line, file=sys.stderr)
    n = counts["source_n"] + counts["target_n"]
    return {
        "sentences": counts["sentences"],
        "source_country_accuracy": round(counts["source_ok"] / max(1, counts["source_n"]), 3),
        "target_country_accuracy": round(counts["target_ok"] / max(1, counts["target_n"]), 3),
        "country_accuracy": round((counts["source_ok"] + counts["target_ok"]) / max(1, n), 3),
        "actor_codes": n,
        "sector_accuracy": round(counts["sector_ok"] / max(1, counts["sector_n"]), 3),
        "sector_codes": counts["sector_n"],
        "seconds_per_sentence": round(elapsed / max(1, counts["sentences"]), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--coref", type=Path, default=DEFAULT_COREF)
    parser.add_argument("--gsr", type=Path, default=DEFAULT_GSR)
    parser.add_argument("--show", type=int, default=0, help="print the N worst passages / wrong codes to stderr")
    parser.add_argument("--only", choices=("coref", "gsr"))
    args = parser.parse_args()
    report = {}
    if args.only in (None, "coref"):
        report["coref"] = bench_coref(args.coref, args.show)
        if HELD_OUT_COREF.exists():
            report["coref_held_out"] = bench_coref(HELD_OUT_COREF, show=0)
    if args.only in (None, "gsr"):
        report["plover_gsr"] = bench_gsr(args.gsr, args.show)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
