"""Small syntax helpers over spaCy spans that the parts of the actors stage share."""
from __future__ import annotations


def trim_possessive(ent):
    """An entity without its possessive ending and leading "the"; None when nothing is left."""
    end = ent.end
    while end > ent.start and ent.doc[end - 1].text in ("'s", "’s", "'", "’"):
        end -= 1
    start = ent.start
    while start < end and ent.doc[start].lower_ in ("the",):
        start += 1
    return ent.doc[start:end] if end > start else None


def phrase_head(tok):
    """The noun a modifier finally belongs to: "Swiss" -> "company" in "a Swiss biotech company"."""
    while tok.dep_ in ("amod", "compound", "nmod") and tok.head.i != tok.i:
        tok = tok.head
    return tok


def noun_after(span):
    """The noun right after the span that the span modifies ("Harbison" in "the Harbison
    chain": chain), else None."""
    root = span.root
    if span.end >= len(span.doc) or root.dep_ != "compound" or root.head.i != span.end:
        return None
    return span.doc[span.end]


def skip_det(chunk) -> int:
    """Where a chunk starts once its determiners are left out (but never its last word)."""
    start = chunk.start
    while start < chunk.end - 1 and chunk.doc[start].pos_ == "DET":
        start += 1
    return start


def mention_phrase(head, exclude: set[int] = frozenset()):
    """The extent of an actor mention around its head noun: its left modifiers and its
    prepositional phrases, but no relative clause, apposition or anything after a comma.
    (nlp.syntax.noun_phrase is the plain left-dependents phrase that events use; a
    mention is deliberately longer on the right: "the minister of finance".)"""
    doc = head.doc
    left = head.i
    for tok in head.lefts:
        if tok.dep_ not in ("punct", "cc") and tok.i not in exclude:
            left = min(left, tok.left_edge.i)
    right = head.i
    for tok in head.rights:
        if tok.dep_ in ("prep", "nummod", "compound", "amod") and tok.i not in exclude:
            right = max(right, tok.right_edge.i)
        else:
            break
    while left < head.i and (doc[left].is_punct or doc[left].i in exclude):
        left += 1
    if any(i in exclude for i in range(left, right + 1)):
        return None
    return doc[left:right + 1]
