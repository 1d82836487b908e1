"""The one record that flows through every stage, and its parts.

Every span is a pair of character offsets into `Document.text` (Python slice
semantics). `to_dict()` renders the `newsgraph/1` record of ../eval/README.md;
fields the spec does not know (the raw input, the spaCy parse) stay private.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

import orjson

SCHEMA = "newsgraph/1"


@dataclass
class Source:
    kind: str  # text | html | warc | url
    location: str | None = None
    ref: str | None = None


@dataclass
class Removed:
    reason: str
    text: str
    line: int | None = None


@dataclass
class Mention:
    start: int
    end: int
    text: str
    via: str  # name | alias | title | description | pronoun


@dataclass
class Actor:
    id: str
    name: str
    type: str  # PERSON | ORG | GPE | GROUP
    country: str | None = None
    sector: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    confidence: float = 0.5


@dataclass
class Quote:
    id: str
    kind: str  # direct | indirect | mixed
    start: int
    end: int
    text: str
    speaker: str | None = None
    speaker_text: str | None = None
    cue: str | None = None
    medium: str | None = None
    confidence: float = 0.5


@dataclass
class Span:
    start: int
    end: int
    text: str


@dataclass
class EventDate:
    text: str
    value: str
    precision: str  # day | month | year


@dataclass
class Location:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None


@dataclass
class Event:
    id: str
    type: str
    evidence: Span
    source: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    source_countries: list[str] = field(default_factory=list)
    target_countries: list[str] = field(default_factory=list)
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    cameo_root: str | None = None
    quad_class: int | None = None
    issue: str | None = None
    date: EventDate | None = None
    location: Location | None = None
    modality: str = "asserted"
    quote: str | None = None
    trigger: Span | None = None
    confidence: float = 0.5


@dataclass
class FactCheck:
    claim: str
    verdict: str
    evidence: Span
    claimant: str | None = None
    by: str = "article"
    confidence: float = 0.5


@dataclass
class LoadedTerm:
    text: str
    start: int
    end: int


@dataclass
class Document:
    source: Source
    text: str = ""
    title: str | None = None
    published: str | None = None
    published_from: str | None = None
    language: str = "en"
    removed: list[Removed] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    fact_checks: list[FactCheck] = field(default_factory=list)
    loaded_language: list[LoadedTerm] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    # Private working state, never serialised.
    raw: str | bytes | None = field(default=None, repr=False)
    raw_kind: str = field(default="text", repr=False)
    nlp: Any = field(default=None, repr=False, compare=False)
    work: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def id(self) -> str:
        return document_id(self.text)

    def to_dict(self) -> dict[str, Any]:
        record: dict[str, Any] = {"schema": SCHEMA, "id": self.id}
        for name in ("source", "title", "published", "published_from", "language", "text",
                     "removed", "actors", "quotes", "events", "fact_checks",
                     "loaded_language", "meta"):
            value = getattr(self, name)
            record[name] = _plain(value)
        if record["source"]["ref"] is None:
            record["source"]["ref"] = record["id"]  # a caller who gave no id gets the content id
        url = article_url(self.meta)
        if url and record["source"]["location"] != url:
            # The article's own URL (an HTML canonical link found while cleaning) names the source
            # better than the file it was read from; the file stays in meta.path.
            if record["source"]["location"] and not article_url({"url": record["source"]["location"]}):
                record["meta"] = {**record["meta"], "path": record["source"]["location"]}
            record["source"]["location"] = url
        return record

    def to_json(self, indent: bool = True) -> str:
        option = orjson.OPT_INDENT_2 if indent else 0
        return orjson.dumps(self.to_dict(), option=option).decode()

    def actor(self, actor_id: str | None) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)

    def actor_at(self, start: int, end: int) -> Actor | None:
        """The actor with a mention inside [start, end), preferring the longest one."""
        best, best_len = None, 0
        for actor in self.actors:
            for m in actor.mentions:
                if m.start >= start and m.end <= end and m.end - m.start > best_len:
                    best, best_len = actor, m.end - m.start
        return best


def article_url(meta: dict[str, Any]) -> str | None:
    """The article's http(s) URL from its metadata (given, fetched, WARC target or canonical link)."""
    url = meta.get("url") if isinstance(meta, dict) else None
    if isinstance(url, str) and re.match(r"(?i)^https?://[^\s/?#]+", url.strip()):
        return url.strip()
    return None


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return asdict(value)
    return value


_SPACES = re.compile(r"\s+")


def normalise_for_id(text: str) -> str:
    """The id must not change with whitespace or Unicode form, only with content."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def document_id(text: str) -> str:
    return hashlib.sha1(normalise_for_id(text).encode("utf-8")).hexdigest()[:16]
