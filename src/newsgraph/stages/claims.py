"""Claims: the article's own fact-check markers, and loaded language.

A sentence that marks something as false ("another false claim", "without
evidence", "untrue comments") gives a fact-check: the claim is the content the
marker refers to, the claimant the actor who made it, the verdict the marker's
class. Loaded language lists emotive wording about actors, with spans.
"""
from __future__ import annotations

import re
from functools import lru_cache

from newsgraph.document import Document, FactCheck, LoadedTerm, Span
from newsgraph.lexicon import table
from newsgraph.nlp.quote_marks import find_quote_spans


@lru_cache(maxsize=1)
def _lexicon() -> tuple[list[tuple[str, re.Pattern]], re.Pattern]:
    data = table("factcheck.json")
    markers = []
    for verdict, phrases in data["verdicts"].items():
        for phrase in phrases:
            markers.append((verdict, re.compile(rf"\b{re.escape(phrase)}\b", re.I)))
    # Terms are listed as written; a plural ("-s") matches too.
    terms = {t for group in table("loaded_language.json")["categories"].values() for t in group}
    loaded = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(terms, key=len, reverse=True)) + r")s?\b", re.I)
    return markers, loaded


def extract_claims(doc: Document) -> Document:
    if doc.nlp is None or not doc.text:
        return doc
    quoted = [(s.start, s.end) for s in find_quote_spans(doc.text)]
    doc.fact_checks = [fc for sent in doc.nlp.sents if (fc := _fact_check(doc, sent, quoted))]
    doc.loaded_language = _loaded(doc, quoted)
    return doc


def _fact_check(doc: Document, sent, quoted: list[tuple[int, int]]) -> FactCheck | None:
    markers, _ = _lexicon()
    text = sent.text
    for verdict, pattern in markers:
        match = next((m for m in pattern.finditer(text) if not _inside(quoted, sent.start_char + m.start())), None)
        if match is None:
            continue
        claim = _claim_text(sent, match)
        claimant = _claimant(doc, sent, sent.start_char + match.start())
        start = sent.start_char
        end = start + len(text.rstrip())
        return FactCheck(claim=claim, verdict=verdict, evidence=Span(start, end, doc.text[start:end]),
                         claimant=claimant, confidence=0.7 if verdict == "false" else 0.6)
    return None


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """A marker inside someone's quotation marks is their word, not the article's verdict."""
    return any(a <= pos < b for a, b in spans)


def _claim_text(sent, match) -> str:
    """What the claim says: an 'about X being Y' / 'that X' complement, else the sentence."""
    text = sent.text
    about = re.search(r"\b(?:about|that|claiming|claims? that|saying)\s+(.+?)(?:\s+[-–—]\s+|;|$)", text)
    if about and about.start() < match.start():
        return about.group(1).strip(" .,\n")
    after = re.search(r"\bthat\s+(.+?)(?:;|$)", text[match.end():])
    if after:
        return after.group(1).strip(" .,\n")  # "claimed, without evidence, that X"
    return text.strip()


def _claimant(doc: Document, sent, marker_at: int) -> str | None:
    """Who made the claim: the possessor of the claim noun ("Smith's false claim"), the
    subject of the verb the marker qualifies ("X falsely said", "X claimed without
    evidence"), else the subject of the sentence."""
    marker = next((t for t in sent if t.idx <= marker_at < t.idx + len(t.text)), None)
    candidates = []
    if marker is not None:
        node = marker
        for _ in range(4):
            candidates += [c for c in node.children if c.dep_ in ("poss", "nsubj", "nsubjpass")]
            if node.head.i == node.i:
                break
            node = node.head
    candidates += [t for t in sent if t.dep_ == "nsubj" and t.head.dep_ == "ROOT"]
    for tok in candidates:
        actor = doc.actor_at(tok.left_edge.idx, tok.idx + len(tok.text))
        if actor:
            return actor.id
    return None


def _loaded(doc: Document, quoted: list[tuple[int, int]]) -> list[LoadedTerm]:
    _, pattern = _lexicon()
    terms = []
    for match in pattern.finditer(doc.text):
        if _inside(quoted, match.start()):
            continue  # a speaker's wording, not the article's
        terms.append(LoadedTerm(text=match.group(0), start=match.start(), end=match.end()))
    return terms
