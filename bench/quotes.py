"""Score the quotes stage on the labelled quote set, beside textacy's direct_quotations.

Usage: .venv/bin/python bench/quotes.py [--gold DIR] [--show NAME|all] [--no-textacy]

The gold set (tests/data/gold/quotes/*.gold.json) is split once, by a fixed rule
on the sorted passage names, into a development part (what the rules were tuned
on) and a held-out part (never looked at while tuning). Figures are reported
for dev, held-out and all.

Scoring follows the eval README (newsgraph.evaluation.scorer.score):
  - quotes: P/R/F1 with the "text contains text_contains" rule;
  - speaker accuracy, cue accuracy, medium accuracy: over matched required
    quotes whose gold gives one (a prediction with no speaker counts as wrong);
  - speaker P/R/F1 (like citron's source F1): a correct attribution is a matched
    required gold quote with a gold speaker whose predicted speaker is right.
    recall = correct / required gold quotes with a speaker;
    precision = correct / predicted quotes that name a speaker (leaving out
    predictions that only match optional gold items or gold quotes with no speaker).

textacy baseline: textacy.extract.triples.direct_quotations on the same spaCy
parse. It handles direct quotes only. It raises on a document whose quotation
marks do not pair, so on that error it is run paragraph by paragraph (the
per-paragraph fallback). Its speaker is the text of its speaker tokens; it is
scored as a PERSON-typed name, so the last-token rule helps it too.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from newsgraph.evaluation.matching import contains_any as _contains_any, norm as _n, required as _required
from newsgraph.evaluation.scorer import score
from newsgraph.nlp.parse import load_nlp
from newsgraph.pipeline import analyze

REPO = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = REPO / "tests" / "data" / "gold" / "quotes"
HELD_OUT_SLOTS = (2, 5, 8)  # sorted index mod 10: 13 of 43 passages


def split(names: list[str]) -> tuple[list[str], list[str]]:
    """(dev, held_out): a fixed rule on the sorted names, not chosen by looking at scores."""
    ordered = sorted(names)
    held = [n for i, n in enumerate(ordered) if i % 10 in HELD_OUT_SLOTS]
    return [n for n in ordered if n not in held], held


def load_gold(folder: Path) -> dict[str, tuple[dict, str]]:
    out = {}
    for path in sorted(folder.glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = (folder / gold["document"]).read_text(encoding="utf-8")
        out[path.name.removesuffix(".gold.json")] = (gold, text)
    return out


# ---------------------------------------------------------------- systems


def newsgraph_record(gold: dict, text: str) -> dict:
    return analyze(text, published=gold.get("published_hint")).to_dict()


def textacy_record(gold: dict, text: str) -> dict:
    """A newsgraph/1-shaped record from textacy's direct quotations."""
    from textacy.extract.triples import direct_quotations

    doc = load_nlp()(text)
    fallback = False
    try:
        triples = list(direct_quotations(doc))
    except ValueError:  # unpaired quotation marks: go paragraph by paragraph
        fallback = True
        triples = []
        for para in _paragraphs(doc):
            try:
                triples.extend(direct_quotations(para.as_doc()))
            except ValueError:
                continue
    actors, quotes = [], []
    for n, (speaker, cue, content) in enumerate(triples, 1):
        speaker_text = " ".join(t.text for t in speaker) or None
        if speaker_text:
            actors.append({"id": f"t{n}", "name": speaker_text, "type": "PERSON"})
        quotes.append({"id": f"q{n}", "kind": "direct", "text": content.text,
                       "speaker": f"t{n}" if speaker_text else None, "speaker_text": speaker_text,
                       "cue": " ".join(t.text for t in cue) or None, "medium": None, "confidence": 0.5})
    return {"text": text, "actors": actors, "quotes": quotes, "fallback": fallback}


def _paragraphs(doc):
    start = 0
    for tok in doc:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            if tok.i + 1 > start:
                yield doc[start:tok.i + 1]
            start = tok.i + 1
    if start < len(doc):
        yield doc[start:]


# ---------------------------------------------------------------- scoring


def speaker_counts(gold: dict, pred: dict, result: dict) -> dict:
    """Correct attributions, gold quotes with a speaker, predicted quotes naming one."""
    g_quotes = [g for g in gold["quotes"] if _required(g)]
    with_speaker = [g for g in g_quotes if g.get("speaker")]
    made = 0
    for p in pred.get("quotes") or []:
        if not (p.get("speaker") or p.get("speaker_text")):
            continue
        hits = [g for g in gold["quotes"] if _contains_any([p.get("text")], [g.get("text_contains")])]
        if hits and not any(_required(g) and g.get("speaker") for g in hits):
            continue  # only optional items or speakerless gold: neither side
        made += 1
    return {"correct": result["quotes.speaker"]["correct"], "gold": len(with_speaker), "made": made}


def prf(tp: int, gold: int, pred_tp: int, pred: int) -> tuple[float, float, float]:
    p = pred_tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def summarise(rows: list[dict]) -> dict:
    total = lambda key: sum(r[key] for r in rows)  # noqa: E731
    q = prf(total("tp"), total("gold"), total("pred_tp"), total("pred"))
    s = prf(total("s_correct"), total("s_gold"), total("s_correct"), total("s_made"))
    acc = {k: (total(f"{k}_ok") / total(f"{k}_n") if total(f"{k}_n") else None)
           for k in ("speaker", "cue", "medium")}
    return {"passages": len(rows), "gold": total("gold"), "pred": total("pred"),
            "quote": q, "speaker_prf": s, **acc}


def row_for(gold: dict, pred: dict) -> dict:
    result = score({"quotes": gold["quotes"], "actors": gold["actors"]}, pred)
    q = result["quotes"]
    s = speaker_counts(gold, pred, result)
    row = {"tp": q["tp"], "gold": q["gold"], "pred_tp": q["pred_tp"], "pred": q["pred"],
           "s_correct": s["correct"], "s_gold": s["gold"], "s_made": s["made"]}
    for key in ("speaker", "cue", "medium"):
        row[f"{key}_ok"] = result[f"quotes.{key}"]["correct"]
        row[f"{key}_n"] = result[f"quotes.{key}"]["total"]
    return row


def fmt(name: str, s: dict) -> str:
    acc = lambda v: "  n/a" if v is None else f"{v:.3f}"  # noqa: E731
    qp, qr, qf = s["quote"]
    sp, sr, sf = s["speaker_prf"]
    return (f"{name:<22} n={s['passages']:>2} quotes P={qp:.3f} R={qr:.3f} F1={qf:.3f} | "
            f"speaker P={sp:.3f} R={sr:.3f} F1={sf:.3f} acc={acc(s['speaker'])} | "
            f"cue={acc(s['cue'])} medium={acc(s['medium'])}")


def show(name: str, gold: dict, pred: dict) -> None:
    """Every gold quote with what was predicted for it, then unmatched predictions."""
    print(f"== {name}")
    used = set()
    for g in gold["quotes"]:
        hits = [i for i, p in enumerate(pred["quotes"]) if _contains_any([p.get("text")], [g["text_contains"]])]
        used.update(hits)
        p = pred["quotes"][hits[0]] if hits else None
        names = {a["id"]: a["name"] for a in pred["actors"]}
        got = "MISS" if p is None else f"{p['kind']:<8} spk={names.get(p.get('speaker'), p.get('speaker_text'))!s:<28} cue={p.get('cue')!s:<12} med={names.get(p.get('medium'))}"
        req = "" if _required(g) else " (opt)"
        print(f"  {g['kind']:<8} {g.get('speaker')!s:<28} cue={g.get('cue')!s:<12} med={g.get('medium')} :: {got} :: {g['text_contains'][:40]}{req}")
    for i, p in enumerate(pred["quotes"]):
        if i not in used:
            print(f"  EXTRA {p['kind']:<8} spk={p.get('speaker_text')!s:<20} {p['text'][:70]!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--show", default=None, help="a passage name, 'dev' or 'all'")
    parser.add_argument("--no-textacy", action="store_true")
    args = parser.parse_args(argv)
    data = load_gold(args.gold)
    if not data:
        print(f"no gold files in {args.gold}", file=sys.stderr)
        return 2
    dev, held = split(list(data))
    systems = {"newsgraph": newsgraph_record}
    if not args.no_textacy:
        try:
            import textacy  # noqa: F401
            systems["textacy 0.13.0"] = textacy_record
        except ImportError as exc:
            print(f"textacy baseline skipped: {exc}", file=sys.stderr)
    for system, run in systems.items():
        started = time.perf_counter()
        rows, fallbacks = {}, 0
        for name, (gold, text) in data.items():
            pred = run(gold, text)
            fallbacks += bool(pred.get("fallback"))
            rows[name] = row_for(gold, pred)
            if system == "newsgraph" and args.show in (name, "all") or (args.show == "dev" and name in dev and system == "newsgraph"):
                show(name, gold, pred)
        elapsed = time.perf_counter() - started
        note = f", per-paragraph fallback on {fallbacks} passages" if system != "newsgraph" else ""
        print(f"# {system} ({elapsed:.1f}s{note})")
        for part, names in (("dev", dev), ("held-out", held), ("all", list(data))):
            print(fmt(f"{system} {part}", summarise([rows[n] for n in names])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
