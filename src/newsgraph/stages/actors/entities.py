"""Entity correction: spaCy's entities with the small model's errors mended.

The small English model splits a first name from its surname, tags people ORG or NORP,
newspapers PERSON and bodies GPE; the gazetteer and the words around a span fix these
before any mention is built.
"""
from __future__ import annotations

import re

from newsgraph.nlp.gazetteer import is_first_name, outlet_like
from newsgraph.nlp.places import resolve_place
from newsgraph.stages.actors.draft import Workspace
from newsgraph.stages.actors.phrases import noun_after, trim_possessive
from newsgraph.stages.actors.words import HONORIFICS, MEDIA_BEFORE, MEMBER_HEADS, MISLABELLED_PERSON, PLACE_PREPOSITIONS


def corrected_entities(ws: Workspace) -> list[tuple]:
    """spaCy's entities with the small model's errors mended: a first name split
    from its surname, people tagged ORG or NORP, a newspaper tagged PERSON."""
    out = [(span, corrected_label(ws, span, label)) for span, label in _merged_entities(ws)]
    person_words = {w.lower() for span, label in out if label == "PERSON" for w in span.text.split()}
    person_words -= HONORIFICS
    given = {span[0].lower_ for span, label in out if label == "PERSON" and len(span) > 1}
    return [(span, "PERSON" if label in MISLABELLED_PERSON
             and span.text[:1].isupper() and not known_name(ws, span.text) and not known_place(ws, span.text)
             and all(w.lower() in person_words for w in span.text.split())
             or _given_name_of_someone(ws, span, label, given)
             else label) for span, label in out]


def _given_name_of_someone(ws: Workspace, span, label: str, given: set[str]) -> bool:
    """"Jordan Baptiste ... Jordan was unarmed": a place name that is the given name of a
    person the text names, used with no preposition of place before it, is that person."""
    if label not in ("GPE", "LOC") or len(span) != 1 or span[0].lower_ not in given:
        return False
    before = ws.sp[span.start - 1].lower_ if span.start > 0 else ""
    return before not in PLACE_PREPOSITIONS and span.root.dep_ in ("nsubj", "nsubjpass", "dobj", "poss")


def _untagged_teams(ws: Workspace) -> list:
    """"Meghna Riders beat Chattogram Warriors": capitalised words ending in a capitalised
    plural noun, which the small model left untagged, name a team or body."""
    out = []
    for tok in ws.sp:
        if tok.ent_type_ or not tok.is_title or tok.tag_ not in ("NNS", "NNPS") or tok.dep_ == "compound":
            continue
        start = tok.i
        while start > 0 and ws.sp[start - 1].pos_ == "PROPN" and ws.sp[start - 1].is_title \
                and not ws.sp[start - 1].ent_type_:
            start -= 1
        lead = ws.sp[start:tok.i]
        people = tok.lemma_.lower() in ws.nom.person  # "London Firefighters" are firefighters of London
        if lead and not any(ws.gaz.demonym_of(t.text) or t.lower_ in HONORIFICS
                            or people and known_place(ws, t.text) for t in lead) \
                and tok.lemma_.lower() not in ws.nom.group:
            out.append([ws.sp[start:tok.i + 1], "ORG"])
    return out


def _untagged_titled_names(ws: Workspace) -> list:
    """"Presidents Amadou Tanko of X": two or three capitalised proper nouns right after a
    person's title, which the small model left untagged, name a person."""
    out = []
    for tok in ws.sp:
        titles = {tok.lemma_.lower(), tok.lower_, tok.lower_.removesuffix("s")}  # "Presidents", tagged a name
        if not titles & ws.nom.person or tok.ent_type_:
            continue
        end = tok.i + 1
        while end < len(ws.sp) and end - tok.i <= 3 and ws.sp[end].pos_ == "PROPN" and ws.sp[end].is_title \
                and not ws.sp[end].ent_type_:
            end += 1
        run = ws.sp[tok.i + 1:end]
        if 2 <= len(run) <= 3 and (end == len(ws.sp) or ws.sp[end].pos_ != "PROPN") \
                and not known_name(ws, run.text) and not known_place(ws, run.text):
            out.append([run, "PERSON"])
    return out


def _trimmed_entities(ws: Workspace) -> list[list]:
    raw = _untagged_teams(ws) + _untagged_titled_names(ws)
    for ent in ws.sp.ents:
        span = trim_possessive(ent)
        while span is not None and len(span) > 1 and (any(c.isdigit() for c in span[-1].text)
                                                       or span[-1].pos_ in ("ADP", "DET", "CCONJ")):
            span = span[:-1]  # "Northfield 3-0", "Patrice Talon of": the score or a "of" is no part of the name
        if span is None or not span.text.strip():
            continue
        span, short = _bracketed_short_form(span)
        if short is not None:
            raw.append([short, ent.label_])
        place = _leading_place(ws, span)
        if place:
            raw.append([span[:place], "GPE"])
            raw.append([span[place:], "PERSON"])
        else:
            raw.append([span, ent.label_])
    return sorted(raw, key=lambda item: item[0].start)


def _bracketed_short_form(span):
    """"Institute of Seismology (Imarst": the small model runs a short form in brackets
    into the name; the name before the bracket, and the short form as a name of its own."""
    opening = next((t.i for t in span[1:] if t.text == "("), None)
    if opening is None:
        return span, None
    closing = next((t.i for t in span.doc[opening + 1:span.end + 1] if t.text == ")"), span.end)
    short = span.doc[opening + 1:closing]
    return span.doc[span.start:opening], short if short.text.strip() else None


def _leading_place(ws: Workspace, span) -> int:
    """"Premier of Ontario Jane Roe": the small model runs the place of a title into the
    name after it; the number of the span's tokens that are the place (0 if none)."""
    if span.start < 2 or ws.sp[span.start - 1].lower_ != "of" or len(span) < 3:
        return 0
    title = ws.sp[span.start - 2]
    if title.lemma_.lower() not in ws.nom.person and not ws.gaz.sector_of_role(title.lower_):
        return 0
    for size in (1, 2):
        rest = span[size:]
        if len(rest) >= 2 and all(t.is_title and t.pos_ == "PROPN" or t.text in ("-", "'") for t in rest) \
                and not known_name(ws, rest.text) \
                and known_place(ws, span[:size].text):
            return size
    return 0


def _merged_entities(ws: Workspace) -> list[list]:
    """A first name spaCy left out of a name, or tagged apart from it, joins the name."""
    merged = []
    for span, label in _trimmed_entities(ws):
        before = ws.sp[span.start - 1] if span.start > 0 else None
        if before is not None and before.pos_ == "PROPN" and before.is_title and not before.ent_type_ \
                and is_first_name(before.text) and span[0].is_title:
            span, label = ws.sp[before.i:span.end], "PERSON"  # "Anna" left out of "Anna Baker"
        if label == "PERSON" and _surname_left_out(ws, span):
            span = ws.sp[span.start:span.end + 1]  # "Carla" of "Carla Mayor": a title word as surname
        prev = merged[-1] if merged else None
        if prev and prev[1] == label == "ORG" and _joined_by_of(ws, prev[0], span):
            prev[0] = ws.sp[prev[0].start:span.end]  # "League" + "for the" + "Protection of Birds": one body
            continue
        if prev and prev[0].end == span.start and len(prev[0]) == 1 and is_first_name(prev[0].text) \
                and span[0].is_title and not known_name(ws, prev[0].text):
            prev[0], prev[1] = ws.sp[prev[0].start:span.end], "PERSON"
            continue
        merged.append([span, label])
    return merged


def _surname_left_out(ws: Workspace, span) -> bool:
    """A lone first name before a capitalised noun the tagger kept out of the name ("Stella
    Bishop", "Carl Judge"): a title word comes before a name, never right after a first name."""
    if len(span) != 1 or span.end >= len(ws.sp) or span.start > 0 and ws.sp[span.start - 1].is_title:
        return False
    after = ws.sp[span.end]
    return after.is_title and after.pos_ == "PROPN" and not after.ent_type_ and after.lower_ in ws.nom.person \
        and not (span.end + 1 < len(ws.sp) and ws.sp[span.end + 1].is_title)


def _joined_by_of(ws: Workspace, first, second) -> bool:
    """Two organisation names with only "of" or "for" (and "the") between them, which the
    small model split out of one long name ("Office of the UN High Commissioner for Refugees")."""
    between = list(ws.sp[first.end:second.start])
    while between and between[0].is_title and not between[0].ent_type_ and len(between) > 1:
        between = between[1:]  # "Office of the UN" "High Commissioner" "for" "Refugees"
    return [t.lower_ for t in between] in (["of"], ["of", "the"], ["for"], ["for", "the"]) and second[0].is_title


def described_as_org(ws: Workspace, span) -> bool:
    """"St Anne's, a hospital in Leeds": an apposition names the kind of body."""
    root = span.root
    heads = [c for c in root.children if c.dep_ == "appos"] + ([root.head] if root.dep_ == "appos" else [])
    return any(h.lemma_.lower() in ws.nom.org_class and h.lemma_.lower() not in ws.nom.person for h in heads)


def known_name(ws: Workspace, text: str) -> bool:
    gaz = ws.gaz
    return bool(gaz.country_of(text) or gaz.capital_of(text) or gaz.demonym_of(text) or gaz.org(text))


def known_place(ws: Workspace, text: str) -> bool:
    return bool(ws.gaz.is_place(text) or ws.gaz.demonym_of(text) or resolve_place(text))


def _looks_like_person(ws: Workspace, span) -> bool:
    words = [t for t in span if not t.is_punct]
    if not words or known_name(ws, span.text) or any(t.lower_ in ws.nom.org_class for t in words) \
            or outlet_like(span.text):
        return False  # "Sky Sports" starts with a first name, and is no person
    if any(t.lower_ in ("&", "and", "of", "for") for t in span):
        return False
    if words[0].lower_ in HONORIFICS or span.start > 0 and ws.sp[span.start - 1].lower_ in HONORIFICS:
        return True
    return len(words) <= 3 and all(t.is_title for t in words) and is_first_name(words[0].text) \
        and not ws.gaz.demonym_of(words[0].text)


def plausible(ws: Workspace, span, label: str) -> bool:
    """Drop entities the small model invents: lower-case 'organisations', numbers."""
    text = span.text
    if not text[:1].isupper() and not text[:1].isdigit():
        return False
    root = span.root
    group = ws.nom.group
    if label == "ORG" and len(span) == 1 and (span[0].lower_ in group or span[0].lemma_.lower() in group):
        return False  # "Detectives said ...": a group, not an organisation
    if label == "ORG" and root.dep_ == "compound" and root.head.lemma_.lower() in ws.nom.person \
            and not (len(span) > 1 and span[-1].lower_ in ws.nom.org_class) and not ws.gaz.org(span.text):
        return False  # "Transport" in "Transport Minister Ana Lopes" is part of a title; "Sea Institute Director X" names one
    if label in ("GPE", "LOC") and not known_place(ws, text):
        # An unknown place must look like one: outside quoted speech, no digits.
        return not ws.in_quote(span.start_char) and not any(c.isdigit() for c in text)
    return True


def corrected_label(ws: Workspace, span, label: str) -> str:
    text, gaz, nom = span.text, ws.gaz, ws.nom
    if gaz.country_of(text) or gaz.capital_of(text):
        return "GPE"
    if gaz.demonym_of(text):
        return "NORP"  # "the Welshman", "the Spaniard": a description, not a name
    if gaz.org(text):
        return "ORG"
    if label == "PERSON" and (_media_context(ws, span) or _member_of(span)):
        return "ORG"
    if label == "PERSON" and outlet_like(text) and not is_first_name(span[0].text):
        return "ORG"  # "Handelsblatt", "Kyiv Independent": an outlet's name, with no given name in it
    if label in ("ORG", "PERSON", "FAC") and span.start > 0 and ws.sp[span.start - 1].lower_ in ("in", "at", "near") \
            and (known_place(ws, text) or label == "FAC"):
        return "GPE"  # "In Marseille, police ..."
    if label in MISLABELLED_PERSON and _looks_like_person(ws, span):
        if label not in ("GPE", "LOC") or not known_place(ws, text):
            return "PERSON"
    if label == "PERSON" and span[-1].lemma_.lower() in nom.org_class and len(span) > 1:
        return "ORG"  # "Northgate Bank", "Lakeside Riders"
    if label in ("PERSON", "GPE") and _names_a_business(ws, span) and not known_place(ws, text):
        return "ORG"  # "the Harbison chain", "the Drayton firm"
    if label in ("GPE", "LOC") and len(span) > 1 and span[-1].lower_ in nom.org_class and span[-1].lower_ not in nom.place:
        return "ORG"  # "Eastvale Council": a body, not a place
    return label


def _names_a_business(ws: Workspace, span) -> bool:
    """The name modifies a business noun right after it ('the Harbison chain'); other kinds
    are left alone ('the Obama administration' names a government by its leader)."""
    noun = noun_after(span)
    return noun is not None and ws.nom.org_class.get(noun.lemma_.lower(), set()) == {"business"}


def _media_context(ws: Workspace, span) -> bool:
    before = ws.sp[max(0, span.start - 3):span.start].text.lower()
    after = ws.sp[span.end:span.end + 2].text.lower()
    return bool(MEDIA_BEFORE.search(before) or re.match(r"^(reported|reports|newspaper)\b", after))


def honorific_before(ws: Workspace, span) -> bool:
    return span[0].lower_ in HONORIFICS or span.start > 0 and ws.sp[span.start - 1].lower_ in HONORIFICS


def _member_of(span) -> bool:
    """"the leader of X", "a member of X": X is a body, not a person."""
    root = span.root
    prep = root.head
    return root.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lemma_.lower() in MEMBER_HEADS
