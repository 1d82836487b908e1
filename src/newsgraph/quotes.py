"""Quotes: direct, indirect and mixed quotes with speaker, cue and medium.

Quotation marks are paired per paragraph in any style, and a quote may run
over several paragraphs in the newspaper convention (each paragraph opens with
a mark, only the last closes). Indirect quotes come from reporting verbs with
a clause complement; a quoted fragment inside such a clause makes it "mixed".
When the speaker is uncertain we say so with a low confidence or no speaker.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .document import Document, Quote
from .gazetteer import load_data

PAIRS = {"“": "”", "«": "»", "„": "“”", "‘": "’", '"': '"', "'": "'", "‹": "›", "‚": "‘’"}
OPENERS = set(PAIRS)
MIN_UNATTRIBUTED_WORDS = 6


@lru_cache(maxsize=1)
def cue_lexicon() -> dict:
    data = load_data("cues.json")
    return {"verbs": set(data["verbs"]), "not_indirect": set(data["indirect_only_exclude"]),
            "nouns": set(data["speech_nouns"])}


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


# ---- extraction ------------------------------------------------------------
def extract_quotes(doc: Document) -> Document:
    if doc.nlp is None or not doc.text:
        return doc
    finder = QuoteFinder(doc)
    doc.quotes = finder.run()
    return doc


class QuoteFinder:
    def __init__(self, doc: Document):
        self.doc = doc
        self.sp = doc.nlp
        self.text = doc.text
        self.spans = find_quote_spans(doc.text)
        self.cues = cue_lexicon()

    def run(self) -> list[Quote]:
        indirect = self._indirect()
        absorbed = {id(s) for q, spans in indirect for s in spans}
        direct = [self._direct(s, previous) for s, previous in self._with_previous()
                  if id(s) not in absorbed]
        quotes = [q for q in direct if q] + [q for q, _ in indirect]
        quotes.sort(key=lambda q: q.start)
        for n, quote in enumerate(quotes, 1):
            quote.id = f"q{n}"
        return quotes

    def _with_previous(self):
        previous = None
        for span in self.spans:
            yield span, previous
            previous = span

    # ---- direct -----------------------------------------------------------
    def _direct(self, span: QuoteSpan, previous: QuoteSpan | None) -> Quote | None:
        inner_start, inner_end = span.inner
        content = self.text[inner_start:inner_end].strip()
        if len(content.split()) < 4 and not self._stands_alone(span):
            return None  # a fragment inside a sentence: part of a mixed quote, or a scare quote
        attribution = self._attribution_for(span)
        if attribution is None and not self._quote_like(content):
            return None  # a scare quote, title or nickname, not something said
        quote = Quote(id="", kind="direct", start=inner_start, end=inner_end,
                      text=self.text[inner_start:inner_end])
        if attribution:
            self._fill(quote, *attribution)
        else:
            self._inherit(quote, span)
        return quote

    def _stands_alone(self, span: QuoteSpan) -> bool:
        """A short quote counts when it is introduced by a colon or opens its paragraph."""
        before = self.text[max(0, span.start - 3):span.start]
        return span.start == 0 or "\n" in before or ":" in before

    def _quote_like(self, content: str) -> bool:
        words = content.split()
        return len(words) >= MIN_UNATTRIBUTED_WORDS

    def _attribution_for(self, span: QuoteSpan):
        """(speaker token span, cue text, sentence span) or None."""
        para_start, para_end = self._paragraph_bounds(span.start, span.end)
        cue = self._nearest_cue(span, para_start, para_end)
        if cue is not None:
            return self._speaker_of(cue), self._cue_text(cue), cue.sent
        dash = re.match(r"\s*[-–—]\s*([^\n]{2,80})$", self.text[span.end:para_end])
        if dash:
            start = span.end + dash.start(1)
            return self._char_span(start, start + len(dash.group(1).rstrip(". "))), None, None
        lead = self._colon_lead(span, para_start)
        if lead is not None:
            return lead, None, None
        return None

    def _paragraph_bounds(self, start: int, end: int) -> tuple[int, int]:
        para_start = self.text.rfind("\n", 0, start) + 1
        para_end = self.text.find("\n", end)
        return para_start, len(self.text) if para_end < 0 else para_end

    def _inside_any_quote(self, pos: int) -> bool:
        return any(s.start <= pos < s.end for s in self.spans)

    def _nearest_cue(self, span: QuoteSpan, para_start: int, para_end: int):
        # A cue must sit in the quote's own paragraph(s), outside any quote.
        best, best_dist = None, 10**9
        for tok in self.sp.char_span(para_start, para_end, alignment_mode="expand") or []:
            if self._inside_any_quote(tok.idx) or not self._is_cue(tok):
                continue
            if not self._cue_governs(tok, span):
                continue
            dist = span.start - tok.idx if tok.idx < span.start else tok.idx - span.end
            if dist < best_dist:
                best, best_dist = tok, dist
        return best

    def _is_cue(self, tok) -> bool:
        lemma = tok.lemma_.lower()
        if tok.lower_ == "according" and tok.i + 1 < len(self.sp) and self.sp[tok.i + 1].lower_ == "to":
            return True
        return tok.pos_ in ("VERB", "AUX") and lemma in self.cues["verbs"] and tok.dep_ != "amod"

    def _cue_governs(self, tok, span: QuoteSpan) -> bool:
        """Between the cue and the quote there is no other sentence of reported speech."""
        lo, hi = (tok.idx, span.start) if tok.idx < span.start else (span.end, tok.idx)
        between = self.text[lo:hi]
        return len(between) < 160 and not re.search(r"[.!?][”\"’']?\s+[A-Z“\"]", between.strip()[:-1] if between.strip().endswith(":") else between)

    def _speaker_of(self, cue):
        if cue.lower_ == "according":
            for child in self.sp[cue.i + 1].children:
                if child.dep_ == "pobj":
                    return self.sp[child.left_edge.i:child.i + 1]
            return None
        for child in cue.children:
            if child.dep_ in ("nsubj", "nsubjpass") and not self._inside_any_quote(child.idx):
                return self._np(child)
        if cue.dep_ in ("conj", "advcl") and cue.head.pos_ == "VERB":
            return self._speaker_of(cue.head)
        return None

    def _np(self, head):
        """The noun phrase of a speaker, without relative clauses or trailing appositions."""
        left = head.left_edge.i
        right = head.i
        for child in head.children:
            if child.i > head.i and child.dep_ in ("compound", "flat", "poss", "nmod", "case", "amod", "prep") and child.dep_ != "prep":
                right = max(right, child.right_edge.i)
        return self.sp[left:right + 1]

    def _cue_text(self, cue) -> str:
        if cue.lower_ == "according":
            return "according to"
        parts = [t for t in cue.children if t.dep_ in ("aux", "neg", "prt") and t.i < cue.i + 3]
        if cue.lemma_.lower() in ("make",):
            return cue.text
        return cue.text if not parts else " ".join(t.text for t in sorted([cue, *[p for p in parts if p.dep_ == "prt"]], key=lambda t: t.i))

    def _colon_lead(self, span: QuoteSpan, para_start: int):
        """'And from the coach:' on the line before, or 'X:' before the quote."""
        before = self.text[para_start:span.start]
        if not before.strip():
            prev_end = para_start - 1
            prev_start = self.text.rfind("\n", 0, max(prev_end, 0)) + 1
            before, para_start = self.text[prev_start:prev_end], prev_start
        match = re.search(r"(?:^|\b(?:and |also )?from |^)([^:\n]{2,80}):\s*$", before, re.I)
        if not match or re.search(r"\b(said|says|told|added|wrote)\b", before):
            return None
        start = para_start + match.start(1)
        return self._char_span(start, start + len(match.group(1)))

    def _char_span(self, start: int, end: int):
        return self.sp.char_span(start, end, alignment_mode="expand")

    def _inherit(self, quote: Quote, span: QuoteSpan) -> None:
        """A quote paragraph with no attribution continues the previous speaker."""
        para_start, _ = self._paragraph_bounds(span.start, span.end)
        if para_start == 0:
            return
        prev_end = para_start - 1
        prev_start = self.text.rfind("\n", 0, prev_end) + 1
        for tok in self.sp.char_span(prev_start, prev_end, alignment_mode="expand") or []:
            if self._is_cue(tok) and not self._inside_any_quote(tok.idx):
                speaker = self._speaker_of(tok)
                if speaker is not None:
                    self._fill(quote, speaker, None, None, confidence=0.55)
                    return
        actor = self._last_speaker_before(para_start)
        if actor is not None:
            quote.speaker, quote.speaker_text, quote.confidence = actor.id, actor.name, 0.45

    def _last_speaker_before(self, pos: int):
        best, best_pos = None, -1
        for actor in self.doc.actors:
            if actor.type != "PERSON":
                continue
            for m in actor.mentions:
                if best_pos < m.start < pos and pos - m.start < 600:
                    best, best_pos = actor, m.start
        return best

    def _fill(self, quote: Quote, speaker, cue: str | None, sentence, confidence: float = 0.85) -> None:
        quote.cue = cue
        if speaker is not None:
            quote.speaker_text = speaker.text
            actor = self.doc.actor_at(speaker.start_char, speaker.end_char)
            quote.speaker = actor.id if actor else None
        quote.confidence = confidence if quote.speaker else min(confidence, 0.5)
        if sentence is not None:
            quote.medium = self._medium(sentence)

    def _medium(self, sentence) -> str | None:
        """'told X', 'in an interview with X', 'X reported', 'writing in X'."""
        for actor in self.doc.actors:
            if actor.sector != "MED" and actor.type != "ORG":
                continue
            for m in actor.mentions:
                if not (sentence.start_char <= m.start < sentence.end_char) or self._inside_any_quote(m.start):
                    continue
                before = self.text[max(sentence.start_char, m.start - 60):m.start].lower()
                after = self.text[m.end:m.end + 12].lower()
                if re.search(r"(interview with|told|writing in|wrote in|speaking to|speaking with|told the|to|article for|column for|on)\s+([\w'’-]+\s+){0,3}$", before) \
                        and (actor.sector == "MED" or re.search(r"(newspaper|daily|broadcaster|magazine|agency|radio|television|channel)\s+$", before)):
                    return actor.id
                if re.match(r"\s*(reported|reports|said in a report)", after) and actor.sector == "MED":
                    return actor.id
        return None

    # ---- indirect and mixed ----------------------------------------------
    def _indirect(self) -> list[tuple[Quote, list[QuoteSpan]]]:
        found = []
        for tok in self.sp:
            if not self._is_cue(tok) or tok.lemma_.lower() in self.cues["not_indirect"] or self._inside_any_quote(tok.idx):
                continue
            clause = self._reported_clause(tok)
            if clause is None:
                continue
            start, end = clause
            inside = [s for s in self.spans if s.start >= start - 1 and s.end <= end + 1]
            if any(s.start <= start + 1 and (s.end - s.start) > 0.6 * (end - start) for s in inside):
                continue  # the clause is a direct quote: handled there
            if any(s.start < start < s.end for s in self.spans):
                continue
            kind = "mixed" if inside else "indirect"
            quote = Quote(id="", kind=kind, start=start, end=end, text=self.text[start:end])
            self._fill(quote, self._speaker_of(tok), self._cue_text(tok), tok.sent, confidence=0.75)
            found.append((quote, inside))
        return found

    def _reported_clause(self, verb) -> tuple[int, int] | None:
        for child in verb.children:
            if child.dep_ == "ccomp" and child.i > verb.i or self._garden_path_clause(verb, child):
                tokens = [t for t in child.subtree]
                start = tokens[0].idx
                if tokens[0].lower_ == "that" and len(tokens) > 1:
                    start = tokens[1].idx
                last = tokens[-1]
                end = last.idx + len(last.text)
                sent_end = verb.sent.end_char
                end = min(max(end, self._extend_to_sentence(verb, end)), sent_end)
                return start, self._trim_end(start, end)
        return None

    def _garden_path_clause(self, verb, child) -> bool:
        """'claimed a deal cannot be agreed': the parser makes 'a deal' the object, but
        a finite verb further on shows the object begins a reported clause."""
        if child.dep_ != "dobj" or child.i < verb.i:
            return False
        following = [t for t in verb.subtree if t.i > child.i]
        return any(t.dep_ in ("ccomp", "advcl") and any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in t.children)
                   for t in following if t.head.i != verb.i)

    def _extend_to_sentence(self, verb, end: int) -> int:
        """Let the clause run to the sentence end, past trailing modifiers of the cue."""
        tail = self.text[end:verb.sent.end_char]
        stop = re.search(r"[,;]\s+(?:he|she|they|it|officials?)\s+(?:said|added)|[.!?]", tail)
        return end + (stop.start() if stop else len(tail))

    def _trim_end(self, start: int, end: int) -> int:
        while end > start and self.text[end - 1] in " .,;:":
            end -= 1
        return end
