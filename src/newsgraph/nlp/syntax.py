"""Syntax helpers on a spaCy parse: the clause verb, the noun phrase, subject and object.

Each helper exists once; the stages that climb a parse (events, modality) call these
rather than keeping their own copies. They read only the dependency tree of the token
they are given, so they work on any parsed document.
"""
from __future__ import annotations

CLAUSE_HEADS = ("VERB", "AUX")  # what a clause hangs on


def clause_verb(tok, max_steps: int | None = None):
    """The verb of the clause a word sits in: its first verb or auxiliary ancestor, or the
    root. "issued a list of conditions": "conditions" -> "issued". `max_steps` bounds the climb
    (modality stops after 12 heads); None climbs to the root."""
    steps = 0
    while tok.pos_ not in CLAUSE_HEADS and tok.head.i != tok.i and (max_steps is None or steps < max_steps):
        tok, steps = tok.head, steps + 1
    return tok


def noun_phrase(head):
    """The phrase a head word ends: its left dependents and itself ("the Russian army").
    A possessive stays one word ("its" in "its invasion"); a span is returned as it is."""
    if hasattr(head, "root"):  # already a phrase
        return head
    if head.dep_ == "poss" or head.tag_ == "PRP$":
        return head.doc[head.i:head.i + 1]
    left = min([head.i, *(t.i for t in head.subtree if t.i < head.i)])
    return head.doc[left:head.i + 1]


def subject_of(tok):
    """Who does what a verb says: its own subject, else the subject it shares with the
    verb it complements or joins ("Chile is ready to host": Chile), or the noun a
    relative or participle clause hangs on ("countries accusing X": countries)."""
    subjects = [c for c in tok.children if c.dep_ in ("nsubj", "csubj")]
    if subjects:  # of two, the nearest before the verb: in "NAIROBI, Kenya — The ministry said" a dateline is one
        before = [c for c in subjects if c.i < tok.i]
        return noun_phrase(before[-1] if before else subjects[0])
    if tok.dep_ == "xcomp" and tok.head.pos_ == "ADJ" and tok.head.head.i != tok.head.i:
        return subject_of(tok.head.head)
    if tok.dep_ in ("xcomp", "conj", "advcl", "relcl", "pcomp") and tok.head.pos_ in ("VERB", "AUX", "NOUN"):
        if tok.dep_ == "relcl":
            return noun_phrase(tok.head)
        return subject_of(tok.head) if tok.head.pos_ != "NOUN" else None
    if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
        head = tok.head.head if tok.head.dep_ == "conj" else tok.head
        return noun_phrase(head)
    return None


def passive_agent(tok):
    """The "by X" of a passive verb ("was attacked by X")."""
    for child in tok.children:
        if child.dep_ == "agent":
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return noun_phrase(pobj)
    return None


def object_of(tok):
    """Whom a verb acts on: its direct object or passive subject, else the object of
    "on", "against", "with", "to" or "at"."""
    for child in tok.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            return noun_phrase(child)
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in ("on", "against", "with", "to", "at"):
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return noun_phrase(pobj)
    return None


def only_counts(words, partitive: frozenset[str]) -> bool:
    """The words before a plural head only count or point ("some", "at least 40", "the"):
    they pick out a group already named, not a new kind of it ("dairy farmers")."""
    return all(t.lower_ in partitive or t.pos_ in ("DET", "NUM", "PUNCT", "PART") for t in words)


FINITE_TAGS = frozenset(("VBD", "VBZ", "VBP"))


def clause_span(head):
    """The clause a verb heads, left edge to right edge; but an infinitive ends before a
    finite verb the parser coordinated to it ("urged them to wait and met the envoy": the
    meeting is the subject's second act, not part of what was urged)."""
    end = head.right_edge.i + 1
    if head.tag_ == "VB":
        for conj in head.children:
            if conj.dep_ == "conj" and conj.tag_ in FINITE_TAGS:
                cut = min((c.i for c in head.children if c.dep_ == "cc" and c.i < conj.i), default=conj.i)
                end = min(end, cut)
    return head.doc[head.left_edge.i:end]
