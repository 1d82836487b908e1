"""Command line: thin wrappers over the library, one command per job."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape

from . import __version__

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="newsgraph: news articles in; actors, quotes, PLOVER events and fact-checks out.")
from .console import err
from .console import fail as _fail


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
    """Analyse articles and print or write their newsgraph/1 records."""
    from .errors import NewsgraphError
    from .export import summary_lines, to_json, to_jsonl
    from .fetch import set_allow_private
    from .intake import iter_inputs
    from .pipeline import process

    if published and not _valid_date(published):
        _fail(f"--published must be YYYY-MM-DD, got {published!r}", 2)
    set_allow_private(allow_private)
    fmt = format or (OutputFormat.json if out else OutputFormat.summary if sys.stdout.isatty() else OutputFormat.jsonl)
    store = _open_store(db)
    records, failures = [], 0
    for item in iter_inputs(inputs, published=published):
        if isinstance(item, NewsgraphError):
            failures += 1
            err.print(f"[yellow]skipped[/yellow] {escape(str(item))}", highlight=False)
            continue
        try:
            doc = process(item)
        except NewsgraphError as exc:
            failures += 1
            err.print(f"[yellow]failed[/yellow] {escape(str(exc))}", highlight=False)
            continue
        if store:
            store.write(doc)
        if fmt is OutputFormat.summary and out is None:
            Console().print("\n".join(summary_lines(doc)), highlight=False, markup=False)
        records.append(doc.to_dict())
    if out is not None or fmt is not OutputFormat.summary:
        text = to_jsonl(records) if fmt is OutputFormat.jsonl else to_json(records) if records else ""
        if out is not None:
            out.write_text(text, encoding="utf-8")
            err.print(f"wrote {len(records)} record(s) to {out}")
        else:
            sys.stdout.write(text)
    if not records and failures:
        raise typer.Exit(1)


@app.command("eval")
def evaluate(gold: Path = typer.Argument(..., exists=True, dir_okay=False),
             pred: Path = typer.Argument(..., exists=True, dir_okay=False)) -> None:
    """Score a prediction against a gold file (rules: newsgraph/1 eval README)."""
    from .eval import format_report, score_files

    try:
        result = score_files(gold, pred)
    except (ValueError, KeyError) as exc:
        _fail(f"cannot score: {exc}")
    typer.echo(format_report(result))


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def _valid_date(value: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(value)
        return True
    except ValueError:
        return False


def _open_store(db: Path | None):
    if db is None:
        return None
    from .store import Store

    return Store(db)


def _register_commands() -> None:
    from . import cli_batch, cli_store, cli_web

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
