"""Limits that keep one hostile or huge input from stalling a run."""
from __future__ import annotations

import ctypes
import os
import signal
import threading
from contextlib import contextmanager

from newsgraph.errors import StageError

MAX_INPUT_BYTES = 10 * 1024 * 1024  # raw bytes of one document (HTML or text)
MAX_TEXT_CHARS = 400_000  # clean text handed to the NLP stages
# Extraction time grows with the number of elements, not bytes. The heaviest page
# of the extraction benchmark has 1,600; 25,000 paragraphs take trafilatura ~5 s.
MAX_HTML_ELEMENTS = 25_000
# libxml2 silently drops everything nested deeper than 255 elements, text included;
# a page that deep has its innermost tags (not their text) flattened to this depth.
MAX_HTML_DEPTH = 200

# ---- time per document ---------------------------------------------------------------
# A real news article takes well under a second, the slowest real page a few (loading
# the models is outside the limit: Pipeline.warm_up). The limit is checked between two
# Python steps, the longest of which (one parse piece, nlp/parse.py) takes a fraction of
# a second, so with 9 s every document ends within 10 s: done, or NG201. Texts of over
# about 100,000 characters need more; NEWSGRAPH_DOC_SECONDS raises the limit.
MAX_SECONDS_PER_DOCUMENT = 9.0
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
def time_limit(seconds: float | None, ref: str | None = None, what: str = "document",
               limit: float | None = None):
    """Raise DocumentTimeout when the block runs longer than `seconds`.

    In the main thread a SIGALRM timer interrupts the block; in other threads (the
    web app's request threads) a timer thread raises an exception asynchronously in
    the blocked thread. Either way the interruption lands between two Python
    bytecodes, so a long call into C (one spaCy parse) finishes first. If the code
    swallows the exception, it is raised again when the block ends. `limit` is the
    limit the message names, when `seconds` is only what is left of it.
    """
    if not seconds or seconds <= 0:
        yield
        return
    on_main = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    fired = []
    try:
        with (_alarm_after if on_main else _interrupt_after)(seconds, fired):
            yield
    except _Expired:
        fired.append(True)
    if fired:
        raise DocumentTimeout(f"{what} took longer than the {limit or seconds:g} s limit", ref=ref)


class _Expired(BaseException):
    """The timer's interruption; a BaseException so `except Exception` in a stage cannot eat it."""


# After the limit, the alarm rings again this often until the block has ended: one ring
# can land where Python cannot raise (a garbage-collector callback, a __del__), which
# reports the exception as unraisable and goes on, and the block would run to its end.
RING_AGAIN_SECONDS = 0.05


@contextmanager
def _alarm_after(seconds: float, fired: list):
    active = [True]

    def expired(signum, frame):
        if active[0]:
            fired.append(True)
            raise _Expired()

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds, RING_AGAIN_SECONDS)
    try:
        yield
    finally:
        while True:  # a ring landing in here is caught, and the alarm stopped again
            try:
                active[0] = False
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
                break
            except _Expired:
                continue


@contextmanager
def _interrupt_after(seconds: float, fired: list):
    """Raise _Expired in this thread from a timer thread (CPython's PyThreadState_SetAsyncExc).

    Like the alarm, it raises again every RING_AGAIN_SECONDS until the block has ended.
    `guard` makes "still inside the block" and "raise in it" one step, so the timer
    can never interrupt code after the block; a raise still pending when the block
    ends on its own is withdrawn.
    """
    thread_id, guard, inside, ended = threading.get_ident(), threading.Lock(), [True], threading.Event()

    def expire() -> None:
        wait = seconds
        while not ended.wait(wait):
            with guard:
                if not inside[0]:
                    return
                fired.append(True)
                _set_async_exc(thread_id, _Expired)
            wait = RING_AGAIN_SECONDS

    timer = threading.Thread(target=expire, name="newsgraph-time-limit", daemon=True)
    timer.start()
    try:
        yield
    finally:
        ended.set()
        with guard:
            inside[0] = False
            if fired:
                _set_async_exc(thread_id, None)


def _set_async_exc(thread_id: int, exc_type) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(exc_type) if exc_type else None)
