"""Lexical triggers: a verb or noun of the trigger lexicon proposes an event of its type.

A verb needs a subject (or a passive agent); a noun needs an agent: a possessor, "by X"
or the subject of a light verb ("held talks"). A light verb whose object is a trigger
noun is no event itself, the noun is. "X and Y exchanged fire" is one event each way.
"""
from __future__ import annotations

from newsgraph.lexicon import words
from newsgraph.nlp.syntax import noun_phrase, object_of, passive_agent, subject_of
from newsgraph.stages.events.candidate import Coding, Draft, clean_issue
from newsgraph.stages.events.model import lexicon_types
from newsgraph.stages.events.participants import enclosing_speech

TRIGGERS = "events_triggers.json"
LIGHT_VERBS = words("light_verbs", file=TRIGGERS)
RECIPROCAL_VERBS = words("reciprocal_verbs", file=TRIGGERS)
ISSUE_TYPES = words("issue_types", file=TRIGGERS)
ISSUE_PREPS = words("issue_preps", file=TRIGGERS)
NAMING_VERBS = words("naming_verbs", file=TRIGGERS)
PRAISE_LABELS = words("praise_labels", file="events_document.json")
SOURCELESS_PASSIVE = words("sourceless_passive_types", file=TRIGGERS)
SOURCELESS_NOUNS = words("sourceless_noun_types", file=TRIGGERS)


def _naming(coding: Coding, tok, label) -> list[Draft]:
    """"The minister called the raid a crime": an accusation of the thing named (praise
    when the label is one, "called her a hero"), never a request."""
    subj = subject_of(tok)
    obj = object_of(tok)
    if subj is None or obj is None:
        return []
    type_ = "SUPPORT" if label.lemma_.lower() in PRAISE_LABELS else "ACCUSE"
    issue = clean_issue(coding.sp[label.left_edge.i:label.right_edge.i + 1].text)
    return [Draft(type=type_, trigger=tok, source_span=subj, target_span=obj, issue=issue, strong=True,
                  confidence=0.7)]


def from_trigger(coding: Coding, tok) -> list[Draft]:
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB" and lemma in NAMING_VERBS:
        label = next((c for c in tok.children if c.dep_ == "oprd"), None)
        if label is not None:
            return _naming(coding, tok, label)
    if tok.pos_ == "VERB" and lemma in LIGHT_VERBS and any(
            c.dep_ == "dobj" and lexicon_types(c, coding.lex) for c in tok.children):
        return []  # "imposed sanctions", "held talks": the noun is the event
    if tok.pos_ == "VERB":
        for type_, table in coding.lex["verbs"].items():
            if lemma in table and _verb_ok(tok, type_):
                return _verb_event(coding, tok, type_, table[lemma])
    if tok.pos_ == "NOUN":
        for type_, table in coding.lex["nouns"].items():
            if tok.lower_ in table or lemma in table:
                return _noun_drafts(coding, tok, type_, table.get(tok.lower_, table.get(lemma)))
    return []


def _noun_drafts(coding: Coding, tok, type_: str, mode: str | None) -> list[Draft]:
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() in RECIPROCAL_VERBS:
        drafts = reciprocal_drafts(tok.head, type_, mode)  # "X and Y exchanged fire"
        if drafts:
            for draft in drafts:
                draft.trigger, draft.strong = tok, True  # a precise pattern the model rarely saw
            return drafts
    draft = _noun_event(coding, tok, type_, mode)
    return [draft] if draft else []


def _verb_ok(tok, type_: str) -> bool:
    if type_ == "REQUEST" and tok.lemma_.lower() == "call":
        return any(c.lower_ == "for" or c.dep_ == "prt" for c in tok.children)
    return tok.lemma_.lower() not in ("say", "tell")


def _verb_event(coding: Coding, tok, type_: str, mode: str | None) -> list[Draft]:
    subj = subject_of(tok)
    obj = object_of(tok)
    if subj is None and not passive_agent(tok):
        if type_ in SOURCELESS_PASSIVE and any(c.dep_ == "nsubjpass" for c in tok.children):
            # "the mayor was stabbed": an attack with its victim, its attacker unknown (or claimed later)
            return [Draft(type=type_, trigger=tok, target_span=obj, mode=mode, sourceless=True)]
        return []
    if _reciprocal(tok):
        return reciprocal_drafts(tok, type_, mode)
    draft = Draft(type=type_, trigger=tok, source_span=subj or passive_agent(tok), target_span=obj, mode=mode)
    draft.issue = issue_of(coding, tok, type_)
    return [draft]


def _noun_event(coding: Coding, tok, type_: str, mode: str | None) -> Draft | None:
    """A nominal trigger counts only with an agent: a possessor, 'by X' or a light verb."""
    agent = next((c for c in tok.children if c.dep_ == "poss"), None)
    target = None
    holders = [tok, tok.head] if tok.dep_ == "pobj" and tok.head.head.pos_ == "NOUN" else [tok]
    if len(holders) == 2:
        holders.append(tok.head.head)  # "a round of talks with X"
    for child in (c for h in holders for c in h.children):
        if child.dep_ == "prep" and child.lower_ in ("on", "against", "of", "with", "by"):
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if child.lower_ == "by":
                agent = agent or pobj
            elif pobj is not None:
                target = target or pobj
    holder = tok.head if tok.dep_ == "compound" and tok.head.pos_ == "NOUN" else tok  # "a mediation mission"
    if agent is None and holder.dep_ in ("dobj", "attr") and holder.head.lemma_.lower() in LIGHT_VERBS:
        agent = subject_of(holder.head)
    if agent is None and type_ in SOURCELESS_NOUNS and tok.dep_ not in ("compound", "amod"):
        # "the attack on the refinery", "weeks of protests in the capital": the act, its doer untold
        target = noun_phrase(target) if target is not None else None
        return Draft(type=type_, trigger=tok, target_span=target, mode=mode, sourceless=True, confidence=0.5)
    if agent is None:
        return _reported_meeting(coding, tok, type_, target, mode)
    target = noun_phrase(target) if target is not None else None
    return Draft(type=type_, trigger=tok, source_span=noun_phrase(agent), target_span=target, mode=mode)


def _reported_meeting(coding: Coding, tok, type_: str, target, mode: str | None) -> Draft | None:
    """'X said talks with Y are planned': the speaker is a party to the talks."""
    if type_ != "CONSULT" or target is None:
        return None
    quote = enclosing_speech(coding, tok)
    if quote is None:
        return None
    return Draft(type=type_, trigger=tok, target_span=noun_phrase(target), mode=mode, quote=quote, confidence=0.55)


def _reciprocal(tok) -> bool:
    return any(c.lower_ == "each" or c.text.lower() == "other" for c in tok.subtree if c.i > tok.i and c.i < tok.i + 4)


def reciprocal_drafts(tok, type_: str, mode: str | None) -> list[Draft]:
    """"X and Y shelled each other": one event from each side to the other."""
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return []
    parties = [subj, *subj.conjuncts]
    adjectives = next(([a, *a.conjuncts] for a in subj.children if a.dep_ == "amod" and a.conjuncts), [])
    if len(parties) < 2 and len(adjectives) >= 2:  # "Indian and Pakistani troops"
        one, other = tok.doc[adjectives[0].i:adjectives[0].i + 1], tok.doc[adjectives[1].i:adjectives[1].i + 1]
    elif len(parties) >= 2:
        one, other = noun_phrase(parties[0]), noun_phrase(parties[1])
    else:
        return []
    return [Draft(type=type_, trigger=tok, source_span=one, target_span=other, mode=mode, single_parties=True),
            Draft(type=type_, trigger=tok, source_span=other, target_span=one, mode=mode, single_parties=True)]


def issue_of(coding: Coding, tok, type_: str) -> str | None:
    """What a request, accusation, threat or agreement is about: its "for X" or its clause."""
    if type_ not in ISSUE_TYPES:
        return None
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in ISSUE_PREPS:
            span = coding.sp[child.i + 1:child.right_edge.i + 1]
        elif child.dep_ in ("xcomp", "ccomp"):
            span = coding.sp[child.left_edge.i:child.right_edge.i + 1]
        else:
            continue
        coding.claim_issue(span)
        return clean_issue(span.text)
    return None


def lexicon_mode(coding: Coding, tok, type_: str) -> str | None:
    """The mode the lexicon gives a trigger word under a type ("airstrike": aerial)."""
    table = coding.lex["verbs"] if tok.pos_ == "VERB" else coding.lex["nouns"]
    modes = table.get(type_, {})
    return modes.get(tok.lemma_.lower(), modes.get(tok.lower_)) if isinstance(modes, dict) else None
