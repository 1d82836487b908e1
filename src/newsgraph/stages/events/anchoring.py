"""Anchoring an event: its evidence span, date, place, mode of attack and contexts.

Date and place come from the trigger's own clause: a date in another clause dates
another event, and a place must be where the act happened ("in", "on", "at", "near"
or the act's object), not any place the sentence names.
"""
from __future__ import annotations

from newsgraph.lexicon import words
from newsgraph.nlp.dates import resolve_date
from newsgraph.nlp.places import resolve_place
from newsgraph.nlp.syntax import clause_verb
from newsgraph.stages.events.candidate import Coding, Draft

DATE_LEAD_WORDS = words("date_lead_words", file="events_anchoring.json")
LIGHT_VERBS = words("light_verbs", file="events_triggers.json")
ASSAULT_MODES = (("aerial", "aerial_words"), ("explosive", "explosive_words"),
                 ("firearms", "firearms_words"), ("artillery", "artillery_words"))  # mode, its triggers.json list


def evidence(coding: Coding, tok, draft: Draft) -> tuple[int, int]:
    """The words that show the event: the trigger's phrase and its parties' phrases in its sentence."""
    sent = tok.sent
    tokens = [tok]
    for span in (draft.source_span, draft.target_span):
        if span is not None and span.sent == sent:
            tokens.extend(span)
    tokens.extend(t for t in tok.subtree)
    if tok.dep_ in ("dobj", "attr") and tok.head.lemma_.lower() in LIGHT_VERBS:
        # "made a plea to the president", "filed a lawsuit against the order": the verb's phrase shows it
        tokens.append(tok.head)
        tokens.extend(t for c in tok.head.children if c.dep_ == "prep" and c.i > tok.i for t in c.subtree)
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN":
        tokens.append(tok.head.head.left_edge)  # "a new series of meetings", "a wave of strikes"
    elif tok.dep_ == "acl" and tok.head.dep_ == "dobj":
        tokens.append(tok.head.head)  # "launched missiles targeting the base": the verb shows the act
    elif tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.head.pos_ == "VERB":
        tokens.append(tok.head.head)  # "was hit by drone strikes", "met with protests": the verb shows what befell whom
    span = coding.sp[min(t.i for t in tokens):max(t.i for t in tokens) + 1]
    while len(span) > 1 and span[-1].is_punct:
        span = span[:-1]
    return span.start_char, span.end_char


def assault_mode(coding: Coding, draft: Draft) -> str | None:
    """How an attack was made (aerial, explosive, firearms, artillery), from the trigger's phrase."""
    if draft.type != "ASSAULT":
        return None
    said = {t.lower_ for t in draft.trigger.subtree} | {draft.trigger.lower_}
    for mode, key in ASSAULT_MODES:
        if said & set(coding.lex[key]):
            return mode
    return None


def contexts(coding: Coding, sent) -> list[str]:
    """PLOVER contexts named by words in the event's sentence ("refugees", "nuclear")."""
    low = " " + " ".join(t.lower_ for t in sent) + " "
    return [name for name, cues in coding.lex.get("contexts", {}).items() if any(f" {w} " in low for w in cues)]


def published_year(coding: Coding) -> int | None:
    return int(coding.doc.published[:4]) if coding.doc.published else None


def is_past(coding: Coding, value: str | None) -> bool:
    """A date in an earlier year than the article's."""
    published = coding.doc.published
    if not value or not published:
        return False
    return value[:4] < published[:4] and int(published[:4]) - int(value[:4]) >= 1


def date_of(coding: Coding, tok, sent):
    """The nearest date or time in the trigger's own clause, resolved against the publication date."""
    best, best_dist = None, 10**9
    clause = clause_verb(tok)
    for ent in coding.ents_in(sent):
        if ent.label_ not in ("DATE", "TIME") or not _dates_clause(tok, clause, ent):
            continue
        resolved = resolve_date(ent.text, coding.doc.published)
        if resolved is None:
            continue
        dist = abs(ent.start - tok.i)
        if dist < best_dist:
            best, best_dist = (ent, resolved), dist
    if best is None:
        return None
    ent, resolved = best
    resolved.text = coding.sp[_date_start(coding, ent, sent):ent.end].text
    return resolved


def _dates_clause(tok, clause, ent) -> bool:
    """A date dates the trigger's clause, a clause right under the trigger, or one trailing its phrase."""
    ent_verb = clause_verb(ent.root)
    trailing = ent_verb.dep_ == "acl" and ent_verb.i == max(t.i for t in tok.subtree) + 1
    return ent_verb.i == clause.i or ent_verb.head.i == tok.i or trailing


def _date_start(coding: Coding, ent, sent) -> int:
    """Where the date's text starts: with the date words and leads ("on", "early last") before it."""
    left = ent.start
    while left > sent.start and (coding.sp[left - 1].ent_type_ in ("DATE", "TIME")
                                 or coding.sp[left - 1].lower_ in DATE_LEAD_WORDS):
        left -= 1
    return left


def place_of(coding: Coding, tok, sent, codes: list[str]):
    """Where the act happened: a place named in the trigger's phrase, resolved near the parties' countries."""
    for name in _place_names(coding, tok, sent):
        place = resolve_place(name, tuple(codes))
        if place is not None:
            return place
    return None


def _place_names(coding: Coding, tok, sent) -> list[str]:
    names = []
    for t in tok.subtree:
        if t.dep_ not in ("dobj", "pobj") and t.head.lower_ not in ("in", "on", "at", "near"):
            continue
        if t.ent_type_ in ("GPE", "LOC", "FAC") and t.ent_iob_ == "B":
            ent = next((e for e in coding.ents_in(sent) if e.start == t.i), None)
            if ent is not None:
                names.append(ent.text)
        elif t.pos_ == "PROPN" and not t.ent_type_:
            actor = coding.actors.at(t.idx, t.idx + len(t.text))
            if actor is not None and actor.type == "GPE":
                names.append(t.text)  # a place the tagger missed but the actors stage knows
    return names
