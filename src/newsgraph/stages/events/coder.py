"""Events: PLOVER events from triggers, syntax and the actors and quotes stages.

Rules propose, a small model decides. A trigger (verb, or noun with an agent or
a light verb) proposes a type; the dependency parse gives source, target and
issue; quoted demands and refusals take the quote's speaker as source. The
sentence type model (event_model.py) then keeps, retypes or drops each
proposal, adds a type the rules missed, and gives every event a calibrated
confidence. Promises of cooperative acts are coded AGREE and announced hostile
acts THREATEN, as PLOVER does. Modality (modality.py), date and place come from
the trigger's own clause. The issue of an event is never coded as an event itself.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from newsgraph.nlp.dates import resolve_date
from newsgraph.document import Document, Event, Span
from newsgraph.stages.events.model import TypeModel, load_model, lexicon_types, main_verb, sentence_features
from newsgraph.nlp.gazetteer import load_data
from newsgraph.stages.events.modality import commitment, modality_of, threat, ultimatum
from newsgraph.nlp.places import resolve_place

FIRST_PERSON = {"we", "us", "our", "i", "me", "my"}
DEMAND_FRAMES = re.compile(r"\b(it is|it's|is) [\"“‘']?(?:at least as |also |therefore |absolutely )?(necessary|essential|important|vital|crucial|imperative) to\b|\b(must|need to|needs to|has to|have to)\b", re.I)
STRONG_RULE_CONFIDENCE = 0.7
REPORTING_VERBS = {"say", "announce", "declare", "state", "confirm", "claim", "insist", "warn", "tell", "add"}
COOPERATIVE = {"CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"}
HOSTILE = {"ASSAULT", "COERCE", "SANCTION", "REJECT", "PROTEST", "MOBILIZE"}
RECIPROCAL_VERBS = {"exchange", "trade", "swap"}
LIGHT_VERBS = {"exchange", "trade", "declare", "renew", "reach", "undertake", "express", "give", "open", "extend", "offer", "hand", "launch", "carry", "conduct", "hold", "stage", "mount", "make", "issue", "impose", "announce", "begin", "start", "resume", "continue", "order", "unleash", "step", "lead"}


@lru_cache(maxsize=1)
def lexicon() -> dict:
    return load_data("triggers.json")


@lru_cache(maxsize=1)
def cameo_table() -> dict:
    return load_data("cameo_plover.json")["types"]


@dataclass
class Draft:
    type: str
    trigger: object  # spaCy token
    source_span: object = None
    target_span: object = None
    issue: str | None = None
    evidence: tuple[int, int] | None = None
    mode: str | None = None
    quote: object = None
    confidence: float = 0.6
    modality: str | None = None
    issue_span: object = None
    single_parties: bool = False  # reciprocal events: each side alone, no conjunct expansion
    strong: bool = False  # a syntactic speech pattern (demand frame, refusal): precise on its own
    source_override: list[str] = field(default_factory=list)
    target_override: list[str] = field(default_factory=list)


def extract_events(doc: Document, model: TypeModel | None | bool = True) -> Document:
    """model=True uses the shipped type model; None codes with the rules alone."""
    if doc.nlp is None or not doc.text:
        return doc
    coder = EventCoder(doc, load_model() if model is True else model)
    doc.events = coder.run()
    return doc


class EventCoder:
    def __init__(self, doc: Document, model: TypeModel | None = None):
        self.doc = doc
        self.sp = doc.nlp
        self.lex = lexicon()
        self.model = model
        self.issue_tokens: set[int] = set()
        self.strong: set[int] = set()  # ids of events from strong speech patterns
        self.triggers: dict[int, object] = {}  # event id -> its trigger token
        self.committed: dict[int, str] = {}  # event id -> the act's type, for events recoded as promises or threats
        self.scored: list[tuple[Event, float, bool, bool]] = []  # (event, type probability, strong, added): for training

    def run(self) -> list[Event]:
        events: list[Event] = []
        for sent in self.sp.sents:
            drafts = self._demands(sent) + self._refusals(sent)
            for tok in sent:
                if tok.i in self.issue_tokens:
                    continue
                drafts.extend(self._from_trigger(tok))
            found = []
            for draft in drafts:
                event = self._finish(draft)
                if event is not None:
                    found.append(event)
                    self.triggers[id(event)] = draft.trigger
                    if draft.strong:
                        self.strong.add(id(event))
            events.extend(_dedupe(self._decide(sent, found), self.strong))
        events = _one_background_each(events)
        for n, event in enumerate(events, 1):
            event.id = f"e{n}"
        return events

    # ---- the type model: keep, drop, retype or add -----------------------
    def _decide(self, sent, found: list[Event]) -> list[Event]:
        """Rule events keep their place when the sentence model agrees with their type;
        a type the model is sure of but no rule produced is coded from the main verb."""
        if self.model is None:
            return found
        probs = self.model.probabilities(sentence_features(sent, self.lex))
        kept = []
        for event in found:
            self._best_reading(event, probs)
            p, strong = probs.get(event.type, 0.0), id(event) in self.strong
            if id(event) in self.committed:  # the model saw the act; the syntax says it is only promised
                p = max(p, probs.get(self.committed[id(event)], 0.0))
            event.confidence = self.model.confidence(p, strong, False)
            self.scored.append((event, p, strong, False))
            if strong:  # a demand frame or a refusal said in a quote: the syntax alone is precise
                event.confidence = max(event.confidence, STRONG_RULE_CONFIDENCE)
            if event.confidence >= self.model.keep:
                kept.append(event)
        if any(id(e) in self.strong for e in found):
            # a said demand or refusal explains the sentence; what else it names is likely its issue
            return [e for e in kept if id(e) in self.strong or e.confidence >= 0.5]
        kept = self._added(sent, probs, found, kept)
        return self.model.one_main_type(kept, [id(e) in self.strong for e in kept])

    def _added(self, sent, probs: dict[str, float], found: list[Event], kept: list[Event]) -> list[Event]:
        for type_, p in sorted(probs.items(), key=lambda kv: -kv[1]):
            if p < self.model.add or any(e.type == type_ for e in kept):
                continue
            event = self._added_event(sent, type_, found)
            if event is None or not event.source:
                continue  # a type with nobody doing it: more often a topic than an event
            event.confidence = self.model.confidence(p, False, True)
            self.scored.append((event, p, False, True))
            if event.confidence >= self.model.keep:
                kept.append(event)
        return kept

    def _best_reading(self, event: Event, probs: dict[str, float]) -> None:
        """A trigger listed under several types ("strike", "boycott") takes the one the sentence supports."""
        tok = self.triggers.get(id(event))
        if tok is None:
            return
        readings = set(lexicon_types(tok, self.lex)) | {event.type}
        best = max(readings, key=lambda t: probs.get(t, 0.0))
        if best != event.type and id(event) not in self.strong and id(event) not in self.committed:
            event.type = best
            cameo = cameo_table().get(best)
            event.cameo_root, event.quad_class = (cameo[0], cameo[1]) if cameo else (None, None)
            event.mode = self._lexicon_mode(tok, best) if best != "ASSAULT" else event.mode

    def _added_event(self, sent, type_: str, found: list[Event]) -> Event | None:
        anchor = self._anchor(sent, type_)
        draft = Draft(type=type_, trigger=anchor, mode=self._lexicon_mode(anchor, type_))
        verb = self._governing_verb(anchor)
        draft.source_span = (self._subject(anchor) or self._passive_agent(anchor) or self._subject(verb)
                             or self._passive_agent(verb) or self._subject(main_verb(sent)))
        draft.target_span = self._object(anchor) if anchor.pos_ == "VERB" else self._object(verb)
        draft.issue = self._issue_of(anchor, type_) if anchor.pos_ == "VERB" else None
        event = self._finish(draft, allow_no_source=True)
        if event is None or event.source:
            return event
        twin = found[0] if found else None  # a rule event of another type here: the same parties
        if twin is not None and twin.source:
            event.source, event.source_countries = list(twin.source), list(twin.source_countries)
            event.target, event.target_countries = list(twin.target), list(twin.target_countries)
        else:
            actor = self._first_actor(sent, set(event.target))
            if actor is not None:
                event.source, event.source_countries = [actor.id], [c for c in [actor.country] if c]
        return event

    def _first_actor(self, sent, exclude: set[str]):
        """The earliest actor named in the sentence, outside the speaker's own attribution."""
        best, best_pos = None, None
        for actor in self.doc.actors:
            if actor.id in exclude:
                continue
            for m in actor.mentions:
                if sent.start_char <= m.start < sent.end_char and (best_pos is None or m.start < best_pos):
                    best, best_pos = actor, m.start
        return best

    def _anchor(self, sent, type_: str):
        """The word that carries the type: a lexicon trigger of that type, else the main verb."""
        hits = [t for t in sent if t.i not in self.issue_tokens and type_ in lexicon_types(t, self.lex)]
        verbs = [t for t in hits if t.pos_ == "VERB"]
        if verbs or hits:
            return (verbs or hits)[0]
        return main_verb(sent)

    def _lexicon_mode(self, tok, type_: str) -> str | None:
        table = self.lex["verbs"] if tok.pos_ == "VERB" else self.lex["nouns"]
        words = table.get(type_, {})
        return words.get(tok.lemma_.lower(), words.get(tok.lower_)) if isinstance(words, dict) else None

    # ---- quotes: demands and refusals said by someone ------------------
    def _quote_at(self, pos: int):
        for quote in self.doc.quotes:
            if quote.start <= pos < quote.end:
                return quote
        return None

    def _demands(self, sent) -> list[Draft]:
        out = []
        text = sent.text
        for match in DEMAND_FRAMES.finditer(text):
            pos = sent.start_char + match.end()
            verb = self._token_after(pos)
            if verb is None:
                continue
            issue_span = self._clause_after(verb, sent)
            out.append(self._speech_draft("REQUEST", verb, issue_span, sent, 0.7))
        for tok in sent:
            if tok.lower_ == "unless" and tok.head.pos_ in ("VERB", "AUX"):
                clause = self.sp[tok.i + 1:tok.head.right_edge.i + 1] if tok.head.i > tok.i else self.sp[tok.i + 1:sent.end]
                draft = self._speech_draft("REQUEST", tok, clause, sent, 0.6)
                main = tok.head.head if tok.head.dep_ == "advcl" else tok.head
                refused = any(c.dep_ == "neg" for c in main.children)
                if draft is not None and not refused:
                    draft.strong = False  # "will strike unless X" is a threat; "cannot agree unless X" a demand
                out.append(draft)
            if tok.lemma_.lower() == "demand" and tok.pos_ == "NOUN":
                out.extend(self._demand_list(tok, sent))
        return [d for d in out if d is not None]

    def _demand_list(self, noun, sent) -> list[Draft]:
        """'made demands, including A, B and C': one REQUEST per demand."""
        including = next((t for t in self.sp[noun.i + 1:min(noun.i + 4, sent.end)] if t.lower_ == "including"), None)
        if including is None:
            return []
        list_start = including.idx + len(including.text) + 1
        out = []
        for start, end in split_list(self.doc.text, list_start, sent.end_char):
            span = self.sp.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            draft = self._speech_draft("REQUEST", noun, span, sent, 0.75)
            if draft:
                out.append(draft)
        self.issue_tokens.update(range(noun.i, sent.end))
        return out

    def _refusals(self, sent) -> list[Draft]:
        """'We do not need X' / 'will not accept X': a refusal said by the speaker."""
        out = []
        for tok in sent:
            if tok.lower_ in ("not", "n't", "never") and tok.head.lemma_.lower() in ("need", "want", "accept", "allow", "tolerate", "recognise", "recognize"):
                obj = next((c for c in tok.head.children if c.dep_ in ("dobj", "ccomp", "xcomp")), None)
                if obj is None:
                    continue
                span = self.sp[obj.left_edge.i:obj.right_edge.i + 1]
                draft = self._speech_draft("REJECT", tok.head, span, sent, 0.65)
                if draft:
                    draft.modality = "asserted"  # refusing is the event; the negation is its content
                    said = [c for c in tok.head.children if c.dep_ in ("nsubj", "aux", "neg")] + [tok]
                    draft.evidence = (min(c.idx for c in said), span.end_char)  # "we do not need X"
                    out.append(draft)
        return out

    def _token_after(self, pos: int):
        for tok in self.sp.char_span(pos, min(pos + 40, len(self.doc.text)), alignment_mode="expand") or []:
            if tok.pos_ in ("VERB",):
                return tok
        return None

    def _clause_after(self, verb, sent):
        end = verb.right_edge.i + 1
        return self.sp[verb.i:min(end, sent.end)]

    def _speech_draft(self, type_: str, trigger, issue_span, sent, confidence: float) -> Draft | None:
        quote = self._quote_at(trigger.idx)
        draft = Draft(type=type_, trigger=trigger, issue=_clean_issue(issue_span.text), quote=quote,
                      confidence=confidence, strong=True)
        draft.evidence = (issue_span.start_char, issue_span.end_char)
        if quote is None:
            subj = self._subject(trigger) or self._subject(self._governing_verb(trigger))
            if subj is None:
                speaker_quote = self._enclosing_speech(trigger)
                if speaker_quote is None:
                    return None
                draft.quote = speaker_quote
            else:
                draft.source_span = subj
        draft.issue_span = issue_span
        self.issue_tokens.update(range(issue_span.start, issue_span.end))
        return draft

    def _governing_verb(self, tok):
        """'made a series of demands': the verb whose object phrase holds the noun."""
        while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
            tok = tok.head
        return tok

    def _enclosing_speech(self, tok):
        for quote in self.doc.quotes:
            if quote.start <= tok.idx < quote.end + 1 and quote.speaker:
                return quote
        sent_start = tok.sent.start_char
        for quote in self.doc.quotes:
            if quote.kind != "direct" and quote.start >= sent_start and quote.start <= tok.idx and quote.speaker:
                return quote
        return None

    def _target_in(self, span):
        for tok in span:
            actor = self.doc.actor_at(tok.idx, tok.idx + len(tok.text))
            if actor is not None and actor.type != "PERSON":
                return self.sp[tok.i:tok.i + 1]
        return None

    # ---- lexical triggers ------------------------------------------------
    def _from_trigger(self, tok) -> list[Draft]:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma in LIGHT_VERBS and any(
                c.dep_ == "dobj" and lexicon_types(c, self.lex) for c in tok.children):
            return []  # "imposed sanctions", "held talks": the noun is the event
        if tok.pos_ == "VERB":
            for type_, words in self.lex["verbs"].items():
                if lemma in words and self._verb_ok(tok, type_):
                    return self._verb_event(tok, type_, words[lemma])
        if tok.pos_ == "NOUN":
            for type_, words in self.lex["nouns"].items():
                if tok.lower_ in words or lemma in words:
                    mode = words.get(tok.lower_, words.get(lemma))
                    if tok.dep_ == "dobj" and tok.head.lemma_.lower() in RECIPROCAL_VERBS:
                        drafts = self._reciprocal_drafts(tok.head, type_, mode)  # "X and Y exchanged fire"
                        if drafts:
                            for draft in drafts:
                                draft.trigger, draft.strong = tok, True  # a precise pattern the model rarely saw
                            return drafts
                    draft = self._noun_event(tok, type_, mode)
                    return [draft] if draft else []
        return []

    def _verb_ok(self, tok, type_: str) -> bool:
        if type_ == "REQUEST" and tok.lemma_.lower() == "call":
            return any(c.lower_ == "for" or c.dep_ == "prt" for c in tok.children)
        if tok.lemma_.lower() in ("say", "tell"):
            return False
        return True

    def _verb_event(self, tok, type_: str, mode: str | None) -> list[Draft]:
        subj = self._subject(tok)
        obj = self._object(tok)
        if subj is None and not self._passive_agent(tok):
            return []
        if self._reciprocal(tok):
            return self._reciprocal_drafts(tok, type_, mode)
        draft = Draft(type=type_, trigger=tok, source_span=subj or self._passive_agent(tok), target_span=obj, mode=mode)
        draft.issue = self._issue_of(tok, type_)
        return [draft]

    def _noun_event(self, tok, type_: str, mode: str | None) -> Draft | None:
        """A nominal trigger counts only with an agent: a possessor, 'by X' or a light verb."""
        agent = next((c for c in tok.children if c.dep_ == "poss"), None)
        target = None
        holders = [tok, tok.head] if tok.dep_ == "pobj" and tok.head.head.pos_ == "NOUN" else [tok]
        if len(holders) == 2:
            holders.append(tok.head.head)  # "a round of talks with X"
        for child in (c for h in holders for c in h.children):
            if child.dep_ == "prep" and child.lower_ in ("on", "against", "of", "with", "by"):
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if child.lower_ == "by":
                    agent = agent or pobj
                elif pobj is not None:
                    target = target or pobj
        holder = tok.head if tok.dep_ == "compound" and tok.head.pos_ == "NOUN" else tok  # "a mediation mission"
        if agent is None and holder.dep_ in ("dobj", "attr") and holder.head.lemma_.lower() in LIGHT_VERBS:
            agent = self._subject(holder.head)
        if agent is None:
            return self._reported_meeting(tok, type_, target, mode)
        target = self._np(target) if target is not None else None
        return Draft(type=type_, trigger=tok, source_span=self._np(agent), target_span=target, mode=mode)

    def _reported_meeting(self, tok, type_: str, target, mode: str | None) -> Draft | None:
        """'X said talks with Y are planned': the speaker is a party to the talks."""
        if type_ != "CONSULT" or target is None:
            return None
        quote = self._enclosing_speech(tok)
        if quote is None:
            return None
        return Draft(type=type_, trigger=tok, target_span=self._np(target), mode=mode, quote=quote, confidence=0.55)

    def _reciprocal(self, tok) -> bool:
        return any(c.lower_ == "each" or c.text.lower() == "other" for c in tok.subtree if c.i > tok.i and c.i < tok.i + 4)

    def _reciprocal_drafts(self, tok, type_: str, mode: str | None) -> list[Draft]:
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None:
            return []
        parties = [subj, *subj.conjuncts]
        adjectives = next(([a, *a.conjuncts] for a in subj.children if a.dep_ == "amod" and a.conjuncts), [])
        if len(parties) < 2 and len(adjectives) >= 2:  # "Indian and Pakistani troops"
            one, other = self.sp[adjectives[0].i:adjectives[0].i + 1], self.sp[adjectives[1].i:adjectives[1].i + 1]
        elif len(parties) >= 2:
            one, other = self._np(parties[0]), self._np(parties[1])
        else:
            return []
        return [Draft(type=type_, trigger=tok, source_span=one, target_span=other, mode=mode, single_parties=True),
                Draft(type=type_, trigger=tok, source_span=other, target_span=one, mode=mode, single_parties=True)]

    def _subject(self, tok):
        for child in tok.children:
            if child.dep_ in ("nsubj", "csubj"):
                return self._np(child)
        if tok.dep_ == "xcomp" and tok.head.pos_ == "ADJ" and tok.head.head.i != tok.head.i:
            return self._subject(tok.head.head)  # "Norway is willing to send"
        if tok.dep_ in ("xcomp", "conj", "advcl", "relcl", "pcomp") and tok.head.pos_ in ("VERB", "AUX", "NOUN"):
            if tok.dep_ == "relcl":
                return self._np(tok.head)
            return self._subject(tok.head) if tok.head.pos_ != "NOUN" else None
        if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
            head = tok.head.head if tok.head.dep_ == "conj" else tok.head
            return self._np(head)  # "countries accusing X": the noun is the agent
        if tok.dep_ == "pcomp":
            return None
        return None

    def _passive_agent(self, tok):
        for child in tok.children:
            if child.dep_ == "agent":
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return self._np(pobj)
        return None

    def _object(self, tok):
        for child in tok.children:
            if child.dep_ in ("dobj", "nsubjpass"):
                return self._np(child)
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in ("on", "against", "with", "to", "at"):
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return self._np(pobj)
        return None

    def _issue_of(self, tok, type_: str) -> str | None:
        if type_ not in ("REQUEST", "REJECT", "ACCUSE", "THREATEN", "PROTEST", "SANCTION", "AGREE"):
            return None
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "for", "over", "about", "against", "to"):
                span = self.sp[child.i + 1:child.right_edge.i + 1]
                self.issue_tokens.update(range(span.start, span.end))
                return _clean_issue(span.text)
            if child.dep_ in ("xcomp", "ccomp"):
                span = self.sp[child.left_edge.i:child.right_edge.i + 1]
                self.issue_tokens.update(range(span.start, span.end))
                return _clean_issue(span.text)
        return None

    def _np(self, head):
        if hasattr(head, "root"):  # already a phrase
            return head
        if head.dep_ == "poss" or head.tag_ == "PRP$":
            return self.sp[head.i:head.i + 1]
        tokens = [head, *[t for t in head.subtree if t.i < head.i]]
        left = min(t.i for t in tokens)
        return self.sp[left:head.i + 1]

    # ---- finishing: actors, modality, date, place ----------------------
    def _finish(self, draft: Draft, allow_no_source: bool = False) -> Event | None:
        sources, source_codes = self._actors_of(draft.source_span, draft)
        if not sources and draft.trigger.pos_ == "NOUN" and draft.quote is None:
            verb = self._governing_verb(draft.trigger)  # "Israel mounted its invasion": "its" unresolved
            if verb.i != draft.trigger.i:
                sources, source_codes = self._actors_of(self._subject(verb), draft)
        if draft.quote is not None and not sources:
            speaker = self.doc.actor(draft.quote.speaker)
            if speaker:
                sources, source_codes = [speaker.id], [c for c in [speaker.country] if c]
        targets, target_codes = self._actors_of(draft.target_span, draft)
        if draft.issue_span is not None:
            targets, target_codes = self._actors_inside(draft.issue_span, sources, source_codes)
        if not source_codes and not sources and not allow_no_source:
            return None
        if not [c for c in target_codes if c not in source_codes] and draft.issue_span is None:
            targets, target_codes = self._target_in_clause(draft.trigger, sources, source_codes)
        tok = draft.trigger
        sent = tok.sent
        start, end = draft.evidence or self._evidence(tok, draft)
        cameo = cameo_table().get(draft.type)
        event = Event(id="", type=draft.type, evidence=Span(start, end, self.doc.text[start:end]),
                      source=sources, target=[t for t in targets if t not in sources],
                      source_countries=source_codes, target_countries=[c for c in target_codes if c not in source_codes],
                      mode=draft.mode or self._mode(draft), issue=draft.issue,
                      cameo_root=cameo[0] if cameo else None, quad_class=cameo[1] if cameo else None,
                      modality=draft.modality or modality_of(tok, sent, self._published_year(), draft.type), quote=draft.quote.id if draft.quote else None,
                      trigger=Span(tok.idx, tok.idx + len(tok.text), tok.text), confidence=draft.confidence)
        if draft.strong or draft.type in ("THREATEN", "AGREE", "REQUEST"):
            pass
        elif ultimatum(tok) or draft.type in HOSTILE and threat(tok):
            self._recode(event, "THREATEN")
        elif draft.type in COOPERATIVE and commitment(tok, draft.type):
            self._recode(event, "AGREE")
        event.context = self._context(sent)
        event.date = self._date(tok, sent)
        event.location = self._place(tok, sent, source_codes + target_codes)
        if event.modality == "historical" or (event.date and self._is_past(event.date.value)):
            event.modality = "historical" if event.modality in ("asserted", "historical") and self._is_past(event.date.value if event.date else None) else event.modality
        return event

    def _recode(self, event: Event, type_: str) -> None:
        """"Japan will extend a loan" is a promise (AGREE), "they would boycott" a threat
        (THREATEN): the announcement is the event, the act its issue."""
        event.issue = event.issue or _clean_issue(event.evidence.text)
        self.committed[id(event)] = event.type
        event.type, event.mode, event.modality = type_, None, "asserted"
        event.cameo_root, event.quad_class = cameo_table()[type_]

    def _actors_of(self, span, draft: Draft) -> tuple[list[str], list[str]]:
        if span is None:
            return [], []
        if not hasattr(span, "root"):  # a single token
            span = self._np(span)
        if span.root.lower_ in FIRST_PERSON:
            quote = draft.quote or self._quote_at(span.start_char)
            speaker = self.doc.actor(quote.speaker) if quote else None
            if speaker:
                return [speaker.id], [c for c in [speaker.country] if c]
        if span.root.tag_ == "PRP" and not self._actor_covering(span):
            speaker = self._reporting_subject(span.root)  # "Syria says it is willing to ..."
            if speaker is not None:
                span = speaker
        ids, codes = [], []
        tokens = [span.root, *span.root.conjuncts] if span.root.conjuncts and not draft.single_parties else [span.root]
        for head in tokens:
            piece = self._np(head) if head is not span.root else span
            actor = self.doc.actor_at(piece.start_char, piece.end_char) or self._actor_covering(piece)
            if actor and actor.id not in ids:
                ids.append(actor.id)
                if actor.country and actor.country not in codes:
                    codes.append(actor.country)
        return ids, codes

    def _target_in_clause(self, trigger, sources: list[str], source_codes: list[str]) -> tuple[list[str], list[str]]:
        """No object found: the first other actor named after the trigger in its own phrase
        ("offered its troops to Lebanon's president", "arrived in Amman on a visit")."""
        head = trigger.head if trigger.dep_ in ("xcomp", "compound") else trigger
        for tok in head.subtree:
            if tok.i <= trigger.i or tok.dep_ in ("nsubj", "nsubjpass"):
                continue
            actor = self.doc.actor_at(tok.idx, tok.idx + len(tok.text)) or self._actor_covering(self.sp[tok.i:tok.i + 1])
            if actor is not None and actor.id not in sources and actor.country and actor.country not in source_codes:
                return [actor.id], [actor.country]
        return [], []

    def _reporting_subject(self, pronoun):
        """The subject of the reporting verb above a pronoun: who "it" or "they" most likely is."""
        for verb in pronoun.ancestors:
            if verb.lemma_.lower() in REPORTING_VERBS:
                subj = next((c for c in verb.children if c.dep_ == "nsubj" and c.tag_ != "PRP"), None)
                return self._np(subj) if subj is not None else None
        return None

    def _actors_inside(self, span, sources: list[str], source_codes: list[str]) -> tuple[list[str], list[str]]:
        """Who a demand or refusal is aimed at: the actors named in its issue."""
        ids, codes = [], []
        for actor in self.doc.actors:
            if actor.id in sources or actor.country in source_codes:
                continue
            if any(span.start_char <= m.start and m.end <= span.end_char for m in actor.mentions):
                ids.append(actor.id)
                if actor.country and actor.country not in codes:
                    codes.append(actor.country)
        return ids, codes

    def _actor_covering(self, span):
        for actor in self.doc.actors:
            for m in actor.mentions:
                if m.start <= span.start_char < m.end or m.start < span.end_char <= m.end:
                    return actor
        return None

    def _evidence(self, tok, draft: Draft) -> tuple[int, int]:
        sent = tok.sent
        tokens = [tok]
        for span in (draft.source_span, draft.target_span):
            if span is not None and span.sent == sent:
                tokens.extend(span)
        tokens.extend(t for t in tok.subtree)
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN":
            tokens.append(tok.head.head.left_edge)  # "a third round of talks", "a wave of strikes"
        left = min(t.i for t in tokens)
        right = max(t.i for t in tokens)
        span = self.sp[left:right + 1]
        while len(span) > 1 and span[-1].is_punct:
            span = span[:-1]
        return span.start_char, span.end_char

    def _mode(self, draft: Draft) -> str | None:
        if draft.type != "ASSAULT":
            return None
        words = {t.lower_ for t in draft.trigger.subtree} | {draft.trigger.lower_}
        for mode, key in (("aerial", "aerial_words"), ("explosive", "explosive_words"),
                          ("firearms", "firearms_words"), ("artillery", "artillery_words")):
            if words & set(self.lex[key]):
                return mode
        return None

    def _context(self, sent) -> list[str]:
        """PLOVER contexts named by words in the event's sentence ("refugees", "nuclear")."""
        low = " " + " ".join(t.lower_ for t in sent) + " "
        return [name for name, words in self.lex.get("contexts", {}).items() if any(f" {w} " in low for w in words)]

    def _published_year(self) -> int | None:
        return int(self.doc.published[:4]) if self.doc.published else None

    def _date(self, tok, sent):
        best, best_dist = None, 10**9
        published = self.doc.published
        clause = self._clause_verb(tok)
        for ent in sent.ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            ent_verb = self._clause_verb(ent.root)
            trailing = ent_verb.dep_ == "acl" and ent_verb.i == max(t.i for t in tok.subtree) + 1
            if ent_verb.i != clause.i and ent_verb.head.i != tok.i and not trailing:
                continue  # a date in another clause dates another event
            resolved = resolve_date(ent.text, published)
            if resolved is None:
                continue
            dist = abs(ent.start - tok.i)
            if dist < best_dist:
                best, best_dist = (ent, resolved), dist
        if best is None:
            return None
        ent, resolved = best
        left = ent.start
        while left > sent.start and self.sp[left - 1].ent_type_ in ("DATE", "TIME") or left > sent.start and self.sp[left - 1].lower_ in ("on", "into", "overnight", "in", "last", "early", "late"):
            left -= 1
        resolved.text = self.sp[left:ent.end].text
        return resolved

    def _clause_verb(self, tok):
        while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
            tok = tok.head
        return tok

    def _is_past(self, value: str | None) -> bool:
        if not value or not self.doc.published:
            return False
        return value[:4] < self.doc.published[:4] and int(self.doc.published[:4]) - int(value[:4]) >= 1

    def _place(self, tok, sent, codes: list[str]):
        candidates = []
        for t in tok.subtree:
            if t.dep_ not in ("dobj", "pobj") and t.head.lower_ not in ("in", "on", "at", "near"):
                continue
            if t.ent_type_ in ("GPE", "LOC", "FAC") and t.ent_iob_ == "B":
                ent = next((e for e in sent.ents if e.start == t.i), None)
                if ent is not None:
                    candidates.append(ent.text)
            elif t.pos_ == "PROPN" and not t.ent_type_:
                actor = self.doc.actor_at(t.idx, t.idx + len(t.text))
                if actor is not None and actor.type == "GPE":
                    candidates.append(t.text)  # a place the tagger missed but the actors stage knows
        for name in candidates:
            place = resolve_place(name, tuple(codes))
            if place is not None:
                return place
        return None


def _clean_issue(text: str) -> str:
    text = text.strip().strip("“”\"'‘’ ,.;:")
    return re.sub(r"\s+", " ", text)


def _dedupe(events: list[Event], strong: set[int] = frozenset()) -> list[Event]:
    """One event per type and source in a sentence, but one per issue for said demands
    (a list of demands is several events); one per historical background."""
    seen: dict[tuple, Event] = {}
    out = []
    for event in events:
        if event.modality == "historical":
            key = (event.type, tuple(event.source_countries), "historical")
        elif id(event) in strong:
            key = (event.type, tuple(event.source_countries or event.source), tuple(event.target_countries or event.target), event.issue)
        else:
            key = (event.type, tuple(event.source_countries or event.source), event.modality)
        if key in seen:
            if event.confidence > seen[key].confidence:
                out[out.index(seen[key])] = event
                seen[key] = event
            continue
        seen[key] = event
        out.append(event)
    return out


def _one_background_each(events: list[Event]) -> list[Event]:
    """An article repeats its background ("since the invasion"): one historical event per type and source."""
    seen, out = set(), []
    for event in events:
        key = (event.type, tuple(event.source_countries))
        if event.modality == "historical":
            if key in seen:
                continue
            seen.add(key)
        out.append(event)
    return out


def split_list(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split "A, B and C" (a list of demands) into item spans, never inside quotes."""
    items, depth, item_start, i = [], False, start, start
    quote_chars = "“”\"«»"
    while i < end:
        ch = text[i]
        if ch in quote_chars:
            depth = not depth if ch == '"' else ch in "“«"
        elif not depth and ch in ",;":
            items.append((item_start, i))
            item_start = i + 1
        i += 1
    items.append((item_start, end))
    last_start, last_end = items.pop()
    segment = text[last_start:last_end]
    and_at = _and_outside_quotes(segment)
    if and_at is not None and items:
        items += [(last_start, last_start + and_at), (last_start + and_at + 5, last_end)]
    else:
        items.append((last_start, last_end))
    return [_strip_span(text, a, b) for a, b in items if text[a:b].strip(" .“”\"")]


def _and_outside_quotes(segment: str) -> int | None:
    inside = False
    for i, ch in enumerate(segment):
        if ch in "“”\"":
            inside = ch == "“" or (ch == '"' and not inside)
        if not inside and segment.startswith(" and ", i):
            return i
    return None


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \n":
        start += 1
    while end > start and text[end - 1] in " .\n":
        end -= 1
    return start, end
