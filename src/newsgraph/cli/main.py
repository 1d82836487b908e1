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


@app.command()
def analyze(
    inputs: list[str] = typer.Argument(..., help="Files, folders, URLs, JSONL, WARC, or - for stdin."),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD for relative dates."),
    format: Optional[OutputFormat] = typer.Option(None, "--format", "-f", help="json | jsonl | summary"),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="Write records here instead of stdout."),
    db: Optional[Path] = typer.Option(None, "--db", help="Also store the records in this SQLite file."),
    allow_private: bool = typer.Option(False, "--allow-private", help="Allow fetching URLs on private or loopback addresses."),
) -> None:
    """Analyse articles and print or write their newsgraph/1 records.

    Each record is written as soon as it is done (to the output and to --db), so a
    failure, or a kill, loses nothing analysed before it."""
    from newsgraph.errors import InputError, NewsgraphError, printable
    from newsgraph.options import Options
    from newsgraph.pipeline import analyze_many

    try:
        options = Options.from_env(published=published, allow_private=allow_private or None)
    except NewsgraphError:
        _fail(f"--published must be YYYY-MM-DD, got {published!r}", 2)
    fmt = format or (OutputFormat.json if out else OutputFormat.summary if sys.stdout.isatty() else OutputFormat.jsonl)
    store = _open_store(db)
    written, failures = 0, 0
    try:
        with _RecordWriter(fmt, out) as sink:
            for item in analyze_many(inputs, options):
                if isinstance(item, NewsgraphError):
                    failures += 1
                    _report(item, "skipped" if isinstance(item, InputError) else "failed")
                    continue
                if store is not None:
                    try:
                        store.write(item)
                    except NewsgraphError as exc:  # this record cannot be stored; the others still are
                        failures += 1
                        _report(exc, "failed")
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


def _report(error, verb: str) -> None:
    err.print(f"[yellow]{verb}[/yellow] {escape(str(error))}", highlight=False)


class _RecordWriter:
    """Records to stdout or a file, one at a time and flushed: JSON Lines a line each,
    JSON as one object (a single record) or an array (several), summaries as text."""

    def __init__(self, fmt: OutputFormat, out: Path | None):
        # A summary written to a file is JSON, as it always was; summaries are for terminals.
        self.fmt = OutputFormat.json if fmt is OutputFormat.summary and out is not None else fmt
        self.out = out
        self.fh = None
        self.first: dict | None = None  # JSON: held until a second record says "array"
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
        if self.fmt is OutputFormat.summary and self.out is None:
            Console().print("\n".join(summary_lines(doc)), highlight=False, markup=False)
            return
        record = doc.to_dict()
        if self.fmt is OutputFormat.jsonl:
            self._stream().write(orjson.dumps(record).decode() + "\n")
        elif self.count == 1:
            self.first = record
            return
        else:
            indented = orjson.dumps(record, option=orjson.OPT_INDENT_2).decode()
            if self.first is not None:
                first = orjson.dumps(self.first, option=orjson.OPT_INDENT_2).decode()
                self._stream().write("[\n" + first)
                self.first = None
            self._stream().write(",\n" + indented)
        self._stream().flush()

    def __exit__(self, *exc) -> None:
        import orjson

        stream = self._stream()
        if self.fmt is OutputFormat.summary and self.out is None:
            pass
        elif self.fmt is OutputFormat.json and self.count == 1 and self.first is not None:
            stream.write(orjson.dumps(self.first, option=orjson.OPT_INDENT_2).decode() + "\n")
        elif self.fmt is OutputFormat.json and self.count > 1:
            stream.write("\n]\n")
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
