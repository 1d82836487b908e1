"""Cues inside and right after a name: what a body's own name says of it, and the
party label after a US legislator's name.

  "University of Geneva"  EDU, and CHE from the place after "of"
  "Saha Airlines"         BUS, from the last word of the name
  "Manila Water"          PHL, from a place that leads the name
  "Adam Schiff (D-Calif.)" USA and LEG
  "Ana Ruiz of the University of Porto", "UCL astronomer X", "X, a reporter for PBS":
                          a person takes the country (and, with no role of its own, the
                          sector) of the body named as the one they work for
These are the article's own words, so they rank as cues (evidence.py).
"""
from __future__ import annotations

import re

from newsgraph.lexicon import table
from newsgraph.nlp.places import dominant, prominent, resolve_place
from newsgraph.stages.actors.draft import Draft, Workspace
from newsgraph.stages.actors.phrases import noun_after

SECTORS = table("actors_sectors.json")
PARTY_LABEL = re.compile(r"\s*" + SECTORS["party_label"])


def name_cues(ws: Workspace) -> None:
    for draft in ws.drafts.values():
        if not draft.refs:
            continue
        if draft.type == "ORG":
            _org_name(ws, draft)
        elif draft.type == "PERSON":
            _party_label(ws, draft)
            _title_before(ws, draft)


def _org_name(ws: Workspace, draft: Draft) -> None:
    words = draft.name.replace(",", " ").split()
    if not words:
        return
    low = [w.lower().strip(".()") for w in words]
    if not draft.sector:
        sector = SECTORS["org_heads"].get(low[-1])
        # "Royal Academy of Sciences", "Institute for Space Research": the name's head is
        # the word before its "of" or "for", not its last word.
        at = next((i for i, w in enumerate(low) if i and w in ("of", "for")), None)
        if at is not None:
            sector = SECTORS["org_heads_with_of"].get(low[0]) or SECTORS["org_heads"].get(low[at - 1]) or sector
        if sector:
            draft.sector, draft.why["sector"] = sector, {"by": "cue", "text": draft.name}
    if draft.country:
        return
    igo = _igo_after_of(ws, words, low)
    if igo is not None:  # "Office of the UN High Commissioner for Refugees": a body of the UN
        draft.country, draft.sector = igo.code, "IGO"
        draft.why["country"] = draft.why["sector"] = {"by": "cue", "text": draft.name, "how": "body of"}
        return
    places = []
    if "of" in low[1:-1] or "in" in low[1:-1]:
        at = max(i for i, w in enumerate(low) if w in ("of", "in"))
        places.append(" ".join(words[at + 1:]).removeprefix("the "))
    if len(words) > 1 and words[0][:1].isupper() and prominent(words[0]):
        places.append(words[0])  # "Manila Water", "Ohio Supreme Court", "Ohio Institute of Technology"
    for place in places:
        code = _place_country(ws, place)
        if code:
            draft.country, draft.why["country"] = code, {"by": "cue", "text": draft.name}
            return
    # "University of Kingston" in a story set elsewhere: a town the name holds, of which the
    # home country has none, keeps the home country away (evidence.py).
    draft.place_in_name = next((p for p in places if resolve_place(p) is not None), None)


def _igo_after_of(ws: Workspace, words: list[str], low: list[str]):
    """The international body named right after a name's first "of" (and "the"), else None."""
    at = next((i for i, w in enumerate(low) if i and w == "of"), None)
    if at is None:
        return None
    rest = words[at + 1:][1:] if low[at + 1:at + 2] == ["the"] else words[at + 1:]
    for width in range(min(len(rest), 6), 0, -1):
        known = ws.gaz.org(" ".join(rest[:width]))
        if known and known.kind == "igo" and known.code not in (None, "NGO"):
            return known
    return None


def _place_country(ws: Workspace, name: str) -> str | None:
    gaz = ws.gaz
    code = gaz.country_of(name) or gaz.capital_of(name) or gaz.demonym_of(name)
    if code:
        return code
    known = gaz.org(name)
    if known and known.code and known.kind in ("igo",):
        return known.code
    named = tuple(d.country for d in ws.drafts.values() if d.type == "GPE" and d.country)
    place = resolve_place(name, named)
    if place is None or not dominant(name) and place.country not in named:
        return None  # a small town of that name far from the story is no evidence
    return place.country


def class_cues(ws: Workspace) -> None:
    """An organisation with no sector of its own takes the one its kind nouns agree on:
    the nouns its mentions and descriptions gave it ('X, a retailer', 'the company' tied
    to it) and the noun its name sits in ('the Kaufland chain', 'property developer X')."""
    for draft in ws.drafts.values():
        if draft.type != "ORG" or draft.sector or not draft.refs:
            continue
        kinds = {noun: _class_sector(ws, noun) for noun in draft.classes | _kind_nouns(ws, draft)}
        sectors = {sector for sector in kinds.values() if sector}
        if len(sectors) == 1:
            noun = next(n for n, sector in kinds.items() if sector)
            draft.sector, draft.why["sector"] = sectors.pop(), {"by": "cue", "text": noun, "how": "kind"}


def _class_sector(ws: Workspace, noun: str) -> str | None:
    """The sector of every class of `noun`, when they agree ('bank': BUS; 'group', a
    business, a gang or a charity: none)."""
    found = {SECTORS["class_sectors"].get(cls) for cls in ws.nom.org_class.get(noun, ())}
    return found.pop() if len(found) == 1 else None


def _kind_nouns(ws: Workspace, draft: Draft) -> set[str]:
    nouns = set()
    for ref in draft.refs:
        if ref.via not in ("name", "alias"):
            continue
        span = ws.sp.char_span(ref.start, ref.end, alignment_mode="expand")
        if span is None:
            continue
        after = noun_after(span)
        if after is not None and after.pos_ == "NOUN":
            nouns.add(after.lemma_.lower())  # "the Kaufland chain"
        before = ws.sp[span.start - 1] if span.start > 0 else None
        if before is not None and before.pos_ == "NOUN" and (span.start <= before.head.i < span.end or before.is_lower):
            nouns.add(before.lemma_.lower())  # "retailer Kaufland", also where the parser hangs it elsewhere
    return nouns


EMPLOYER_PREPOSITIONS = ("of", "from", "at", "for", "with")
STATE_ROLES = ("GOV", "MIL")  # a role noun's sector, which a rebel employer's own overrides


def employer_cues(ws: Workspace) -> None:
    """A person's employer, named right before the name or in "of/at X" after it or its
    apposition, gives the person the country and sector it has from its own cues; an armed
    group's sector also outranks a state role noun's ("Taliban spokesman X" is REB)."""
    for draft in [d for d in ws.drafts.values() if d.type == "PERSON" and d.refs]:
        if draft.country and draft.sector and draft.sector not in STATE_ROLES:
            continue
        for ref in draft.refs:
            if ref.via not in ("name", "alias", "title"):
                continue
            employer = _employer(ws, ref, draft)
            if employer is not None:
                _take_employer(draft, employer)
                break


def _take_employer(draft: Draft, employer: Draft) -> None:
    cue = {"by": "cue", "text": employer.name, "how": "employer"}
    if not draft.country and employer.country:
        draft.country, draft.why["country"] = employer.country, cue
    armed_group = employer.sector == "REB" and draft.sector in STATE_ROLES  # "rebel military spokesman X"
    if (not draft.sector or armed_group) and employer.sector:
        draft.sector, draft.why["sector"] = employer.sector, cue


def _employer(ws: Workspace, ref, person: Draft) -> Draft | None:
    span = ws.sp.char_span(ref.start, ref.end, alignment_mode="expand")
    if span is None:
        return None
    root = span.root
    heads = [root] + [c for c in root.children if c.dep_ == "appos"]
    # The words leading up to the name that hang on it, or on such a word ("Research
    # Institute Director X": "Institute" hangs on "Director", which hangs on the name).
    lead = set(range(span.start, span.end))
    for i in range(span.start - 1, max(-1, span.start - 7), -1):
        if ws.sp[i].head.i in lead:
            lead.add(i)
    words = [ws.sp[i] for i in sorted(lead) if i < span.start][::-1]
    words.extend(t for t in span if t.ent_type_ == "ORG")  # a titled mention holds its body ("Bank Director X")
    for head in heads:
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in EMPLOYER_PREPOSITIONS:
                words.extend(c for c in prep.children if c.dep_ == "pobj")
    for tok in words:
        for dkey in ws.index.in_order(ws.index.holding(tok.idx)):
            body = ws.drafts.get(dkey)
            if body is not None and body is not person and body.type == "ORG" and (body.country or body.sector):
                return body
    return None


def _party_label(ws: Workspace, draft: Draft) -> None:
    text = ws.doc.text
    for ref in draft.refs:
        if PARTY_LABEL.match(text, ref.end):
            if not draft.country:
                draft.country, draft.why["country"] = "USA", {"by": "cue", "text": text[ref.start:ref.end + 12].strip()}
            if not draft.sector:
                draft.sector, draft.why["sector"] = "LEG", {"by": "cue", "text": text[ref.start:ref.end + 12].strip()}
            return


def _title_before(ws: Workspace, draft: Draft) -> None:
    """"U.S. Secretary of State X", "Presidential Spokesperson X": a title of several words
    just before a name, and a country or demonym just before the title. "officers A and B",
    "Presidents A of X and B of Y": a plural title before an earlier name joined by "and"
    is this name's title too."""
    text = ws.doc.text
    for ref in sorted(draft.refs, key=lambda r: r.start):
        if ref.via not in ("name", "alias", "title"):
            continue
        words = text[max(0, ref.start - 90):ref.start].split()
        if _title_at_end(ws, draft, words) or _title_of_place(ws, draft, words):
            return
        shared = _before_an_earlier_name(words)
        if shared and _title_at_end(ws, draft, shared, plural=True):
            return


def _title_at_end(ws: Workspace, draft: Draft, words: list[str], plural: bool = False) -> bool:
    gaz = ws.gaz
    for width in range(min(5, len(words)), 0, -1):
        title = " ".join(words[-width:]).lower().strip(",")
        sector = gaz.sector_of_role(title)
        if not sector or plural and not title.endswith("s"):
            continue
        front = words[-width - 1] if len(words) > width else ""
        code = gaz.country_of(front) or gaz.demonym_of(front) or gaz.country_of(front.strip("."))
        _take_title(draft, title, sector, title, code, f"{front} {title}")
        return True
    return False


def _before_an_earlier_name(words: list[str]) -> list[str] | None:
    """The words before 'A B and' (or 'A B of Place and'), where a shared title would end;
    None when the words do not end so."""
    if len(words) < 3 or words[-1] != "and":
        return None
    at = len(words) - 2
    while at > 0 and len(words) - at <= 7 and (words[at][:1].isupper() or words[at] == "of"):
        at -= 1
        if words[at + 1][:1].isupper() and words[at][:1].islower() and words[at] != "of":
            return words[:at + 1]
        if words[at][:1].isupper() and words[at].lower().endswith("s") and words[at + 1][:1].isupper():
            return words[:at + 1]  # "Presidents A …": a capitalised plural title ends here
    return None


def _title_of_place(ws: Workspace, draft: Draft, words: list[str]) -> bool:
    """"First Minister of Scotland X", "President of Ghana X", "the archbishop of Gdańsk, X":
    a title, "of", then a place of one or two words, just before the name (or its apposition)."""
    apposed = bool(words) and words[-1].endswith(",")  # set off by commas, a title is often lower case
    if apposed:
        words = words[:-1] + [words[-1].rstrip(",")]
    if not words or not words[-1][:1].isupper():
        return False
    for place_width in (1, 2):
        at = len(words) - place_width - 1
        if at < 1 or words[at] != "of" or not (apposed or words[at - 1][:1].isupper()):
            continue
        place = " ".join(words[at + 1:])
        for width in range(min(4, at), 0, -1):
            title = " ".join(words[at - width:at]).lower()
            sector = ws.gaz.sector_of_role(title)
            if not sector or apposed and title.endswith("s"):
                continue  # 'fans of Liverpool, X among them': a group, not X's title
            code = _place_country(ws, place)
            if not code:
                return False
            _take_title(draft, title, sector, f"{title} of {place}", code, f"{title} of {place}")
            return True
    return False


def _take_title(draft: Draft, title: str, sector: str, sector_cue: str, code: str | None, country_cue: str) -> None:
    """Record a title before a name, and the sector and country it gives where the draft has none."""
    draft.titles.add(title)
    if not draft.sector:
        draft.sector, draft.why["sector"] = sector, {"by": "cue", "text": sector_cue}
    if code and not draft.country:
        draft.country, draft.why["country"] = code, {"by": "cue", "text": country_cue}
