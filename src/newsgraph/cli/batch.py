"""CLI commands for scale: batch and spark (registered into the main app)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from newsgraph.cli.console import err
from newsgraph.cli.console import fail as _fail


def batch(
    inputs: list[str] = typer.Argument(..., help="Files, folders, JSONL, WARC or URLs."),
    db: Path = typer.Option(..., "--db", help="SQLite store; its journal makes the run resumable."),
    workers: int = typer.Option(2, "--workers", "-w", min=0, help="Worker processes (0: in this process)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Also write records.jsonl and failures.jsonl here."),
    retry_failed: bool = typer.Option(False, "--retry-failed", help="Analyse inputs that failed before again."),
    batch_size: int = typer.Option(16, "--batch-size", min=1, help="Documents per worker chunk (nlp.pipe batch)."),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD for relative dates."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar."),
) -> None:
    """Analyse many inputs on all cores into a store; a killed run resumes where it stopped."""
    from newsgraph.runners.batch import count_inputs, run_batch
    from newsgraph.errors import NewsgraphError

    _check_inputs(inputs)
    bar = _progress_bar(progress)
    task = bar.add_task("analysing", total=count_inputs(inputs), failed=0, rate=0.0)

    def on_start(already: int) -> None:
        bar.update(task, completed=already)

    def on_progress(summary) -> None:
        elapsed = max(1e-9, bar.tasks[task].elapsed or 0.0)
        bar.update(task, completed=summary.skipped + summary.done + summary.failed,
                   failed=summary.failed, rate=summary.done / elapsed)

    try:
        with bar:
            summary = run_batch(inputs, db, workers=workers, out=out, retry_failed=retry_failed,
                                batch_size=batch_size, published=published,
                                on_progress=on_progress, on_start=on_start)
    except NewsgraphError as exc:
        _fail(str(exc))
    err.print(f"done {summary.done}, failed {summary.failed}, already done {summary.skipped}"
              f" in {summary.seconds:.1f}s ({summary.rate:.1f} docs/s)"
              + (f"; records in {out}" if out else ""), highlight=False)


def _progress_bar(enabled: bool) -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[rate]:.1f} docs/s"), TextColumn("ETA"), TimeRemainingColumn(),
                    TextColumn("[red]{task.fields[failed]} failed"), console=err, disable=not enabled,
                    transient=False)


def _check_inputs(inputs: list[str]) -> None:
    for item in inputs:
        if item == "-":
            _fail("batch reads files, folders, JSONL, WARC or URLs, not stdin", 2)
        if not item.startswith(("http://", "https://")) and not Path(item).exists():
            _fail(f"no such file or folder: {item}", 2)


def spark(
    inputs: list[str] = typer.Argument(..., help="JSONL, HTML, text or WARC files or folders, then OUTPUT."),
    master: str = typer.Option("local[2]", "--master", help="Spark master URL (local[N], spark://..., yarn)."),
    partitions: Optional[int] = typer.Option(None, "--partitions", min=1, help="Partitions per input file."),
) -> None:
    """Analyse inputs with Apache Spark; write the export's Parquet tables to OUTPUT (the last argument)."""
    from newsgraph.errors import NewsgraphError

    if len(inputs) < 2:
        _fail("give at least one INPUT and then the OUTPUT directory", 2)
    *sources, output = inputs
    _check_inputs(sources)
    try:
        from newsgraph.runners.spark import run_spark
    except ImportError as exc:
        _fail(f"the spark command needs pyspark ({exc}); install newsgraph[spark]")
    try:
        counts = run_spark(sources, output, master=master, partitions=partitions)
    except NewsgraphError as exc:
        _fail(str(exc))
    except Exception as exc:  # noqa: BLE001 - Spark and Java errors arrive as many types
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
        _fail(f"the Spark job failed: {first_line}")
    err.print(f"wrote {counts['records']} record(s) and {counts['failures']} failure(s) to {output}",
              highlight=False)


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""
    app.command("batch")(batch)
    app.command("spark")(spark)
