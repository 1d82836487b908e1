"""Run one analysis for the web app: text, HTML or a URL in, a newsgraph/1 record out.

One lock serialises the pipeline: the spaCy model is shared by all request threads,
and two cores are better spent on one article at a time than thrashing on several.
A request waits for that lock at most QUEUE_SECONDS (then 503, try again later),
and its analysis runs under the per-document time limit (then 504), so no request
holds a thread, or the pipeline, for ever.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from newsgraph.document import Document
from newsgraph.errors import EmptyInput, InputError
from newsgraph.ingest.fetch import fetch_document
from newsgraph.ingest.files import document_from_string
from newsgraph.options import Options
from newsgraph.pipeline import DEFAULT_STAGES, Pipeline, Stage
from newsgraph.store.sqlite import Store
from newsgraph.web.errors import WebError

Fetch = Callable[..., Document]
_PIPELINE = threading.Lock()
# Analyses take seconds each, so a queue longer than this is better refused than kept
# waiting: the client is told to come back (Retry-After) instead of timing out.
QUEUE_SECONDS = 60.0


def check_published(value: str | None) -> str | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except (TypeError, ValueError):
        raise InputError(f"published must be a date YYYY-MM-DD, got {value!r}") from None


def analyse(*, text: str | None = None, html: str | None = None, url: str | None = None,
            published: str | None = None, fetch: Fetch = fetch_document,
            stages: Sequence[Stage] = DEFAULT_STAGES) -> dict:
    """Exactly one of text, html or url; URLs go through the same SSRF guard as the CLI."""
    given = [name for name, value in (("text", text), ("html", html), ("url", url)) if value not in (None, "")]
    if len(given) != 1:
        raise InputError("give exactly one of text, html or url" + (f" (got {', '.join(given)})" if given else ""))
    published = check_published(published)
    if url:
        doc = fetch(url.strip(), published)
    else:
        content = text if text else html
        if not content.strip():
            raise EmptyInput("the input is empty")
        doc = document_from_string(content, kind="text" if text else "html", published=published)
    if not _PIPELINE.acquire(timeout=QUEUE_SECONDS):
        raise WebError(503, "busy", f"other analyses kept the server busy for {QUEUE_SECONDS:g} s; try again later",
                       headers={"Retry-After": "30"})
    try:
        # Options from the environment now, per request: the time limit can change while serving.
        pipeline = Pipeline(stages, Options.from_env())
        return pipeline.run(doc, what="the analysis").to_dict()
    finally:
        _PIPELINE.release()


def store_record(db_path: str | Path, record: dict) -> str:
    """The app's only write: through Store.write, in its own short-lived connection."""
    with Store(db_path) as store:
        return store.write(record)


# Names a person, a country, a city and a date, so the first analysis loads every model and table.
_WARM_UP = "The foreign minister of France, Marie Dupont, met officials in Berlin on Monday and demanded talks."


def warm_up() -> None:
    """Load the model and gazetteers now, so the first user's analysis is not the slow one."""
    analyse(text=_WARM_UP, published="2025-01-06")
