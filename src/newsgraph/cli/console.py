"""The CLI's one stderr console and its one-line error exit, shared by every command."""
from __future__ import annotations

import typer
from rich.console import Console
from rich.markup import escape

from newsgraph.errors import printable

# soft_wrap: an error stays one line whatever the terminal width, so it can be grepped.
err = Console(stderr=True, soft_wrap=True)


def fail(message: str, code: int = 1) -> None:
    """Print `error: message` on stderr and leave with `code` (1 failure, 2 usage)."""
    err.print(f"[red]error:[/red] {escape(printable(message))}", highlight=False)
    raise typer.Exit(code)
