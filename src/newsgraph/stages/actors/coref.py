"""Coreference in text order, and the family ties settled once it is done.

Descriptions, nominals and pronouns are read left to right, so each can reach only
actors named before it (or, for relational nouns, just after). Family names and "the
younger/elder X" wait until every person is known.
"""
from __future__ import annotations

from newsgraph.stages.actors.draft import Draft, Workspace
from newsgraph.stages.actors.nominals import link_description, nominal
from newsgraph.stages.actors.phrases import mention_phrase
from newsgraph.stages.actors.pronouns import pronoun
from newsgraph.stages.actors.words import OLDER, YOUNGER


def ordered_resolution(ws: Workspace) -> None:
    for tok in ws.sp:
        if tok.i in ws.taken:
            continue
        low = tok.lower_
        if tok.pos_ == "PRON":
            pronoun(ws, tok, low)
        elif tok.pos_ in ("NOUN", "PROPN") and tok.dep_ not in ("compound",):
            nominal(ws, tok)
        elif tok.lower_ == "old" and tok.i > 1 and ws.sp[tok.i - 2].lower_ == "year":
            phrase = mention_phrase(tok)  # "The 20-year-old, playing only his fourth match"
            if phrase is not None and phrase[0].lower_ == "the":
                link_description(ws, phrase, tok, "year-old")


def inherit_family_names(ws: Workspace) -> None:
    """"Tom Baker and his wife, Susan": Susan is a Baker, so "Mrs Baker" is her."""
    persons = ws.persons()
    for draft in persons:
        if draft.family or not draft.given:
            continue
        for ref in draft.refs:
            head = ws.sp[ref.head] if ref.via == "description" and ref.head >= 0 else None
            if head is None or head.lemma_.lower() not in ws.nom.family:
                continue
            owner = ws.drafts.get(ws.possessor(head) or "")
            if owner is not None and owner.type == "PERSON" and owner.family and owner is not draft:
                draft.family = owner.family
                draft.name = f"{draft.name} {owner.name.split()[-1]}"
                break
    for surname_only in [d for d in persons if d.family and not d.given]:
        kin = [d for d in persons if d is not surname_only and d.given and d.family == surname_only.family
               and surname_only.gender and d.gender == surname_only.gender]
        if len(kin) == 1:
            ws.absorb(kin[0], surname_only)


def settle_age_cues(ws: Workspace) -> None:
    """"The younger Baker" is the one described as a son or a younger sibling, "the
    elder Baker" the one described as a father or an older sibling."""
    for ref, cue in ws.age_cues:
        current = next((d for d in ws.drafts.values() if ref in d.refs), None)
        if current is None or not current.family:
            continue
        kin = [d for d in ws.persons() if d.family == current.family]
        best = max(kin, key=lambda d: (_age_score(ws, d, cue), d is current))
        if best is not current and _age_score(ws, best, cue) > _age_score(ws, current, cue):
            current.refs.remove(ref)
            best.refs.append(ref)
            ws.changed()


def _age_score(ws: Workspace, draft: Draft, cue: str) -> int:
    young = old = 0
    for r in draft.refs:
        if r.via != "description" or r.head < 0:
            continue
        lemma, text = ws.sp[r.head].lemma_.lower(), r.text.lower()
        young += lemma in YOUNGER or "younger" in text or "youngster" in text
        old += lemma in OLDER or "older" in text or "elder" in text
    return young - old if cue == "younger" else old - young
