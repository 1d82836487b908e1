"""Mentions of people by name: one draft per person, however the name is written.

Name chains tie "Anna Baker", "Baker", "Anna" and "Ms Baker" to one person; a title
before a name ("Foreign Minister Ana Silva") is part of the mention.
"""
from __future__ import annotations

from newsgraph.nlp.gazetteer import first_name_gender, is_first_name
from newsgraph.stages.actors.draft import Draft, Workspace
from newsgraph.stages.actors.entities import known_name
from newsgraph.stages.actors.words import HONORIFICS, TITLE_DEPS, gender_cue


def person(ws: Workspace, span) -> None:
    tokens = [t for t in span if t.lower_ not in HONORIFICS]
    tokens = tokens[_title_words(ws, tokens):]
    if not tokens:
        return
    honorific = next((t.lower_ for t in span if t.lower_ in HONORIFICS), None)
    if honorific is None and span.start > 0 and ws.sp[span.start - 1].lower_ in HONORIFICS:
        honorific = ws.sp[span.start - 1].lower_
    gender = gender_cue(honorific) if honorific else None
    name = ws.doc.text[tokens[0].idx:tokens[-1].idx + len(tokens[-1].text)]
    draft = _match_person(ws, name.split(), gender, bool(honorific), span.start_char)
    full = _title_extend(ws, span)
    ref = ws.ref(full, "title" if full is not span else ("name" if name == draft.name else "alias"), draft)
    ref.gender = gender
    cue = ws.sp[span.start - 1].lower_ if span.start > 1 and ws.sp[span.start - 2].lower_ == "the" else None
    if cue in ("younger", "elder", "older") and len(tokens) == 1:
        ws.age_cues.append((ref, cue))  # "The younger Baker": settled once relations are known
    for tok in full[: span.start - full.start]:
        if tok.lemma_.lower() in ws.nom.person:
            draft.titles.add(tok.lemma_.lower())  # known at once, so descriptions can rule it out
    if gender and not draft.gender:
        draft.gender = gender


def _title_words(ws: Workspace, tokens: list) -> int:
    """How many words at the head of a name tagged PERSON are a title ("Crown Prince X",
    "Prime Minister X"): up to the last role noun among the first three, if a name follows."""
    lead = 0
    for i, tok in enumerate(tokens[:3]):
        if i + 1 < len(tokens) and tok.is_title and (tok.lemma_.lower() in ws.nom.person
                                                     or ws.gaz.sector_of_role(tok.lower_)):
            lead = i + 1
    return lead if lead and tokens[lead].is_title else 0


def _match_person(ws: Workspace, words: list[str], gender: str | None, honorific: bool, pos: int) -> Draft:
    low = [w.lower() for w in words]
    found = _same_person(ws, low, gender, ws.persons_named(low), pos)
    if found is None:
        given = low[0] if len(low) > 1 or (not honorific and is_first_name(words[0])) else None
        family = low[-1] if len(low) > 1 or given is None else None
        found = ws.draft(f"person:{' '.join(low)}", " ".join(words), "PERSON", pos, given=given, family=family)
        found.gender = gender or (first_name_gender(words[0]) if given else None)
        ws.index_person(found)
        return found
    if len(low) > len(found.name.split()):  # "Anna" then "Anna Baker": the fuller name wins
        found.name = " ".join(words)
        found.given, found.family = low[0], low[-1]
        found.gender = found.gender or first_name_gender(words[0])
        ws.index_person(found)
    return found


def _same_person(ws: Workspace, low: list[str], gender, persons: list[Draft], pos: int) -> Draft | None:
    def fits(d: Draft) -> bool:
        return gender is None or d.gender in (None, gender)

    if len(low) > 1:
        return _same_full_name(low, fits, persons)
    word = low[0]
    matches = [d for d in persons if fits(d) and (word == d.family or word in d.name.lower().split()[1:])]
    if not matches:  # a first name alone, or a family name written first ("Mr Kim" for Kim Min-jun)
        matches = [d for d in persons if fits(d) and word == d.given]
    if not matches:
        return None
    sent = ws.sent_at(pos)
    return max(matches, key=lambda d: (ws.salience(d, pos, sent), max(r.end for r in d.refs)))


def _same_full_name(low: list[str], fits, persons: list[Draft]) -> Draft | None:
    """A full name is the person of that name, or a one-word name ("Anna", "Baker") it completes."""
    for d in persons:
        if d.name.lower().split() == low or d.given == low[0] and d.family == low[-1]:
            return d
    for d in sorted(persons, key=lambda d: -max(r.end for r in d.refs)):
        one_word = len(d.name.split()) == 1
        if one_word and fits(d) and (d.given == low[0] and d.family is None or d.family == low[-1] and d.given is None):
            return d
    return None


def _title_extend(ws: Workspace, span):
    """Grow "Ana Silva" to "Brasilia's Foreign Minister Ana Silva" when titled."""
    start = span.start
    inside = set(range(span.start, span.end))
    while start > 0:
        prev = ws.sp[start - 1]
        attached = prev.head.i in inside or any(c.i in inside for c in prev.children if c.dep_ == "case")
        if prev.pos_ == "DET" or prev.ent_type_ == "PERSON" or not attached:
            break
        if prev.dep_ not in TITLE_DEPS:
            break
        start -= 1
        inside.add(prev.i)
    if start == span.start:
        return span
    titled = ws.sp[start:span.end]
    if not any(t.lemma_.lower() in ws.nom.person or ws.gaz.sector_of_role(t.lemma_.lower()) for t in titled[: span.start - start]):
        return span
    return titled


def family_plural(ws: Workspace, span) -> bool:
    """"The Bakers": a family, a group of people."""
    if len(span) != 1 or not span.text.endswith("s") or span.start == 0 or ws.sp[span.start - 1].lower_ != "the":
        return False
    stem = span.text[:-1].lower()
    if not any(d.family == stem for d in ws.persons()):
        return False
    full = ws.sp[span.start - 1:span.end]
    draft = ws.draft(f"group:family:{stem}", full.text, "GROUP", full.start_char)
    ws.ref(full, "name" if not draft.refs else "alias", draft).number = "pl"
    return True


def bare_person_names(ws: Workspace) -> None:
    """A surname or first name spaCy left untagged ("Olsen, 47, was ...")."""
    words = {}
    for draft in ws.persons():
        for w in (draft.given, draft.family):
            if w:
                words[w] = draft
    for tok in ws.sp:
        if tok.i in ws.taken or tok.pos_ != "PROPN" or not tok.is_title or tok.lower_ not in words:
            continue
        if tok.ent_type_ in ("GPE", "LOC", "ORG") and known_name(ws, tok.text):
            continue
        person(ws, ws.sp[tok.i:tok.i + 1])
