"""Appositions: "Peter Olsen, the club's chairman", "X is the club's head coach" and "X, who
is the club's head coach".

The description is a mention of the named actor, and tells its titles, gender
(for a person) or kind of body (for an organisation).
"""
from __future__ import annotations

from newsgraph.stages.actors.draft import Draft, Ref, Workspace
from newsgraph.stages.actors.phrases import mention_phrase


def appositions(ws: Workspace) -> None:
    for draft in list(ws.drafts.values()):
        if draft.type not in ("PERSON", "ORG", "GPE"):
            continue
        for ref in list(draft.refs):
            if ref.via not in ("name", "alias", "title"):
                continue
            span = ws.sp.char_span(ref.start, ref.end, alignment_mode="expand")
            if span is None:
                continue
            for nominal in _appositives(ws, span):
                _describe(ws, draft, nominal).subject = ref.subject


def _appositives(ws: Workspace, span) -> list:
    root = span.root
    found = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        found.append(root.head)
    subject = root.head if root.dep_ == "appos" else root
    if subject.dep_ == "nsubj" and subject.head.lemma_ == "be":  # "X is the club's head coach"
        found.extend(c for c in subject.head.children if c.dep_ == "attr" and c.pos_ == "NOUN" and c.tag_ == "NN")
    for clause in (c for c in root.children if c.dep_ == "relcl" and c.lemma_ == "be"):  # "X, who is the coach"
        found.extend(c for c in clause.children if c.dep_ == "attr" and c.pos_ in ("NOUN", "PROPN") and c.tag_ in ("NN", "NNP"))
    out = []
    for head in found:
        if head.pos_ not in ("NOUN", "PROPN") or head.i in ws.taken or head.ent_type_ in ("PERSON", "ORG", "GPE", "FAC", "LOC"):
            continue
        nominal = mention_phrase(head, exclude=set(range(span.start, span.end)))
        if nominal is not None:
            out.append(nominal)
    return out


def _describe(ws: Workspace, draft: Draft, nominal) -> Ref:
    head = nominal.root
    lemma = head.lemma_.lower()
    ref = ws.ref(nominal, "description", draft, head_only=True)
    if draft.type == "PERSON":
        draft.titles.add(lemma)
        gender = ws.nom.gendered.get(lemma) or ws.nom.relational.get(lemma)
        draft.gender = draft.gender or gender
        ref.gender = gender
    elif draft.type == "ORG":
        draft.classes.add(lemma)
    return ref
