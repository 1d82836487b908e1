"""The word lists the actors stage reads, loaded once from data/.

Shared lists (honorifics, pronouns, speech verbs) come from lexicon.json; the lists
only this stage uses live in data/actors_*.json, one file per part of the stage.
"""
from __future__ import annotations

import re

from newsgraph.lexicon import table, words

ENTITIES = "actors_entities.json"
NAMES = "actors_names.json"
COREF = "actors_coref.json"
CODING = "actors_coding.json"


def _alternation(file: str, name: str) -> str:
    """A list as one regex group, in the file's order."""
    return "(" + "|".join(re.escape(w) for w in table(file)[name]) + ")"


HONORIFICS = words("honorifics", "honorific")
MALE_CUES = words("honorifics", "male") | words("pronouns", "male") | words("gendered_titles", "male", COREF)
FEMALE_CUES = words("honorifics", "female") | words("pronouns", "female") | words("gendered_titles", "female", COREF)
PERSON_PRONOUNS = words("pronouns", "person")
GROUP_PRONOUNS = words("pronouns", "group")
ORG_PRONOUNS = words("pronouns", "thing")
SPEECH_VERBS = words("speech_verbs", "speaker_cue")

NAMED_LABELS = words("named_labels", file=ENTITIES)
MISLABELLED_PERSON = words("mislabelled_person_labels", file=ENTITIES)
MEDIA_BEFORE = re.compile(r"\b" + _alternation(ENTITIES, "media_cues_before") + r"\s*$")
MEMBER_HEADS = words("member_heads", file=ENTITIES)
PLACE_PREPOSITIONS = words("place_prepositions", file=ENTITIES)

PARTY_ADJECTIVES = dict(table("actors_parties.json")["party_adjectives"])
GOVERNING = words("governing", file=NAMES)
HEADED_OFFICES = words("headed_offices", file=NAMES)
METONYMIC_HEADS = words("metonymic_heads", file=NAMES)
TITLE_DEPS = words("title_deps", file=NAMES)

DEFINITE = words("definite", file=COREF)
PARTITIVE = words("partitive", file=COREF)
YOUNGER = words("younger", file=COREF)
OLDER = words("older", file=COREF)
EXCLUSIVE_TITLES = words("exclusive_titles", file=COREF)
PLEONASTIC_VERB = re.compile("^" + _alternation(COREF, "pleonastic_verbs") + r"\b")
PLEONASTIC_COPULA = re.compile("^" + _alternation(COREF, "pleonastic_copulas") + r"\b")

OUTLET_NOUNS = words("outlet_nouns", file=CODING)
MINISTER_COMPOUND = re.compile(_alternation(CODING, "minister_compounds") + " minister")


def gender_cue(word: str | None) -> str | None:
    """"m" or "f" for a word that marks a person's gender (an honorific, pronoun or title)."""
    if word in MALE_CUES:
        return "m"
    if word in FEMALE_CUES:
        return "f"
    return None
