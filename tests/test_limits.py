"""Limits on size, nesting and time: a document over one is recorded as failed with a
clear reason, and the batch goes on with the rest (through the batch runner's API and CLI)."""
from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import orjson
import pytest

from newsgraph.options import Options
from newsgraph.runners.batch import run_batch
from newsgraph.store.journal import Journal
from newsgraph.limits import MAX_HTML_ELEMENTS, MAX_INPUT_BYTES, SECONDS_ENV, DocumentTimeout, within_limit
from newsgraph.store.sqlite import Store

from conftest import STUCK_TEXT

NEWSGRAPH = Path(sys.executable).with_name("newsgraph")
GOOD = ["The mayor of Riverton said on Monday that the old bridge would reopen in May after repairs.",
        "Farmers in the valley protested on Tuesday against the new water tax, blocking two roads.",
        "The health ministry announced that the clinic in Northfield will stay open until next year."]


def failures(db: Path) -> dict[str, str]:
    """key -> reason of every failed input."""
    journal = Journal(db)
    try:
        return {key: reason for key, _, reason in journal.failures()}
    finally:
        journal.close()


def stored(db: Path) -> int:
    with Store(db) as store:
        assert store.integrity() == "ok"
        return store.count("documents")


def one_line(reason: str) -> bool:
    return bool(reason) and "\n" not in reason and "Traceback" not in reason


def good_files(folder: Path) -> None:
    for n, text in enumerate(GOOD):
        (folder / f"good{n}.txt").write_text(text, encoding="utf-8")


def test_inputs_over_the_size_limit_fail_alone(tmp_path):
    good_files(tmp_path)
    (tmp_path / "huge.txt").write_bytes(b"word " * (MAX_INPUT_BYTES // 5 + 10))
    (tmp_path / "huge.html").write_bytes(b"<html><body>" + b"<p>para</p>" * (MAX_INPUT_BYTES // 11 + 10))
    with (tmp_path / "lines.jsonl").open("wb") as fh:
        fh.write(orjson.dumps({"id": "small", "text": GOOD[0] + " Again."}) + b"\n")
        fh.write(orjson.dumps({"id": "big", "text": "word " * (MAX_INPUT_BYTES // 5 + 10)}) + b"\n")
    db = tmp_path / "store.db"
    summary = run_batch([str(tmp_path)], db, workers=0)
    assert (summary.done, summary.failed) == (4, 3)
    reasons = failures(db)
    assert len(reasons) == 3 and all(one_line(r) for r in reasons.values())
    assert all(r.startswith("NG103") and "limit" in r for r in reasons.values()), reasons
    assert {Path(k.split("#")[0]).name for k in reasons} == {"huge.txt", "huge.html", "lines.jsonl"}
    assert stored(db) == 4


def nested(depth: int, tag: str = "div") -> str:
    return ("<html><body>" + f"<{tag}>" * depth + "<p>Deep inside the page, the council voted on Wednesday to close the harbour for a week.</p>" + f"</{tag}>" * depth
            + "</body></html>")


def test_deep_nesting_fails_alone_or_gives_a_record(tmp_path):
    good_files(tmp_path)
    (tmp_path / "too-many.html").write_text(nested(MAX_HTML_ELEMENTS + 100), encoding="utf-8")
    (tmp_path / "deep.html").write_text(nested(5_000, "span"), encoding="utf-8")  # deep but under the limit
    with (tmp_path / "json.jsonl").open("wb") as fh:
        fh.write(b'{"id": "deep", "text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n")
        fh.write(b'{"id": "nested", "text": {"a": {"b": {"c": "d"}}}}\n')
    db = tmp_path / "store.db"
    started = time.monotonic()
    summary = run_batch([str(tmp_path)], db, workers=0)
    assert time.monotonic() - started < 120
    reasons = failures(db)
    assert (summary.done, summary.failed) == (4, 3), reasons
    assert all(one_line(r) for r in reasons.values())
    too_many = next(r for k, r in reasons.items() if "too-many.html" in k)
    assert too_many.startswith("NG103") and "HTML elements" in too_many
    assert sorted(r[:5] for k, r in reasons.items() if "json.jsonl" in k) == ["NG104", "NG104"]
    assert stored(db) == 4


def in_a_thread(job):
    """Run `job` in a worker thread, as the web app's request threads do; its exception, re-raised here."""
    outcome = {}

    def run():
        try:
            outcome["value"] = job()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    assert not thread.is_alive(), "the time limit did not stop the thread"
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


IN_MAIN = pytest.param(lambda job: job(), id="main-thread")
IN_THREAD = pytest.param(in_a_thread, id="worker-thread")


@pytest.mark.parametrize("run", [IN_MAIN, IN_THREAD])
def test_time_limit_interrupts_python_code(run):
    def spin_forever():
        while True:
            pass

    def spin():
        within_limit(spin_forever, 0.2, ref="slow")

    started = time.monotonic()
    with pytest.raises(DocumentTimeout, match="longer than the 0.2 s limit"):
        run(spin)
    assert time.monotonic() - started < 2

    assert run(lambda: within_limit(lambda: "done", 5)) == "done"  # a job that finishes in time is untouched


@pytest.mark.parametrize("run", [IN_MAIN, IN_THREAD])
def test_time_limit_holds_even_when_the_code_swallows_the_error(run):
    def swallow():
        for _ in range(10):
            try:
                time.sleep(0.1)
            except Exception:  # noqa: BLE001 - stage code that catches too much
                pass

    with pytest.raises(DocumentTimeout):
        run(lambda: within_limit(swallow, 0.2))


@pytest.mark.parametrize("run", [IN_MAIN, IN_THREAD])
def test_a_limit_never_fires_after_its_job(run):
    """Jobs that end right at their deadline: the interruption lands inside the job
    (a DocumentTimeout) or not at all, never in the code that runs after it."""
    def spin_for(seconds):
        until = time.perf_counter() + seconds
        while time.perf_counter() < until:
            pass

    def many_close_calls():
        timeouts = 0
        for n in range(150):
            try:
                # Under, at and over the limit; 10 ms is twice the GIL's switch interval, so
                # the timer thread gets to run while this loop spins.
                within_limit(lambda: spin_for(0.01 * (n % 3)), 0.01)
            except DocumentTimeout:
                timeouts += 1
            total = sum(range(20_000))  # code after the job: must never be interrupted
            assert total == 199_990_000
        time.sleep(0.05)  # a raise left pending would land here
        return timeouts

    timeouts = run(many_close_calls)
    assert 0 < timeouts < 150


def test_a_document_over_the_time_limit_fails_and_the_batch_goes_on(tmp_path, monkeypatch, stuck_stage):
    good_files(tmp_path)
    (tmp_path / "slow.txt").write_text(f"{STUCK_TEXT} " * 3, encoding="utf-8")
    monkeypatch.setenv(SECONDS_ENV, "2")
    db = tmp_path / "store.db"
    started = time.monotonic()
    summary = run_batch([str(tmp_path)], db, workers=0, pipeline=stuck_stage.with_options(Options.from_env()))
    assert time.monotonic() - started < 60
    assert (summary.done, summary.failed) == (3, 1)
    [(key, reason)] = failures(db).items()
    assert key.endswith("slow.txt#1") and reason.startswith("NG201") and "2 s limit" in reason and one_line(reason)
    assert stored(db) == 3


@pytest.mark.slow
def test_batch_cli_records_limit_failures_and_finishes(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    good_files(inputs)
    (inputs / "huge.txt").write_bytes(b"word " * (MAX_INPUT_BYTES // 5 + 10))
    (inputs / "too-many.html").write_text(nested(MAX_HTML_ELEMENTS + 100), encoding="utf-8")
    out = tmp_path / "out"
    run = subprocess.run([str(NEWSGRAPH), "batch", str(inputs), "--db", str(tmp_path / "s.db"), "--workers", "1",
                          "--no-progress", "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "done 3, failed 2" in run.stderr and "Traceback" not in run.stderr
    lines = [orjson.loads(line) for line in (out / "failures.jsonl").read_bytes().splitlines()]
    assert sorted(f["reason"][:5] for f in lines) == ["NG103", "NG103"]
    assert len((out / "records.jsonl").read_bytes().splitlines()) == 3


@pytest.mark.parametrize("run", [IN_MAIN, IN_THREAD])
def test_the_limit_holds_when_its_first_interruption_is_swallowed(run, monkeypatch):
    """An interruption raised inside a garbage-collector callback is reported as unraisable
    and lost (a test library's gc callback once ate one, and a long parse ran to its end);
    the alarm, or the web threads' timer, rings again until the job has ended."""
    import gc

    swallowed, lost = [], []
    monkeypatch.setattr(sys, "unraisablehook", lost.append)  # only this test's callback runs
    others = gc.callbacks[:]  # the collector keeps this very list: emptied and refilled in place

    def slow_callback(phase, info):
        if not swallowed:
            try:
                time.sleep(0.3)  # the first ring lands in here and is lost
                sum(range(1000))  # a thread's interruption lands at the next bytecode
            except BaseException as exc:  # noqa: BLE001 - what Python does with a callback's exception
                swallowed.append(exc)

    def collect_and_spin():
        gc.collect()
        while time.monotonic() - started < 5:
            sum(range(1000))

    def spin():
        within_limit(collect_and_spin, 0.1, ref="gc")

    gc.callbacks[:] = [slow_callback]
    started = time.monotonic()
    try:
        with pytest.raises(DocumentTimeout):
            run(spin)
    finally:
        gc.callbacks[:] = others
    assert swallowed and time.monotonic() - started < 1.5
    assert lost == []  # the lost ring was the timer's own: no hook hears of it


@pytest.mark.parametrize("run", [IN_MAIN, IN_THREAD])
def test_rings_lost_in_finalizers_never_reach_the_applications_hook(run, monkeypatch):
    """Half the job's time is spent in __del__ methods, so about half the rings land there
    and are lost: the application's own unraisable hook (Python code, where a further ring could
    land and break it) hears of none of them, and the limit still holds."""
    heard = []

    def applications_hook(unraisable):
        heard.append(type(unraisable.exc_value).__name__)

    monkeypatch.setattr(sys, "unraisablehook", applications_hook)

    def spin_for(seconds):
        until = time.perf_counter() + seconds
        while time.perf_counter() < until:
            pass

    # Uneven spans: with even ones a worker thread hands the GIL to the timer in step with
    # them, and every ring lands in a __del__.
    spans = random.Random(7)

    class SlowToFinish:
        def __del__(self):
            spin_for(spans.uniform(0.001, 0.006))

    def finish_many():
        while time.monotonic() - started < 5:
            SlowToFinish()  # dropped at once: its __del__ runs here
            spin_for(spans.uniform(0.001, 0.006))

    started = time.monotonic()
    with pytest.raises(DocumentTimeout):
        run(lambda: within_limit(finish_many, 0.1))
    assert time.monotonic() - started < 2
    assert heard == []
