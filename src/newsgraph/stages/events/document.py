"""Whole-document rules, run after every sentence is coded.

- A claimed attack goes to its claimant: "the militia later claimed responsibility for
  the blast" makes the militia the source of the article's attacks that have none (or
  only a reporter as source).
- The reporter is never the source: a news outlet (a media actor) is dropped from an
  event's source, and an event left with no source is kept only when its type may
  stand without one (an attack whose agent is unknown).
- A quoted denial is not the act: "we never attack civilians" is no ASSAULT.
- One clause, one statement: a negated twin of an asserted event in the same clause
  ("will not accept it" as both REJECT and a negated AGREE) goes.
- A meeting, aid or support needs its partner: with no party named on the receiving
  side it is no event.
- A crowd's riot is a protest: protesters who clash, storm or throw stones PROTEST in
  the riot mode; protesters who attack someone still ASSAULT.
- Political events only: an event needs a political, social or armed party on at
  least one side (a country, a government body, a party, a militia, protesters), not
  only firms, outlets, scientists or animals.
- The same event told twice (headline and body) is kept once, the most confident
  telling, unless the two tellings differ in modality.
"""
from __future__ import annotations

import re

from newsgraph.document import Document, Event
from newsgraph.lexicon import words
from newsgraph.nlp.gazetteer import gazetteer
from newsgraph.stages.events.candidate import Candidate, home_country
from newsgraph.stages.events.index import ActorIndex
from newsgraph.stages.events.triggers import done_by_non_agent

RULES = "events_document.json"
RESPONSIBILITY = words("responsibility_nouns", file=RULES)
CLAIM_VERBS = words("claim_verbs", file=RULES)
APOLITICAL = words("apolitical_sectors", file=RULES)
POLITICAL_TYPES = words("political_types", file=RULES)
DENIAL_SUBJECTS = words("denial_subjects", file=RULES)
BACK_REFERENCE_DETERMINERS = words("back_reference_determiners", file=RULES)
OWN_WORD_DEPS = words("own_word_deps", file=RULES)
PARTNERED_TYPES = words("partnered_types", file=RULES)
CROWD_NOUNS = words("crowd_nouns", file=RULES)
RIOT_VERBS = words("riot_verbs", file=RULES)
SOURCELESS_TYPES = ("ASSAULT", "COERCE", "PROTEST")  # an unknown attacker or arresting force is still an event


def claimants(doc: Document, actors: ActorIndex) -> list:
    """Actors who claim responsibility for an attack, in text order."""
    out = []
    for tok in doc.nlp:
        if tok.lemma_.lower() in RESPONSIBILITY and tok.dep_ == "dobj" and tok.head.lemma_.lower() in CLAIM_VERBS:
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            actor = actors.at(subj.idx, subj.idx + len(subj.text)) if subj is not None else None
            if actor is None and subj is not None:
                actor = actors.first_inside(subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge.text))
            if actor is not None:
                out.append(actor)
    return out


def political(actors: ActorIndex, actor_id: str) -> bool:
    actor = actors.actor(actor_id)
    if actor is None:
        return False
    if actor.type in POLITICAL_TYPES:
        return True
    return actor.sector is not None and actor.sector not in APOLITICAL


def _crowd(actors: ActorIndex, actor_id: str) -> bool:
    """A group named by a crowd noun ("the protesters", "Serbian demonstrators")."""
    actor = actors.actor(actor_id)
    if actor is None or actor.type != "GROUP":
        return False
    head = re.split(r" (?:in|of|from|at) ", actor.name.lower())[0].split()  # "protesters in X": its head
    return bool(head) and head[-1] in CROWD_NOUNS


def _reporter(actors: ActorIndex, actor_id: str) -> bool:
    actor = actors.actor(actor_id)
    return actor is not None and actor.sector == "MED"


def _set_source(actors: ActorIndex, event: Event, ids: list[str]) -> None:
    event.source = ids
    codes = []
    for actor_id in ids:
        actor = actors.actor(actor_id)
        if actor is not None and actor.country and actor.country not in codes:
            codes.append(actor.country)
    event.source_countries = codes


def _authorities(actors: ActorIndex, candidate: Candidate, home: str | None) -> list[str]:
    """"Two suspects were arrested": the state where it happened arrests, the country of
    the person held, or of the place, or of the official who tells of it, else the
    article's home country (the actors stage's, from its dateline or places). Those released
    are often foreigners held abroad: for a release the place comes first."""
    event = candidate.event
    if event.target_countries and event.type != "CONCEDE":
        return list(event.target_countries[:1])
    if event.location is not None and event.location.country:
        return [event.location.country]
    for verb in candidate.trigger.ancestors:
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        actor = actors.at(subj.idx, subj.idx + len(subj.text)) if subj is not None else None
        if actor is not None and actor.country and political(actors, actor.id):
            return [actor.country]
    return [home] if home else []


def _home(event: Event, home: str | None) -> list[str]:
    """No party named on the receiving side: the act is taken as domestic, aimed at the
    country where it happens or the source's own ("the president insists the budget
    include X": a domestic demand); a body that is no state ("an NGO called for an
    inquiry") aims at the article's home country. Countries only: no actor is invented."""
    if event.location is not None and event.location.country:
        return [event.location.country]
    states = [c for c in event.source_countries if c in gazetteer().country_names]
    if states or not event.source_countries:
        return states[:1]
    return [home] if home else []


def _addressed(tok) -> bool:
    """The act is given or done to someone the actors stage left unnamed ("aid to refugees",
    "opened its borders to migrants", "met with villagers")."""
    heads = [tok, tok.head] if tok.pos_ == "NOUN" else [tok]
    return any(c.dep_ in ("prep", "dative") and c.lower_ in ("to", "with") and any(g.dep_ == "pobj" for g in c.children)
               for head in heads for c in head.children)


def _denial(candidate: Candidate) -> bool:
    """A negated act said by its own doer in the first person."""
    event, tok = candidate.event, candidate.trigger
    if event.modality != "negated" or candidate.strong:
        return False
    verb = tok if tok.pos_ == "VERB" else tok.head
    return any(c.dep_ == "nsubj" and c.lower_ in DENIAL_SUBJECTS for c in verb.children)


def _clause(tok):
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
        tok = tok.head
    return tok.i


def one_statement(candidates: list[Candidate]) -> list[Candidate]:
    """Drop a negated event beside an asserted one of the same clause, and a second type on one trigger."""
    asserted = {_clause(c.trigger) for c in candidates if c.event.modality != "negated"}
    out, by_trigger = [], {}
    for c in candidates:
        if c.event.modality == "negated" and _clause(c.trigger) in asserted:
            continue
        prior = by_trigger.get(c.trigger.i)
        if prior is not None and prior.type != c.type:
            if c.confidence > prior.confidence and not prior.strong:
                out[out.index(prior)] = c
                by_trigger[c.trigger.i] = c
            continue
        by_trigger.setdefault(c.trigger.i, c)
        out.append(c)
    return out


def document_pass(doc: Document, candidates: list[Candidate], actors: ActorIndex | None = None) -> list[Candidate]:
    """`actors`: the document's actors indexed (built here when not given)."""
    actors = actors if actors is not None else ActorIndex(doc.actors)
    claimed = claimants(doc, actors)
    home = home_country(doc)
    out = []
    for candidate in one_statement(candidates):
        event = candidate.event
        if _denial(candidate) or done_by_non_agent(candidate.trigger):
            continue
        if any(_reporter(actors, a) for a in event.source):
            _set_source(actors, event, [a for a in event.source if not _reporter(actors, a)])
        if event.type == "ASSAULT" and not event.source and claimed:
            _set_source(actors, event, [claimed[0].id])
        if event.type == "ASSAULT" and candidate.trigger.lemma_.lower() in RIOT_VERBS and event.source \
                and all(_crowd(actors, a) for a in event.source):
            event.type, event.mode = "PROTEST", "riot"  # a crowd's violence is a riot
        if not event.source and event.type not in SOURCELESS_TYPES and not event.source_countries \
                and not candidate.framed:  # framed and sourceless: "the prisoners were released"
            continue
        if not event.source and event.type in ("COERCE", "PROTEST", "CONCEDE") and not event.source_countries:
            event.source_countries = _authorities(actors, candidate, home)
        if not event.target_countries:
            if event.type in PARTNERED_TYPES and not event.target and len(event.source_countries) < 2 \
                    and not _addressed(candidate.trigger):
                continue  # no one met, helped or backed ("A and B signed a deal" are partners)
            event.target_countries = _home(event, home)
        state = not event.source and bool(event.source_countries)  # the authorities of a country
        if not state and not any(political(actors, a) for a in event.source + event.target):
            continue
        if _told_again(candidate, out):
            continue
        out.append(candidate)
    return told_once(out)


def _told_again(candidate: Candidate, earlier: list[Candidate]) -> bool:
    """"The attacks", "the protest": a bare definite act noun, with no party or place of its
    own, names again an act of its type the article has told before; it adds no event."""
    tok = candidate.trigger
    if tok.pos_ != "NOUN" or candidate.strong or not any(c.type == candidate.type for c in earlier):
        return False
    definite = any(c.dep_ == "det" and c.lower_ in BACK_REFERENCE_DETERMINERS for c in tok.children)
    own_words = [c for c in tok.children if c.dep_ in OWN_WORD_DEPS]
    return definite and not own_words


def told_once(candidates: list[Candidate]) -> list[Candidate]:
    """One event per type, parties and modality when the document tells it again."""
    best: dict[tuple, Candidate] = {}
    order: list[tuple] = []
    for c in candidates:
        e = c.event
        key = (e.type, tuple(sorted(e.source)), tuple(e.source_countries), tuple(sorted(e.target)), e.modality,
               e.issue if c.strong else None)
        if key not in best:
            order.append(key)
            best[key] = c
    return [best[k] for k in order]
