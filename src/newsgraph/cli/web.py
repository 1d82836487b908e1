"""CLI commands for the web app: serve (registered into the main app)."""
from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape

from newsgraph.cli.console import err, fail


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""
    app.command()(serve)


def serve(
    db: Path = typer.Option(Path("newsgraph.db"), "--db", help="The SQLite store to browse and store into."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
    token: Optional[str] = typer.Option(None, "--token", envvar="NEWSGRAPH_TOKEN",
                                        help="Require this token to store documents (Authorization: Bearer TOKEN)."),
) -> None:
    """Serve the web UI and the /api/v1 JSON API (OpenAPI at /api/v1/openapi.json)."""
    from newsgraph.errors import NewsgraphError
    from newsgraph.web import create_app

    if _all_interfaces(host) and not token:
        fail(f"listening on {host} (every interface) needs --token or NEWSGRAPH_TOKEN", 2)
    try:
        app = create_app(db, token=token)
    except NewsgraphError as exc:
        fail(str(exc))
    if not _is_loopback(host) and token is None:
        err.print(f"[yellow]warning:[/yellow] listening on {escape(host)} without --token: anyone who can reach it can store documents",
                  highlight=False)
    import threading

    import uvicorn

    from newsgraph.web.analysis import warm_up
    from newsgraph.web.protocol import DeadlineProtocol

    threading.Thread(target=_quietly, args=(warm_up,), daemon=True, name="warm-up").start()

    err.print(f"newsgraph web on http://{escape(host)}:{port}/  (store: {escape(str(db))})", highlight=False)
    try:
        uvicorn.run(app, host=host, port=port, http=DeadlineProtocol,
                    log_level=os.environ.get("NEWSGRAPH_LOG", "warning"))
    except (OSError, SystemExit) as exc:
        fail(f"cannot serve on {host}:{port}: {exc}")


def _quietly(job) -> None:
    """A failed warm-up is not an error: the first analysis will just load things itself."""
    try:
        job()
    except Exception:  # noqa: BLE001
        pass


def _all_interfaces(host: str) -> bool:
    """0.0.0.0, :: and the like: reachable from every network the machine is on."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return host == ""


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
