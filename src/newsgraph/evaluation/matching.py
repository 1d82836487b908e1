"""The scorer's ground rules: how strings are compared, how gold and predicted items are
paired, and how pairs become precision, recall and attribute accuracies.

Standard library only, like scorer.py, so that scoring needs no NLP model. The choices
these functions fix (zero counts, optional items, greedy order) are set out in
scorer.py's docstring.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any, Callable, Iterable

RESIDUE_KEY_CHARS = 30

# Every Unicode "Pd" (dash punctuation) character, plus the minus sign.
DASHES = (
    "\u058a\u05be\u1400\u1806\u2010\u2011\u2012\u2013\u2014\u2015\u2e17\u2e1a\u2e3a"
    "\u2e3b\u2e40\u2e5d\u301c\u3030\u30a0\ufe31\ufe32\ufe58\ufe63\uff0d\U00010ead\u2212"
)
SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2039\u203a\u02bc"
DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
STRAIGHTEN = str.maketrans(
    {**{c: "-" for c in DASHES}, **{c: "'" for c in SINGLE_QUOTES}, **{c: '"' for c in DOUBLE_QUOTES}}
)
WHITESPACE = re.compile(r"\s+")
WORD = re.compile(r"\w[\w'-]*")


# ---------------------------------------------------------------- normalisation


def _normalise_once(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).translate(STRAIGHTEN).casefold()
    return WHITESPACE.sub(" ", s).strip()


@lru_cache(maxsize=8192)
def normalise(s: str) -> str:
    """NFKC, straight quotes, "-" for every dash, one space per whitespace run, casefolded.

    Casefolding can produce characters that NFKC changes again, so the steps repeat
    until the string stops changing; that keeps ``normalise`` idempotent.
    """
    for _ in range(5):
        out = _normalise_once(s)
        if out == s:
            break
        s = out
    return s


def norm(value: Any) -> str:
    """normalise() that treats None (an unknown field) as the empty string."""
    return normalise(value) if isinstance(value, str) else ""


# ---------------------------------------------------------------- gold fields


def items(record: dict, key: str) -> list[dict]:
    return [x for x in record.get(key) or [] if isinstance(x, dict)]


def required(item: dict) -> bool:
    return item.get("required", True) is not False


def confidence(item: dict) -> float:
    value = item.get("confidence")
    return float(value) if isinstance(value, (int, float)) else 0.0


def needles(g: dict) -> list[str]:
    """The strings a gold event's evidence must contain (any one of them)."""
    return ([g["text_contains"]] if g.get("text_contains") else []) + list(g.get("text_contains_any") or [])


def residue_key(g: dict) -> str:
    """What identifies a gold residue line: its first RESIDUE_KEY_CHARS normalised characters."""
    return norm(g.get("text_starts"))[:RESIDUE_KEY_CHARS]


# ---------------------------------------------------------------- counting


def prf(tp: int, n_gold: int, pred_tp: int, n_pred: int) -> dict:
    recall = tp / n_gold if n_gold else 1.0
    if n_pred:
        precision = pred_tp / n_pred
    else:
        precision = 1.0 if n_gold == 0 else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "gold": n_gold, "pred": n_pred, "pred_tp": pred_tp,
            "precision": precision, "recall": recall, "f1": f1}


def counts(gold: list[dict], gold_hit: set[int], pred_links: list[set[int]]) -> dict:
    """P/R/F1 from which gold items were hit and which gold items each prediction matched.

    A prediction linked only to optional gold items is left out of the precision count.
    """
    wanted = [i for i, g in enumerate(gold) if required(g)]
    tp = sum(1 for i in wanted if i in gold_hit)
    n_pred = pred_tp = 0
    for links in pred_links:
        if any(required(gold[i]) for i in links):
            n_pred += 1
            pred_tp += 1
        elif not links:
            n_pred += 1
    return prf(tp, len(wanted), pred_tp, n_pred)


def pair_counts(gold: list[dict], n_preds: int, pairs: list[tuple[int, int]]) -> dict:
    links: list[set[int]] = [set() for _ in range(n_preds)]
    for gi, pi in pairs:
        links[pi].add(gi)
    return counts(gold, {gi for gi, _ in pairs}, links)


def accuracy(checks: Iterable[bool | None]) -> dict:
    scored = [c for c in checks if c is not None]
    correct = sum(1 for c in scored if c)
    return {"correct": correct, "total": len(scored),
            "accuracy": correct / len(scored) if scored else None}


def same(field: str) -> Callable[[dict, dict], bool | None]:
    """Check that the prediction's `field` equals the gold one; not scored when gold has none."""
    return lambda g, p: None if g.get(field) is None else norm(g.get(field)) == norm(p.get(field))


def attribute(gold, preds, pairs, check: Callable[[dict, dict], bool | None]) -> dict:
    """Accuracy of check(gold, pred) over matched required pairs; None means not scored."""
    return accuracy(check(gold[gi], preds[pi]) for gi, pi in pairs if required(gold[gi]))


# ---------------------------------------------------------------- matching


def one_to_one(gold: list[dict], preds: list[dict], rank: Callable[[dict, dict], int | None]):
    """Greedy one-to-one pairs: best rank first, then by prediction confidence.

    rank(gold, pred) is None when they do not match; lower ranks are better matches.
    """
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(preds):
            r = rank(g, p)
            if r is not None:
                candidates.append(((r, -confidence(p), pi, not required(g), gi), gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return pairs


def many_to_one(gold: list[dict], preds: list[dict], matches: Callable[[dict, dict], bool]):
    """Each gold item once; a prediction may take several gold items (a long quote)."""
    gold_order = sorted(range(len(gold)), key=lambda gi: not required(gold[gi]))
    pred_order = sorted(range(len(preds)), key=lambda pi: -confidence(preds[pi]))
    used: set[int] = set()
    pairs = []
    for gi in gold_order:
        found = [pi for pi in pred_order if matches(gold[gi], preds[pi])]
        if found:
            pi = next((p for p in found if p not in used), found[0])
            used.add(pi)
            pairs.append((gi, pi))
    return pairs


def contains_any(haystacks: Iterable[Any], targets: Iterable[Any]) -> bool:
    """Some normalised target is inside some normalised haystack (an empty target never matches)."""
    hay = [norm(h) for h in haystacks]
    wanted = [w for w in map(norm, targets) if w]
    return any(w in h for w in wanted for h in hay)
