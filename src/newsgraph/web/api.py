"""The JSON API under /api/v1, documented by the app's OpenAPI at /api/v1/openapi.json."""
from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends, Query, Request

from newsgraph.errors import StoreError
from newsgraph.store.query import Filters
from newsgraph.web import data
from newsgraph.web.analysis import analyse, store_record
from newsgraph.web.errors import WebError
from newsgraph.web.models import (ActorList, ActorType, AnalyzeRequest, DocumentList, Error, EventList, EventType, QuoteKind,
                     QuoteList, Record, SearchResult, DATE_PREFIX)

router = APIRouter(prefix="/api/v1", tags=["api"], responses={422: {"model": Error}, 500: {"model": Error}})


def checked(kind: str, filters: Filters) -> Filters:
    """query.Filters says what is wrong in CLI words (--type); the API has no dashes."""
    try:
        filters.check(kind)
    except StoreError as exc:
        raise WebError(422, exc.code, exc.message.replace("--", "")) from None
    return filters


def filters(actor: Optional[str] = Query(None, max_length=200, description="Country/IGO code (RUS, EU) or part of a name."),
            since: Optional[str] = Query(None, pattern=DATE_PREFIX, description="YYYY, YYYY-MM or YYYY-MM-DD."),
            until: Optional[str] = Query(None, pattern=DATE_PREFIX, description="YYYY, YYYY-MM or YYYY-MM-DD."),
            search: Optional[str] = Query(None, max_length=500, pattern=r"\w", description="Words the document must contain."),
            limit: int = Query(100, ge=1, le=1000)) -> Filters:
    return Filters(actor=actor, since=since, until=until, search=search, limit=limit)


def listing(request: Request, kind: str, f: Filters) -> dict:
    with data.reader(request.app.state.db_path) as r:
        items = data.rows(r, kind, checked(kind, f))
    return {"count": len(items), "items": items}


@router.post("/analyze", response_model=Record,
             responses={status: {"model": Error} for status in (401, 403, 413, 502, 503, 504)})
def analyze(body: AnalyzeRequest, request: Request,
            store: bool = Query(False, description="Also store the record; its page is /documents/{id}.")) -> dict:
    """Analyse `{"text"}`, `{"html"}` or `{"url"}` and return the newsgraph/1 record."""
    state = request.app.state
    if store:
        state.require_token(request.headers.get("authorization"))
    published = body.published.isoformat() if body.published else None
    record = analyse(text=getattr(body, "text", None), html=getattr(body, "html", None), url=getattr(body, "url", None),
                     published=published, fetch=state.fetch, stages=state.stages)
    if store:
        store_record(state.db_path, record)
    return record


@router.get("/documents", response_model=DocumentList)
def documents(request: Request, f: Filters = Depends(filters), type: Optional[EventType] = Query(None, description="Has an event of this type.")) -> dict:
    f.type = type
    return listing(request, "documents", f)


@router.get("/documents/{doc_id}", response_model=Record, responses={404: {"model": Error}})
def document(doc_id: str, request: Request) -> dict:
    return data.record_or_404(request.app.state.db_path, doc_id)


@router.get("/events", response_model=EventList)
def events(request: Request, f: Filters = Depends(filters), type: Optional[EventType] = None) -> dict:
    f.type = type
    return listing(request, "events", f)


@router.get("/actors", response_model=ActorList)
def actors(request: Request, f: Filters = Depends(filters), type: Optional[ActorType] = None) -> dict:
    f.type = type
    return listing(request, "actors", f)


@router.get("/quotes", response_model=QuoteList)
def quotes(request: Request, f: Filters = Depends(filters), type: Optional[QuoteKind] = Query(None, description="Quote kind.")) -> dict:
    f.type = type
    return listing(request, "quotes", f)


@router.get("/search", response_model=SearchResult)
def search(request: Request, q: str = Query(..., max_length=500, pattern=r"\w", description="Words to find (at least one)."),
           limit: int = Query(20, ge=1, le=200)) -> dict:
    """Documents (title and text) and quotes holding all the words of `q`."""
    with data.reader(request.app.state.db_path) as r:
        docs = data.rows(r, "documents", checked("documents", Filters(search=q, limit=limit)))
        found = data.rows(r, "quotes", checked("quotes", Filters(search=q, limit=limit)))
    return {"query": q, "documents": docs, "quotes": found}
