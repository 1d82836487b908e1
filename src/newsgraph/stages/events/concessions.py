"""Concessions the words around a trigger make: a hostile act ended ("called off the
strike", "lifted the curfew", "dropped the charges": CONCEDE, an attack halted: RETREAT;
and the other way, cooperation ended: "suspended talks", SANCTION) and people let go
("were freed", "the release of two fishermen"). Word lists in data/events_triggers.json."""
from __future__ import annotations

from newsgraph.lexicon import words
from newsgraph.nlp.gazetteer import gazetteer, nominals
from newsgraph.stages.events.candidate import Coding
from newsgraph.stages.events.model import lexicon_types

TRIGGERS = "events_triggers.json"
ENDING_VERBS = words("ending_verbs", file=TRIGGERS)
# what ending each act is: a hostile act or an accusation ended is a concession (an attack
# halted a retreat); cooperation ended ("suspended talks", "halted aid") is a sanction, as
# CAMEO codes reducing relations and stopping aid (16x) and PLOVER withdrawing peacekeepers
ENDED_TYPES = {"PROTEST": "CONCEDE", "SANCTION": "CONCEDE", "COERCE": "CONCEDE", "THREATEN": "CONCEDE",
               "ACCUSE": "CONCEDE", "ASSAULT": "RETREAT", "MOBILIZE": "RETREAT",
               "CONSULT": "SANCTION", "COOPERATE": "SANCTION", "AID": "SANCTION", "SUPPORT": "SANCTION"}
ENDED_ORDER = ("CONCEDE", "RETREAT", "SANCTION")  # a noun of several types ("strike"): the first
ENDED_MODES = {"CONCEDE": "ease", "RETREAT": "withdraw"}
EASED_OBJECTS = words("eased_objects", file=TRIGGERS)
RELEASE_PASSIVE = words("release_passive", file=TRIGGERS)
RELEASE_NOUNS = words("release_nouns", file=TRIGGERS)


def ended_act(coding: Coding, tok):
    """(CONCEDE, RETREAT or SANCTION, the object) when an ending verb's object is an act, else None."""
    if tok.pos_ != "VERB" or not ending_verb(tok):
        return None
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in tok.children):
        return None  # "if the blockades are not lifted": a condition, nothing ended
    for obj in (c for c in tok.children if c.dep_ in ("dobj", "nsubjpass") and c.pos_ == "NOUN"):
        ended = {ENDED_TYPES[t] for t in lexicon_types(obj, coding.lex) if t in ENDED_TYPES}
        if ended:  # "the strike" is a protest or an attack: ending it, a concession before a retreat
            return next(t for t in ENDED_ORDER if t in ended), obj
    return None


def ending_verb(tok) -> bool:
    """An ending verb, read with its particle ("called off")."""
    particle = next((c.lower_ for c in tok.children if c.dep_ == "prt"), None)
    lemma = tok.lemma_.lower()
    return (f"{lemma} {particle}" if particle else lemma) in ENDING_VERBS


def _people(tok) -> bool:
    """A person or people: a name, a noun for people ("activists", "prisoners") or one with a
    nationality ("two Chilean nationals")."""
    nom, forms = nominals(), {tok.lemma_.lower(), tok.lower_}
    return tok.ent_type_ in ("PERSON", "NORP") or bool(forms & (nom.person | nom.group)) \
        or any(gazetteer().sector_of_role(f) for f in forms) or any(c.ent_type_ == "NORP" for c in tok.children)


def released_people(tok) -> bool:
    """"the prisoners were freed": a release verb whose passive subject is people, not "the
    rules were released"."""
    return tok.lemma_.lower() in RELEASE_PASSIVE and any(_people(c) for c in tok.children if c.dep_ == "nsubjpass")


def releases_people(tok) -> bool:
    """"the release of two fishermen", not "the release of the report"."""
    return tok.lemma_.lower() in RELEASE_NOUNS and any(
        _people(g) for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj")
