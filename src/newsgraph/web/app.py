"""The FastAPI app: pages, the /api/v1 JSON API, static files, error handling and limits."""
from __future__ import annotations

import hmac
import logging
from pathlib import Path

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsgraph import __version__
from newsgraph.errors import NewsgraphError
from newsgraph.ingest.fetch import fetch_document
from newsgraph.pipeline import Pipeline
from newsgraph.store.sqlite import Store
from newsgraph.web import api, pages
from newsgraph.web.analysis import Fetch
from newsgraph.web.errors import BodyTooLarge, WebError, error_body, one_line, status_for
from newsgraph.web.security import BodyLimit, JsonBodyGuard, SecurityHeaders

HERE = Path(__file__).resolve().parent
# An article of a few MB of HTML is already far beyond any real one; the pipeline caps text anyway.
MAX_BODY_BYTES = 4 * 1024 * 1024
log = logging.getLogger("newsgraph.web")


def create_app(db_path: str | Path, token: str | None = None, *, fetch: Fetch = fetch_document,
               max_body_bytes: int = MAX_BODY_BYTES, pipeline: Pipeline | None = None) -> FastAPI:
    """The app over the store at `db_path`. With `token`, storing needs `Authorization: Bearer TOKEN`
    (API) or the token field (form); reading never does. `fetch` is how URLs are fetched;
    `pipeline` is what analyses (its stages; the options are read from the environment per request)."""
    Store(db_path).close()  # create or migrate the schema now: pages read it through read-only connections
    app = FastAPI(title="newsgraph", version=__version__, openapi_url="/api/v1/openapi.json",
                  docs_url=None, redoc_url=None,  # their pages load scripts from a CDN: nothing here does
                  description="News articles in; actors, quotes, PLOVER events and fact-checks out. "
                              "Every error is `{\"error\": {\"status\", \"code\", \"message\"}}`.")
    app.state.db_path = str(db_path)
    app.state.fetch = fetch
    app.state.stages = (pipeline or Pipeline()).stages
    app.state.token_required = token is not None
    app.state.require_token = lambda given: _require_token(token, given)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.ChainableUndefined)
    app.state.templates = Jinja2Templates(env=env)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _add_error_handlers(app)
    app.add_middleware(JsonBodyGuard)  # inside BodyLimit: it only ever sees bodies within the limit
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app


def _require_token(expected: str | None, given: str | None) -> None:
    if expected is None:
        return
    value = (given or "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(value.encode(), expected.encode()):
        raise WebError(401, "unauthorized", "storing needs the server's token (Authorization: Bearer TOKEN)")


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError):
        return respond(request, exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(NewsgraphError)
    async def newsgraph_error(request: Request, exc: NewsgraphError):
        status = status_for(exc)
        if status >= 500:
            log.error("%s on %s: %s", exc.code, request.url.path, exc)
        return respond(request, status, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        return respond(request, 422, "invalid_request", validation_message(exc.errors()))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 400 and request.url.path.startswith("/api/"):
            # FastAPI's answer to JSON its parser gives up on (nested thousands deep, say):
            # malformed JSON, like any other, in the API's 422.
            return respond(request, 422, "invalid_request", f"malformed JSON body: {message}")
        return respond(request, exc.status_code, None, message)

    @app.exception_handler(BodyTooLarge)
    async def too_large(request: Request, exc: BodyTooLarge):
        return respond(request, 413, None, "request body is too large")

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception):
        log.exception("unhandled error on %s", request.url.path)
        return respond(request, 500, None, f"internal error ({type(exc).__name__}); see the server log")


def validation_message(errors) -> str:
    """The first problem, as `where: what` on one line."""
    if not errors:
        return "invalid request"
    first = errors[0]
    if first.get("type") == "json_invalid":
        return f"malformed JSON body: {first.get('ctx', {}).get('error', 'cannot parse')}"
    loc = [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path")]
    where = ".".join(loc) or "body"
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    if first.get("type") == "string_pattern_mismatch" or "pattern" in (first.get("ctx") or {}):
        # A pattern is for the OpenAPI document, not for a person: say what the field must be.
        expected = EXPECTED.get(loc[-1] if loc else "", "in the documented form (see /api/v1/openapi.json)")
        return one_line(f"{where} must be {expected}, got {_shown(first.get('input'))}{more}")
    return one_line(f"{where}: {first.get('msg', 'invalid')}{more}")


# What a field must be, in words, for the fields whose check is a pattern.
EXPECTED = {"since": "a date YYYY, YYYY-MM or YYYY-MM-DD", "until": "a date YYYY, YYYY-MM or YYYY-MM-DD",
            "search": "some words (letters or digits)", "q": "some words (letters or digits)",
            "text": "text that is not blank and holds no NUL characters",
            "html": "HTML that is not blank and holds no NUL characters", "url": "an http(s) URL with a host name"}


def _shown(value) -> str:
    text = repr(value) if isinstance(value, str) else type(value).__name__
    return text if len(text) <= 60 else text[:59] + "…"


def respond(request: Request, status: int, code: str | None, message: str, headers: dict[str, str] | None = None):
    body = error_body(status, code, one_line(message))
    if request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse(body, status_code=status, headers=headers)
    templates = request.app.state.templates
    # "failure", not "error": base.html shows a page's `error` (a form problem) as text.
    return templates.TemplateResponse(request, "error.html", {"failure": body["error"]}, status_code=status,
                                      headers=headers)
