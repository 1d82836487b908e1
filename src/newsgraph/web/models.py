"""Request and response shapes of the API, as they appear in its OpenAPI document."""
from __future__ import annotations

from datetime import date
from typing import Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

from newsgraph.store.query import ACTOR_TYPES, PLOVER_TYPES, QUOTE_KINDS

EventType = Literal[PLOVER_TYPES]  # type: ignore[valid-type]
ActorType = Literal[ACTOR_TYPES]  # type: ignore[valid-type]
QuoteKind = Literal[QUOTE_KINDS]  # type: ignore[valid-type]
# YYYY, YYYY-MM or YYYY-MM-DD, as tight as a regex can say it (year 0000 and month 13 do not exist).
_YEAR = r"(\d{3}[1-9]|\d{2}[1-9]\d|\d[1-9]\d{2}|[1-9]\d{3})"
DATE_PREFIX = rf"^{_YEAR}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"


# Some text that is not whitespace, and no NUL anywhere: NUL is binary data, refused like the CLI
# refuses it (NG102). A linear-time pattern (pydantic's regex engine has no backtracking).
NOT_BLANK_NO_NUL = r"^[^\x00]*[^\x00\s][^\x00]*$"
PUBLISHED = Field(None, description="Publication date; relative dates in the article resolve against it.")


class _Analyze(BaseModel):
    model_config = ConfigDict(extra="forbid")
    published: Optional[date] = PUBLISHED


class AnalyzeText(_Analyze):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"text": "The minister demanded the release of the prisoners on Monday.", "published": "2025-07-07"}]})
    text: str = Field(pattern=NOT_BLANK_NO_NUL, description="Plain article text (not blank; no NUL characters).")


class AnalyzeHtml(_Analyze):
    html: str = Field(pattern=NOT_BLANK_NO_NUL, description="An HTML page; the article is extracted from it (no NUL characters).")


class AnalyzeUrl(_Analyze):
    url: str = Field(pattern=r"^https?://[^\s/?#]+", max_length=2000,
                     description="An http(s) URL to fetch; private and loopback addresses are refused.")


# Exactly one of text, html or url: each variant forbids the other keys.
AnalyzeRequest = Union[AnalyzeText, AnalyzeHtml, AnalyzeUrl]


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Record(Open):
    """A newsgraph/1 record (see the project's record contract); only the top level is listed here."""
    schema_: str = Field(alias="schema")
    id: str
    source: dict[str, Any]
    title: Optional[str] = None
    published: Optional[str] = None
    published_from: Optional[str] = None
    language: Optional[str] = None
    text: str
    # Defaults, so a record stored by an older newsgraph without one of these still serves.
    removed: list[dict[str, Any]] = Field(default_factory=list)
    actors: list[dict[str, Any]] = Field(default_factory=list)
    quotes: list[dict[str, Any]] = Field(default_factory=list)
    events: list[dict[str, Any]] = Field(default_factory=list)
    fact_checks: list[dict[str, Any]] = Field(default_factory=list)


class Party(Open):
    """An actor on one side of an event."""
    name: Optional[str] = None
    type: Optional[str] = None
    country: Optional[str] = Field(None, description="ISO 3166 alpha-3 or IGO code.")
    sector: Optional[str] = Field(None, description="CAMEO sector code (GOV, MIL, ...).")


class EventRow(Open):
    day: Optional[str] = Field(None, description="The event's date, else the article's publication date.")
    type: Optional[str] = Field(None, description="PLOVER event type.")
    mode: Optional[str] = None
    cameo_root: Optional[str] = None
    quad_class: Optional[int] = Field(None, description="1 verbal coop., 2 material coop., 3 verbal conflict, 4 material conflict.")
    source: list[Party] = Field(default_factory=list, description="Source actors, with their codes.")
    target: list[Party] = Field(default_factory=list, description="Target actors, with their codes.")
    source_countries: list[str] = Field(default_factory=list)
    target_countries: list[str] = Field(default_factory=list)
    issue: Optional[str] = None
    date: Optional[str] = Field(None, description="The event's own date, when the article gives one.")
    location: Optional[str] = Field(None, description="Where it happened.")
    location_country: Optional[str] = None
    modality: Optional[str] = None
    confidence: Optional[float] = None
    evidence: Optional[str] = Field(None, description="The words the event was coded from.")
    sentence: Optional[str] = Field(None, description="The whole sentence (or sentences) holding the evidence.")
    title: Optional[str] = Field(None, description="The article's title.")
    published: Optional[str] = Field(None, description="The article's publication date.")
    url: Optional[str] = Field(None, description="The article's URL (or where it was read from).")
    doc_id: Optional[str] = None
    event_id: Optional[str] = None
    story_id: Optional[int] = None


class QuoteRow(Open):
    published: Optional[str] = None
    kind: Optional[str] = None
    speaker: Optional[str] = None
    speaker_country: Optional[str] = None
    cue: Optional[str] = None
    text: Optional[str] = None
    confidence: Optional[float] = None
    doc_id: Optional[str] = None
    quote_id: Optional[str] = None


class ActorRow(Open):
    name: Optional[str] = None
    type: Optional[str] = None
    country: Optional[str] = None
    sector: Optional[str] = None
    documents: Optional[int] = None
    first_seen: Optional[str] = None
    last_seen: Optional[str] = None
    confidence: Optional[float] = None


class DocumentRow(Open):
    published: Optional[str] = None
    title: Optional[str] = None
    ref: Optional[str] = None
    url: Optional[str] = Field(None, description="The article's URL (or where it was read from).")
    language: Optional[str] = None
    events: Optional[int] = None
    duplicate_of: Optional[str] = Field(None, description="The original's doc_id when dedup found this a copy.")
    duplicate: Optional[str] = Field(None, description="exact or near, for a copy.")
    doc_id: Optional[str] = Field(None, description="The store's id of the source document.")
    text_hash: Optional[str] = Field(None, description="The record id: a hash of the clean text; equal texts share it.")
    source_key: Optional[str] = Field(None, description="The source document: its URL, else its path and place there.")


class EventList(BaseModel):
    count: int
    items: list[EventRow]


class QuoteList(BaseModel):
    count: int
    items: list[QuoteRow]


class ActorList(BaseModel):
    count: int
    items: list[ActorRow]


class DocumentList(BaseModel):
    count: int
    items: list[DocumentRow]


class SearchResult(BaseModel):
    query: str
    documents: list[DocumentRow]
    quotes: list[QuoteRow]


class ErrorDetail(BaseModel):
    status: int
    code: str = Field(description="NGxxx for newsgraph errors (see errors.py), else a short name like not_found.")
    message: str = Field(description="One line, meant for a person.")


class Error(BaseModel):
    error: ErrorDetail
