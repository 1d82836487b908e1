"""The HTML pages: Analyse, Documents, Document (+ Removed), Events, Actors, Quotes, Evidence."""
from __future__ import annotations

from typing import Optional
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from newsgraph.errors import NewsgraphError, StoreError
from newsgraph.ingest.files import looks_like_html
from newsgraph.store.query import PLOVER_TYPES, QUOTE_KINDS, Filters
from newsgraph.web import charts, data
from newsgraph.web.analysis import analyse, store_record
from newsgraph.web.errors import WebError
from newsgraph.web.highlight import view

router = APIRouter(include_in_schema=False)
PAGE_ROWS = 200
# The chart libraries (static/vendor/, served by the app: the CSP allows scripts from 'self' only).
VEGA = ("vendor/vega.min.js", "vendor/vega-lite.min.js", "vendor/vega-interpreter.min.js", "vendor/vega-embed.min.js",
        "charts.js")
CYTOSCAPE = ("vendor/cytoscape.min.js", "charts.js")


def render(request: Request, template: str, status: int = 200, **context):
    context.setdefault("error", None)
    context.setdefault("scripts", ())
    context["token_required"] = request.app.state.token_required
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status)


def same_origin(request: Request) -> None:
    """Refuse form posts from other sites (a page elsewhere must not make this server store things)."""
    origin = request.headers.get("origin") or request.headers.get("referer")
    if origin and urlsplit(origin).netloc != request.headers.get("host"):
        raise WebError(403, "forbidden", "cross-site form posts are refused")


def page_filters(kind: str, params: dict) -> tuple[Filters, str | None]:
    """Filters from query parameters; a bad one becomes a message on the page, not an error page."""
    f = Filters(type=params.get("type") or None, actor=params.get("actor") or None,
                since=params.get("since") or None, until=params.get("until") or None,
                search=params.get("search") or None, limit=PAGE_ROWS)
    try:
        f.check(kind)
        return f, None
    except StoreError as exc:
        return Filters(limit=PAGE_ROWS), exc.message.replace("--", "")


def safe_link(url) -> str | None:
    """Only http(s) locations become links: never javascript: or data:."""
    return url if isinstance(url, str) and urlsplit(url).scheme in ("http", "https") else None


@router.get("/")
def analyse_page(request: Request):
    return render(request, "analyse.html", form={}, result=None, record=None)


@router.post("/analyze")
def analyse_form(request: Request, text: str = Form(""), url: str = Form(""), published: str = Form(""),
                 kind: str = Form("auto"), store: Optional[str] = Form(None), token: str = Form("")):
    same_origin(request)
    form = {"text": text, "url": url, "published": published, "store": bool(store), "kind": kind}
    as_html = kind == "html" or (kind == "auto" and looks_like_html(text))
    try:
        if store:
            request.app.state.require_token(token)
        record = analyse(text=None if as_html else text or None, html=text if as_html and text else None,
                         url=url or None, published=published or None, fetch=request.app.state.fetch,
                         stages=request.app.state.stages)
    except (NewsgraphError, WebError) as exc:
        message = exc.message if isinstance(exc, WebError) else str(exc)
        return render(request, "analyse.html", status=422, form=form, result=None, record=None, error=message)
    if store:
        doc_id = store_record(request.app.state.db_path, record)
        return RedirectResponse(f"/documents/{doc_id}", status_code=303)
    return render(request, "analyse.html", form=form, record=record, result=view(record), link=safe_link)


@router.get("/documents")
def documents_page(request: Request):
    params = dict(request.query_params)
    f, problem = page_filters("documents", params)
    with data.reader(request.app.state.db_path) as r:
        items = data.rows(r, "documents", f)
        total = data.document_count(r)
    return render(request, "documents.html", items=items, total=total, params=params,
                  types=PLOVER_TYPES, error=problem)


def _record(request: Request, doc_id: str) -> dict:
    return data.record_or_404(request.app.state.db_path, doc_id)


@router.get("/documents/{doc_id}")
def document_page(request: Request, doc_id: str):
    record = _record(request, doc_id)
    return render(request, "document.html", record=record, result=view(record), link=safe_link)


@router.get("/documents/{doc_id}/removed")
def removed_page(request: Request, doc_id: str):
    return render(request, "removed.html", record=_record(request, doc_id))


@router.get("/events")
def events_page(request: Request):
    params = dict(request.query_params)
    f, problem = page_filters("events", params)
    with data.reader(request.app.state.db_path) as r:
        items = data.rows(r, "events", f)
        chart = charts.timeline(data.timeline(r, f))
    return render(request, "events.html", items=items, chart=chart, legend=charts.quad_legend(), params=params,
                  types=PLOVER_TYPES, error=problem, limit=PAGE_ROWS, split=charts.split_sentence, link=safe_link,
                  scripts=VEGA)


@router.get("/actors")
def actors_page(request: Request):
    params = dict(request.query_params)
    f, problem = page_filters("events", params)
    with data.reader(request.app.state.db_path) as r:
        edges = data.edges(r, f)
        actors = data.rows(r, "actors", Filters(since=f.since, until=f.until, search=f.search, limit=60))
    return render(request, "actors.html", graph=charts.network(edges), edges=edges[:PAGE_ROWS], actors=actors,
                  legend=charts.quad_legend(), params=params, types=PLOVER_TYPES, error=problem, scripts=CYTOSCAPE)


@router.get("/evidence")
def evidence_page(request: Request, source: str = "", target: str = "", type: str = ""):
    with data.reader(request.app.state.db_path) as r:
        items = data.evidence(r, source, target, type or None)
    return render(request, "evidence.html", items=items, source=source, target=target, type=type,
                  split=charts.split_sentence, link=safe_link)


@router.get("/quotes")
def quotes_page(request: Request):
    params = dict(request.query_params)
    f, problem = page_filters("quotes", params)
    with data.reader(request.app.state.db_path) as r:
        items = data.rows(r, "quotes", f)
    return render(request, "quotes.html", items=items, params=params, kinds=QUOTE_KINDS, error=problem)
