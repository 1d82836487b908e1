"""Quotation marks paired in any style, per paragraph, with the newspaper convention.

A quote may run over several paragraphs: each paragraph opens with a mark and only
the last one closes. Apostrophes ("Russia's", "don't") never open or close a quote.
The quotes stage reads these spans, and so do the actors and claims stages (to know
what is inside a quote), which is why this lives in nlp/ and not in a stage.
"""
from __future__ import annotations

from dataclasses import dataclass

# Opening mark -> the marks that may close it. Pages often mix curly and straight
# double quotes (“…" or "…”), so those close each other.
PAIRS = {"“": "”\"", "«": "»", "„": "“”", "‘": "’", '"': '"”', "'": "'", "‹": "›", "‚": "‘’"}
OPENERS = set(PAIRS)


@dataclass
class QuoteSpan:
    start: int  # the opening mark
    end: int  # just after the closing mark (or paragraph end when unclosed)
    closed: bool = True

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + 1, self.end - 1 if self.closed else self.end


# ---- pairing quotation marks ---------------------------------------------
def find_quote_spans(text: str) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    open_at, closer = None, ""
    offset = 0
    paragraphs = text.split("\n")
    for index, para in enumerate(paragraphs):
        i = 0
        while i < len(para):
            ch = para[i]
            if open_at is None:
                if ch in OPENERS and _can_open(para, i):
                    open_at, closer = offset + i, PAIRS[ch]
            elif ch in closer and _can_close(para, i, ch):
                spans.append(QuoteSpan(open_at, offset + i + 1))
                open_at = None
            i += 1
        if open_at is not None and not _continues(paragraphs, index, closer):
            spans.append(QuoteSpan(open_at, offset + len(para), closed=False))
            open_at = None
        offset += len(para) + 1
    if open_at is not None:
        spans.append(QuoteSpan(open_at, len(text), closed=False))
    return [s for s in spans if s.end - s.start > 2]


def _can_open(para: str, i: int) -> bool:
    ch = para[i]
    before = para[i - 1] if i else " "
    after = para[i + 1] if i + 1 < len(para) else " "
    if ch in ("'", "‘") and (before.isalnum() or not (after.isalnum() or after in "“\"")):
        return False  # an apostrophe, not a quotation mark
    if ch == '"' and after.isspace() and before.isalnum():
        return False
    return not after.isspace() or ch in "«„"


def _can_close(para: str, i: int, ch: str) -> bool:
    before = para[i - 1] if i else " "
    after = para[i + 1] if i + 1 < len(para) else " "
    if ch in ("'", "’"):
        # "Russia's" or "don’t": an apostrophe between letters never closes.
        return not (before.isalnum() and after.isalnum()) and not before.isspace()
    return not before.isspace() or after.isspace() or after in ".,;:!?)"


def _continues(paragraphs: list[str], index: int, closer: str) -> bool:
    """Newspaper convention: an unclosed quote goes on if the next paragraph opens one."""
    for nxt in paragraphs[index + 1:]:
        if nxt.strip():
            first = nxt.lstrip()[0]
            return first in OPENERS and any(c in PAIRS[first] for c in closer)
    return False
