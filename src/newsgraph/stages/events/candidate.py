"""What the parts of the events stage pass between them.

A `Draft` is a rule's proposal (a type, its trigger and the phrases of its parties);
finishing it gives a `Candidate`: the Event plus what the type model needs to know of
how it was found. A `Coding` is the state shared while one document is coded.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from functools import lru_cache

from newsgraph.document import Document, Event
from newsgraph.lexicon import table
from newsgraph.stages.events.index import ActorIndex, EntityIndex, QuoteIndex


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """The trigger lexicon (triggers.json): verbs and nouns by PLOVER type, mode and context words,
    with the events stage's own changes (events_triggers.json "lexicon_changes") applied."""
    lex = copy.deepcopy(table("triggers.json"))
    changes = table("events_triggers.json").get("lexicon_changes", {})
    for kind in ("verbs", "nouns"):
        for type_, gone in changes.get("remove", {}).get(kind, {}).items():
            for word in gone:
                lex[kind][type_].pop(word, None)
        for type_, added in changes.get("add", {}).get(kind, {}).items():
            for word, mode in added.items():
                lex[kind].setdefault(type_, {}).setdefault(word, mode)
    return lex


def home_country(doc: Document) -> str | None:
    """The article's home country as the actors stage settled it (dateline, outlet, places), or None."""
    return (doc.work.get("home_country") or (None, None))[0]


def cameo_of(type_: str) -> tuple[str | None, int | None]:
    """The CAMEO root code and quad class of a PLOVER type."""
    cameo = table("cameo_plover.json")["types"].get(type_)
    return (cameo[0], cameo[1]) if cameo else (None, None)


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
    sourceless: bool = False  # an act told without its doer ("was stabbed"): kept without a source
    mutual: bool = False  # "X and Y agreed": each party acts towards the other, so each is source and target
    framed: bool = False  # the words around the trigger set the type ("called off the strike"): see Candidate


@dataclass(eq=False)
class Candidate:
    """A finished event and how it was found, until the type model has had its say."""
    event: Event
    trigger: object  # the spaCy token that proposed it
    strong: bool = False  # from a strong speech pattern: kept on the syntax alone
    # the words around the trigger set the type ("is willing to withdraw", "failed to reach a
    # deal", "called off the strike"): the type model neither retypes it nor finds it unlikely
    framed: bool = False
    committed: str | None = None  # the act's type, when the event was recoded as its promise or threat
    p: float = 0.0  # the type model's probability of the event's type in its sentence
    sentence_top: bool = False  # its type is the one the model finds most likely for the sentence
    added: bool = False  # proposed by the type model, not by a rule

    @property
    def type(self) -> str:
        return self.event.type

    @property
    def confidence(self) -> float:
        return self.event.confidence


@dataclass
class Coding:
    """One document being coded: its parse, the trigger lexicon and what earlier rules claimed."""
    doc: Document
    lex: dict
    issue_tokens: set[int] = field(default_factory=set)  # tokens of an issue, never triggers themselves
    scored: list[tuple[Event, float, bool, bool]] = field(default_factory=list)  # (event, p, strong, added): for training
    _indexes: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def sp(self):
        return self.doc.nlp

    @property
    def actors(self) -> ActorIndex:
        """The actors' mentions, indexed once per document (index.py)."""
        if "actors" not in self._indexes:
            self._indexes["actors"] = ActorIndex(self.doc.actors)
        return self._indexes["actors"]

    @property
    def quotes(self) -> QuoteIndex:
        if "quotes" not in self._indexes:
            self._indexes["quotes"] = QuoteIndex(self.doc.quotes)
        return self._indexes["quotes"]

    def ents_in(self, span) -> list:
        """span.ents, without a pass over every entity of the document."""
        if "ents" not in self._indexes:
            self._indexes["ents"] = EntityIndex(self.sp)
        return self._indexes["ents"].within(span)

    def claim_issue(self, span) -> None:
        self.issue_tokens.update(range(span.start, span.end))


def clean_issue(text: str) -> str:
    text = text.strip().strip("“”\"'‘’ ,.;:")
    return re.sub(r"\s+", " ", text)
