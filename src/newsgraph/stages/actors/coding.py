"""Coding: a country and a sector for each actor, from the words of its mentions and
around them ("Kyrgyz Prime Minister X", "newspaper X", "Ana Ruiz of Spain"). What these
cues leave open is filled, or left null, by evidence.py: never from mere nearness.
"""
from __future__ import annotations

from newsgraph.nlp.places import prominent, resolve_place
from newsgraph.stages.actors.draft import Draft, Ref, Workspace
from newsgraph.stages.actors.words import HEADED_OFFICES, MINISTER_COMPOUND, OUTLET_NOUNS, PARTY_ADJECTIVES

STATE_SECTORS = ("GOV", "MIL", "LEG", "JUD")  # a role noun of these codes a person's sector
PORTFOLIO = ("to", "for")  # "Special Envoy to Syria", "Commissioner for Trade": a brief, not a nationality


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
    if draft.type == "ORG" and not draft.country:
        draft.country = _country_after_of(ws, tokens) or _based_in(ws, tokens)  # "Congress of the Philippines"
    around = [t for t in tokens] + _neighbour_words(ws, tokens)
    for n, tok in enumerate(around):
        if draft.type == "PERSON" and ref.via == "name" and len(tokens) > 1 and n == len(tokens) - 1:
            continue  # the family name: "Carla Mayor" is no mayor, "Ana Jordan" no Jordanian
        _code_word(ws, draft, ref, tok, neighbour=n >= len(tokens))
    if draft.type == "PERSON" and not draft.country:
        _code_official(ws, draft, around)
    if draft.type == "PERSON" and not draft.sector and ref.via in ("name", "alias", "title"):
        _heads_a_government(draft, tokens.root)
    if draft.type in ("PERSON", "ORG") and ref.via in ("name", "alias", "title") and not draft.country:
        draft.country = _country_in_front(ws, tokens)
    if MINISTER_COMPOUND.search(span.lower()) and draft.type == "PERSON":
        draft.titles.add("minister")


def _heads_a_government(draft: Draft, root) -> None:
    """"X's presidency", "the government of X", "the X administration": X governs."""
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "of":
        head = head.head
    elif root.dep_ not in ("poss", "compound"):
        return
    if head.i != root.i and head.lemma_.lower() in HEADED_OFFICES:
        draft.sector, draft.why["sector"] = "GOV", {"by": "cue", "text": head.text}


def _code_word(ws: Workspace, draft: Draft, ref: Ref, tok, neighbour: bool = False) -> None:
    """What one word in or next to a mention tells of the actor's country, sector and titles.
    A place word inside another organisation's name ("Agence France-Presse") is that
    organisation's, not this actor's; an international body codes its officials."""
    gaz = ws.gaz
    low, lemma = tok.lower_, tok.lemma_.lower()
    inside_org = neighbour and tok.ent_type_ in ("ORG", "FAC", "WORK_OF_ART")
    code = None if inside_org else \
        two_word_place(gaz, tok) or place_word_code(gaz, tok.text) or _compound_place(gaz, tok)
    known = gaz.org(tok.text)
    if known and known.kind in ("seat", "body", "party") and tok.ent_type_ != "PERSON":
        code = code or known.code  # "Knesset member X", "Democratic Senator X"
        if draft.type == "PERSON" and known.kind != "party":
            draft.sector = draft.sector or known.sector
    code = code or _party_adjective(ws, tok)
    if code and draft.type in ("PERSON", "ORG", "GROUP") and not draft.country:
        draft.country = code
    sector = gaz.sector_of_role(low) or gaz.sector_of_role(lemma)
    if lemma == "general" and tok.i > 0:  # "Solicitor General X" is no army general
        sector = gaz.sector_of_role(f"{ws.sp[tok.i - 1].lower_} general") or (None if ws.sp[tok.i - 1].is_title else sector)
    if sector == "BUS" and lemma == "executive" and _held_by_a_place(ws, ref, tok):
        sector = "GOV"  # "Macau Chief Executive X" heads a government, not a company
    before_name = tok.i + 1 < len(ws.sp) and ws.sp[tok.i + 1].ent_type_ == "PERSON"  # "general Ana Ruiz"
    if not before_name and (tok.dep_ == "amod" and tok.pos_ == "ADJ" or lemma == "general" and tok.ent_type_ != "PERSON"):
        sector = None  # "general secretary", "General Elections Commission": no army general
    if sector and draft.type in ("PERSON", "ORG") and not draft.sector:
        if draft.type == "ORG" or lemma in ws.nom.person or sector in STATE_SECTORS:
            draft.sector = sector
    if draft.type == "PERSON" and lemma in ws.nom.person and ref.via != "description":
        draft.titles.add(lemma)


def _party_adjective(ws: Workspace, tok) -> str | None:
    """"Democratic senators", "the Democratic presidential nominee": a party's adjective on a
    person's role names the party's country; "Social Democratic" is another party."""
    code = PARTY_ADJECTIVES.get(tok.text)
    if code is None or tok.i + 1 >= len(ws.sp):
        return None
    before = ws.sp[tok.i - 1] if tok.i else None
    if before is not None and before.text[:1].isupper() and before.pos_ in ("PROPN", "ADJ", "NOUN"):
        return None
    roles = (ws.sp[tok.i + 1], tok.head if tok.head.i > tok.i else ws.sp[tok.i + 1])
    return code if any(_is_role(ws, word) for word in roles) else None


def _is_role(ws: Workspace, word) -> bool:
    return word.lemma_.lower() in ws.nom.person or bool(ws.gaz.sector_of_role(word.lower_))


def place_word_code(gaz, text: str) -> str | None:
    """The country a capitalised place word or demonym names ("Polish", "Paris"); a lower-case
    word is no place ("male" is no Malé)."""
    if not text[:1].isupper():
        return None
    return gaz.demonym_of(text) or gaz.capital_of(text) or gaz.country_of(text)


def _code_official(ws: Workspace, draft: Draft, around) -> None:
    """"NATO Secretary-General X", "X, the President of the European Council": with no country
    word of its own, a person whose title belongs to an international body is its official."""
    for n, tok in enumerate(around):
        if tok.ent_type_ == "PERSON":
            continue
        known = ws.gaz.org(tok.text) or _org_of_words(ws, around[n:n + 3])
        body = known if known and known.kind == "igo" else _igo_draft(ws, tok)
        if body is not None and body.code not in (None, "NGO"):
            draft.country, draft.sector = body.code, "IGO"
            draft.why["country"] = draft.why["sector"] = {"by": "cue", "text": tok.text, "how": "official of"}
            return


def _org_of_words(ws: Workspace, words):
    """A known body named by two or three adjacent words ("Arab League"), else None."""
    for width in (3, 2):
        run = words[:width]
        if len(run) == width and all(b.i == a.i + 1 for a, b in zip(run, run[1:])):
            known = ws.gaz.org(" ".join(t.text for t in run))
            if known:
                return known
    return None


def _held_by_a_place(ws: Workspace, ref: Ref, tok) -> bool:
    """A place, and no organisation, named in the mention before the title word."""
    if ref.start >= tok.idx:
        return False
    before = ws.sp[ws.sp.char_span(ref.start, ref.end, alignment_mode="expand").start:tok.i]
    return any(t.ent_type_ == "GPE" for t in before) and not any(t.ent_type_ == "ORG" for t in before)


def two_word_place(gaz, tok) -> str | None:
    """The country a capitalised word names with the capitalised word before it, which
    outranks the word alone: "South African", "North Korean" (not South Korea), "Sri Lankan"."""
    if tok.i == 0 or not tok.is_title or not tok.doc[tok.i - 1].is_title:
        return None
    pair = f"{tok.doc[tok.i - 1].text} {tok.text}"
    return gaz.demonym_of(pair) or gaz.country_of(pair)


def _compound_place(gaz, tok) -> str | None:
    """"Saudi Arabia", "New Zealand": a country named by a word and the words compounded before it."""
    parts = [c for c in tok.lefts if c.dep_ == "compound"]
    if not parts or not tok.text[:1].isupper():
        return None
    return gaz.country_of(" ".join(t.text for t in [*parts, tok]))


def _igo_draft(ws: Workspace, tok):
    """The international body a word is part of, as a gazetteer entry, or None."""
    if tok.ent_type_ != "ORG":
        return None
    for dkey in ws.index.in_order(ws.index.holding(tok.idx)):
        draft = ws.drafts.get(dkey)
        known = ws.gaz.org(draft.name) if draft is not None and draft.type == "ORG" else None
        if known and known.kind == "igo":
            return known
    return None


def _country_after_of(ws: Workspace, tokens) -> str | None:
    """"Congress of the Philippines", "Parliament of Iraq": the country after "of" in a body's name."""
    words = [t for t in tokens]
    for n, tok in enumerate(words[1:-1], 1):
        if tok.lower_ == "of":
            rest = " ".join(t.text for t in words[n + 1:] if t.lower_ != "the")
            return ws.gaz.country_of(rest) if rest[:1].isupper() else None
    return None


def _based_in(ws: Workspace, tokens) -> str | None:
    """"UK-based retailer X", "a Lagos-based bank, X": the place of a "-based" word just before
    the name (and its kind nouns), read on the words since the parser often misses it."""
    i = tokens.start - 1
    while i >= 0 and tokens.start - i <= 2 and ws.sp[i].pos_ == "NOUN" and ws.sp[i].is_lower:
        i -= 1
    if i < 2 or ws.sp[i].lower_ != "based" or ws.sp[i - 1].text != "-":
        return None
    place = ws.sp[i - 2].text
    found = resolve_place(place) if prominent(place) else None
    return place_word_code(ws.gaz, place) or (found.country if found else None)


def _lead(span) -> list:
    """The words that lead up to a name in its own phrase, nearest last, up to a comma or another
    person's name ("US President A and Turkish President B": B's lead is "Turkish President")."""
    inside = {t.i for t in span.root.subtree}
    out = []
    i = span.start - 1
    while i >= 0 and i in inside:
        tok = span.doc[i]
        if tok.dep_ == "punct" and tok.text != "-" or tok.ent_type_ == "PERSON":
            break
        if tok.dep_ == "cc" and i > 0 and (span.doc[i - 1].pos_ == "PROPN" or span.doc[i - 1].ent_type_):
            break  # "retailer A and Danish retailer B": A's words are not B's
        out.append(tok)
        i -= 1
    if i >= 0 and span.doc[i].lower_ in PORTFOLIO and span.doc[i].pos_ == "ADP":
        return []  # "Envoy to Syria Anna Berg", misparsed: "Syria" is the brief, not the name's
    portfolio = {t.i for tok in out if tok.dep_ == "prep" and tok.lower_ in PORTFOLIO for t in tok.subtree}
    return [t for t in out[::-1] if t.i not in portfolio]  # "Envoy to Syria X" is no Syrian


def _country_in_front(ws: Workspace, span) -> str | None:
    """"Kyrgyz Prime Minister X", "Arab League Secretary General X": the
    country or organisation in the words that lead up to the name."""
    front = _lead(span)
    if not front:
        return None
    for tok in reversed(front):
        code = two_word_place(ws.gaz, tok) or (ws.gaz.demonym_of(tok.text) or ws.gaz.country_of(tok.text)
                                                if tok.text[:1].isupper() else None)
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
    root = span.root
    head = root.head
    # "Ana Ruiz of Spain" first: the phrase right on the name outranks what it stands beside
    out = [c for child in root.children if child.dep_ == "prep" and child.lower_ in ("of", "from")
           for c in child.children if c.dep_ == "pobj"]
    named_head = head.ent_type_ in ("ORG", "FAC", "WORK_OF_ART") and head.pos_ == "PROPN"  # a misparse
    if root.dep_ == "appos" and not named_head or (head.dep_ == "appos" and head.head.i in range(span.start, span.end)):
        out.extend(t for t in head.subtree if t.i not in range(span.start, span.end))
    for child in root.children:
        if child.dep_ == "appos":
            out.extend(child.subtree)
        if child.dep_ == "relcl" and child.lemma_ == "be":  # "Ana Ruiz, who is the Spanish minister"
            out.extend(t for a in child.children if a.dep_ == "attr" for t in a.subtree)
    after = ws.sp[span.end] if span.end < len(ws.sp) else None
    if after is not None and after.lower_ == "who" and after.head.lemma_ == "be" and after.head.head.i != root.i:
        out.extend(t for a in after.head.children if a.dep_ == "attr" for t in a.subtree)  # the clause hung elsewhere
    out.extend(reversed(_lead(span)))  # "AU trade and industry commissioner X", nearest first
    prev = ws.sp[max(0, span.start - 3):span.start]
    brief = [t.i for t in prev if t.lower_ in PORTFOLIO and t.pos_ == "ADP"]
    prev = prev[:brief[0] - prev.start] if brief else prev  # "Envoy to Syria X": Syria is not X's country
    out.extend(t for t in prev if t.head.i in range(span.start, span.end) or t.head.i == span.start)
    if span.start > 0 and ws.sp[span.start - 1].lemma_.lower() in OUTLET_NOUNS:
        out.extend(ws.sp[max(0, span.start - 3):span.start])
    return out
