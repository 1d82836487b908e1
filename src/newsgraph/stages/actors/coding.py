"""Coding: a country and a sector for each actor, from the words of its mentions and
around them ("Kyrgyz Prime Minister X", "newspaper X", "Ana Ruiz of Spain"), then from
the document: the nearest country named before, else the country the text is about.
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
    if known and known.kind == "seat":
        code = code or known.code
        if draft.type == "PERSON":
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
    for draft in ws.drafts.values():
        if draft.country and draft.type in ("ORG", "GPE") and any(start <= r.start and r.end <= end for r in draft.refs):
            return draft.country
    return None


def dominant_country(ws: Workspace) -> None:
    """Document context for people and bodies with no code of their own: the nearest
    country or place named before them in the paragraph (or after them in the same
    sentence), else the country the whole text is clearly about."""
    gaz = ws.gaz
    evidence = sorted((r.start, r.sent, d.country) for d in ws.drafts.values()
                      if d.country and (d.type == "GPE" or d.key.startswith("demonym:")) and not gaz.is_region(d.name)
                      for r in d.refs if r.via != "pronoun")
    if not evidence:
        return
    leader = _leading_country(evidence)
    for draft in ws.drafts.values():
        if draft.country or draft.type not in ("PERSON", "ORG", "GROUP", "GPE") or gaz.is_region(draft.name) or not draft.refs:
            continue
        first = min(draft.refs, key=lambda r: r.start)
        draft.country = _nearest_country(ws, first, evidence) or leader


def _leading_country(evidence: list[tuple[int, int, str]]) -> str | None:
    """The country of at least 60% of the mentions of places, and more than any other."""
    counts: dict[str, int] = {}
    for _, _, code in evidence:
        counts[code] = counts.get(code, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    clear = ranked[0][1] >= 0.6 * len(evidence) and (len(ranked) == 1 or ranked[0][1] > ranked[1][1])
    return ranked[0][0] if clear else None


def _nearest_country(ws: Workspace, ref: Ref, evidence: list[tuple[int, int, str]]) -> str | None:
    same = [(abs(pos - ref.start), code) for pos, sent, code in evidence if sent == ref.sent]
    if same:
        return min(same)[1]
    text = ws.doc.text
    para = text.count("\n", 0, ref.start)
    before = [(pos, code) for pos, sent, code in evidence if pos < ref.start and ref.sent - sent <= 2
              and text.count("\n", 0, pos) == para]
    return max(before)[1] if before else None


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
