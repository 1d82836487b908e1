"""Limits that keep one hostile or huge input from stalling a run."""
from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager

from .errors import StageError

MAX_INPUT_BYTES = 10 * 1024 * 1024  # raw bytes of one document (HTML or text)
MAX_TEXT_CHARS = 400_000  # clean text handed to the NLP stages
# Extraction time grows with the number of elements, not bytes. The heaviest page
# of the extraction benchmark has 1,600; 25,000 paragraphs take trafilatura ~5 s.
MAX_HTML_ELEMENTS = 25_000
# libxml2 silently drops everything nested deeper than 255 elements, text included;
# a page that deep has its innermost tags (not their text) flattened to this depth.
MAX_HTML_DEPTH = 200

# ---- time per document ---------------------------------------------------------------
# The slowest real page analysed end to end takes a few seconds; a minute is
# far beyond any article and short enough that a hostile one cannot stall a run.
MAX_SECONDS_PER_DOCUMENT = 60.0
SECONDS_ENV = "NEWSGRAPH_DOC_SECONDS"  # overrides the constant; 0 turns the limit off


class DocumentTimeout(StageError):
    code = "NG201"


def document_seconds() -> float:
    """The time limit per document now: the environment's, else the constant."""
    given = os.environ.get(SECONDS_ENV, "").strip()
    try:
        return float(given) if given else MAX_SECONDS_PER_DOCUMENT
    except ValueError:
        return MAX_SECONDS_PER_DOCUMENT


@contextmanager
def time_limit(seconds: float | None, ref: str | None = None, what: str = "document"):
    """Raise DocumentTimeout when the block runs longer than `seconds`.

    SIGALRM interrupts Python code; it does nothing outside the main thread of a
    process (the web app's request threads), where the block simply runs. If the
    code swallows the exception, it is raised again when the block ends.
    """
    if not seconds or seconds <= 0 or not hasattr(signal, "setitimer") \
            or threading.current_thread() is not threading.main_thread():
        yield
        return
    fired = []

    def expired(signum, frame):
        fired.append(True)
        raise DocumentTimeout(f"{what} took longer than the {seconds:g} s limit", ref=ref)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if fired:
        raise DocumentTimeout(f"{what} took longer than the {seconds:g} s limit", ref=ref)

