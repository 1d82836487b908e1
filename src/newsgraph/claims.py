"""Claims: the article's own fact-check markers, and loaded language.

A sentence that marks something as false ("another false claim", "without
evidence", "untrue comments") gives a fact-check: the claim is the content the
marker refers to, the claimant the actor who made it, the verdict the marker's
class. Loaded language lists emotive wording about actors, with spans.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .document import Document, FactCheck, LoadedTerm, Span
from .gazetteer import load_data


@lru_cache(maxsize=1)
def _lexicon() -> tuple[list[tuple[str, re.Pattern]], re.Pattern]:
    data = load_data("factcheck.json")
    markers = []
    for verdict, phrases in data["verdicts"].items():
        for phrase in phrases:
            markers.append((verdict, re.compile(rf"\b{re.escape(phrase)}\b", re.I)))
    # Listed in the singular; plurals ("-s") match too.
    loaded = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(data["loaded"], key=len, reverse=True)) + r")s?\b", re.I)
    return markers, loaded


def extract_claims(doc: Document) -> Document:
    if doc.nlp is None or not doc.text:
        return doc
    doc.fact_checks = [fc for sent in doc.nlp.sents if (fc := _fact_check(doc, sent))]
    doc.loaded_language = _loaded(doc)
    return doc


def _fact_check(doc: Document, sent) -> FactCheck | None:
    markers, _ = _lexicon()
    text = sent.text
    for verdict, pattern in markers:
        match = pattern.search(text)
        if match is None or _quoted(doc, sent.start_char + match.start()):
            continue
        claim = _claim_text(sent, match)
        claimant = _claimant(doc, sent)
        start, end = sent.start_char, sent.end_char
        return FactCheck(claim=claim, verdict=verdict, evidence=Span(start, end, doc.text[start:end]),
                         claimant=claimant, confidence=0.7 if verdict == "false" else 0.6)
    return None


def _quoted(doc: Document, pos: int) -> bool:
    """A marker inside someone's direct quote is their word, not the article's verdict."""
    return any(q.kind == "direct" and q.start <= pos < q.end for q in doc.quotes)


def _claim_text(sent, match) -> str:
    """What the claim says: an 'about X being Y' / 'that X' complement, else the sentence."""
    text = sent.text
    about = re.search(r"\b(?:about|that|claiming|claims? that|saying)\s+(.+?)(?:\s+[-–—]\s+|;|$)", text)
    if about and about.start() < match.start():
        return about.group(1).strip(" .,")
    return text.strip()


def _claimant(doc: Document, sent) -> str | None:
    for tok in sent:
        if tok.dep_ == "nsubj" and tok.head.dep_ == "ROOT":
            actor = doc.actor_at(tok.left_edge.idx, tok.idx + len(tok.text))
            if actor:
                return actor.id
    return None


def _loaded(doc: Document) -> list[LoadedTerm]:
    _, pattern = _lexicon()
    terms = []
    for match in pattern.finditer(doc.text):
        if _quoted(doc, match.start()):
            continue  # a speaker's wording, not the article's
        terms.append(LoadedTerm(text=match.group(0), start=match.start(), end=match.end()))
    return terms
