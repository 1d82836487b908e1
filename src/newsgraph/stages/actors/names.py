"""Mention building from names: corrected entities become people, places, countries
and organisations, and gazetteer names spaCy missed are added.

A capital that acts names its government ("Tehran said"), a seat its country ("the
Kremlin"), an acronym the body spelled out before it ("FCA").
"""
from __future__ import annotations

from newsgraph.nlp.gazetteer import Known, key
from newsgraph.nlp.places import resolve_place
from newsgraph.stages.actors.draft import Draft, Workspace
from newsgraph.stages.actors.entities import corrected_entities, described_as_org, honorific_before, plausible
from newsgraph.stages.actors.people import bare_person_names, family_plural, person
from newsgraph.stages.actors.words import GOVERNING, METONYMIC_HEADS, NAMED_LABELS


def named_mentions(ws: Workspace) -> None:
    for span, label in corrected_entities(ws):
        if not plausible(ws, span, label):
            continue
        if label in NAMED_LABELS and _part_of_org(ws, span):
            continue
        if label == "PERSON" and (described_as_org(ws, span) or span.text in ws.short_forms):
            label = "ORG"  # "St Anne's, a hospital in Leeds"; an organisation's short form
        if label == "PERSON" and family_plural(ws, span):
            continue
        if label == "PERSON":
            person(ws, span)
        elif label in ("GPE", "LOC"):
            place_or_country(ws, span)
        elif label == "ORG":
            org(ws, span)
    bare_person_names(ws)


def _part_of_org(ws: Workspace, span) -> bool:
    """A short form of an organisation already named ("Brightline" after "Brightline
    Software", "Northfield" after "Northfield Rovers") is that organisation."""
    words = span.text.lower().split()
    if ws.gaz.country_of(span.text) or ws.gaz.capital_of(span.text) or honorific_before(ws, span):
        return False
    found = [d for d in (ws.org_words.get(("starts", *words)), ws.org_words.get(("ends", *words)) if len(words) == 1
                         else None) if d is not None]
    if all(ws.drafts.get(d.key) is d for d in found):  # the index holds the first of each kind
        draft = min(found, key=lambda d: ws.index.seq[d.key], default=None)
        if draft is not None:
            ws.ref(span, "alias", draft)
        return draft is not None
    for draft in ws.drafts.values():  # one was removed since: look again
        if draft.type != "ORG" or len(draft.name.split()) <= len(words):
            continue
        name = draft.name.lower().split()
        if name[:len(words)] == words or name[-len(words):] == words and len(words) == 1:
            ws.ref(span, "alias", draft)
            return True
    return False


def place_or_country(ws: Workspace, span) -> None:
    text, gaz = span.text, ws.gaz
    code = gaz.country_of(text) or gaz.demonym_of(text)
    if code:
        draft = ws.draft(f"country:{code}", _country_name(ws, code, text), "GPE", span.start_char, country=code)
        ws.ref(span, "name", draft)
        return
    capital = gaz.capital_of(text)
    seat = gaz.org(text)
    if seat and seat.kind in ("igo", "seat") and _metonymy(ws, span):
        org(ws, span)  # "Brussels" acting is the EU, "The Hague" the Dutch government
        return
    if capital and _metonymy(ws, span):
        draft = ws.draft(f"country:{capital}", _country_name(ws, capital, None), "GPE", span.start_char, country=capital)
        ws.ref(_regime_extend(ws, span), "alias", draft)
        return
    code = capital or gaz.country_part_of(text) or (None if gaz.is_region(text) else _city_country(ws, text))
    draft = ws.draft(f"place:{key(text)}", text, "GPE", span.start_char, country=code)
    full = _regime_extend(ws, span)
    if full is not span:
        draft.governs = True
    ws.ref(full, "name" if full is span else "alias", draft)


def _country_name(ws: Workspace, code: str, seen: str | None) -> str:
    if seen and ws.gaz.country_of(seen) == code and not seen.lower().startswith("the "):
        return seen
    return ws.gaz.country_names.get(code, seen or code)


def _metonymy(ws: Workspace, span) -> bool:
    """A capital names its government when it acts, owns, or heads a regime."""
    root = span.root
    if root.dep_ in ("nsubj", "nsubjpass", "poss") or any(c.dep_ == "case" for c in root.children):
        return True
    if ws.sp[span.end:span.end + 1].text in ("'s", "’s"):
        return True
    head = root.head
    if root.dep_ in ("compound", "amod", "nmod") and head.lemma_.lower() in GOVERNING:
        return True
    if root.dep_ in ("pobj", "dobj") and head.lemma_.lower() in METONYMIC_HEADS:
        return True  # "talks with Tehran", "accused Cairo of", "helped Tehran buy"
    return False


def _regime_extend(ws: Workspace, span):
    head = span.root.head
    if span.root.dep_ in ("compound", "amod") and head.lemma_.lower() in GOVERNING - {"officials"}:
        left = head.left_edge.i
        return ws.sp[min(left, span.start):head.i + 1]
    return span


def _city_country(ws: Workspace, text: str) -> str | None:
    place = resolve_place(text)
    return place.country if place else ws.gaz.subdivision_of(text)


def org(ws: Workspace, span) -> None:
    text = span.text
    known = ws.gaz.org(text)
    if known and known.kind == "seat":
        draft = ws.draft(f"country:{known.code}", ws.gaz.country_names.get(known.code, text), "GPE", span.start_char,
                         country=known.code)
        ws.ref(_with_article(ws, span), "alias", draft)
        return
    known = known or _igo_prefix(ws, span) or _demonym_and_group(ws, span)
    acronym_of = None if known else _bracketed_after(ws, span) or _acronym_of(ws, text)
    if acronym_of is not None:
        ws.ref(span, "alias", acronym_of)  # "FCA" after "Financial Conduct Authority"
        return
    if known:
        dkey = f"org:{known.code}" if known.kind == "igo" else f"org:{known.code}:{key(text)}"
        draft = ws.draft(dkey, known.name or text, "ORG", span.start_char, country=known.code, sector=known.sector)
    else:
        draft = ws.draft(f"org:{key(text)}", text, "ORG", span.start_char)
    draft.classes.update(w.lower() for w in text.split())
    ws.ref(span, "name" if text == draft.name else "alias", draft)


def _bracketed_after(ws: Workspace, span) -> Draft | None:
    """"the Institute of Seismology (Imarst)": a name in brackets right after an
    organisation's name is its short form, here and wherever the text uses it again."""
    before = span.start - 1
    if before >= 1 and ws.sp[before].text == "(":
        ends_at = ws.sp[before - 1].idx + len(ws.sp[before - 1])
        for draft in ws.drafts.values():
            if draft.type == "ORG" and any(r.end == ends_at for r in draft.refs):
                ws.short_forms.setdefault(span.text, draft)
                break
    draft = ws.short_forms.get(span.text)
    return draft if draft is not None and ws.drafts.get(draft.key) is draft else None


def _acronym_of(ws: Workspace, text: str) -> Draft | None:
    if not (2 <= len(text) <= 6 and text.isalpha() and text.isupper()):
        return None
    for draft in ws.org_initials.get(text, ()):  # in the order of the drafts, so the first named wins
        if ws.drafts.get(draft.key) is draft and draft.type == "ORG":
            return draft
    return None


def _igo_prefix(ws: Workspace, span) -> Known | None:
    """"United Nations Emergency Relief Coordinator", "U.N. refugee agency": a body of a known IGO."""
    for width in range(len(span) - 1, 0, -1):
        known = ws.gaz.org(span[:width].text)
        if known and known.kind == "igo":
            return known
    return None


def _demonym_and_group(ws: Workspace, span) -> Known | None:
    """"the Afghan Taliban", "Pakistani Taliban": a known armed group or party after a
    demonym is that group, of the demonym's country."""
    if len(span) < 2:
        return None
    code, known = ws.gaz.demonym_of(span[0].text), ws.gaz.org(span[1:].text)
    if code is None or known is None or known.kind not in ("group", "party"):
        return None
    return Known(code=code, sector=known.sector, kind=known.kind)


def _untagged_short_form(ws: Workspace, tok) -> bool:
    """"the Riders' coach" after "Meghna Riders": an untagged capitalised word (a proper noun
    when it starts its sentence) that is the first or last word of an organisation named before."""
    if tok.ent_type_ or not tok.is_title or tok.pos_ not in ("PROPN", "NOUN") or tok.is_sent_start and tok.pos_ != "PROPN":
        return False
    word = tok.lower_
    found = ws.org_words.get(("ends", word)) or ws.org_words.get(("starts", word))
    if found is None or ws.drafts.get(found.key) is not found or found.first > tok.idx:
        return False
    ws.ref(ws.sp[tok.i:tok.i + 1], "alias", found)
    return True


def _with_article(ws: Workspace, span):
    if span.start > 0 and ws.sp[span.start - 1].lower_ == "the":
        return ws.sp[span.start - 1:span.end]
    return span


def seat_and_org_mentions(ws: Workspace) -> None:
    """Gazetteer names spaCy did not tag: capitals, countries, organisations."""
    for tok in ws.sp:
        if tok.i in ws.taken or not tok.is_title and not tok.is_upper:
            continue
        if tok.pos_ == "PROPN" and (ws.gaz.capital_of(tok.text) or ws.gaz.country_of(tok.text)):
            place_or_country(ws, ws.sp[tok.i:tok.i + 1])
            continue
        if _untagged_short_form(ws, tok):
            continue
        for width in (3, 2, 1):
            span = ws.sp[tok.i:tok.i + width]
            if any(i in ws.taken for i in range(span.start, span.end)):
                continue
            known = ws.gaz.org(span.text)
            if known and (known.kind != "igo" or span.text[0].isupper()) and len(span.text) > 2:
                org(ws, span)
                break
