"""CLI commands for the store: query, export, dedup (registered into the main app)."""
from __future__ import annotations

import csv
import sqlite3
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import orjson
import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

DEFAULT_DB = Path("newsgraph.db")
from newsgraph.cli.console import err
from newsgraph.store.export import clip
from newsgraph.cli.console import fail as _fail


class Kind(str, Enum):
    events = "events"
    quotes = "quotes"
    actors = "actors"
    documents = "documents"


class RowFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    plover = "plover"


# What a terminal table shows of each kind (JSONL and CSV carry every column).
# "what" is the event's issue, or its evidence when no issue was found.
TABLE_COLUMNS = {
    "events": ("day", "type", "source", "target", "evidence", "article", "confidence"),
    "quotes": ("published", "speaker", "text", "confidence"),
    "actors": ("name", "type", "country", "sector", "country_from", "documents"),
    "documents": ("published", "title", "events", "duplicate_of", "doc_id"),
    "stories": ("story_id", "type", "source_countries", "target_countries", "first_day", "reports", "documents", "issue"),
}
WIDE_COLUMNS = {"what", "issue", "text", "title", "name", "speaker", "evidence", "article", "source", "target"}
HEADERS = {"source_countries": "source", "target_countries": "target", "confidence": "conf", "story_id": "story",
           "duplicate_of": "copy of", "documents": "docs", "first_day": "first day", "doc_id": "doc id"}
RATIOS = {"evidence": 4, "article": 3}  # shares of the width the wide columns take
DbOption = typer.Option(DEFAULT_DB, "--db", help="SQLite store to read.")


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""
    app.command("query")(query_command)
    app.command("export")(export_command)
    app.command("dedup")(dedup_command)


def query_command(
    kind: Kind = typer.Argument(..., help="events | quotes | actors | documents"),
    type: Optional[str] = typer.Option(None, "--type", help="Event type (REQUEST...), actor type (PERSON...), quote kind (direct...); for documents: has an event of this type."),
    actor: Optional[str] = typer.Option(None, "--actor", help="Country or IGO code as written in records (RUS, EU, NATO), else part of an actor name."),
    since: Optional[str] = typer.Option(None, "--since", help="From this day (YYYY[-MM[-DD]]), inclusive."),
    until: Optional[str] = typer.Option(None, "--until", help="Up to this day (YYYY[-MM[-DD]]), inclusive."),
    search: Optional[str] = typer.Option(None, "--search", help="Words the document (or quote) text must contain."),
    limit: int = typer.Option(100, "--limit", help="Most rows to return; 0 for all."),
    format: Optional[RowFormat] = typer.Option(None, "--format", "-f", help="table | jsonl | csv (default: table on a terminal, JSONL when piped)."),
    explain: bool = typer.Option(False, "--explain", help="Print SQLite's query plan instead of rows."),
    db: Path = DbOption,
) -> None:
    """Query stored events, quotes, actors or documents without writing SQL."""
    from newsgraph.errors import StoreError
    from newsgraph.store.query import Filters
    from newsgraph.store.query import explain as explain_plan
    from newsgraph.store.query import query

    filters = Filters(type=type, actor=actor, since=since, until=until, search=search, limit=limit)
    try:
        with _open_existing(db) as store:
            if explain:
                typer.echo("\n".join(explain_plan(store, kind.value, filters)))
                return
            rows = query(store, kind.value, filters)
    except (StoreError, sqlite3.Error) as exc:
        _fail(str(exc))
    fmt = format or (RowFormat.table if sys.stdout.isatty() else RowFormat.jsonl)
    _print_rows(rows, fmt, title=f"{kind.value} ({len(rows)})", columns=TABLE_COLUMNS[kind.value])


def export_command(
    out_dir: Path = typer.Argument(..., help="Directory to write the files into (created if missing)."),
    to: ExportFormat = typer.Option(..., "--to", help="jsonl | csv | parquet | plover"),
    db: Path = DbOption,
) -> None:
    """Export the store: newsgraph/1 JSONL, GDELT-like CSV, Parquet tables or PLOVER records."""
    from newsgraph.errors import StoreError
    from newsgraph.store.export import export_store

    try:
        with _open_existing(db) as store:
            written = export_store(store, to.value, out_dir)
    except (StoreError, sqlite3.Error, OSError) as exc:
        _fail(str(exc))
    for name, rows in written.items():
        err.print(f"wrote {rows} row(s) to {out_dir / name}", highlight=False)


def dedup_command(
    top: int = typer.Option(10, "--top", help="How many of the largest story events to list."),
    format: Optional[RowFormat] = typer.Option(None, "--format", "-f", help="table | jsonl | csv for the story list."),
    db: Path = DbOption,
) -> None:
    """Mark duplicate documents and cluster events into story events (thresholds: docs/export.md)."""
    from newsgraph.store.dedup import dedup_store
    from newsgraph.errors import StoreError

    try:
        with _open_existing(db) as store:
            report = dedup_store(store, top=top)
    except (StoreError, sqlite3.Error) as exc:
        _fail(str(exc))
    err.print(f"{report.documents} documents: {report.exact_duplicates} exact and {report.near_duplicates} near duplicates; "
              f"{report.events} events in {report.stories} story events ({report.multi_report_stories} with several reports)",
              highlight=False)
    fmt = format or (RowFormat.table if sys.stdout.isatty() else RowFormat.jsonl)
    _print_rows(report.largest, fmt, title="largest story events", columns=TABLE_COLUMNS["stories"])


def _open_existing(db: Path):
    """Open a store that must already exist: reading an empty new file would only hide a typo."""
    from newsgraph.errors import StoreError
    from newsgraph.store.sqlite import Store

    if not db.exists():
        raise StoreError(f"no store at {db} (create one with: newsgraph analyze ... --db {db})")
    return Store(db)


def _print_rows(rows: list[dict], fmt: RowFormat, title: str, columns: tuple[str, ...]) -> None:
    if fmt is RowFormat.jsonl:
        sys.stdout.write("".join(orjson.dumps(row).decode() + "\n" for row in rows))
    elif fmt is RowFormat.csv:
        if rows:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(csv_row(row) for row in rows)
    else:
        Console().print(_table(rows, title, columns))


def csv_row(row: dict) -> dict:
    """Lists joined for CSV: country codes with ";", actors as "Name (CODE SECTOR)" with "; "."""
    return {k: "; ".join(map(party, v)) if k in ("source", "target") and isinstance(v, list)
            else ";".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()}


def party(actor: dict) -> str:
    """An actor with its codes: "Xi Jinping (CHN GOV)"."""
    codes = " ".join(c for c in (actor.get("country"), actor.get("sector")) if c)
    return f"{actor.get('name') or '?'} ({codes})" if codes else str(actor.get("name") or "?")


def _table(rows: list[dict], title: str, columns: tuple[str, ...]) -> Table:
    table = Table(title=title, expand=True)
    for name in columns:
        if name in WIDE_COLUMNS:
            table.add_column(HEADERS.get(name, name), overflow="fold", ratio=RATIOS.get(name, 1), min_width=12)
        else:  # short codes, dates and numbers: never wrapped
            table.add_column(HEADERS.get(name, name), no_wrap=True)
    for row in rows:
        table.add_row(*(_cell(row, name) for name in columns))
    return table


def _cell(row: dict, name: str) -> Text:
    """One cell as plain Text: never read as markup, so "[their]" stays as written."""
    if name == "what":
        value = row.get("issue") or row.get("evidence")
    elif name in ("source", "target") and isinstance(row.get(name), list):
        value = "; ".join(map(party, row[name])) or ", ".join(row.get(f"{name}_countries") or [])
    elif name == "type" and "cameo_root" in row:
        value = f"{row['type']} (CAMEO {row.get('cameo_root') or '-'}, quad {row.get('quad_class') or '-'})"
    elif name == "evidence" and row.get("sentence"):
        return _evidence(row)
    elif name == "article":
        value = "\n".join(str(v) for v in (row.get("title"), row.get("published"), row.get("url")) if v)
        return Text(value)
    else:
        value = row.get(name)
    if value is None:
        return Text("")
    if isinstance(value, float):
        return Text(f"{value:.2f}")
    return Text(clip(str(value), 80))


def _evidence(row: dict) -> Text:
    """The evidence's whole sentence, the evidence itself in bold, then the issue and modality."""
    sentence, evidence = row["sentence"], " ".join((row.get("evidence") or "").split())
    text = Text(sentence)
    at = sentence.find(evidence) if evidence else -1
    if at >= 0:
        text.stylize("bold", at, at + len(evidence))
    extra = [f"issue: {row['issue']}" if row.get("issue") else None, row.get("modality"),
             row.get("location") and f"in {row['location']}"]
    if any(extra):
        text.append("\n" + " · ".join(e for e in extra if e), style="dim")
    return text
