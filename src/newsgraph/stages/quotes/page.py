"""The page a quote is read from: the text, its parse, its quotation marks and its dateline.

Direct quotes, indirect quotes, cues and speakers all ask the same questions of the
text (is this offset inside a quote? which paragraph is this? which tokens cover
these characters?); they are answered here, once per document.
"""
from __future__ import annotations

import bisect
import re

from newsgraph.document import Document
from newsgraph.lexicon import words
from newsgraph.nlp.quote_marks import find_quote_spans
from newsgraph.stages.quotes.mentions import MentionIndex

SYNTAX = "quotes_syntax.json"
DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{2,40}(?:,\s*[A-Z][A-Za-z .]{1,20}\d{0,2})?\s*(?:\([^)\n]{1,30}\))?\s*[—–-]{1,2}\s*")


def dateline_end(text: str) -> int:
    """Where 'NAIROBI, Feb 13 (Reuters) - ' or 'SEOUL — ' ends; 0 when the text has none."""
    match = DATELINE.match(text)
    return match.end() if match else 0


class Page:
    def __init__(self, doc: Document):
        self.doc = doc
        self.sp = doc.nlp
        self.text = doc.text
        self.spans = find_quote_spans(doc.text)
        self.span_starts = [s.start for s in self.spans]  # sorted and disjoint: found by bisection
        self.dateline_end = dateline_end(doc.text)
        self.mentions = MentionIndex(doc.actors)

    def spans_within(self, start: int, end: int) -> list:
        """The quotations that lie inside [start, end) (the spans are sorted and disjoint)."""
        lo = bisect.bisect_left(self.span_starts, start)
        return [s for s in self.spans[lo:bisect.bisect_left(self.span_starts, end)] if s.end <= end]

    def stands_alone(self, span) -> bool:
        """A quotation introduced by a colon or opening its paragraph."""
        before = self.text[max(0, span.start - 3):span.start]
        return span.start == 0 or "\n" in before or ":" in before

    def fragment(self, span) -> bool:
        """Under four quoted words inside a sentence (not standing alone): part of a mixed
        quote or a scare quote, never a direct quote of its own."""
        inner_start, inner_end = span.inner
        return len(self.text[inner_start:inner_end].split()) < 4 and not self.stands_alone(span)

    def inside_any_quote(self, pos: int) -> bool:
        # Called per token per quote: a linear scan made hundreds of quotes in one paragraph cubic.
        i = bisect.bisect_right(self.span_starts, pos) - 1
        return i >= 0 and pos < self.spans[i].end

    def span_before(self, pos: int):
        """The last quotation that closes at or before `pos`."""
        i = bisect.bisect_right(self.span_starts, pos) - 1
        while i >= 0 and self.spans[i].end > pos:
            i -= 1
        return self.spans[i] if i >= 0 else None

    def paragraph_bounds(self, start: int, end: int) -> tuple[int, int]:
        para_start = self.text.rfind("\n", 0, start) + 1
        para_end = self.text.find("\n", end)
        return para_start, len(self.text) if para_end < 0 else para_end

    def char_span(self, start: int, end: int):
        return self.sp.char_span(start, end, alignment_mode="expand")

    def speaker_phrase(self, head):
        """The phrase that names a speaker, without relative clauses or trailing appositions
        (unlike nlp.syntax.noun_phrase, it keeps "of" phrases and skips a dateline)."""
        left = head.left_edge.i
        while left < head.i and self.sp[left].idx < self.dateline_end:
            left += 1  # "SAN FRANCISCO — A federal judge": the dateline is not part of it
        right = head.i
        for child in head.children:
            # "Residents of Millbrook Road", "President of Chile Ana Ruiz"
            keep = child.dep_ in words("speaker_np_deps", file=SYNTAX) or \
                child.dep_ == "prep" and child.lower_ == "of" and head.pos_ in ("NOUN", "PROPN")
            if child.i > head.i and keep:
                right = max(right, child.right_edge.i)
        return self.sp[left:right + 1]

    def is_caption(self, line: str) -> bool:
        """A photo caption or credit line ('… Photograph: Thomas Davies/AFP')."""
        low = line.lower()
        return any(marker in low for marker in words("caption_markers", file=SYNTAX))

    def trim_end(self, start: int, end: int) -> int:
        """A reported clause ends before trailing punctuation and a dangling 'but' or 'and'."""
        while end > start and self.text[end - 1] in " .,;:":
            end -= 1
        for word in (" but", " and"):
            if self.text[start:end].endswith(word):
                return self.trim_end(start, end - len(word))
        return end
