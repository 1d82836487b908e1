"""Limits that keep one hostile or huge input from stalling a run."""
from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
from typing import Callable, TypeVar

from newsgraph.errors import StageError

T = TypeVar("T")

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


def within_limit(job: Callable[[], T], seconds: float | None, ref: str | None = None,
                 what: str = "document", limit: float | None = None) -> T:
    """job(), or DocumentTimeout when it runs longer than `seconds`.

    In the main thread a SIGALRM timer interrupts the job; in other threads (the web
    app's request threads) a timer thread raises an exception asynchronously in the
    blocked thread. Either way the interruption lands between two Python bytecodes, so
    a long call into C (one spaCy parse) finishes first. If the job swallows it, it is
    raised again every RING_AGAIN_SECONDS, and the timeout is raised when the job ends.
    `limit` is the limit the message names, when `seconds` is only what is left of it.

    A function, not a context manager: Python looks for a pending interruption when it
    enters a function, so one landing as a `with` block ends would be raised by the
    manager's __exit__, in the caller's code. Here every place it can land after the
    job is inside this function's own `try`s (see _Ringer).
    """
    if not seconds or seconds <= 0:
        return job()
    on_main = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    ringer = (_Alarm if on_main else _Interrupter)(seconds)
    _QuietRings.install()
    outcome = failure = None
    try:
        try:
            ringer.start()
            outcome = job()
        finally:
            ringer.inside = False  # a plain store: Python checks for no interruption before it
    except _Expired:
        pass  # every ring is in ringer.fired
    except BaseException as exc:  # noqa: BLE001 - the job's own error, raised below once the timer is stopped
        failure = exc
    try:
        ringer.finish()
    except _Expired:  # the one ring a timer thread was raising as the job ended
        ringer.finish()
    if ringer.fired:
        raise DocumentTimeout(f"{what} took longer than the {limit or seconds:g} s limit", ref=ref) from failure
    if failure is not None:
        raise failure
    return outcome


class _Expired(BaseException):
    """The timer's interruption; a BaseException so `except Exception` in a stage cannot eat it."""


class _QuietRings:
    """sys.unraisablehook that drops the timer's own lost rings and hands on all else.

    A ring that lands in a garbage-collector callback or a __del__ is reported as
    unraisable. Handed to a hook written in Python (a test runner's, an application's),
    the next ring can land inside that hook, which then fails in turn; and a lost ring
    is no news to anyone: the alarm rings again. Installed once, and again whenever
    someone has replaced it since.
    """

    def __init__(self, previous) -> None:
        self.previous = previous

    def __call__(self, unraisable) -> None:
        if not isinstance(unraisable.exc_value, _Expired):
            self.previous(unraisable)

    @classmethod
    def install(cls) -> None:
        if not isinstance(sys.unraisablehook, cls):
            sys.unraisablehook = cls(sys.unraisablehook)


# After the limit, the alarm rings again this often until the job has ended: one ring
# can land where Python cannot raise (a garbage-collector callback, a __del__), which
# reports the exception as unraisable and goes on, and the job would run to its end.
RING_AGAIN_SECONDS = 0.05


class _Ringer:
    """Rings (raises _Expired in the job's thread, noting it in `fired`) after `seconds`,
    while `inside` holds.

    within_limit clears `inside` the moment the job ends; then `finish` stops the
    timer. Between the two at most one ring can still arrive (a timer thread's, raised
    as the flag was cleared); within_limit catches it and finishes again.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds, self.inside, self.fired = seconds, True, []

    def start(self) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        raise NotImplementedError


class _Alarm(_Ringer):
    """SIGALRM in the main thread. Its handler runs in the job's own thread and reads
    the flag there, so once the flag is cleared no ring can raise."""

    def start(self) -> None:
        def expired(signum, frame):
            if self.inside and frame.f_code is not _QuietRings.__call__.__code__:
                self.fired.append(True)
                raise _Expired()

        self.previous = signal.signal(signal.SIGALRM, expired)
        signal.setitimer(signal.ITIMER_REAL, self.seconds, RING_AGAIN_SECONDS)

    def finish(self) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        if hasattr(self, "previous"):
            signal.signal(signal.SIGALRM, self.previous)


class _Interrupter(_Ringer):
    """A timer thread that raises in this thread (CPython's PyThreadState_SetAsyncExc).

    `guard` makes "still inside the job" and "raise in it" one step on the timer's side;
    `finish` takes it too, so it waits for a ring being raised, then withdraws a ring
    still pending."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.thread_id, self.guard, self.ended = threading.get_ident(), threading.Lock(), threading.Event()

    def start(self) -> None:
        threading.Thread(target=self._expire, name="newsgraph-time-limit", daemon=True).start()

    def _expire(self) -> None:
        wait = self.seconds
        while not self.ended.wait(wait):
            with self.guard:
                if not self.inside:
                    return
                self.fired.append(True)
                _set_async_exc(self.thread_id, _Expired)
            wait = RING_AGAIN_SECONDS

    def finish(self) -> None:
        self.ended.set()
        with self.guard:
            _set_async_exc(self.thread_id, None)


def _set_async_exc(thread_id: int, exc_type) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(exc_type) if exc_type else None)
