"""A learned back-up for the residue rules: a logistic regression over hashed character
and word n-grams and the line's shape, run only on the short lines the rules keep.

The rules (data/residue.json) fit the phrasings their author saw; this model catches
residue kinds they miss. Weights live in data/residue_model.json (trained by
train/residue_model.py, which names its training data in the file); features are
computed here, in pure Python, so training and inference share one definition.
"""
from __future__ import annotations

import base64
import math
import re
import zlib
from functools import lru_cache

import numpy as np

from newsgraph.lexicon import table

MODEL_FILE = "residue_model.json"
# A switch for benchmarks and tests that measure the rules alone.
ENABLED = True
# The output contract has six kinds of removal (newsgraph/1); the model does not tell them
# apart, so what it removes is "boilerplate", the general one.
REASON = "boilerplate"
MIN_LINES = 3
DIGIT = re.compile(r"\d")
WORD = re.compile(r"[^\W_]+|[^\w\s]")


def _bucket(length: int) -> int:
    return int(math.log2(length + 1))


def _shape(line: str, prev: str, next_: str, index: int, count: int) -> list[str]:
    """What a line looks like, apart from its words: short, capitalised, punctuated, placed."""
    letters = [c for c in line if c.isalpha()]
    caps = sum(c.isupper() for c in letters) / len(letters) if letters else 0.0
    words = line.split()
    feats = [f"len{_bucket(len(line))}", f"nw{min(len(words), 12)}", f"caps{int(caps * 5)}",
             f"end{_char_class(line[-1])}", f"start{_char_class(line[0])}",
             f"prev{_bucket(len(prev))}", f"next{_bucket(len(next_))}",
             f"digits{min(len(DIGIT.findall(line)), 5)}"]
    if prev:
        feats.append(f"prevend{_char_class(prev[-1])}")
    if next_:
        feats.append(f"nextstart{_char_class(next_[0])}")
        feats.append(f"end{_char_class(line[-1])}next{_bucket(len(next_))}")
    if index == 0:
        feats.append("first")
    if index == count - 1:
        feats.append("last")
    for mark in "@#|:/©©•·()[]":
        if mark in line:
            feats.append(f"has{mark}")
    if words and all(w[:1].isupper() for w in words):
        feats.append("titlecase")
    return feats


def _char_class(char: str) -> str:
    if char.isupper():
        return "U"
    if char.islower():
        return "l"
    if char.isdigit():
        return "9"
    return char


def features(line: str, prev: str = "", next_: str = "", index: int = 0, count: int = 1,
             max_chars: int = 240) -> list[str]:
    """The feature names of one stripped line, given its neighbours and place in the article."""
    text = DIGIT.sub("0", line[:max_chars].lower())
    padded = f" {text} "
    feats = [f"c{n}{padded[i:i + n]}" for n in (3, 4) for i in range(len(padded) - n + 1)]
    tokens = WORD.findall(text)
    feats += [f"w{t}" for t in tokens]
    feats += [f"b{a} {b}" for a, b in zip(tokens, tokens[1:])]
    if tokens:
        feats += [f"fw{tokens[0]}", f"lw{tokens[-1]}"]
    return feats + _shape(line, prev, next_, index, count)


def hashed(feats: list[str], size: int) -> list[int]:
    """Stable bucket numbers (crc32: Python's own hash changes from run to run)."""
    mask = size - 1
    return [zlib.crc32(f.encode("utf-8")) & mask for f in feats]


class Model:
    def __init__(self, data: dict):
        self.size = data["buckets"]
        raw = zlib.decompress(base64.b64decode(data["weights_float16_zlib"]))
        self.weights = np.frombuffer(raw, dtype=np.float16).astype(np.float32)
        self.bias = data["bias"]
        self.threshold = data["threshold"]
        self.max_chars = data["max_chars"]
        self.trained_on = data["trained_on"]

    def probability(self, line: str, prev: str = "", next_: str = "", index: int = 0, count: int = 1) -> float:
        ids = hashed(features(line, prev, next_, index, count), self.size)
        score = self.bias + float(self.weights[ids].sum())
        return 1.0 / (1.0 + math.exp(-score))


@lru_cache(maxsize=1)
def load_model() -> Model:
    return Model(table(MODEL_FILE))


def model_reasons(lines: list[str], reasons: list[str | None]) -> None:
    """Give a reason to each short line the rules kept and the model calls residue.

    Residue is furniture around an article, and the model learned it so: a text of fewer
    than MIN_LINES lines (a one-line input, a headline and a sentence) has no such place,
    and the model never takes the last article lines the rules left."""
    if not ENABLED or len(lines) < MIN_LINES:
        return
    model = load_model()
    count = len(lines)
    before = list(reasons)
    for i, line in enumerate(lines):
        if reasons[i] is not None or len(line) > model.max_chars:
            continue
        prev = lines[i - 1] if i else ""
        next_ = lines[i + 1] if i + 1 < count else ""
        p = model.probability(line, prev, next_, i, count)
        if p >= model.threshold:
            reasons[i] = REASON
    if all(r is not None for r in reasons):
        reasons[:] = before
