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
    """Analyse articles and print or write their newsgraph/1 records."""
    from newsgraph.errors import InputError, NewsgraphError
    from newsgraph.options import Options
    from newsgraph.pipeline import analyze_many
    from newsgraph.store.export import summary_lines, to_json, to_jsonl

    try:
        options = Options.from_env(published=published, allow_private=allow_private or None)
    except NewsgraphError:
        _fail(f"--published must be YYYY-MM-DD, got {published!r}", 2)
    fmt = format or (OutputFormat.json if out else OutputFormat.summary if sys.stdout.isatty() else OutputFormat.jsonl)
    store = _open_store(db)
    records, failures = [], 0
    for item in analyze_many(inputs, options):
        if isinstance(item, NewsgraphError):
            failures += 1
            verb = "skipped" if isinstance(item, InputError) else "failed"
            err.print(f"[yellow]{verb}[/yellow] {escape(str(item))}", highlight=False)
            continue
        if store:
            store.write(item)
        if fmt is OutputFormat.summary and out is None:
            Console().print("\n".join(summary_lines(item)), highlight=False, markup=False)
        records.append(item.to_dict())
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
