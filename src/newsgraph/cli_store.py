"""CLI commands for the store: query, export, dedup (registered into the main app)."""
from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""
