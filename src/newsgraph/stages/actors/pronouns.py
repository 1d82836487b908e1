"""Pronoun coreference: each "he", "it" or "they" goes to the most salient actor that
agrees with it in kind, gender and number.

A pronoun in a reported clause favours its reporter ("The FCA said it ..."); an object
pronoun is never the subject of its own clause, nor a speaker in their own quote.
"""
from __future__ import annotations

from newsgraph.stages.actors.draft import Draft, Ref, Workspace
from newsgraph.stages.actors.words import (
    GROUP_PRONOUNS, ORG_PRONOUNS, PERSON_PRONOUNS, PLEONASTIC_COPULA, PLEONASTIC_VERB, SPEECH_VERBS, gender_cue,
)


def pronoun(ws: Workspace, tok, low: str) -> None:
    if low in PERSON_PRONOUNS:
        _link_pronoun(ws, tok, "PERSON", gender_cue(low))
    elif low in ORG_PRONOUNS and (tok.dep_ in ("nsubj", "poss", "nsubjpass") or low == "itself"):
        _link_pronoun(ws, tok, "ORG", None)
    elif low in GROUP_PRONOUNS:
        _link_pronoun(ws, tok, "GROUP", None)


def _link_pronoun(ws: Workspace, tok, kind: str, gender: str | None) -> None:
    if tok.lower_ in ("it", "its") and _pleonastic(ws, tok):
        return
    sent = ws.sent_of[tok.i]
    excluded = _clause_subjects(ws, tok) | (_quote_speakers(ws, tok.idx) if kind == "PERSON" else set())
    speaker = _reporting_subject(ws, tok)
    best, best_score = None, 0.0
    for draft in ws.nearby(tok.idx, sent, also=[speaker] if speaker else ()):  # salience 0 elsewhere
        if draft.key in excluded:
            continue
        fit = _pronoun_fit(draft, kind, gender)
        if fit is None:
            continue
        score = ws.salience(draft, tok.idx, sent) + (1.0 if draft.key == speaker else 0.0)
        if score > 0 and score + fit > best_score:
            best, best_score = draft, score + fit
    if best is None:
        return
    ws.ref(ws.sp[tok.i:tok.i + 1], "pronoun", best).number = "pl" if kind == "GROUP" else "sg"
    if gender and not best.gender:
        best.gender = gender


def _reporting_subject(ws: Workspace, tok) -> str | None:
    """"The FCA said it was ...": the pronoun in a reported clause is most often its reporter."""
    clause = tok.head
    if tok.dep_ not in ("nsubj", "nsubjpass") or clause.dep_ not in ("ccomp", "xcomp") \
            or clause.head.lemma_.lower() not in SPEECH_VERBS:
        return None
    subject = next((c for c in clause.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return ws.ref_key_at(subject) if subject is not None and subject.i < tok.i else None


def _quote_speakers(ws: Workspace, pos: int) -> set[str]:
    """In "'She taught me,' Ilona said", she is not Ilona: a speaker is "I" in their own quote."""
    around = ws.first_quote_at(pos)
    if around is None:
        return set()
    a, b = around
    keys = set()
    for r, dkey in [*ws.index.starting_in(b, b + 40), *ws.index.starting_in(a - 80, a - 1)]:
        near = b <= r.start <= b + 40 or a - 80 <= r.start < a
        if ws.drafts[dkey].type == "PERSON" and near and r.via != "pronoun" and _speech_subject(ws, r):
            keys.add(dkey)
    return keys


def _speech_subject(ws: Workspace, ref: Ref) -> bool:
    if ref.head < 0:
        return False
    tok = ws.sp[ref.head]
    return tok.dep_ == "nsubj" and tok.head.lemma_.lower() in SPEECH_VERBS


def _clause_subjects(ws: Workspace, tok) -> set[str]:
    """'him'/'her' as an object cannot be the subject of its own clause."""
    if tok.tag_ == "PRP$" or tok.lower_ not in ("him", "her", "them", "it"):
        return set()
    return ws.clause_subjects(tok)


def _pronoun_fit(draft: Draft, kind: str, gender: str | None) -> float | None:
    """How well an actor fits a pronoun of this kind and gender; None when it cannot."""
    if kind == "PERSON":
        if draft.type != "PERSON" or gender and draft.gender not in (None, gender):
            return None
        return 0.2 if gender and draft.gender == gender else 0.0
    if kind == "ORG":
        # "it"/"its" stand for organisations and countries ("Russia ... its invasion"), less often places.
        if draft.type == "ORG":
            return 0.0
        if draft.type == "GPE":
            return 0.0 if draft.key.startswith("country:") else -0.3
        return None
    if draft.type == "GROUP":
        return 0.5
    if draft.type == "GPE" and draft.key.startswith("country:") and any(r.number == "pl" for r in draft.refs[-3:]):
        return 0.2
    if draft.type == "ORG":
        return 0.0
    return None


def _pleonastic(ws: Workspace, tok) -> bool:
    """"It is vital to ...", "it was clear that ...", "It follows weeks of ...": no referent."""
    nxt = ws.sp[tok.i + 1:tok.i + 4].text.lower()
    if PLEONASTIC_VERB.match(nxt):
        return True
    if not PLEONASTIC_COPULA.match(nxt):
        return False
    rest = [t.lower_ for t in ws.sp[tok.i + 2:tok.i + 10] if ws.sent_of.get(t.i) == ws.sent_of[tok.i]]
    return "to" in rest or "that" in rest or "time" in rest
