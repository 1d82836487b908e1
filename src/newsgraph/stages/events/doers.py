"""Acts whose doer their own clause leaves untold: a gerund under a preposition, done by
the subject of the clause above ("spoke after meeting X"), a weapon as subject ("a
roadside bomb killed"), which names no doer, and a punishment taken ("received a prison
term"), whose subject is its target. Word lists in data/events_triggers.json and
data/triggers.json."""
from __future__ import annotations

from newsgraph.lexicon import table, words
from newsgraph.nlp.gazetteer import gazetteer
from newsgraph.nlp.syntax import noun_phrase
from newsgraph.stages.events.candidate import Coding

GERUND_PREPS = words("gerund_preps", file="events_triggers.json")
PUNISHMENT_VERBS = words("punishment_verbs", file="events_triggers.json")
PUNISHMENT_NOUNS = table("events_triggers.json")["punishment_nouns"]
WEAPON_KEYS = ("aerial_words", "explosive_words", "firearms_words", "artillery_words")  # in triggers.json


def weapon(coding: Coding, phrase) -> bool:
    """The phrase is a weapon (triggers.json's aerial, explosive, firearm and artillery words)
    that names no doer."""
    head = getattr(phrase, "root", phrase)
    words_of = {w for key in WEAPON_KEYS for w in coding.lex[key]}
    phrase = noun_phrase(head)
    text = " ".join(t.lower_ for t in phrase)
    if head.pos_ != "NOUN" or head.ent_type_ or gazetteer().sector_of_role(head.lower_) \
            or coding.actors.all_inside(phrase.start_char, phrase.end_char):
        return False  # "gunmen", "a suicide bomber", "a Taliban car bomb": the phrase names its doer
    return head.lower_ in words_of or any(" " in w and w in text for w in words_of)


def gerund_of_clause(tok) -> bool:
    """"spoke after meeting with X", "began by attacking the base": a gerund under a
    preposition, whose doer is the subject of the clause above (the events builder finds it)."""
    return tok.tag_ == "VBG" and tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.lower_ in GERUND_PREPS


def punishment_taken(tok):
    """The punishment noun when the verb's subject takes one ("received seven-year prison
    terms", "was handed a life sentence"), else None."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in PUNISHMENT_VERBS:
        return None
    for obj in (c for c in tok.children if c.dep_ == "dobj"):
        needs = PUNISHMENT_NOUNS.get(obj.lemma_.lower())
        if needs is not None and (not needs or any(c.lower_ in needs for c in obj.children)):
            return obj
    return None

