"""The pipeline: one Document through the stages, in the order written here and nowhere else.

clean -> language -> parse -> actors -> quotes -> events -> claims

Each stage declares what it requires and provides (the names of Document fields it
reads and fills) and the languages it serves; `Pipeline` checks the order when it is
built, so a stage whose prerequisite is missing is refused before any document runs.
The CLI, the Python API, the batch runner, the Spark runner and the web app all run a
`Pipeline`. Non-English documents stop after the language stage: English rules would
only make nonsense of them, and the record says which language was found.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from newsgraph.document import Document, Source
from newsgraph.errors import EmptyInput, InputError, NewsgraphError, StageError
from newsgraph.limits import within_limit
from newsgraph.options import Options

# A passage of our own that reaches every table the stages load on first use: a country
# and a city, a titled person, an organisation, a demonym, a date, a quote, events.
WARM_UP_TEXT = ('The finance minister of Peru, Ana Torres, said on Monday in Arequipa that talks with '
                'the IMF would resume. "We reject the offer," she told reporters, and accused the union '
                'of delay. Chilean police arrested two men in Valparaiso last week, the Associated Press '
                'reported.')
_WARMED: set[tuple] = set()  # pipelines (stages and options) already warmed up in this process
INTAKE_PROVIDES = frozenset({"raw", "source", "published"})  # what intake puts on every Document
BATCH_SIZE = 16


@dataclass(frozen=True)
class Stage:
    """One step: `run(doc, options)` fills the fields named in `provides`."""
    name: str
    run: Callable[[Document, Options], object]
    requires: frozenset[str]
    provides: frozenset[str]
    languages: frozenset[str] | None = None  # None: every language
    run_batch: Callable[[list[Document], Options], None] | None = None  # optional faster form for many
    load: Callable[[Options], None] | None = None  # loads what the stage uses (models, tables), once

    def serves(self, doc: Document) -> bool:
        return self.languages is None or doc.language in self.languages


class PipelineError(NewsgraphError):
    code = "NG001"


def stage(name: str, run: Callable[[Document, Options], object], *, requires: Iterable[str],
          provides: Iterable[str], languages: Iterable[str] | None = ("en",), run_batch=None,
          load=None) -> Stage:
    """A Stage from a function `run(doc, options)`; English-only unless `languages` says otherwise."""
    return Stage(name, run, frozenset(requires), frozenset(provides),
                 None if languages is None else frozenset(languages), run_batch, load)


# ---- the stages -------------------------------------------------------------------------

def _clean(doc: Document, options: Options) -> None:
    from newsgraph.ingest.clean import clean_document

    clean_document(doc)


def _language(doc: Document, options: Options) -> None:
    from newsgraph.ingest.language import detect_language

    doc.language = detect_language(doc.text) if doc.text else "en"


def _parse_batch(docs: list[Document], options: Options) -> None:
    from newsgraph.nlp.parse import parse_texts

    for doc, parsed in zip(docs, parse_texts([d.text for d in docs], options.parse, len(docs))):
        doc.nlp = parsed


def _load_parse(options: Options) -> None:
    from newsgraph.nlp.parse import load_nlp

    load_nlp(options.parse)


def _parse(doc: Document, options: Options) -> None:
    from newsgraph.nlp.parse import parse_document

    parse_document(doc, options.parse)


def _load_actors(options: Options) -> None:
    from newsgraph.nlp import places
    from newsgraph.stages.actors import kb

    places.warm_up()  # tables too big to be sure a short passage touches them all
    kb.warm_up()


def _actors(doc: Document, options: Options) -> None:
    from newsgraph.stages.actors.builder import extract_actors

    extract_actors(doc)


def _quotes(doc: Document, options: Options) -> None:
    from newsgraph.stages.quotes.finder import extract_quotes

    extract_quotes(doc)


def _load_events(options: Options) -> None:
    from newsgraph.nlp import dates

    dates.warm_up()
    _event_model(options.event_model)


def _events(doc: Document, options: Options) -> None:
    from newsgraph.stages.events.coder import extract_events

    extract_events(doc, _event_model(options.event_model))


def _claims(doc: Document, options: Options) -> None:
    from newsgraph.stages.claims import extract_claims

    extract_claims(doc)


@lru_cache(maxsize=4)
def _event_model(which: str | None):
    from newsgraph.stages.events.model import load_model

    if which is None:
        return None
    return load_model() if which == "default" else load_model(which)


DEFAULT_STAGES: tuple[Stage, ...] = (
    stage("clean", _clean, requires=["raw"], provides=["text", "removed", "title", "published"], languages=None),
    stage("language", _language, requires=["text"], provides=["language"], languages=None),
    stage("parse", _parse, requires=["text", "language"], provides=["nlp"], run_batch=_parse_batch,
          load=_load_parse),
    stage("actors", _actors, requires=["nlp"], provides=["actors"], load=_load_actors),
    stage("quotes", _quotes, requires=["nlp", "actors"], provides=["quotes"]),
    stage("events", _events, requires=["nlp", "actors", "quotes", "published"], provides=["events"],
          load=_load_events),
    stage("claims", _claims, requires=["nlp", "text"], provides=["fact_checks", "loaded_language"]),
)
STAGES_BY_NAME = {s.name: s for s in DEFAULT_STAGES}


# ---- running them --------------------------------------------------------------------

@dataclass
class Pipeline:
    stages: Sequence[Stage] = DEFAULT_STAGES
    options: Options = field(default_factory=Options)

    def __post_init__(self) -> None:
        self.stages = tuple(self.stages)
        check_order(self.stages)

    def replace(self, name: str, new: Stage) -> "Pipeline":
        """The same pipeline with the stage called `name` swapped for `new` (checked again)."""
        if name not in {s.name for s in self.stages}:
            raise PipelineError(f"no stage called {name!r}")
        return Pipeline([new if s.name == name else s for s in self.stages], self.options)

    def with_options(self, options: Options) -> "Pipeline":
        return Pipeline(self.stages, options)

    def run(self, doc: Document, what: str = "document") -> Document:
        """All stages on one document, under the per-document time limit; errors name the stage."""
        self.warm_up()
        within_limit(lambda: self._steps(doc), self.options.document_seconds, ref=doc.source.ref, what=what)
        return doc

    def _steps(self, doc: Document) -> None:
        for s in self.stages:
            self._step(s, doc)

    def run_many(self, docs: Iterable[Document | NewsgraphError], batch_size: int = BATCH_SIZE
                 ) -> Iterator[Document | NewsgraphError]:
        """Documents (or intake errors, passed through) in order; a stage with a batched
        form (the parse) runs on the whole batch at once, the others one document at a time,
        each document within its own time budget."""
        self.warm_up()
        batch: list[Document | NewsgraphError] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def warm_up(self) -> None:
        """Load what the stages use (the model, tables, the date parser) once per process,
        outside the time limit: each stage's `load`, then the built-in stages on two tiny
        documents, for what loads on first use (a caller's own stage is only loaded, never
        run on documents it was not given). A first document's limit is then spent on that
        document, never on loading (seconds)."""
        key = (tuple(s.name for s in self.stages), self.options.parse, self.options.event_model)
        if key in _WARMED:
            return
        _WARMED.add(key)
        for s in self.stages:
            if s.load is not None:
                s.load(self.options)
        for raw, kind in ((WARM_UP_TEXT, "text"), (f"<html><body><p>{WARM_UP_TEXT}</p></body></html>", "html")):
            doc = Document(source=Source(kind=kind, location=None, ref="warm-up"), raw=raw, raw_kind=kind)
            try:
                for s in self.stages:
                    if any(s is built_in for built_in in DEFAULT_STAGES):
                        self._step(s, doc)
            except NewsgraphError:
                pass  # a failure here is the first real document's to report

    def _run_batch(self, batch: list) -> list[Document | NewsgraphError]:
        results: list = list(batch)
        spent = [0.0] * len(results)
        for s in self.stages:
            live = [i for i, d in enumerate(results) if isinstance(d, Document) and self._applies(s, d)]
            if s.run_batch is not None and len(live) > 1 and self._batched_step(s, live, results, spent):
                continue
            for i in live:
                started = time.perf_counter()
                try:
                    within_limit(lambda: self._step(s, results[i]), self._budget(spent[i]),
                                 ref=results[i].source.ref, limit=self.options.document_seconds)
                except NewsgraphError as exc:
                    results[i] = exc
                spent[i] += time.perf_counter() - started
        return results

    def _budget(self, spent: float) -> float:
        """What is left of the per-document limit (0 means no limit, so never return 0 when it is on)."""
        limit = self.options.document_seconds
        return max(limit - spent, 0.001) if limit else 0.0

    def _batched_step(self, s: Stage, live: list[int], results: list, spent: list[float]) -> bool:
        """The stage's batched form over `live`, under the time limit like every stage: the
        batch may take what the most patient of its documents has left. True when it ran;
        False when it failed or ran out of time, and the caller runs the stage one document
        at a time, each within its own budget, so only a culprit fails (NG201 for a slow one)."""
        docs = [results[i] for i in live]
        started = time.perf_counter()
        budget = max(self._budget(spent[i]) for i in live)
        try:
            within_limit(lambda: s.run_batch(docs, self.options), budget,
                         limit=self.options.document_seconds, what="batch")
        except Exception:  # noqa: BLE001 - a timeout or a failure: find the culprit one by one
            return False
        share = (time.perf_counter() - started) / len(docs)
        for i, doc in zip(live, docs):
            doc.work.setdefault("timings", {})[s.name] = share
            spent[i] += share
        return True

    def _applies(self, s: Stage, doc: Document) -> bool:
        return s.serves(doc) and ("text" not in s.requires or bool(doc.text))

    def _step(self, s: Stage, doc: Document) -> None:
        if not self._applies(s, doc):
            return
        started = time.perf_counter()
        try:
            s.run(doc, self.options)
        except NewsgraphError as exc:
            if exc.ref is None:
                exc.ref = doc.source.ref
            raise
        except Exception as exc:  # noqa: BLE001 - a bug in a stage fails this document alone
            if self.options.on_stage_error == "raise":
                raise stage_error(s.name, exc, doc.source.ref) from exc
        doc.work.setdefault("timings", {})[s.name] = time.perf_counter() - started


def stage_error(name: str, exc: BaseException, ref: str | None = None) -> StageError:
    message = " ".join(str(exc).split())[:300]
    error = StageError(f"{name}: {type(exc).__name__}: {message}", ref=ref)
    error.stage = name
    return error


def check_order(stages: Sequence[Stage]) -> None:
    """Refuse a stage list in which some stage requires what no earlier stage provides."""
    have = set(INTAKE_PROVIDES)
    seen = set()
    for s in stages:
        if s.name in seen:
            raise PipelineError(f"stage {s.name!r} appears twice")
        missing = s.requires - have
        if missing:
            raise PipelineError(f"stage {s.name!r} requires {', '.join(sorted(missing))}, "
                                "which no earlier stage provides")
        have |= s.provides
        seen.add(s.name)


@lru_cache(maxsize=8)
def default_pipeline(options: Options | None = None) -> Pipeline:
    return Pipeline(DEFAULT_STAGES, options or Options())


# ---- entry points ---------------------------------------------------------------------------

def prepare(doc: Document, options: Options | None = None) -> Document:
    """Only the stages that need no model (cleaning and the language), as intake tools and tests want."""
    pipeline = Pipeline([s for s in DEFAULT_STAGES if s.name in ("clean", "language")], options or Options())
    for s in pipeline.stages:
        pipeline._step(s, doc)
    return doc


def process(doc: Document, options: Options | None = None) -> Document:
    return default_pipeline(options or Options()).run(doc)


def process_many(docs: Iterable[Document], batch_size: int = BATCH_SIZE,
                 options: Options | None = None) -> Iterator[Document]:
    for result in default_pipeline(options or Options()).run_many(docs, batch_size):
        if isinstance(result, NewsgraphError):
            raise result
        yield result


def analyze(text_or_html: str, published: str | None = None, *, kind: str | None = None,
            ref: str | None = None, options: Options | None = None) -> Document:
    from newsgraph.ingest.files import document_from_string

    if not isinstance(text_or_html, str):
        raise InputError("analyze() takes a str of text or HTML")
    if not text_or_html.strip():
        raise EmptyInput("the input is empty")
    options = options or Options.from_env(published=published)
    doc = document_from_string(text_or_html, kind=kind, ref=ref, published=options.published)
    return default_pipeline(options).run(doc)


def analyze_many(inputs: Iterable[str], options: Options | None = None, *, batch_size: int = BATCH_SIZE
                 ) -> Iterator[Document | NewsgraphError]:
    """Files, folders, URLs, JSONL, WARC or "-": each input's Document, or the error that stopped it."""
    from newsgraph.ingest.files import iter_inputs

    options = options or Options.from_env()
    yield from default_pipeline(options).run_many(iter_inputs(list(inputs), options=options), batch_size)
