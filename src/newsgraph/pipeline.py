"""The pipeline: one Document through the stages, in order.

intake -> clean -> (language) -> parse -> actors -> quotes -> events -> claims.
Non-English documents stop after cleaning: English rules would only make
nonsense of them, and the record says which language it found.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator

from .actors import extract_actors
from .claims import extract_claims
from .clean import clean_document
from .document import Document
from .errors import EmptyInput, InputError
from .events import extract_events
from .intake import document_from_string
from .language import detect_language
from .parse import load_nlp, parse_document
from .quotes import extract_quotes

Stage = Callable[[Document], Document]
NLP_STAGES: list[tuple[str, Stage]] = [
    ("actors", extract_actors),
    ("quotes", extract_quotes),
    ("events", extract_events),
    ("claims", extract_claims),
]


def prepare(doc: Document) -> Document:
    """Clean and identify the language; the cheap, model-free part."""
    timings = doc.work.setdefault("timings", {})
    started = time.perf_counter()
    clean_document(doc)
    doc.language = detect_language(doc.text) if doc.text else "en"
    timings["clean"] = time.perf_counter() - started
    return doc


def enrich(doc: Document) -> Document:
    """Run the NLP stages on a parsed document."""
    timings = doc.work.setdefault("timings", {})
    for name, stage in NLP_STAGES:
        started = time.perf_counter()
        stage(doc)
        timings[name] = time.perf_counter() - started
    return doc


def process(doc: Document) -> Document:
    prepare(doc)
    if doc.language == "en" and doc.text:
        started = time.perf_counter()
        parse_document(doc)
        doc.work["timings"]["parse"] = time.perf_counter() - started
        enrich(doc)
    return doc


def process_many(docs: Iterable[Document], batch_size: int = 16) -> Iterator[Document]:
    """Batch version: spaCy's nlp.pipe over many documents at once."""
    nlp = load_nlp()
    batch: list[Document] = []
    for doc in docs:
        batch.append(prepare(doc))
        if len(batch) >= batch_size:
            yield from _run_batch(nlp, batch)
            batch = []
    if batch:
        yield from _run_batch(nlp, batch)


def _run_batch(nlp, batch: list[Document]) -> Iterator[Document]:
    english = [d for d in batch if d.language == "en" and d.text]
    started = time.perf_counter()
    for doc, parsed in zip(english, nlp.pipe([d.text for d in english], batch_size=len(english) or 1)):
        doc.nlp = parsed
    share = (time.perf_counter() - started) / max(1, len(english))
    for doc in batch:
        if doc.nlp is not None:
            doc.work["timings"]["parse"] = share
            enrich(doc)
        yield doc


def analyze(text_or_html: str, published: str | None = None, *, kind: str | None = None,
            ref: str | None = None) -> Document:
    if not isinstance(text_or_html, str):
        raise InputError("analyze() takes a str of text or HTML")
    if not text_or_html.strip():
        raise EmptyInput("the input is empty")
    doc = document_from_string(text_or_html, kind=kind, ref=ref, published=published)
    return process(doc)
