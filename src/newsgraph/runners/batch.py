"""Batch runner: many inputs, all cores, a journal so a killed run resumes.

The parent process only reads inputs, hands chunks of documents to worker
processes and writes what comes back into the store. Each worker loads the
spaCy model once, runs `nlp.pipe` over its chunk and the rule stages, and
sends back small records (JSON bytes), never spaCy Docs: decoding Docs in the
parent would compete with the workers for the same cores.

Every input has a stable key (its file's absolute path plus its ordinal in
that file), recorded in the journal (journal.py) as done or failed with a
reason, so a resumed run skips what is done and loses nothing.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from newsgraph.document import Document
from newsgraph.errors import EmptyInput, InputError, NewsgraphError, StoreError
from newsgraph.ingest.decode import printable_name
from newsgraph.ingest.files import HTML_SUFFIXES, JSONL_SUFFIXES, TEXT_SUFFIXES, WARC_SUFFIXES, suffix_of, iter_inputs
from newsgraph.store.journal import DONE, FAILED, Journal
from newsgraph.options import Options
from newsgraph.pipeline import Pipeline, default_pipeline, stage_error

BATCH_SIZE = 16
Result = dict  # {"key", "ref", "ok", "id", "record" (bytes) | "reason", "timings", "words"}
KNOWN_SUFFIXES = HTML_SUFFIXES + WARC_SUFFIXES + TEXT_SUFFIXES + JSONL_SUFFIXES


class BatchError(NewsgraphError):
    code = "NG400"


@dataclass
class BatchSummary:
    done: int = 0
    failed: int = 0
    skipped: int = 0
    recovered: int = 0
    words: int = 0
    seconds: float = 0.0
    stage_seconds: Counter = field(default_factory=Counter)

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0


# ---- inputs with stable keys -------------------------------------------------

def input_files(item: str) -> list[Path] | None:
    """The files behind one input argument (None: not a local path)."""
    if item == "-" or item.startswith(("http://", "https://")):
        return None
    path = Path(item)
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and suffix_of(p) in KNOWN_SUFFIXES)
    return [path]


def iter_keyed(inputs: Iterable[str], published: str | None = None) -> Iterator[tuple[str, Document | InputError]]:
    """(key, Document or InputError) for every article in `inputs`, in a stable order."""
    for item in inputs:
        files = input_files(item)
        if files is None:
            for n, doc in enumerate(iter_inputs([item], published=published), 1):
                yield f"{item}#{n}", doc
            continue
        for path in files:
            base = printable_name(str(path.resolve()))  # a key SQLite can hold, even for a non-UTF-8 name
            for n, doc in enumerate(iter_inputs([str(path)], published=published), 1):
                yield f"{base}#{n}", doc


def count_inputs(inputs: Iterable[str]) -> int | None:
    """How many articles the inputs hold, cheaply; None when it cannot tell (WARC, URLs)."""
    total = 0
    for item in inputs:
        files = input_files(item)
        if files is None:
            return None
        for path in files:
            suffix = suffix_of(path)
            if suffix in WARC_SUFFIXES:
                return None
            total += _count_lines(path) if suffix in JSONL_SUFFIXES and path.exists() else 1
    return total


def _count_lines(path: Path) -> int:
    import gzip

    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as fh:
        return sum(1 for line in fh if line.strip())


# ---- the worker side ---------------------------------------------------------

def init_worker(parent: int | None = None, pipeline: Pipeline | None = None) -> None:
    """Load the model and tables once per worker process, before the first chunk arrives."""
    global _WORKER_PIPELINE
    _WORKER_PIPELINE = pipeline
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    (pipeline or default_pipeline(Options.from_env())).warm_up()


_WORKER_PIPELINE: Pipeline | None = None


def _exit_with(parent: int) -> None:
    # A parent killed with SIGKILL cannot stop its workers (they are children
    # of the fork server), so each worker stops itself when the parent is gone.
    while _alive(parent):
        time.sleep(0.5)
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel instead
        try:
            os.kill(pid, 0)
            return True
        except ProcessLookupError:
            return False


def analyse_chunk(items: list[tuple[str, Document]], pipeline: Pipeline | None = None) -> list[Result]:
    """Run the pipeline over a chunk; one failing document fails alone."""
    pipeline = pipeline or _WORKER_PIPELINE or default_pipeline(Options.from_env())
    results = pipeline.run_many([doc for _, doc in items], batch_size=max(1, len(items)))
    return [_result(key, doc, outcome) for (key, doc), outcome in zip(items, results)]


def _result(key: str, doc: Document, outcome: Document | NewsgraphError) -> Result:
    if isinstance(outcome, NewsgraphError):
        return failure(key, doc, outcome, getattr(outcome, "stage", "pipeline"))
    if not outcome.text.strip():  # the batch stores articles; a page with none left is a failure
        return failure(key, doc, EmptyInput("no article text left after cleaning", ref=doc.source.ref), "clean")
    return success(key, outcome)


def success(key: str, doc: Document) -> Result:
    doc.nlp = None  # free the parse now; only the record travels back
    return {"key": key, "ref": doc.source.ref, "ok": True, "id": doc.id,
            "record": orjson.dumps(doc.to_dict()), "timings": doc.work.get("timings", {}),
            "words": len(doc.text.split())}


def failure(key: str, doc: Document | InputError, exc: BaseException, stage: str) -> Result:
    ref = doc.ref if isinstance(doc, InputError) else doc.source.ref
    return {"key": key, "ref": ref, "ok": False, "reason": reason_of(exc, stage), "timings": {}, "words": 0}


def reason_of(exc: BaseException, stage: str) -> str:
    """One line: the error code and message, or the stage and exception for a bug."""
    return str(exc if isinstance(exc, NewsgraphError) else stage_error(stage, exc))


# ---- the parent side ---------------------------------------------------------

ProgressHook = Callable[[BatchSummary], None]


def run_batch(inputs: list[str], db: str | Path, *, workers: int = 2, out: Path | None = None,
              retry_failed: bool = False, batch_size: int = BATCH_SIZE, published: str | None = None,
              on_progress: ProgressHook | None = None, on_start: Callable[[int], None] | None = None,
              pipeline: Pipeline | None = None) -> BatchSummary:
    """Analyse every input not yet done into the store at `db`; resumable."""
    from newsgraph.store.sqlite import Store

    store, journal = Store(db), Journal(db)
    try:
        summary = BatchSummary()
        summary.recovered = _recover(store, journal)
        finished = {key for key, status in journal.statuses().items()
                    if status == DONE or (status == FAILED and not retry_failed)}
        if on_start:
            on_start(len(finished))
        started = time.perf_counter()
        chunks = _pending_chunks(iter_keyed(inputs, published), finished, journal, summary, batch_size,
                                 retry_failed)
        writer = _Writer(store, journal, summary, on_progress)
        pipeline = pipeline or default_pipeline(Options.from_env(published=published))
        if workers <= 0:
            for chunk in chunks:
                writer.take(analyse_chunk(chunk, pipeline))
        else:
            _run_pool(chunks, workers, writer, pipeline)
        summary.seconds = time.perf_counter() - started
        if out is not None:
            write_outputs(store, journal, out)
        return summary
    finally:
        try:
            journal.release()
        finally:
            journal.close()
            store.close()


def _recover(store, journal: Journal) -> int:
    """Finish the bookkeeping of records a killed run wrote but did not mark done."""
    landed = [key for key, doc_id in journal.writing() if doc_id and store.get(doc_id) is not None]
    if landed:
        journal.mark_done(landed)
    return len(landed)


def _pending_chunks(keyed, finished: set[str], journal: Journal, summary: BatchSummary,
                    size: int, retry_failed: bool = False) -> Iterator[list[tuple[str, Document]]]:
    """Chunks of inputs this run has leased; inputs another live run holds are left to it."""
    waiting: list[tuple[str, Document | InputError]] = []

    def leased() -> Iterator[list[tuple[str, Document]]]:
        mine = journal.claim([key for key, _ in waiting], retry_failed)
        chunk, failed = [], []
        for key, item in waiting:
            if key not in mine:
                summary.skipped += 1  # done meanwhile, or being analysed by another run
            elif isinstance(item, InputError):
                failed.append((key, item.ref, str(item)))
            else:
                chunk.append((key, item))
        if failed:
            journal.mark_failed(failed)
            summary.failed += len(failed)
        waiting.clear()
        if chunk:
            yield chunk

    for key, item in keyed:
        if key in finished:
            summary.skipped += 1
            continue
        waiting.append((key, item))
        if len(waiting) >= size:
            yield from leased()
    if waiting:
        yield from leased()


class _Writer:
    """Puts worker results into the store and the journal, in that safe order."""

    def __init__(self, store, journal: Journal, summary: BatchSummary, on_progress: ProgressHook | None):
        self.store, self.journal, self.summary, self.on_progress = store, journal, summary, on_progress

    def take(self, results: list[Result]) -> None:
        good = [r for r in results if r["ok"]]
        bad = [(r["key"], r["ref"], r["reason"]) for r in results if not r["ok"]]
        started = time.perf_counter()
        if good:
            self.journal.mark_writing([(r["key"], r["ref"], r["id"]) for r in good])
            stored = []
            for r in good:
                try:
                    self.store.write(orjson.loads(r["record"]))
                    stored.append(r)
                except StoreError as exc:  # this record cannot be stored: it fails alone, with its reason
                    bad.append((r["key"], r["ref"], str(exc)))
            good = stored
            self.journal.mark_done([r["key"] for r in good])
        if bad:
            self.journal.mark_failed(bad)
        self.journal.renew()
        self.summary.stage_seconds["store"] += time.perf_counter() - started
        self._count(good, len(bad))

    def _count(self, good: list[Result], failed: int) -> None:
        summary = self.summary
        summary.done += len(good)
        summary.failed += failed
        for r in good:
            summary.words += r["words"]
            summary.stage_seconds.update(r["timings"])
        if self.on_progress:
            self.on_progress(summary)


def _run_pool(chunks: Iterator[list], workers: int, writer: _Writer, pipeline: Pipeline) -> None:
    # A bounded window of chunks in flight keeps memory flat on any input size
    # (Pool.imap would read the whole input ahead).
    worker_environment()
    context = multiprocessing.get_context("forkserver")
    # Import the stages once in the fork server; workers fork from it ready-made.
    context.set_forkserver_preload(["newsgraph.pipeline"])
    window = 2 * workers + 1
    with ProcessPoolExecutor(workers, mp_context=context, initializer=init_worker,
                             initargs=(os.getpid(), pipeline)) as pool:
        running: set[Future] = set()
        try:
            for chunk in chunks:
                running.add(pool.submit(analyse_chunk, chunk))
                if len(running) >= window:
                    running = _drain(running, writer, FIRST_COMPLETED)
            _drain(running, writer, ALL_COMPLETED)
        except BrokenProcessPool as exc:
            raise BatchError("a worker process died (out of memory?); run the same command again "
                             "to resume where it stopped") from exc


def worker_environment() -> None:
    """Environment for worker processes, set before they start.

    One BLAS thread per worker (the workers already fill the cores), and a
    fixed hash seed: some stages order ties by set iteration, and records must
    not depend on which process made them.
    """
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    if os.environ.get("PYTHONHASHSEED", "random") == "random":
        os.environ["PYTHONHASHSEED"] = "0"


def _drain(running: set[Future], writer: _Writer, until: str) -> set[Future]:
    done, rest = wait(running, return_when=until)
    for future in done:
        writer.take(future.result())
    return rest


def write_outputs(store, journal: Journal, out: Path) -> tuple[int, int]:
    """out/records.jsonl (one record per stored document) and out/failures.jsonl."""
    out.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    records = 0
    with (out / "records.jsonl").open("wb") as fh:
        for _, _, doc_id in journal.done():
            record = store.get(doc_id) if doc_id not in seen else None
            seen.add(doc_id)
            if record is not None:
                fh.write(orjson.dumps(record) + b"\n")
                records += 1
    failures = journal.failures()
    with (out / "failures.jsonl").open("wb") as fh:
        for key, ref, reason in failures:
            fh.write(orjson.dumps({"key": key, "ref": ref, "reason": reason}) + b"\n")
    return records, len(failures)
