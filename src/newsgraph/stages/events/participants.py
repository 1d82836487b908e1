"""Who an event's parties are: the actors stage's actors behind the phrases a rule found.

A first-person phrase in a quote is the quote's speaker, a pronoun under a reporting
verb is that verb's subject ("Peru says it will send ..."), and conjoined phrases
are each their own party unless the event is reciprocal. A common-noun party the
actors stage lists no actor for ("protesters", "the embassy") becomes a party of its
own, with its text and only the codes its own words give (party_of).
"""
from __future__ import annotations

import re

from newsgraph.document import Actor, Mention
from newsgraph.lexicon import table, words
from newsgraph.nlp.gazetteer import gazetteer
from newsgraph.nlp.syntax import noun_phrase, only_counts
from newsgraph.stages.events.candidate import Coding, Draft, home_country

FIRST_PERSON = words("pronouns", "first_person")
REPORTING_VERBS = words("speech_verbs", "reports_event")
MEMBER_PREPS = words("member_preps", file="events_triggers.json")
LIGHT_VERBS = words("light_verbs", file="events_triggers.json")
PLACE_PREPS = words("place_preps", file="events_triggers.json")
PARTIES = "events_parties.json"
PARTY_HEADS = (words("person_nouns", file="nominals.json") | words("group_nouns", file="nominals.json")
               | words("state_nouns", file="nominals.json") | words("party_heads", file=PARTIES)
               | words("org_heads", file=PARTIES)) - words("not_parties", file=PARTIES)
NEVER_PARTIES = words("never_parties", file=PARTIES)
RELATIONAL_PREPS = words("relational_preps", file=PARTIES)
MEASURES = words("not_party_entities", file=PARTIES)
HOME_SECTORS = words("home_sectors", file=PARTIES)
HOME_PEOPLE = words("home_people", file=PARTIES)
QUANTITY_HEADS = words("quantity_heads", file=PARTIES)
FOREIGN_MISSIONS = words("foreign_missions", file=PARTIES)
SIDE_CLAUSE_MARKS = words("side_clause_marks", file=PARTIES)
PARTITIVE = words("partitive", file="actors_coref.json")
ORG_HEADS = frozenset(w for ws in table("nominals.json")["org_classes"].values() for w in ws) | words(
    "org_heads", file=PARTIES)
PERSON_HEADS = words("person_nouns", file="nominals.json")
DATELINE = re.compile(r"^\s*[A-Z]{3}[A-Z .'’-]*(?:,[^-–—:(\n]{0,40})?(?:\([^)]{0,40}\))?\s*[-–—:]")  # "KABUL -", "GAZA CITY, Gaza Strip --"


def quote_at(coding: Coding, pos: int):
    """The first quote holding `pos`."""
    return coding.quotes.at(pos)


def enclosing_speech(coding: Coding, tok):
    """The quote a word is said in (or just before), or an indirect quote earlier in its sentence."""
    quote = coding.quotes.said_at(tok.idx)
    if quote is not None:
        return quote
    return coding.quotes.reported_between(tok.sent.start_char, tok.idx)


def speaker_of(coding: Coding, quote) -> tuple[list[str], list[str]]:
    """The quote's speaker as a party (ids, countries), or nobody."""
    speaker = coding.actors.actor(quote.speaker) if quote else None
    if speaker:
        return [speaker.id], [c for c in [speaker.country] if c]
    return [], []


def actors_of(coding: Coding, span, draft: Draft) -> tuple[list[str], list[str]]:
    """The actors (ids, countries) a party phrase names."""
    if span is None:
        return [], []
    as_target = span is draft.target_span
    span = noun_phrase(span)  # a single token becomes its phrase
    if span.root.lower_ in FIRST_PERSON:
        ids, codes = speaker_of(coding, draft.quote or quote_at(coding, span.start_char))
        if ids:
            return ids, codes
    if span.root.tag_ == "PRP" and not actor_covering(coding, span):
        speaker = reporting_subject(span.root)
        if speaker is not None:
            span = speaker
    ids, codes = [], []
    heads = [span.root, *span.root.conjuncts] if span.root.conjuncts and not draft.single_parties else [span.root]
    for head in heads:
        piece = noun_phrase(head) if head is not span.root else span
        counted = _counted(head)
        if counted is not None:  # "a number of senators": the senators
            head, piece = counted, noun_phrase(counted)
        actor = coding.actors.at(piece.start_char, piece.end_char) or actor_covering(coding, piece)
        found = [actor] if actor else members_of(coding, head) or [party_of(coding, head, piece, coded_only=not as_target)]
        for actor in (a for a in found if a and a.id not in ids):
            _add(actor, ids, codes)
    if len(heads) == 1 and joint(span) and not draft.single_parties:
        # "X and Y" parsed as one name (the parser hung Y's title on X): each actor in it
        for actor in coding.actors.all_inside(span.start_char, span.end_char, exclude=ids):
            if actor.type != "GPE":  # a country here is a title's premodifier ("US President")
                _add(actor, ids, codes)
    if as_target and ids and not codes and all(_is_party(coding, i) for i in ids):
        codes = target_in_clause(coding, draft.trigger, [], [])[1]  # the codes the clause gave before: no worse
    return ids, codes


def _add(actor, ids: list[str], codes: list[str]) -> None:
    ids.append(actor.id)
    if actor.country and actor.country not in codes:
        codes.append(actor.country)


def joint(span) -> bool:
    """A phrase of conjoined parties ("X and Y"), even when the parser missed the conjunction."""
    return bool(span.root.conjuncts) or any(t.dep_ == "cc" and t.lower_ in ("and", "&") for t in span)


def _counted(head):
    """The party a quantity noun counts ("hundreds of protesters"), or None."""
    if head.lemma_.lower() not in QUANTITY_HEADS and head.lower_ not in QUANTITY_HEADS:
        return None  # the tagger's lemma of "Thousands" is "thousand"
    prep = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return next((g for g in prep.children if g.dep_ == "pobj"), None) if prep is not None else None


def _is_party(coding: Coding, actor_id: str) -> bool:
    return any(p.id == actor_id for p in coding._indexes.get("parties", {}).values())


def member_of(coding: Coding, head, depth: int = 2):
    """"members of the European Union", "a number of senators from Texas": a common noun
    with no actor of its own stands for the actor its "of" or "from" phrase names."""
    members = members_of(coding, head, depth)
    return members[0] if members else None


def members_of(coding: Coding, head, depth: int = 2) -> list:
    """Each actor the "of" or "from" phrase names, with its conjuncts ("the navies of A, B and C")."""
    if head.pos_ != "NOUN" or depth == 0:
        return []
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in MEMBER_PREPS):
        for pobj in (g for g in prep.children if g.dep_ == "pobj"):
            found = []
            for word in [pobj, *pobj.conjuncts]:
                piece = noun_phrase(word)
                actor = (coding.actors.at(piece.start_char, piece.end_char) or actor_covering(coding, piece)
                         or member_of(coding, word, depth - 1))
                if actor is not None and actor not in found:
                    found.append(actor)
            if found:
                return found
    return []


def party_of(coding: Coding, head, piece, coded_only: bool = False):
    """A common-noun party with no actor ("protesters", "the embassy", "two senators"): a
    party of its own, named by its phrase, coded only from its own words (a demonym or
    country before it). The same phrase is the same party. `coded_only` (a source): only a
    party its words give a country ("Afghan police"), since an uncoded source would stand
    where the later rules find a coded doer."""
    if not party_head(head):
        return None
    if _names_an_actor(coding, head):
        return None
    parties = coding._indexes.setdefault("parties", {})
    key = (piece.start_char, piece.end_char)
    country = parties[key].country if key in parties else \
        _country_in(piece, head) or _placed_in(coding, head) or _home_state(coding, head)
    if coded_only and not country:
        return None
    if key not in parties:
        told = _group_told(coding, head, piece, country)
        if told is not None:
            return told  # the actors stage's own actor, never a made party that may be dropped
        parties[key] = _new_party(coding, head, piece, country)
    return parties[key]


def _group_told(coding: Coding, head, piece, country: str | None) -> Actor | None:
    """"Miners' demands" after "Chilean miners": a plural party with no words of its own but
    a count or a determiner is the group of that noun the actors stage found, of its country."""
    if head.tag_ != "NNS" or not only_counts([t for t in piece if t.i < head.i], PARTITIVE):
        return None
    forms = {head.lower_, head.lemma_.lower()}
    for actor in coding.doc.actors:
        last = actor.name.lower().split()[-1:] if actor.type == "GROUP" else []
        if last and last[0] in forms and (country is None or actor.country == country):
            return actor
    return None


def _names_an_actor(coding: Coding, head) -> bool:
    """"the spokesperson for the German government", "attorneys from sixteen states": the
    actor its relational phrase names is the party ("the embassy in Lusaka" is no such phrase)."""
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in RELATIONAL_PREPS):
        phrase = head.doc[prep.i:prep.right_edge.i + 1]
        if coding.actors.first_inside(phrase.start_char, phrase.end_char) is not None:
            return True
    return False


def party_head(head) -> bool:
    """A noun that names someone able to act (a person in a role, a group, a body, a
    state), not a thing, a body part or an outlet that only tells of the act."""
    if head.pos_ != "NOUN" or head.ent_type_ in MEASURES:
        return False
    forms = {head.lower_, head.lemma_.lower()}
    modifiers = {c.lemma_.lower() for c in head.children if c.dep_ == "compound"}
    return bool(forms & PARTY_HEADS) and not (forms | modifiers) & NEVER_PARTIES


def _new_party(coding: Coding, head, piece, country: str | None) -> Actor:
    doc = coding.doc
    taken = {a.id for a in doc.actors}
    n = len(doc.actors) + 1
    while f"a{n}" in taken:
        n += 1
    forms = {head.lower_, head.lemma_.lower()}
    kind = ("GROUP" if head.tag_ == "NNS" else "ORG" if forms & ORG_HEADS else "PERSON" if forms & PERSON_HEADS
            else "GROUP")
    gaz = gazetteer()
    sector = (gaz.sector_of_role(head.lower_) or gaz.sector_of_role(head.lemma_.lower())) if country else None
    actor = Actor(id=f"a{n}", name=piece.text, type=kind, country=country, sector=sector,
                  mentions=[Mention(piece.start_char, piece.end_char, piece.text, "description")], confidence=0.4)
    doc.actors.append(actor)
    coding.actors.by_id.setdefault(actor.id, actor)  # found by id, never by position: no actor's mention moves
    return actor


def _home_state(coding: Coding, head) -> str | None:
    """"the judge", "officials", "protesters" with no country of their own: the state's organs and
    people of the article's home country, as the actors stage codes titled people with no
    country of their own."""
    gaz, lemma = gazetteer(), head.lemma_.lower()
    if lemma in FOREIGN_MISSIONS:
        return None
    sector = gaz.sector_of_role(head.lower_) or gaz.sector_of_role(lemma)
    if sector not in HOME_SECTORS and head.lower_ not in HOME_PEOPLE and lemma not in HOME_PEOPLE:
        return None
    return home_country(coding.doc)


def _country_in(piece, head) -> str | None:
    """The country a premodifier names ("Iranian protesters", "the Kenyan embassy")."""
    gaz = gazetteer()
    for tok in piece:
        if tok.i != head.i and tok.dep_ in ("amod", "compound", "nmod"):
            code = gaz.demonym_of(tok.text) or gaz.country_of(tok.text)
            if code:
                return code
    return None


def _placed_in(coding: Coding, head) -> str | None:
    """The country of the place a body is "in" ("a court in Hanoi", "police in Lagos"); an
    embassy in a capital is another country's."""
    if {head.lower_, head.lemma_.lower()} & FOREIGN_MISSIONS:
        return None
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "in":
            for place in prep.children:
                actor = coding.actors.at(place.idx, place.idx + len(place.text)) if place.dep_ == "pobj" else None
                if actor is not None and actor.type == "GPE" and actor.country:
                    return actor.country
    return None


def target_in_clause(coding: Coding, trigger, sources: list[str], source_codes: list[str]
                     ) -> tuple[list[str], list[str]]:
    """No object found: the first other actor named after the trigger in its own phrase
    ("promised its engineers to Ghana's minister", "landed in Lima for a visit")."""
    light = trigger.dep_ == "dobj" and trigger.pos_ == "NOUN" and trigger.head.lemma_.lower() in LIGHT_VERBS
    head = trigger.head if trigger.dep_ in ("xcomp", "compound") or light else trigger
    uncoded = None  # the first actor with no country: a party still ("granted asylum to a dissident")
    aside = {t.i for c in head.children if c.dep_ == "advcl" and c.i > trigger.i
             and any(m.dep_ == "mark" and m.lower_ in SIDE_CLAUSE_MARKS for m in c.children) for t in c.subtree}
    doers = [(m.start, m.end) for a in map(coding.actors.actor, sources) if a is not None for m in a.mentions]
    for tok in head.subtree:
        if tok.i <= trigger.i or tok.dep_ in ("nsubj", "nsubjpass") or tok.i in aside \
                or any(s <= tok.idx < e for s, e in doers):  # "calls by Kenyan officials": the doer's own name
            continue
        actor = (coding.actors.at(tok.idx, tok.idx + len(tok.text))
                 or actor_covering(coding, coding.sp[tok.i:tok.i + 1]))
        if actor is not None and actor.id not in sources and actor.country:
            return [actor.id], [actor.country]  # a domestic target shares its source's country
        if actor is not None and actor.id not in sources and uncoded is None and actor.type != "GPE":
            uncoded = actor
    return ([uncoded.id], []) if uncoded is not None else ([], [])


def reporting_subject(pronoun):
    """The subject of the reporting verb above a pronoun: who "it" or "they" most likely is."""
    for verb in pronoun.ancestors:
        if verb.lemma_.lower() in REPORTING_VERBS:
            subj = next((c for c in verb.children if c.dep_ == "nsubj" and c.tag_ != "PRP"), None)
            return noun_phrase(subj) if subj is not None else None
    return None


def actors_inside(coding: Coding, span, sources: list[str], source_codes: list[str]) -> tuple[list[str], list[str]]:
    """Who a demand or refusal is aimed at: the actors named in its issue."""
    ids, codes = [], []
    for actor in coding.actors.all_inside(span.start_char, span.end_char, exclude=sources):
        _add(actor, ids, codes)
    return ids, codes


def owner_in(coding: Coding, span, sources: list[str]) -> tuple[list[str], list[str]]:
    """A target phrase that names a thing ("the pipelines owned by a state firm", "the
    ministry's archives"): the first coded actor inside it owns what is hit."""
    root = span.root
    span = root.doc[root.left_edge.i:root.right_edge.i + 1]  # with its clause: "owned by a state firm"
    places = [(t.left_edge.idx, t.right_edge.idx + len(t.right_edge)) for t in root.children
              if t.dep_ == "prep" and t.lower_ in PLACE_PREPS]  # "the embassy in X": where, not whose

    def only_as_place(actor) -> bool:
        inside = [m.start for m in actor.mentions if span.start_char <= m.start < span.end_char]
        return all(any(s <= m < e for s, e in places) for m in inside)

    coded = (a for a in coding.actors.all_inside(span.start_char, span.end_char, exclude=sources)
             if a.country and not only_as_place(a))
    actor = next(coded, None)
    return ([actor.id], [actor.country]) if actor is not None else ([], [])


def actor_covering(coding: Coding, span):
    """The first actor with a mention holding the span's start or its end."""
    return coding.actors.covering(span.start_char, span.end_char)


def first_actor(coding: Coding, sent, exclude: set[str]):
    """The earliest actor named in the sentence, outside the speaker's own attribution and its
    dateline (the place a report is filed from is not a party)."""
    start = sent.start_char
    dateline = DATELINE.match(sent.text)
    if dateline:
        start += dateline.end()
    skipped = set(exclude)
    while True:
        actor = coding.actors.earliest_in(start, sent.end_char, skipped)
        if actor is None or not _only_a_place_here(coding, actor, start, sent.end_char):
            return actor
        skipped.add(actor.id)


def _only_a_place_here(coding: Coding, actor, start: int, end: int) -> bool:
    """Every mention of the actor in [start, end) is where something happens ("in Barcelona"), not who."""
    tokens = [coding.sp.char_span(m.start, m.end, alignment_mode="expand") for m in actor.mentions
              if start <= m.start < end]
    tokens = [span.root for span in tokens if span is not None]
    return bool(tokens) and all(t.dep_ == "pobj" and t.head.lower_ in PLACE_PREPS for t in tokens)


def drop_unused_parties(coding: Coding, events) -> None:
    """Parties made for drafts that no kept event names leave the document's actors: a
    common-noun party is listed only as some event's source or target."""
    made = {p.id for p in coding._indexes.get("parties", {}).values()}
    used = {i for e in events for i in e.source + e.target}
    unused = made - used
    if unused:
        coding.doc.actors = [a for a in coding.doc.actors if a.id not in unused]
