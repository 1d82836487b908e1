"""The type model's say on a sentence's candidates: keep, drop, retype or add.

Rule events keep their place when the sentence model agrees with their type; a type
the model is sure of but no rule produced is coded from its anchor word, with the
parties of the sentence's rule event or its first actor. Each candidate gets the
model's calibrated confidence; strong speech patterns are kept on their syntax.
"""
from __future__ import annotations

from newsgraph.lexicon import words
from newsgraph.nlp.syntax import clause_verb, object_of, passive_agent, subject_of
from newsgraph.stages.events.build import finish
from newsgraph.stages.events.candidate import Candidate, Coding, Draft, cameo_of
from newsgraph.stages.events.model import TypeModel, lexicon_types, main_verb, sentence_features
from newsgraph.stages.events.participants import first_actor
from newsgraph.stages.events.triggers import issue_of, lexicon_mode, thing_object_verb, verb_reading_ok

NON_ACTORS = words("non_actor_heads", file="events_document.json")
STRONG_RULE_CONFIDENCE = 0.7
# the type probability a framed candidate ("is willing to withdraw", "called off the strike")
# has at least, however rarely the model saw the act's wording: the frame itself is the evidence
FRAMED_P = 0.3
SAID_RULE_COMPANION = 0.5  # confidence another event needs beside a said demand or refusal


def decide(coding: Coding, model: TypeModel | None, sent, found: list[Candidate]) -> list[Candidate]:
    """The candidates of one sentence that the model keeps, with any it adds."""
    if model is None:
        return found
    probs = model.probabilities(sentence_features(sent, coding.lex))
    kept = [c for c in found if _score(coding, model, c, probs)]
    if any(c.strong for c in found):
        # a said demand or refusal explains the sentence; what else it names is likely its issue
        return [c for c in kept if c.strong or c.confidence >= SAID_RULE_COMPANION]
    kept = _added(coding, model, sent, probs, found, kept)
    return model.one_main_type(kept, [c.strong for c in kept])


def _score(coding: Coding, model: TypeModel, candidate: Candidate, probs: dict[str, float]) -> bool:
    """Give a rule candidate its confidence; True when it is confident enough to keep."""
    best_reading(coding, candidate, probs)
    event = candidate.event
    p, strong = probs.get(event.type, 0.0), candidate.strong
    if candidate.committed is not None:  # the model saw the act; the syntax says it is only promised
        p = max(p, probs.get(candidate.committed, 0.0))
    if candidate.framed:
        p = max(p, FRAMED_P)
    candidate.p, candidate.sentence_top = p, p >= max(probs.values(), default=0.0)
    event.confidence = model.confidence(p, strong, False)
    coding.scored.append((event, p, strong, False))
    if strong:  # a demand frame or a refusal said in a quote: the syntax alone is precise
        event.confidence = max(event.confidence, STRONG_RULE_CONFIDENCE)
    return event.confidence >= model.keep


def best_reading(coding: Coding, candidate: Candidate, probs: dict[str, float]) -> None:
    """A trigger listed under several types ("strike", "boycott") takes the one the sentence supports."""
    tok, event = candidate.trigger, candidate.event
    readings = set(lexicon_types(tok, coding.lex)) | {event.type}
    best = max(readings, key=lambda t: probs.get(t, 0.0))
    if best != event.type and not candidate.strong and not candidate.framed and candidate.committed is None:
        event.type = best
        event.cameo_root, event.quad_class = cameo_of(best)
        event.mode = lexicon_mode(coding, tok, best) if best != "ASSAULT" else event.mode


def _added(coding: Coding, model: TypeModel, sent, probs: dict[str, float], found: list[Candidate],
           kept: list[Candidate]) -> list[Candidate]:
    for type_, p in sorted(probs.items(), key=lambda kv: -kv[1]):
        if p < model.add or any(c.type == type_ for c in kept):
            continue
        candidate = added_candidate(coding, sent, type_, found)
        if candidate is None or not candidate.event.source:
            continue  # a type with nobody doing it: more often a topic than an event
        event = candidate.event
        event.confidence = model.confidence(p, False, True)
        candidate.p, candidate.sentence_top, candidate.added = p, p >= max(probs.values()), True
        coding.scored.append((event, p, False, True))
        if event.confidence >= model.keep:
            kept.append(candidate)
    return kept


def added_candidate(coding: Coding, sent, type_: str, found: list[Candidate]) -> Candidate | None:
    """An event of a type no rule proposed, coded from the word that carries the type."""
    word = anchor(coding, sent, type_)
    if word.pos_ == "VERB" and (type_ in lexicon_types(word, coding.lex) and not verb_reading_ok(word, type_)
                                or thing_object_verb(coding, word)):
        return None  # the rules read this verb and found no such event ("spoke to reporters", "met the demands")
    draft = Draft(type=type_, trigger=word, mode=lexicon_mode(coding, word, type_))
    verb = clause_verb(word)
    passive = any(c.dep_ == "auxpass" for c in word.children)
    if passive:
        draft.source_span = passive_agent(word)  # "its rally was banned": the clause's subject is the patient
    else:
        draft.source_span = (subject_of(word) or passive_agent(word) or subject_of(verb)
                             or passive_agent(verb) or subject_of(main_verb(sent)))
    draft.target_span = object_of(word) if word.pos_ == "VERB" else object_of(verb)
    draft.issue = issue_of(coding, word, type_) if word.pos_ == "VERB" else None
    candidate = finish(coding, draft, allow_no_source=True)
    if candidate is None or candidate.event.source:
        return candidate
    event = candidate.event
    if passive:
        return None  # its doer untold, and nobody in the sentence may be lent the act
    if draft.source_span is not None and draft.source_span.root.lemma_.lower() in NON_ACTORS:
        return None  # the clause's doer is an animal, a market, the weather ("wolves attacked the flock"): no event
    twin = found[0].event if found else None  # a rule event of another type here: the same parties
    if twin is not None and twin.source:
        event.source, event.source_countries = list(twin.source), list(twin.source_countries)
        event.target, event.target_countries = list(twin.target), list(twin.target_countries)
    else:
        actor = first_actor(coding, sent, set(event.target))
        if actor is not None:
            event.source, event.source_countries = [actor.id], [c for c in [actor.country] if c]
    return candidate


def anchor(coding: Coding, sent, type_: str):
    """The word that carries the type: a lexicon trigger of that type, else the main verb."""
    hits = [t for t in sent if t.i not in coding.issue_tokens and type_ in lexicon_types(t, coding.lex)]
    verbs = [t for t in hits if t.pos_ == "VERB"]
    if verbs or hits:
        return (verbs or hits)[0]
    return main_verb(sent)
