"""Groups: "Russian officials" (a country's people or body), "Residents", "the unions".

A demonym group is its own draft at first; once coreference is done it is folded into
its country unless a pronoun came back to it. A group named once in passing is dropped.
"""
from __future__ import annotations

import re

from newsgraph.lexicon import words
from newsgraph.nlp.gazetteer import press_group
from newsgraph.nlp.syntax import only_counts
from newsgraph.stages.actors.coding import two_word_place
from newsgraph.stages.actors.draft import Draft, Workspace
from newsgraph.stages.actors.phrases import phrase_head, skip_det
from newsgraph.stages.actors.words import DEFINITE, PARTITIVE

MEDIA_GROUP_MODIFIERS = words("media_group_modifiers", file="nominals.json")


def group_mentions(ws: Workspace) -> None:
    _demonym_groups(ws)
    for chunk in ws.sp.noun_chunks:
        head = chunk.root
        if head.i in ws.taken:
            continue
        groupish = head.lemma_.lower() in ws.nom.group or head.lower_ in ws.nom.group or _media_group(head)
        if groupish and _new_group(ws, chunk):
            group(ws, chunk)
    _bare_demonyms(ws)


def _media_group(head) -> bool:
    """"state media", "local media": the press of a country or place, an actor and a quote's
    medium; "social media" and "the media" alone are no one."""
    return head.lower_ == "media" and any(c.dep_ in ("amod", "compound") and c.lower_ in MEDIA_GROUP_MODIFIERS
                                          for c in head.children)


def _demonym_groups(ws: Workspace) -> None:
    """"Kenyan officials", "the Israeli army", "the Chilean government's offer"."""
    for head in ws.sp:
        if head.pos_ not in ("NOUN", "PROPN") or head.i in ws.taken or head.dep_ == "compound":
            continue
        code = _demonym_modifier(ws, head)
        if not code:
            continue
        span = ws.sp[head.left_edge.i:head.i + 1]
        if not _people_or_body(ws, head, span):
            continue
        span = ws.sp[skip_det(span):span.end]
        # Its own group for now; folded into the country unless a pronoun comes back to it.
        lemma = group_lemma(ws, head)
        sector = role_sector(ws, head) or ws.gaz.sector_of_role(lemma)
        draft = ws.draft(f"demonym:{code}:{lemma}:{head.i}", span.text, "GROUP", span.start_char,
                         country=code, sector=sector)
        ref = ws.ref(span, "name", draft)
        ref.number, ref.hint_country, ref.hint_sector = "pl", code, sector
        _conjoined_demonyms(ws, span)


def _conjoined_demonyms(ws: Workspace, span) -> None:
    """"Czech and Slovak diplomats": each demonym also names its own country."""
    found = [t for t in span if ws.gaz.demonym_of(t.text) and t.pos_ in ("ADJ", "PROPN")]
    if len(found) < 2:
        return
    for tok in found:
        code = ws.gaz.demonym_of(tok.text)
        draft = ws.draft(f"country:{code}", ws.gaz.country_names.get(code, code), "GPE", tok.idx, country=code)
        ws.ref(ws.sp[tok.i:tok.i + 1], "description", draft)


def _demonym_modifier(ws: Workspace, head) -> str | None:
    for tok in head.lefts:
        if tok.dep_ in ("amod", "compound", "nmod", "npadvmod") and (tok.i not in ws.taken or tok.ent_type_ in ("GPE", "NORP")):
            code = two_word_place(ws.gaz, tok) or ws.gaz.demonym_of(tok.text) or ws.gaz.country_of(tok.text)
            if code:
                return code
    return None


def _people_or_body(ws: Workspace, head, chunk) -> bool:
    """"Russian officials", "the Israeli army", "a French minister", "Palestinian
    prisoners"; not "the Chilean President" (a person, resolved later) nor "Russian assets"."""
    lemma = head.lemma_.lower()
    if lemma in ws.nom.person and head.tag_ in ("NN", "NNP"):
        return chunk[0].lower_ not in DEFINITE and not any(c.dep_ == "poss" for c in head.children)
    if lemma in ws.nom.group or head.lower_ in ws.nom.group or role_sector(ws, head):
        return True
    return head.tag_ == "NNS" and bool(re.search(r"(er|or|ist|ian|ant|ent)s$", head.lower_))


def role_sector(ws: Workspace, head) -> str | None:
    """The sector of a role noun, read with the noun before it first: "news agency" (MED)
    before "agency", which alone may be any government's or aid body's."""
    before = ws.sp[head.i - 1] if head.i else None
    forms = [head.lower_, head.lemma_.lower()]
    if before is not None and before.dep_ == "compound" and before.head.i == head.i:
        forms = [f"{before.lower_} {f}" for f in forms] + forms
    return next((sector for f in forms if (sector := ws.gaz.sector_of_role(f))), None)


def _bare_demonyms(ws: Workspace) -> None:
    """"Palestinians" on their own: the people of a country; "Israeli" before a
    noun that is neither a person nor a group ("Israeli elections"): the country."""
    for tok in ws.sp:
        if tok.i in ws.taken or not tok.is_title:
            continue
        plural_people = tok.dep_ not in ("amod", "compound") and tok.text.endswith("s")
        modifier = tok.dep_ in ("amod", "compound", "nmod") and tok.ent_type_ == "NORP"
        if not plural_people and (not modifier or _owned_by_organisation(ws, phrase_head(tok))):
            continue
        code = ws.gaz.demonym_of(tok.text)
        if code:
            draft = ws.draft(f"country:{code}", ws.gaz.country_names.get(code, code), "GPE", tok.idx, country=code)
            ws.ref(ws.sp[tok.i:tok.i + 1], "description", draft).number = "pl" if plural_people else "sg"


def _owned_by_organisation(ws: Workspace, head) -> bool:
    """"the Chilean President", "Hungarian newspaper X": the nationality belongs to the
    person or body named, not to a separate actor."""
    lemma = head.lemma_.lower()
    return lemma in ws.nom.person or ws.gaz.sector_of_role(lemma) in ("MED", "BUS", "EDU") \
        or head.i in ws.taken


def _new_group(ws: Workspace, chunk) -> bool:
    head = chunk.root
    if head.tag_ not in ("NNS", "NNPS") and head.lower_ not in ("couple", "team", "police", "staff"):
        return False
    if any(t.ent_type_ in ("PERSON", "ORG", "GPE") for t in chunk) or ws.in_quote(chunk.start_char):
        return False
    first = chunk[0].lower_
    return first not in DEFINITE or not _group_named(ws, group_lemma(ws, head))


def group_lemma(ws: Workspace, head) -> str:
    """The head noun's lemma, also where the tagger took a capitalised plural for a name
    ("Farmers' demands": "farmers" is "farmer")."""
    lemma = head.lemma_.lower()
    if lemma == head.lower_ and lemma.endswith("s") and lemma[:-1] in ws.nom.group:
        return lemma[:-1]
    return lemma


def _group_named(ws: Workspace, lemma: str) -> Draft | None:
    return ws.drafts.get(f"group:{lemma}")


def group(ws: Workspace, chunk) -> None:
    head = chunk.root
    lemma = group_lemma(ws, head)
    dkey = f"group:{lemma}"
    if dkey in ws.drafts and _described(chunk):  # "the unions" after "Trade unions" is the same group
        dkey = f"group:{lemma}:{chunk.start}"
    start = chunk.start + (1 if chunk[0].lower_ in ("a", "an") else 0)
    span = ws.sp[start:max(_named_place_after(head), chunk.end)]
    draft = ws.draft(dkey, span.text, "GROUP", span.start_char)
    sector = ws.gaz.sector_of_role(head.lower_) or ws.gaz.sector_of_role(lemma)
    draft.sector = draft.sector or sector
    ref = ws.ref(span, "description" if draft.refs else "name", draft, head_only=True)
    ref.number = "pl"


def _described(chunk) -> bool:
    """"Dairy farmers" after "farmers" may be another group; "some farmers", "the farmers" and
    "at least 40 farmers" pick out the one named before."""
    return chunk[0].lower_ not in DEFINITE and not only_counts(chunk[:chunk.root.i - chunk.start], PARTITIVE)


def _named_place_after(head) -> int:
    """"Fishing crews on Jeju island", "Prosecutors in Bremen": a named place after a
    group is part of its name (but not "officials in the provincial capital")."""
    for prep in head.rights:
        if prep.dep_ != "prep":
            break
        objects = [c for c in prep.children if c.dep_ == "pobj"]
        if objects and (objects[0].pos_ == "PROPN" or any(c.dep_ == "compound" and c.pos_ == "PROPN"
                                                           for c in objects[0].children)):
            return objects[0].i + 1
        break
    return head.i + 1


def fold_demonym_groups(ws: Workspace) -> None:
    """"Russian officials" stand for Russia when Russia is named, unless the text refers
    back to them as a group."""
    for dkey in [k for k in ws.drafts if k.startswith("demonym:")]:
        members = ws.drafts[dkey]
        code = members.country
        named = ws.drafts.get(f"country:{code}")
        if any(r.via == "pronoun" for r in members.refs) or named is None \
                or not any(r.via in ("name", "alias") for r in named.refs):
            continue  # referred back to, or the country itself is never named: the group is the actor
        country = ws.draft(f"country:{code}", ws.gaz.country_names.get(code, code), "GPE", members.first, country=code)
        for ref in members.refs:
            ref.via = "description" if ref.via == "name" else ref.via
        ws.absorb(country, members)


def join_country_groups(ws: Workspace) -> None:
    """"Chilean miners" and "the miners" of Chile are one group: a demonym group left standing
    takes in the plain group of its head noun when that group is of the same country or of none."""
    for dkey in [k for k in ws.drafts if k.startswith("demonym:")]:
        members = ws.drafts.get(dkey)
        lemma = dkey.split(":")[2]
        plain = ws.drafts.get(f"group:{lemma}")
        if members is None or plain is None or plain.country not in (None, members.country):
            continue
        keep, gone = sorted((members, plain), key=lambda d: d.first)
        for field in ("country", "sector"):
            if not getattr(keep, field) and getattr(gone, field):
                setattr(keep, field, getattr(gone, field))
                keep.why[field] = gone.why.get(field, {"by": "cue"})
        ws.absorb(keep, gone)


def drop_passing_groups(ws: Workspace) -> None:
    """A group named once, not as a subject, is scenery rather than an actor; the press
    ("told state media") is kept, as the medium of what it was told."""
    for dkey in [k for k, d in ws.drafts.items() if d.type == "GROUP" and not k.startswith("demonym:")
                 and not press_group(d.name)]:
        refs = ws.drafts[dkey].refs
        if len(refs) == 1 and not refs[0].subject:
            del ws.drafts[dkey]
            ws.changed()
