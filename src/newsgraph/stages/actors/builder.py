"""Actors: find who is mentioned, tie mentions together, and code each actor.

Mentions come from spaCy's entities (corrected with the gazetteer and local
context), appositions ("Peter Olsen, the club's chairman"), role and
description noun phrases, demonym groups ("Russian officials"), other groups
("Residents", "the unions") and pronouns. Coreference is rule-based: name
chains first (full name, surname, first name, "Mr/Ms X", title + surname),
then appositions, then descriptions, nominals ("the company", "the
government", "the village") and pronouns, in text order, each tied to the
most salient compatible actor (recency, grammatical subject, gender, number,
kind of organisation). Every mention keeps its `via`.

The parts, in the order they run (each a module of this package):
  entities, people, names   corrected entities become mentions of named actors
  groups                    "Russian officials", "Residents", "the unions"
  appositions               "X, the club's chairman"
  coding                    a country and a sector for each actor from its own words
  coref, nominals, pronouns descriptions, nominals and pronouns in text order
  noise                     what is not an actor (picture credits, streets, "House" alone)
  bodies                    cues in a body's name, titles of several words, "(D-Calif.)",
                            a person's employer ("X of the University of Y")
  evidence, kb              dictionary, registry and home-country codes; abstention
All of them work on one draft set (draft.Workspace); this module runs them in order
and turns the drafts into the Document's actors.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from newsgraph.document import Actor, Document, Mention
from newsgraph.stages.actors.appositions import appositions
from newsgraph.stages.actors.bodies import class_cues, employer_cues, name_cues
from newsgraph.stages.actors.coding import code_from_context
from newsgraph.stages.actors.coref import inherit_family_names, ordered_resolution, settle_age_cues
from newsgraph.stages.actors.draft import Workspace
from newsgraph.stages.actors.evidence import settle
from newsgraph.stages.actors.groups import drop_passing_groups, fold_demonym_groups, group_mentions, join_country_groups
from newsgraph.stages.actors.names import named_mentions, seat_and_org_mentions
from newsgraph.stages.actors.noise import drop_noise, drop_title_countries

# The order matters: names before groups (a name's tokens are taken), coding before
# coreference (descriptions match on country) and again after it (new mentions code).
STEPS = (
    named_mentions,
    seat_and_org_mentions,
    group_mentions,
    appositions,
    code_from_context,
    ordered_resolution,
    inherit_family_names,
    settle_age_cues,
    code_from_context,
    drop_noise,
    name_cues,
    class_cues,
    employer_cues,
    settle,
    fold_demonym_groups,
    join_country_groups,
    drop_passing_groups,
    drop_title_countries,
)


@dataclass
class CodedActor(Actor):
    """An actor with the evidence behind its codes: for "country" and "sector", which
    source set it (cue, place, dictionary, registry, home, default) and what it saw."""

    evidence: dict = field(default_factory=dict)


def extract_actors(doc: Document, registry=None) -> Document:
    """Fill doc.actors. `registry` (else doc.work["actor_registry"]) is anything with
    lookup(name, published) -> {"country", "sector", "article", "via", "published"} | None,
    such as newsgraph.store.registry.Registry."""
    if doc.nlp is None or not doc.text:
        return doc
    if registry is not None:
        doc.work["actor_registry"] = registry
    ws = Workspace(doc)
    for step in STEPS:
        step(ws)
    doc.actors = actors(ws)
    return doc


def actors(ws: Workspace) -> list[Actor]:
    """The drafts with mentions, in order of first mention, as the Document's actors."""
    drafts = sorted((d for d in ws.drafts.values() if d.refs), key=lambda d: d.first)
    out = []
    for n, d in enumerate(drafts, 1):
        mentions = sorted({(r.start, r.end): r for r in d.refs}.values(), key=lambda r: r.start)
        # Sorted on (folded, exact) text so that the order never depends on the hash seed.
        aliases = sorted({r.text for r in mentions if r.text != d.name}, key=lambda t: (t.lower(), t))
        out.append(CodedActor(id=f"a{n}", name=d.name, type=d.type, country=d.country, sector=d.sector,
                              aliases=aliases,
                              mentions=[Mention(r.start, r.end, r.text, r.via) for r in mentions],
                              confidence=round(min(0.95, d.evidence + 0.05 * len(mentions)), 3),
                              evidence={f: d.why.get(f) if getattr(d, f) else None for f in ("country", "sector")}))
        for r in d.refs:
            r.key = out[-1].id
    return out
