"""Command line: thin wrappers over the library, one command per job."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape

from newsgraph import __version__

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="newsgraph: news articles in; actors, quotes, PLOVER events and fact-checks out.")
from newsgraph.cli.console import err
from newsgraph.cli.console import fail as _fail


class OutputFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    summary = "summary"


PROGRESS_FROM = 4  # inputs from which analyze shows a progress bar
_SEVERAL = (".jsonl", ".jsonl.gz", ".warc", ".warc.gz", ".arc", ".arc.gz")


@app.callback(invoke_without_command=True)
def _root(version: bool = typer.Option(False, "--version", help="Print the version and exit.", is_eager=True)) -> None:
    """newsgraph: news articles in; actors, quotes, PLOVER events and fact-checks out."""
    if version:
        typer.echo(__version__)
        raise typer.Exit()


@app.command()
def analyze(
    inputs: list[str] = typer.Argument(..., help="Files, folders, URLs, JSONL, WARC, or - for stdin."),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD for relative dates."),
    format: Optional[OutputFormat] = typer.Option(None, "--format", "-f",
                                                  help="json | jsonl | summary (default: from the -o suffix, .jsonl or .json)"),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="Write records here instead of stdout."),
    db: Optional[Path] = typer.Option(None, "--db", help="Also store the records in this SQLite file."),
    allow_private: bool = typer.Option(False, "--allow-private", help="Allow fetching URLs on private or loopback addresses."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress",
                                            help=f"Progress bar on stderr (default: on for {PROGRESS_FROM} or more inputs)."),
) -> None:
    """Analyse articles and print or write their newsgraph/1 records.

    Each record is written as soon as it is done (to the output and to --db), so a
    failure, or a kill, loses nothing analysed before it. With -o, the suffix picks the
    format: .jsonl one record a line, .json an array (one object for a single article)."""
    from newsgraph.errors import InputError, NewsgraphError, printable
    from newsgraph.options import Options
    from newsgraph.pipeline import analyze_many

    try:
        options = Options.from_env(published=published, allow_private=allow_private or None)
    except NewsgraphError:
        _fail(f"--published must be YYYY-MM-DD, got {published!r}", 2)
    fmt = format or output_format(out)
    store = _open_store(db)
    written, failures = 0, 0
    bar, task = _progress(inputs, progress)
    try:
        with bar, _RecordWriter(fmt, out, array=_several(inputs)) as sink:
            for item in analyze_many(inputs, options):
                bar.advance(task)
                if isinstance(item, NewsgraphError):
                    failures += 1
                    _report(item, "skipped" if isinstance(item, InputError) else "failed", bar)
                    continue
                if store is not None:
                    try:
                        store.write(item)
                    except NewsgraphError as exc:  # this record cannot be stored; the others still are
                        failures += 1
                        _report(exc, "failed", bar)
                        continue
                sink.write(item)
                written += 1
    except OSError as exc:
        _fail(f"cannot write {printable(out) if out else 'the output'}: {exc}")
    finally:
        if store is not None:
            store.close()
    if out is not None:
        err.print(f"wrote {written} record(s) to {escape(printable(out))}", highlight=False)
    if not written and failures:
        raise typer.Exit(1)


def output_format(out: Path | None) -> OutputFormat:
    """The format -o's suffix says (.jsonl, .json), else JSON to a file, a summary on a terminal, JSONL in a pipe."""
    if out is not None:
        name = out.name.lower()
        return OutputFormat.jsonl if name.endswith((".jsonl", ".ndjson", ".jsonl.gz")) else OutputFormat.json
    return OutputFormat.summary if sys.stdout.isatty() else OutputFormat.jsonl


def _several(inputs: list[str]) -> bool:
    """Can these inputs give more than one record? Then JSON output is an array, however many succeed."""
    if len(inputs) != 1:
        return True
    item = inputs[0]
    return Path(item).is_dir() or item.lower().endswith(_SEVERAL)


def _progress(inputs: list[str], enabled: bool | None):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    total = None
    if enabled is not False and any(i != "-" for i in inputs):
        from newsgraph.runners.batch import count_inputs

        total = count_inputs([i for i in inputs if i != "-"])
    show = enabled if enabled is not None else (total or 0) >= PROGRESS_FROM
    bar = Progress(TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TextColumn("ETA"),
                   TimeRemainingColumn(), console=err, disable=not show, transient=False)
    return bar, bar.add_task("analysing", total=total)


def _report(error, verb: str, bar=None) -> None:
    (bar.console if bar is not None and not bar.disable else err).print(
        f"[yellow]{verb}[/yellow] {escape(str(error))}", highlight=False)


class _RecordWriter:
    """Records to stdout or a file, one at a time and flushed: JSON Lines a line each,
    JSON as an array (`array`: the inputs can give several) or one object (a single
    article), summaries as text."""

    def __init__(self, fmt: OutputFormat, out: Path | None, array: bool = False):
        self.fmt, self.out, self.array = fmt, out, array
        self.fh = None
        self.count = 0

    def __enter__(self) -> "_RecordWriter":
        if self.out is not None:
            self.fh = self.out.open("w", encoding="utf-8")
        return self

    def _stream(self):
        return self.fh if self.fh is not None else sys.stdout

    def write(self, doc) -> None:
        import orjson

        from newsgraph.store.export import summary_lines

        self.count += 1
        stream = self._stream()
        if self.fmt is OutputFormat.summary:
            if self.fh is None:
                Console().print("\n".join(summary_lines(doc)), highlight=False, markup=False)
            else:
                stream.write("\n".join(summary_lines(doc)) + "\n\n")
        elif self.fmt is OutputFormat.jsonl:
            stream.write(orjson.dumps(doc.to_dict()).decode() + "\n")
        else:
            indented = orjson.dumps(doc.to_dict(), option=orjson.OPT_INDENT_2).decode()
            if self.array:
                indented = ("[\n" if self.count == 1 else ",\n") + indented
            stream.write(indented)
        stream.flush()

    def __exit__(self, *exc) -> None:
        stream = self._stream()
        if self.fmt is OutputFormat.json:
            if self.array:
                stream.write("\n]\n" if self.count else "[]\n")
            elif self.count:
                stream.write("\n")
        stream.flush()
        if self.fh is not None:
            self.fh.close()


@app.command("eval")
def evaluate(gold: Path = typer.Argument(..., exists=True, dir_okay=False),
             pred: Path = typer.Argument(..., exists=True, dir_okay=False)) -> None:
    """Score a prediction against a gold file (rules: newsgraph/1 eval README)."""
    from newsgraph.evaluation.scorer import format_report, score_files

    try:
        result = score_files(gold, pred)
    except (ValueError, KeyError) as exc:
        _fail(f"cannot score: {exc}")
    typer.echo(format_report(result))


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def _open_store(db: Path | None):
    if db is None:
        return None
    from newsgraph.store.sqlite import Store

    return Store(db)


def _register_commands() -> None:
    from newsgraph.cli import batch as cli_batch
    from newsgraph.cli import store as cli_store
    from newsgraph.cli import web as cli_web

    for module in (cli_store, cli_batch, cli_web):
        module.register(app)


_register_commands()


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
