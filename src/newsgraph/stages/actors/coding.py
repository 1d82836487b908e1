"""Coding: a country and a sector for each actor, from the words of its mentions and
around them ("Kyrgyz Prime Minister X", "newspaper X", "Ana Ruiz of Spain"). What these
cues leave open is filled, or left null, by evidence.py: never from mere nearness.
"""
from __future__ import annotations

from newsgraph.stages.actors.draft import Draft, Ref, Workspace
from newsgraph.stages.actors.words import MINISTER_COMPOUND, OUTLET_NOUNS

STATE_SECTORS = ("GOV", "MIL", "LEG", "JUD")  # a role noun of these codes a person's sector


def code_from_context(ws: Workspace) -> None:
    for draft in ws.drafts.values():
        for ref in draft.refs:
            if ref.via != "pronoun":
                _code_ref(ws, draft, ref)


def _code_ref(ws: Workspace, draft: Draft, ref: Ref) -> None:
    span = ws.doc.text[ref.start:ref.end]
    tokens = ws.sp.char_span(ref.start, ref.end, alignment_mode="expand")
    if tokens is None:
        return
    for tok in [t for t in tokens] + _neighbour_words(ws, tokens):
        _code_word(ws, draft, ref, tok)
    if draft.type in ("PERSON", "ORG") and ref.via in ("name", "alias", "title") and not draft.country:
        draft.country = _country_in_front(ws, tokens)
    if MINISTER_COMPOUND.search(span.lower()) and draft.type == "PERSON":
        draft.titles.add("minister")


def _code_word(ws: Workspace, draft: Draft, ref: Ref, tok) -> None:
    """What one word in or next to a mention tells of the actor's country, sector and titles."""
    gaz = ws.gaz
    low, lemma = tok.lower_, tok.lemma_.lower()
    code = gaz.demonym_of(tok.text) or gaz.capital_of(tok.text) or gaz.country_of(tok.text)
    known = gaz.org(tok.text)
    if known and known.kind in ("seat", "body", "party") and tok.ent_type_ != "PERSON":
        code = code or known.code  # "Knesset member X", "Democratic Senator X"
        if draft.type == "PERSON" and known.kind != "party":
            draft.sector = draft.sector or known.sector
    if code and draft.type in ("PERSON", "ORG", "GROUP") and not draft.country:
        draft.country = code
    sector = gaz.sector_of_role(low) or gaz.sector_of_role(lemma)
    if tok.dep_ == "amod" and tok.pos_ == "ADJ" or lemma == "general" and tok.ent_type_ != "PERSON" \
            and not (tok.i + 1 < len(ws.sp) and ws.sp[tok.i + 1].ent_type_ == "PERSON"):
        sector = None  # "general secretary", "General Elections Commission": no army general
    if sector and draft.type in ("PERSON", "ORG") and not draft.sector:
        if draft.type == "ORG" or lemma in ws.nom.person or sector in STATE_SECTORS:
            draft.sector = sector
    if draft.type == "PERSON" and lemma in ws.nom.person and ref.via != "description":
        draft.titles.add(lemma)


def _country_in_front(ws: Workspace, span) -> str | None:
    """"Kyrgyz Prime Minister X", "Arab League Secretary General X": the
    country or organisation in the words that lead up to the name."""
    front = [t for t in span.root.subtree if t.i < span.start]
    if not front:
        return None
    for tok in front:
        code = ws.gaz.demonym_of(tok.text) or ws.gaz.country_of(tok.text)
        if code:
            return code
    start, end = front[0].idx, span.start_char
    inside = {k for r, k in ws.index.starting_in(start, end) if r.end <= end}
    for dkey in ws.index.in_order(inside):
        draft = ws.drafts[dkey]
        if draft.country and draft.type in ("ORG", "GPE"):
            return draft.country
    return None


def _neighbour_words(ws: Workspace, span) -> list:
    """Appositions and modifiers next to a name: "newspaper X", "X, the minister"."""
    out = []
    root = span.root
    head = root.head
    if root.dep_ == "appos" or (head.dep_ == "appos" and head.head.i in range(span.start, span.end)):
        out.extend(t for t in head.subtree if t.i not in range(span.start, span.end))
    for child in root.children:
        if child.dep_ == "appos":
            out.extend(child.subtree)
        if child.dep_ == "prep" and child.lower_ in ("of", "from"):
            out.extend(c for c in child.children if c.dep_ == "pobj")  # "Ana Ruiz of Spain"
    prev = ws.sp[max(0, span.start - 3):span.start]
    out.extend(t for t in prev if t.head.i in range(span.start, span.end) or t.head.i == span.start)
    if span.start > 0 and ws.sp[span.start - 1].lemma_.lower() in OUTLET_NOUNS:
        out.extend(ws.sp[max(0, span.start - 3):span.start])
    return out
