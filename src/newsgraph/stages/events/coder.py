"""Events: PLOVER events from triggers, syntax and the actors and quotes stages.

Rules propose, a small model decides. A trigger (verb, or noun with an agent or
a light verb) proposes a type (triggers.py); the dependency parse gives source,
target and issue (participants.py); quoted demands and refusals take the quote's
speaker as source (speech.py). The sentence type model (model.py, typer.py) then
keeps, retypes or drops each proposal and adds a type the rules missed; after the
whole-document rules (document.py), a map fitted on the real-news dev articles
(calibration.py) gives every event its confidence and abstains below a threshold
chosen there. Promises of cooperative acts are coded AGREE
and announced hostile acts THREATEN, as PLOVER does (build.py). Modality
(modality.py), date and place (anchoring.py) come from the trigger's own clause.
The issue of an event is never coded as an event itself.
"""
from __future__ import annotations

import dataclasses

from newsgraph.document import Document, Event
from newsgraph.stages.events.build import each_way, finish
from newsgraph.stages.events.calibration import calibrate, permissive
from newsgraph.stages.events.candidate import Candidate, Coding, lexicon
from newsgraph.stages.events.document import document_pass
from newsgraph.stages.events.model import TypeModel, load_model
from newsgraph.stages.events.participants import drop_unused_parties
from newsgraph.stages.events.speech import demands, refusals, split_list
from newsgraph.stages.events.triggers import from_trigger
from newsgraph.stages.events.typer import decide

__all__ = ["EventCoder", "extract_events", "lexicon", "split_list"]


def extract_events(doc: Document, model: TypeModel | None | bool = True) -> Document:
    """model=True uses the shipped type model; None codes with the rules alone."""
    if doc.nlp is None or not doc.text:
        return doc
    coder = EventCoder(doc, load_model() if model is True else model)
    doc.events = coder.run()
    return doc


class EventCoder:
    """Codes one document, sentence by sentence; `scored` keeps every candidate the model
    scored (event, type probability, strong, added by the model), for training."""

    def __init__(self, doc: Document, model: TypeModel | None = None, raw: dict | None = None):
        """raw: the typer's thresholds ({"keep": ..., "second": ...}) for fitting the calibration:
        every candidate the typer keeps at them is returned uncalibrated."""
        self.coding = Coding(doc, lexicon())
        self.raw = raw is not None
        self.candidates: list[Candidate] = []  # the final candidates, in event order
        if model is not None:
            loose = raw if raw is not None else permissive()
            model = dataclasses.replace(model, **{k: v for k, v in loose.items() if v is not None})
        self.model = model

    @property
    def scored(self) -> list[tuple[Event, float, bool, bool]]:
        return self.coding.scored

    def run(self) -> list[Event]:
        kept: list[Candidate] = []
        for sent in self.coding.sp.sents:
            found = [c for d in self._drafts(sent) for c in each_way(self.coding, finish(self.coding, d))]
            kept.extend(dedupe(decide(self.coding, self.model, sent, found)))
        candidates = one_background_each(document_pass(self.coding.doc, kept, self.coding.actors))
        if self.model is not None and not self.raw:
            candidates = calibrate(self.coding, candidates)
        self.candidates = candidates
        events = [c.event for c in candidates]
        drop_unused_parties(self.coding, events)
        for n, event in enumerate(events, 1):
            event.id = f"e{n}"
        return events

    def _drafts(self, sent) -> list:
        """Said demands and refusals first: their issues are claimed before triggers are read."""
        drafts = demands(self.coding, sent) + refusals(self.coding, sent)
        for tok in sent:
            if tok.i not in self.coding.issue_tokens:
                drafts.extend(from_trigger(self.coding, tok))
        return drafts


def dedupe(candidates: list[Candidate]) -> list[Candidate]:
    """One event per type and source in a sentence, but one per issue for said demands
    (a list of demands is several events); one per historical background."""
    seen: dict[tuple, int] = {}  # key -> its place in out
    out: list[Candidate] = []
    for candidate in candidates:
        key = _dedupe_key(candidate)
        if key in seen:
            if candidate.confidence > out[seen[key]].confidence:
                out[seen[key]] = candidate
            continue
        seen[key] = len(out)
        out.append(candidate)
    return out


def _dedupe_key(candidate: Candidate) -> tuple:
    event = candidate.event
    if event.modality == "historical":
        return (event.type, tuple(event.source_countries), "historical")
    if candidate.strong:
        return (event.type, tuple(event.source_countries or event.source),
                tuple(event.target_countries or event.target), event.issue)
    return (event.type, tuple(event.source_countries or event.source), event.modality)


def one_background_each(candidates: list[Candidate]) -> list[Candidate]:
    """An article repeats its background ("since the invasion"): one historical event per type and source."""
    seen, out = set(), []
    for candidate in candidates:
        event = candidate.event
        key = (event.type, tuple(event.source_countries))
        if event.modality == "historical":
            if key in seen:
                continue
            seen.add(key)
        out.append(candidate)
    return out
