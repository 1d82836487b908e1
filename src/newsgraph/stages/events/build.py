"""Finishing a draft: its parties become actors, and it gets its modality, date and place.

Promises of cooperative acts are coded AGREE and announced hostile acts THREATEN, as
PLOVER does; the act promised or threatened becomes the event's issue. A concession
said not to be made ("will not lift the embargo") is a refusal, REJECT, as CAMEO's
"refuse to ease" and "refuse to release" are; so is a failed agreement ("failed to reach
a deal"). docs/events.md lists these conventions.
"""
from __future__ import annotations

import copy
import dataclasses

from newsgraph.document import Event, Span
from newsgraph.lexicon import words
from newsgraph.nlp.gazetteer import gazetteer
from newsgraph.nlp.syntax import clause_verb, subject_of
from newsgraph.stages.events.anchoring import (assault_mode, contexts, date_of, evidence, is_past, place_of,
                                               published_year)
from newsgraph.stages.events.candidate import Candidate, Coding, Draft, cameo_of, clean_issue, lexicon
from newsgraph.stages.events.modality import (THREAT_HEADS, commitment, failed_agreement, modality_of, pledged, refusal,
                                               threat, ultimatum)
from newsgraph.stages.events.model import lexicon_types
from newsgraph.stages.events.participants import (actors_inside, actors_of, owner_in, speaker_of,
                                                  target_in_clause)
from newsgraph.stages.events.triggers import LIGHT_VERBS

TYPING = "events_typing.json"
COOPERATIVE = words("cooperative_types", file=TYPING)
HOSTILE = words("hostile_types", file=TYPING)
REFUSABLE = words("refusable_types", file=TYPING)
DYADIC = words("dyadic_types", file=TYPING)
PARTY_TYPES = ("THREATEN", "AGREE", "REQUEST")  # already what is said; never recoded
NON_FINITE = ("acl", "advcl", "pcomp", "xcomp", "conj")  # a verb that may borrow the subject of the clause above


def governing_subject(tok):
    """The subject of the nearest clause above a verb without its own ("posted a message
    blaming Iran", "was firm in blaming Iran"): who does the act."""
    for verb in tok.ancestors:
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            return subject_of(verb)
    return None


def finish(coding: Coding, draft: Draft, allow_no_source: bool = False) -> Candidate | None:
    """The event a draft proposes, or None when nobody does it (unless `allow_no_source`)."""
    parties = _parties(coding, draft, allow_no_source)
    if parties is None:
        return None
    sources, source_codes, targets, target_codes = parties
    tok = draft.trigger
    sent = tok.sent
    start, end = draft.evidence or evidence(coding, tok, draft)
    cameo_root, quad_class = cameo_of(draft.type)
    event = Event(id="", type=draft.type, evidence=Span(start, end, coding.doc.text[start:end]),
                  source=sources, target=targets if draft.mutual else [t for t in targets if t not in sources],
                  source_countries=source_codes, target_countries=target_codes,
                  mode=draft.mode or assault_mode(coding, draft), issue=draft.issue,
                  cameo_root=cameo_root, quad_class=quad_class,
                  modality=draft.modality or modality_of(tok, sent, published_year(coding), draft.type),
                  quote=draft.quote.id if draft.quote else None,
                  trigger=Span(tok.idx, tok.idx + len(tok.text), tok.text), confidence=draft.confidence)
    candidate = Candidate(event, tok, strong=draft.strong, framed=draft.framed)
    _promise_or_threat(candidate, draft)
    event.context = contexts(coding, sent)
    event.date = date_of(coding, tok, sent)
    event.location = place_of(coding, tok, sent, source_codes + target_codes)
    if event.date and is_past(coding, event.date.value) and event.modality == "asserted":
        event.modality = "historical"  # an act dated in an earlier year is background
    return candidate


def each_way(coding: Coding, candidate: Candidate | None) -> list[Candidate]:
    """A mutual act of the parties of two countries ("X and Y spoke by phone", "exchanged
    fire") as a dyad: one event from each side to the other. A joint agreement, aid or
    cooperation stays one event with both sides as sources, as the PLOVER GSR codes a
    reciprocal event; so does any joint act of more than two countries."""
    if candidate is None:
        return []
    event = candidate.event
    if len(event.source) < 2 or event.source != event.target or event.type not in DYADIC:
        return [candidate]
    actors = [coding.actors.actor(i) for i in event.source]
    sides: dict[str, list[str]] = {}
    for actor in actors:
        if actor is None or not actor.country:
            return [candidate]
        sides.setdefault(actor.country, []).append(actor.id)
    if len(sides) != 2:
        return [candidate]
    one, other = sides.items()
    out = []
    for (code, ids), (to_code, to_ids) in ((one, other), (other, one)):
        twin = copy.deepcopy(event)
        twin.source, twin.target, twin.source_countries, twin.target_countries = ids, to_ids, [code], [to_code]
        out.append(dataclasses.replace(candidate, event=twin))
    return out


def _parties(coding: Coding, draft: Draft, allow_no_source: bool):
    """(sources, their countries, targets, their countries), or None when there is no source."""
    sources, source_codes = actors_of(coding, _doer_phrase(draft), draft)
    if not sources and draft.trigger.pos_ == "NOUN" and draft.quote is None:
        verb = clause_verb(draft.trigger)  # "Israel mounted its invasion": "its" unresolved
        if verb.i != draft.trigger.i:
            sources, source_codes = actors_of(coding, subject_of(verb), draft)
    if not sources and not draft.sourceless and draft.quote is None and draft.trigger.dep_ in NON_FINITE:
        sources, source_codes = actors_of(coding, governing_subject(draft.trigger), draft)
    if not sources and not source_codes and draft.trigger.pos_ == "NOUN":
        source_codes = _nationality(draft.trigger)  # "the Turkish offensive": the state, no actor invented
    if draft.quote is not None and not sources:
        speaker, codes = speaker_of(coding, draft.quote)
        if speaker:
            sources, source_codes = speaker, codes
    targets, target_codes = actors_of(coding, draft.target_span, draft)
    if draft.issue_span is not None and not target_codes:  # "asked X to do Y": X is addressed, before Y's parties
        targets, target_codes = actors_inside(coding, draft.issue_span, sources, source_codes)
    if draft.sourceless and draft.type == "ACCUSE" and not source_codes:
        source_codes = list(target_codes[:1])  # "were found guilty": the courts of the accused's country
    if not source_codes and not sources and not (allow_no_source or draft.sourceless):
        return None
    if not draft.mutual:
        targets = [t for t in targets if t not in sources]
    if not _coded(coding, targets) and draft.target_span is not None and draft.issue_span is None:
        owners, owner_codes = owner_in(coding, draft.target_span, sources)  # "pipelines owned by X"
        if owners:
            targets, target_codes = owners, owner_codes
    if not targets and draft.issue_span is None:
        targets, target_codes = target_in_clause(coding, draft.trigger, sources, source_codes)
    return sources, source_codes, targets, target_codes


def _coded(coding: Coding, ids: list[str]) -> bool:
    """Any of these actors is a party with a country or a sector; not "Pipelines", a thing the
    tagger took for an organisation."""
    found = [coding.actors.actor(i) for i in ids]
    return any(a is not None and (a.country or a.sector or a.type != "ORG") for a in found)


def _nationality(tok) -> list[str]:
    """The country of a nationality adjective before an act noun ("a Turkish offensive")."""
    for child in tok.children:
        if child.dep_ == "amod" and child.i < tok.i and child.ent_type_ == "NORP":
            code = gazetteer().demonym_of(child.text)
            if code:
                return [code]
    return []


def _doer_phrase(draft: Draft):
    """"posted a message on Twitter blaming Iran": a participle on an object names what
    carries the act (the message, the platform); the act is the poster's."""
    tok = draft.trigger
    if tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.dep_ in ("dobj", "pobj") and draft.quote is None:
        return governing_subject(tok.head) or draft.source_span
    return draft.source_span


def _promise_or_threat(candidate: Candidate, draft: Draft) -> None:
    tok = draft.trigger
    if draft.type == "AGREE" and not draft.strong and failed_agreement(tok):
        recode(candidate, "REJECT")
        candidate.framed = True
        return
    if draft.type == "AGREE" and not draft.strong and _pledges_harm(tok):
        recode(candidate, "THREATEN")  # "vowed to impose sanctions": a hostile act promised
        return
    if draft.type in PARTY_TYPES:
        return
    if ultimatum(tok):  # "will withdraw its force unless ...": a threat, however precise the pattern
        recode(candidate, "THREATEN")
    elif draft.strong:
        return
    elif draft.type in REFUSABLE and refusal(tok):
        recode(candidate, "REJECT")
    elif draft.type in HOSTILE and threat(tok):
        recode(candidate, "THREATEN")
    elif draft.type in COOPERATIVE and commitment(tok):
        recode(candidate, "AGREE")
        candidate.framed = candidate.framed or pledged(tok)


def _pledges_harm(tok) -> bool:
    """"pledged to impose new sanctions", "vowed to expel the envoys": a word of threat
    promises a hostile act (the open clause's verb, or the object of its light verb).
    "agreed to lift the embargo" promises the lifting, no sanction."""
    if tok.lemma_.lower() not in THREAT_HEADS:
        return False
    lex = lexicon()
    for clause in (c for c in tok.children if c.dep_ == "xcomp" and c.pos_ == "VERB"):
        acts = [clause]
        if clause.lemma_.lower() in LIGHT_VERBS:
            acts += [c for c in clause.children if c.dep_ == "dobj"]
        if any(HOSTILE.intersection(lexicon_types(act, lex)) for act in acts):
            return True
    return False


def recode(candidate: Candidate, type_: str) -> None:
    """"Japan will extend a loan" is a promise (AGREE), "they would boycott" a threat
    (THREATEN): the announcement is the event, the act its issue."""
    event = candidate.event
    event.issue = event.issue or clean_issue(event.evidence.text)
    candidate.committed = event.type
    event.type, event.mode, event.modality = type_, None, "asserted"
    event.cameo_root, event.quad_class = cameo_of(type_)
