"""What is not an actor, though spaCy tags it as one.

  - mentions in a picture credit or byline line ("Placards. Image: Jo Bloggs (flickr).");
  - streets, squares and buildings tagged PERSON or ORG ("Trafalgar Square");
  - districts and towns tagged PERSON (a name of two words or more that is a known
    place and does not start with a first name);
  - "House", "State", "North" alone (parts of longer names), time zones and the like;
  - indefinite groups ("some protesters", "other scientists") that neither act as a
    subject nor are referred back to.
The word lists are in data/actors_noise.json.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from newsgraph.lexicon import table
from newsgraph.nlp.gazetteer import is_first_name, key
from newsgraph.nlp.places import resolve_place
from newsgraph.stages.actors.draft import Draft, Workspace

NOISE = table("actors_noise.json")
CREDIT_LINE = re.compile(NOISE["credit_line"])
FACILITY = frozenset(NOISE["facility_words"])
LONE = frozenset(NOISE["lone_words"])
NON_ACTORS = frozenset(NOISE["non_actors"])
INDEFINITE = frozenset(NOISE["indefinite_determiners"])


def credit_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in CREDIT_LINE.finditer(text)]


def drop_noise(ws: Workspace) -> None:
    credits = credit_spans(ws.doc.text)  # in text order, not overlapping
    starts = [a for a, _ in credits]

    def in_credit(pos: int) -> bool:
        k = bisect_right(starts, pos) - 1
        return k >= 0 and pos < credits[k][1]

    for dkey in list(ws.drafts):
        draft = ws.drafts[dkey]
        if credits:
            draft.refs = [r for r in draft.refs if not in_credit(r.start)]
        if not draft.refs or _not_an_actor(ws, draft):
            del ws.drafts[dkey]
            continue
        if draft.type == "PERSON" and draft.refs and all(r.via == "pronoun" for r in draft.refs):
            del ws.drafts[dkey]  # its names were all credits
    ws.changed()  # refs were filtered and drafts removed


def _not_an_actor(ws: Workspace, draft: Draft) -> bool:
    name = key(draft.name)
    words = name.replace(".", " ").split() if draft.type != "GPE" else name.split()
    if not words or name in NON_ACTORS or draft.type != "GROUP" and name in LONE:
        return True
    if draft.type == "PERSON" and (ws.gaz.demonym_of(draft.name) or ws.gaz.country_of(draft.name)):
        return True  # "Philippine" tagged PERSON
    if (draft.type in ("PERSON", "ORG") or draft.type == "GPE" and len(words) > 1) and words[-1] in FACILITY \
            and not ws.gaz.org(draft.name):
        return True  # "Central Station", and a sea trench or a fault tagged GPE
    if draft.type == "PERSON" and len(words) > 1 and not is_first_name(draft.name.split()[0]) \
            and resolve_place(draft.name) is not None:
        return True  # "Maidan Shahr", "Sultan Kudarat": a district tagged PERSON
    if draft.type == "GROUP" and words[0] in INDEFINITE:
        return not any(r.subject or r.via == "pronoun" for r in draft.refs)
    return False


def drop_title_countries(ws: Workspace) -> None:
    """A country named only in front of a person's title ("U.S. President Ana Ruiz", "UK
    Foreign Secretary Ana Ruiz") is that person's code, not an actor of its own: it neither
    acts nor is acted on. Run after the home country is settled, which counts these names."""
    for dkey in [k for k, d in ws.drafts.items() if d.type == "GPE"]:
        refs = [r for r in ws.drafts[dkey].refs if r.via != "pronoun"]
        if refs and all(_before_a_name(ws, r) for r in refs):
            del ws.drafts[dkey]
            ws.changed()


def _before_a_name(ws: Workspace, ref) -> bool:
    """The mention modifies, through compounds only, a person's name."""
    span = ws.sp.char_span(ref.start, ref.end, alignment_mode="expand")
    if span is None:
        return False
    tok = span.root
    for _ in range(4):
        if tok.dep_ not in ("compound", "nmod") or tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.ent_type_ == "PERSON":
            return True
    return False
