"""Lexical triggers: a verb or noun of the trigger lexicon proposes an event of its type.

A verb needs a subject (or a passive agent); a noun needs an agent: a possessor, "by X"
or the subject of a light verb ("held talks"). A light verb whose object is a trigger
noun is no event itself, the noun is. "X and Y exchanged fire" is one event each way.
"""
from __future__ import annotations

from newsgraph.lexicon import table, words
from newsgraph.nlp.gazetteer import gazetteer
from newsgraph.nlp.syntax import clause_span, noun_phrase, object_of, passive_agent, subject_of
from newsgraph.stages.events.candidate import Coding, Draft, clean_issue
from newsgraph.stages.events.concessions import (EASED_OBJECTS, ENDED_MODES, ended_act, ending_verb, released_people,
                                                 releases_people)
from newsgraph.stages.events.doers import gerund_of_clause, punishment_taken, weapon
from newsgraph.stages.events.modality import goods_offered
from newsgraph.stages.events.model import lexicon_types, main_verb
from newsgraph.stages.events.participants import enclosing_speech, joint, party_head

TRIGGERS = "events_triggers.json"
LIGHT_VERBS = words("light_verbs", file=TRIGGERS)
RECIPROCAL_VERBS = words("reciprocal_verbs", file=TRIGGERS)
ISSUE_TYPES = words("issue_types", file=TRIGGERS)
ISSUE_PREPS = words("issue_preps", file=TRIGGERS)
NAMING_VERBS = words("naming_verbs", file=TRIGGERS)
PRAISE_LABELS = words("praise_labels", file="events_document.json")
SOURCELESS_PASSIVE = words("sourceless_passive_types", file=TRIGGERS)
SOURCELESS_NOUNS = words("sourceless_noun_types", file=TRIGGERS)
REQUEST_PREPS = words("request_preps", file=TRIGGERS)
CLAUSE_DEPS = ("advcl", "ccomp", "xcomp")
VERDICT_VERBS = words("verdict_verbs", file=TRIGGERS)
VERDICT_LABELS = words("verdict_labels", file=TRIGGERS)
JUDICIAL_PASSIVE = words("judicial_passive", file=TRIGGERS)
NOUN_PREPS = words("noun_party_preps", file=TRIGGERS)
ENACTMENT_VERBS = words("enactment_verbs", file=TRIGGERS)
ENACTMENT_NOUNS = words("enactment_nouns", file=TRIGGERS)
PLEA_VERBS = words("plea_verbs", file=TRIGGERS)
ATTEMPT_VERBS = words("attempt_verbs", file=TRIGGERS)
NON_AGENTS = words("non_agent_nouns", file="quotes_speakers.json") | words("rule_nouns", file=TRIGGERS)
STATE_PHRASES = table(TRIGGERS)["state_phrases"]
PEACEKEEPING_VERBS = words("peacekeeping_verbs", file=TRIGGERS)
PEACEKEEPING_WITHDRAWALS = words("peacekeeping_withdrawals", file=TRIGGERS)
PEACEKEEPING_STEM = "peacekeep"
MUTUAL_VERBS = words("mutual_verbs", file=TRIGGERS)
PARTY_OBJECT_VERBS = words("party_object_verbs", file=TRIGGERS)
PHRASAL = table(TRIGGERS)["phrasal_triggers"]
MEETING_SPEECH_VERBS = words("meeting_speech_verbs", file=TRIGGERS)
PHONE_NOUNS = words("phone_nouns", file=TRIGGERS)
PARTICIPATION = [phrase.split() for phrase in words("participation_phrases", file=TRIGGERS)]
OBJECT_PHRASES = {tuple(phrase.split()): type_ for phrase, type_ in table(TRIGGERS)["object_phrases"].items()}
MODIFIER_TYPES = {noun: {word: type_ for type_, mods in readings.items() for word in mods}
                  for noun, readings in table(TRIGGERS)["noun_modifier_types"].items()}


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


def _label(tok):
    """What a naming verb calls its object: "called the deal a failure", or a quoted
    adjective the parser hangs on the object ("called the deal \"lousy\"")."""
    label = next((c for c in tok.children if c.dep_ == "oprd"), None)
    if label is not None:
        return label
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if obj is None:
        return None
    return next((c for c in obj.children if c.dep_ == "amod" and c.i > obj.i and c.pos_ == "ADJ"), None)


def _verdict(coding: Coding, tok, label) -> list[Draft]:
    """"Two officers were found guilty": a court's finding against them (ACCUSE); without a
    named court, the courts of their country."""
    subj = subject_of(tok)
    held = object_of(tok)
    if held is None:  # "found the consul guilty", parsed with the consul as the label's subject
        held_subject = next((c for c in label.children if c.dep_ == "nsubj"), None)
        held = noun_phrase(held_subject) if held_subject is not None else None
    if subj is not None and any(c.dep_ == "nsubj" for c in tok.children):
        return [Draft(type="ACCUSE", trigger=tok, source_span=subj, target_span=held, strong=True)]
    return [Draft(type="ACCUSE", trigger=tok, source_span=passive_agent(tok), target_span=held, sourceless=True,
                  strong=True)]  # a verdict is precise on its syntax: the type model rarely saw one


def _phrasal_type(tok) -> str | None:
    """The type of a verb read with its particle ("gave in"), or None."""
    if tok.pos_ != "VERB":
        return None
    particle = next((c for c in tok.children if c.dep_ == "prt"), None)
    return PHRASAL.get(f"{tok.lemma_.lower()} {particle.lower_}") if particle is not None else None


def _phrasal_event(coding: Coding, tok, type_: str) -> list[Draft]:
    """"gave in to the traders' demands": precise on its own; what it yields to is its issue, no event."""
    drafts = _verb_event(coding, tok, type_, None)
    for child in tok.children:
        if child.dep_ == "prep":
            span = coding.sp[child.i + 1:child.right_edge.i + 1]
            coding.claim_issue(span)
            for draft in drafts:
                draft.issue = draft.issue or clean_issue(span.text)
    for draft in drafts:
        draft.strong = main_verb(tok.sent).i == tok.i  # precise when it is what the sentence reports
    return drafts


def _plea(tok) -> list[Draft]:
    """"pleaded guilty" (CONCEDE), "pleaded not guilty" (REJECT); a plea for help stays a request."""
    if not any(t.lower_ in VERDICT_LABELS for t in tok.subtree):
        return [Draft(type="REQUEST", trigger=tok, source_span=subject_of(tok), target_span=object_of(tok))]
    negated = any(t.dep_ == "neg" or t.lower_ == "not" for t in tok.subtree)
    return [Draft(type="REJECT" if negated else "CONCEDE", trigger=tok, source_span=subject_of(tok),
                  modality="asserted", strong=True)]


def from_trigger(coding: Coding, tok) -> list[Draft]:
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB" and lemma in NAMING_VERBS:
        label = _label(tok)
        if label is not None:
            return _naming(coding, tok, label)
    if tok.pos_ == "VERB" and lemma in VERDICT_VERBS:
        # "found him guilty": the small parser also makes the label a clause with the held as its subject
        label = next((c for c in tok.children if c.dep_ in ("oprd", "acomp", "ccomp", "xcomp")
                      and c.lower_ in VERDICT_LABELS), None)
        if label is not None:
            return _verdict(coding, tok, label)
    punishment = punishment_taken(tok)
    if punishment is not None:  # "received prison terms": the subject is punished, by a court named or not
        coding.claim_issue(tok.doc[punishment.i:punishment.i + 1])
        held, agent = subject_of(tok), passive_agent(tok)
        return _framed([Draft(type="COERCE", trigger=tok, source_span=agent, target_span=held, mode="arrest",
                              sourceless=agent is None)])
    ended = ended_act(coding, tok)
    if ended is not None:  # "called off the strike": the strikers concede, the strike is its issue
        type_, act = ended
        coding.claim_issue(tok.doc[act.i:act.i + 1])
        return _framed(_verb_event(coding, tok, type_, ENDED_MODES.get(type_)))
    phrasal = _phrasal_type(tok)
    if phrasal is not None:
        return _phrasal_event(coding, tok, phrasal)
    if tok.pos_ == "VERB" and lemma in PLEA_VERBS:
        return _plea(tok)
    if tok.pos_ == "VERB" and lemma in ENACTMENT_VERBS and any(
            c.dep_ == "dobj" and c.lemma_.lower() in ENACTMENT_NOUNS for c in tok.children):
        return []  # "signed a decree banning X": the ban is the event, the signing none
    if tok.pos_ == "VERB" and lemma in LIGHT_VERBS and any(
            c.dep_ == "dobj" and lexicon_types(c, coding.lex) for c in tok.children):
        return []  # "imposed sanctions", "held talks": the noun is the event
    if tok.pos_ == "VERB":
        objects = [o for c in tok.children if c.dep_ == "dobj" for o in (c, *c.conjuncts)]  # "water cannon and tear gas"
        phrase_type = next((OBJECT_PHRASES[(lemma, o.lemma_.lower())] for o in objects
                            if (lemma, o.lemma_.lower()) in OBJECT_PHRASES), None)
        if phrase_type is not None:  # "accepted responsibility for the attack": a precise pattern, kept
            return _strong(_verb_event(coding, tok, phrase_type, None), tok)
        if lemma in PEACEKEEPING_VERBS and _peacekeepers(tok):  # "sent peacekeepers", "peacekeepers arrived"
            return _strong(_verb_event(coding, tok, "AID", None), tok)
        if lemma in PEACEKEEPING_WITHDRAWALS and _peacekeepers(tok, ("dobj",)):  # "withdrew its peacekeepers"
            return _strong(_verb_event(coding, tok, "SANCTION", None), tok)
        state = _state_phrase(tok)
        if state is not None:  # "troops remained on alert", "teachers went on strike"
            (type_, mode), word = state
            coding.claim_issue(tok.doc[word.i:word.i + 1])  # the strike is this event, not another
            return _strong(_verb_event(coding, tok, type_, mode), tok)
        if lemma in coding.lex["verbs"].get("REQUEST", {}) and _asks(tok):
            return _verb_event(coding, tok, "REQUEST", None)  # "called for", "called on": not a phone call
        for type_, table in coding.lex["verbs"].items():
            if lemma in table and verb_reading_ok(tok, type_):
                return _verb_event(coding, tok, type_, table[lemma])
    if tok.pos_ == "NOUN" and releases_people(tok):
        return _framed(_noun_drafts(coding, tok, "CONCEDE", "release"))  # "the release of two fishermen"
    if tok.pos_ == "NOUN":
        modified = _modifier_type(tok)
        if modified is not None:  # "drone strikes", "a general strike"
            return _strong(_noun_drafts(coding, tok, modified, coding.lex["nouns"][modified].get(tok.lemma_.lower())), tok)
        for type_, table in coding.lex["nouns"].items():
            if tok.lower_ in table or lemma in table:
                return _noun_drafts(coding, tok, type_, table.get(tok.lower_, table.get(lemma)))
    return []


def _peacekeepers(tok, deps: tuple[str, ...] = ("nsubj", "nsubjpass", "dobj")) -> bool:
    """Peacekeepers are who the verb sends, moves or deploys: a phrase of `deps`, or of
    "as" / "in" ("deployed as peacekeeping forces", "serve in peacekeeping missions")."""
    phrases = [c for c in tok.children if c.dep_ in deps] + _prep_objects(tok, ("as", "in"))
    return any(t.lemma_.lower().startswith(PEACEKEEPING_STEM) for c in phrases for t in c.subtree)


def _state_phrase(tok):
    """((type, mode), the state's noun) of a verb's "on alert" / "on strike" phrase, or None."""
    for prep in (c for c in tok.children if c.dep_ == "prep"):
        for pobj in (g for g in prep.children if g.dep_ == "pobj"):
            found = STATE_PHRASES.get(f"{prep.lower_} {pobj.lemma_.lower()}")
            if found is not None:
                return tuple(found), pobj
    return None


def _modifier_type(tok) -> str | None:
    readings = MODIFIER_TYPES.get(tok.lemma_.lower())
    if readings is None:
        return None
    return next((readings[c.lemma_.lower()] for c in tok.children
                 if c.dep_ in ("compound", "amod", "nmod") and c.lemma_.lower() in readings), None)


def _noun_drafts(coding: Coding, tok, type_: str, mode: str | None) -> list[Draft]:
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() in RECIPROCAL_VERBS:
        drafts = reciprocal_drafts(tok.head, type_, mode)  # "X and Y exchanged fire"
        if drafts:
            return _strong(drafts, tok)  # a precise pattern the model rarely saw
    draft = _noun_event(coding, tok, type_, mode)
    if draft is not None and type_ in ISSUE_TYPES:
        for child in tok.children:
            if child.dep_ in ("acl", "xcomp") and child.pos_ == "VERB":
                # "reached a consensus to exchange data": the exchange is what is agreed, no event of its own
                span = clause_span(child)
                coding.claim_issue(span)
                draft.issue = draft.issue or clean_issue(span.text)
    return [draft] if draft else []


def _framed(drafts: list[Draft]) -> list[Draft]:
    for draft in drafts:
        draft.framed = True
    return drafts


def _strong(drafts: list[Draft], tok) -> list[Draft]:
    for draft in drafts:
        draft.trigger, draft.strong = tok, True
    return drafts


def _asks(tok) -> bool:
    """"called for a ceasefire", "called on Iran": the preposition of a request, not a date ("on Monday")."""
    for child in tok.children:
        if child.lower_ in REQUEST_PREPS and not any(g.ent_type_ in ("DATE", "TIME") for g in child.children):
            return True
    return _for_clause(tok) is not None


def _for_clause(tok):
    """"called for the law to be repealed": the parser makes "for" the mark of a clause under the verb."""
    return next((c for c in tok.children if c.dep_ in CLAUSE_DEPS
                 and any(m.dep_ == "mark" and m.lower_ == "for" for m in c.children)), None)


def verb_reading_ok(tok, type_: str) -> bool:
    """Whether a lexicon verb carries this type here: "called him" is no request, "spoke to
    reporters" no meeting, "said" never an event by itself."""
    if type_ == "REQUEST" and tok.lemma_.lower() == "call":
        return any(c.lower_ == "for" or c.dep_ == "prt" for c in tok.children) or _for_clause(tok) is not None
    if type_ == "REQUEST" and tok.lemma_.lower() in ATTEMPT_VERBS and any(c.dep_ == "xcomp" for c in tok.children):
        return False  # "seeks to expand its network": an aim, not a request to anyone
    if type_ == "AGREE" and goods_offered(tok):  # "both airlines offer flights": a sale, no promise
        return False
    if type_ == "CONCEDE" and ending_verb(tok):  # "cancelled classes": nothing conceded
        objects = [tok.head if c.tag_ == "WDT" and tok.dep_ == "relcl" else c  # "measures, which it dropped"
                   for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        return any(o.lemma_.lower() in EASED_OBJECTS for o in objects)
    if tok.lemma_.lower() in MEETING_SPEECH_VERBS:
        return type_ == "CONSULT" and (_by_phone(tok) or _spoke_with_party(tok))
    return tok.lemma_.lower() not in ("say", "tell")


def done_by_non_agent(tok) -> bool:
    """The act's doer is a common noun of results or rules, which does nothing itself: "the
    evidence supports his account", "no evidence to support the claims", "the law provides"."""
    return _non_agent(subject_of(tok)) or tok.dep_ == "acl" and _non_agent(tok.head)


def _non_agent(tok) -> bool:
    tok = getattr(tok, "root", tok)  # a phrase (Span) or a word
    if tok is None or tok.pos_ != "NOUN" or tok.ent_type_ or not {tok.lemma_.lower(), tok.lower_} & NON_AGENTS:
        return False
    held = _prep_objects(tok, ("of",))  # "a number of senators": the senators act
    return not held or _non_agent(held[0])


def _prep_objects(tok, preps: tuple[str, ...]):
    return [g for c in tok.children if c.dep_ == "prep" and c.lower_ in preps for g in c.children if g.dep_ == "pobj"]


def _by_phone(tok) -> bool:
    """"spoke on the phone", "talked by telephone": a call, PLOVER's mode "phone"."""
    return any(g.lemma_.lower() in PHONE_NOUNS for g in _prep_objects(tok, ("on", "by", "over")))


def _spoke_with_party(tok) -> bool:
    """"spoke with the king" is a meeting; "spoke with reporters" is a statement to the press."""
    return any(gazetteer().sector_of_role(g.lemma_) != "MED" for g in _prep_objects(tok, ("with",)))


def _verb_event(coding: Coding, tok, type_: str, mode: str | None) -> list[Draft]:
    if type_ == "CONSULT" and _by_phone(tok):
        mode = "phone"
    subj = subject_of(tok)
    obj = object_of(tok)
    borrowed_patient = subj is not None and _passive_without_subject(tok)
    if borrowed_patient:
        subj, obj = None, obj or subj  # "X is to be sentenced": X is sentenced, by someone untold
    if tok.tag_ == "VBN" and tok.dep_ == "acl":
        # "people accused of crimes": the noun is who the act is done to, never its doer
        subj, obj = None, noun_phrase(tok.head)
    if thing_object_verb(coding, tok):
        return []  # "met the demands", "received surgery"
    if type_ == "ASSAULT" and subj is not None and weapon(coding, subj):
        # "a roadside bomb killed three soldiers": the attacker is untold (or claimed later)
        return [Draft(type=type_, trigger=tok, target_span=obj, mode=mode, sourceless=True)]
    if subj is None and not passive_agent(tok):
        judicial = type_ == "ACCUSE" and tok.lemma_.lower() in JUDICIAL_PASSIVE
        released = type_ == "CONCEDE" and released_people(tok)
        if (type_ in SOURCELESS_PASSIVE or judicial or released) and (borrowed_patient or any(
                c.dep_ == "nsubjpass" for c in tok.children)):
            # "the mayor was stabbed": an attack with its victim, its attacker unknown (or claimed later)
            draft = Draft(type=type_, trigger=tok, target_span=obj, mode=mode, sourceless=True)
            return _framed([draft]) if released else [draft]
        if not gerund_of_clause(tok):
            return []
    if _reciprocal(tok):
        return reciprocal_drafts(tok, type_, mode)
    if _mutual(coding, tok, subj, obj):  # one joint event: each party is source and target
        return [Draft(type=type_, trigger=tok, source_span=subj, target_span=subj, mode=mode, mutual=True,
                      issue=issue_of(coding, tok, type_))]
    draft = Draft(type=type_, trigger=tok, source_span=subj or passive_agent(tok), target_span=obj, mode=mode)
    draft.issue = issue_of(coding, tok, type_)
    return [draft]


def _passive_without_subject(tok) -> bool:
    """A passive verb whose subject is the clause's above it ("is to be sentenced", "expects to be freed")."""
    return any(c.dep_ == "auxpass" for c in tok.children) and not any(
        c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in tok.children)


def _noun_event(coding: Coding, tok, type_: str, mode: str | None) -> Draft | None:
    """A nominal trigger counts only with an agent: a possessor, 'by X' or a light verb."""
    agent = next((c for c in tok.children if c.dep_ == "poss"), None)
    target = None
    holders = [tok, tok.head] if tok.dep_ == "pobj" and tok.head.head.pos_ == "NOUN" else [tok]
    if len(holders) == 2:
        holders.append(tok.head.head)  # "a round of talks with X"
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() in LIGHT_VERBS:
        holders.append(tok.head)  # "held talks on Monday with X", "imposed sanctions last week on X"
    for child in (c for h in holders for c in h.children):
        if child.dep_ == "prep" and child.lower_ in NOUN_PREPS:
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None) or _gerund_object(child)
            if child.lower_ == "by":
                agent = agent or pobj
            elif pobj is not None:
                target = target or pobj
    if target is None and tok.dep_ == "pobj" and tok.head.dep_ == "agent":
        target = next((c for c in tok.head.head.children if c.dep_ == "nsubjpass"), None)  # "X was hit by airstrikes"
    between = _between(tok)
    if agent is None and between is not None:  # "talks between X and Y": both sides, each towards the other
        return Draft(type=type_, trigger=tok, source_span=between, target_span=between, mode=mode, mutual=True)
    agent = agent or _national_agent(coding, tok)
    holder = tok.head if tok.dep_ == "compound" and tok.head.pos_ == "NOUN" else tok  # "a mediation mission"
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN":
        holder = tok.head.head  # "declared a state of emergency", "launched a wave of arrests"
    if agent is None and holder.dep_ in ("dobj", "attr") and holder.head.lemma_.lower() in LIGHT_VERBS:
        agent = subject_of(holder.head)
    participation = _participation_verb(tok) if agent is None else None
    if participation is not None:
        agent = subject_of(participation)
    if agent is None and type_ in SOURCELESS_NOUNS and tok.dep_ not in ("compound", "amod"):
        # "the attack on the refinery", "weeks of protests in the capital": the act, its doer untold
        target = noun_phrase(target) if target is not None else None
        return Draft(type=type_, trigger=tok, target_span=target, mode=mode, sourceless=True, confidence=0.5)
    if agent is None:
        return _reported_meeting(coding, tok, type_, target, mode)
    target = noun_phrase(target) if target is not None else None
    return Draft(type=type_, trigger=tok, source_span=noun_phrase(agent), target_span=target, mode=mode)


def _participation_verb(tok):
    """The verb of "entered into an agreement", "took part in the protests": its subject is the act's agent."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.dep_ != "prep" or prep.head.pos_ != "VERB":
        return None
    verb = prep.head
    for *words_, prep_word in PARTICIPATION:
        if verb.lemma_.lower() == words_[0] and prep.lower_ == prep_word and all(
                any(c.dep_ == "dobj" and c.lemma_.lower() == w for c in verb.children) for w in words_[1:]):
            return verb
    return None


def _between(tok):
    """The parties of "talks between X and Y" (on the noun or on its light verb), or None."""
    holders = [tok, tok.head] if tok.dep_ in ("dobj", "nsubjpass") else [tok]
    for prep in (c for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "between"):
        pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
        if pobj is not None and pobj.conjuncts:
            return noun_phrase(pobj)
    return None


def _gerund_object(prep):
    """"a lawsuit against visiting Prince X": the object of the gerund the parser put after the preposition."""
    pcomp = next((g for g in prep.children if g.dep_ == "pcomp"), None)
    return next((g for g in pcomp.children if g.dep_ == "dobj"), None) if pcomp is not None else None


def _national_agent(coding: Coding, tok):
    """"the US airstrike", "a Turkish offensive": a name or nationality before the noun is its doer,
    when the actors stage knows it as a country or body; the nearest one ("KABUL - A Taliban attack")."""
    for child in sorted(tok.children, key=lambda c: -c.i):
        if child.dep_ in ("compound", "amod", "nmod") and child.i < tok.i and child.pos_ in ("PROPN", "ADJ"):
            actor = coding.actors.at(child.idx, child.idx + len(child.text))
            if actor is not None and actor.country:
                return child
    return None


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


def thing_object_verb(coding: Coding, tok) -> bool:
    """A verb that is an event only with a party as object, here with a thing: "met the
    demands", "received surgery", "visited the wounded in hospital"."""
    return tok.lemma_.lower() in PARTY_OBJECT_VERBS and _thing_object(coding, tok)


def _thing_object(coding: Coding, tok) -> bool:
    """The verb's direct object is a thing, not a party: no actor's mention holds its head word
    ("met the miners' demands": the demands are no party)."""
    dobj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if dobj is None:
        return False
    return coding.actors.covering(dobj.idx, dobj.idx + len(dobj.text)) is None and not party_head(dobj)


def _mutual(coding: Coding, tok, subj, obj) -> bool:
    """"X and Y agreed to talks": conjoined parties of a mutual verb and no other party named."""
    if tok.lemma_.lower() not in MUTUAL_VERBS or subj is None or not joint(subj):
        return False
    return obj is None or coding.actors.covering(obj.start_char, obj.end_char) is None


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
    for_clause = _for_clause(tok)
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in ISSUE_PREPS:
            span = coding.sp[child.i + 1:child.right_edge.i + 1]
        elif child.dep_ in ("xcomp", "ccomp") or for_clause is not None and child.i == for_clause.i:
            span = clause_span(child)
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
