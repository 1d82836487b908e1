"""Query: the stored events, quotes, actors and documents, filtered without SQL.

One function per kind builds a parameterised SELECT from the same filters the
CLI takes (`newsgraph query KIND --type --actor --since --until --search`).
Every filter maps to an indexed column, so answers stay fast on large stores;
`explain()` shows the plan SQLite chose.
"""
from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import date

from newsgraph.errors import StoreError
from newsgraph.store.sqlite import Store
from newsgraph.lexicon import plover_types

KINDS = ("events", "quotes", "actors", "documents")
PLOVER_TYPES = plover_types()
ACTOR_TYPES = ("PERSON", "ORG", "GPE", "GROUP")
QUOTE_KINDS = ("direct", "indirect", "mixed")
# What --type means for each kind: an event type, an actor type, a quote kind,
# and for documents "has an event of this type".
TYPE_CHOICES = {"events": PLOVER_TYPES, "documents": PLOVER_TYPES, "actors": ACTOR_TYPES, "quotes": QUOTE_KINDS}
# A country (ISO alpha-3) or IGO code as the records write it: "RUS", "EU", "NATO".
_CODE = re.compile(r"^[A-Z]{2,5}$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass
class Filters:
    type: str | None = None
    actor: str | None = None
    since: str | None = None
    until: str | None = None
    search: str | None = None
    limit: int = 100

    def check(self, kind: str) -> None:
        """Refuse bad filters with a one-line reason (the CLI prints it)."""
        if kind not in KINDS:
            raise StoreError(f"unknown kind {kind!r}; choose one of {', '.join(KINDS)}")
        choices = TYPE_CHOICES[kind]
        if self.type is not None and self.type not in choices:
            raise StoreError(f"--type for {kind} must be one of {', '.join(choices)}, got {self.type!r}")
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and not _valid_day(value):
                raise StoreError(f"--{name} must be a date YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
        if self.search is not None and not fts_terms(self.search):
            raise StoreError("--search needs at least one word")
        if self.limit < 0:
            raise StoreError("--limit must be 0 (no limit) or more")


def _valid_day(value: str) -> bool:
    if not _DATE.match(value):
        return False
    year, month, day = (value.split("-") + ["01", "01"])[:3]
    try:
        date(int(year), int(month), int(day))
        return True
    except ValueError:
        return False


def query(store: Store, kind: str, filters: Filters | None = None) -> list[dict]:
    """Rows of `kind` matching `filters`, newest first. Event rows are for people: actor names
    with their codes, the article's title, date and URL, and the whole evidence sentence;
    country codes are lists. Actor rows say where each code came from (`country_from`,
    `sector_from`) and list the registry's codes for the name with their source articles."""
    filters = filters or Filters()
    sql, params = build(kind, filters, detail=True)
    try:
        cursor = store.conn.execute(sql, params)
    except sqlite3.Error as exc:
        raise StoreError(f"query failed: {exc}") from exc
    names = [c[0] for c in cursor.description]
    rows = [dict(zip(names, row)) for row in cursor]
    if kind == "actors":
        return [_with_provenance(store, row) for row in rows]
    return [_event_row(row) for row in rows] if kind == "events" else rows


# How many of an actor's documents are read for where its codes came from.
PROVENANCE_DOCUMENTS = 50
_ACTOR_EVIDENCE = ("SELECT a.doc_id, json_extract(j.value, '$.evidence') FROM actors a"
                   " JOIN documents d ON d.id = a.doc_id, json_each(d.record, '$.actors') j"
                   " WHERE a.name = :name AND a.type = :type AND a.country IS :country AND a.sector IS :sector"
                   " AND json_extract(j.value, '$.id') = a.id ORDER BY a.published DESC, a.doc_id LIMIT :n")


def _with_provenance(store: Store, row: dict) -> dict:
    """An actor row with where each code came from: for "country" and "sector", how many of its
    documents set it by each kind of evidence (cue, place, dictionary, registry, home, default),
    and, for codes borrowed from the registry, the stored articles they came from."""
    params = {"name": row["name"], "type": row["type"], "country": row["country"], "sector": row["sector"],
              "n": PROVENANCE_DOCUMENTS}
    tally: dict[str, dict[str, int]] = {"country": {}, "sector": {}}
    borrowed: dict[str, set[str]] = {"country": set(), "sector": set()}
    for _, raw in store.conn.execute(_ACTOR_EVIDENCE, params):
        evidence = json.loads(raw) if raw else {}
        for field in tally:
            why = (evidence or {}).get(field) or {}
            if row[field] is not None:
                by = why.get("by", "unrecorded")
                tally[field][by] = tally[field].get(by, 0) + 1
                if by == "registry" and why.get("article"):
                    borrowed[field].add(why["article"])
    row["country_from"] = _tally_text(tally["country"], borrowed["country"])
    row["sector_from"] = _tally_text(tally["sector"], borrowed["sector"])
    row["registry"] = [{k: r[k] for k in ("field", "code", "article", "ref", "published")}
                       for r in store.registry.codes(row["name"])] if row["type"] in ("PERSON", "ORG") else []
    return row


def _tally_text(counts: dict[str, int], articles: set[str]) -> str | None:
    """"cue 3, registry 1 (from doc-12)": the kinds of evidence, most used first."""
    if not counts:
        return None
    parts = []
    for by, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        part = f"{by} {n}"
        if by == "registry" and articles:
            part += f" (from {', '.join(sorted(articles)[:3])})"
        parts.append(part)
    return ", ".join(parts)


def explain(store: Store, kind: str, filters: Filters | None = None) -> list[str]:
    """SQLite's EXPLAIN QUERY PLAN for the query, one line per step."""
    sql, params = build(kind, filters or Filters(), detail=True)
    return [row[3] for row in store.conn.execute("EXPLAIN QUERY PLAN " + sql, params)]


def build(kind: str, filters: Filters, detail: bool = False) -> tuple[str, dict]:
    """The SELECT for `kind`; `detail` adds what only a reader needs (event actors, titles, URLs),
    which aggregates over the rows (web/data.py) leave out."""
    filters.check(kind)
    builder = {"events": _events, "quotes": _quotes, "actors": _actors, "documents": _documents}[kind]
    where, params = [], {"limit": filters.limit or -1}
    select, order = _events(filters, where, params, detail) if kind == "events" else builder(filters, where, params)
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    return f"{select}{clause} {order} LIMIT :limit", params


def fts_terms(text: str) -> str:
    """User words -> an FTS5 query that matches documents holding all of them.

    Each word is quoted so punctuation or FTS operators in the input never
    become a syntax error."""
    return " ".join(f'"{word}"' for word in re.findall(r"\w+", text))


def _date_range(column: str, f: Filters, where: list, params: dict) -> None:
    if f.since:
        where.append(f"{column} >= :since")
        params["since"] = f.since
    if f.until:
        # "~" sorts after digits and "-", so --until 2025-07 keeps every day of July.
        where.append(f"{column} <= :until")
        params["until"] = f.until + "~"


_LIKE_SPECIAL = re.compile(r"[\\%_]")


def _actor_is_code(f: Filters, params: dict) -> bool:
    """--actor is a country/IGO code when written like one, else part of a name."""
    if _CODE.match(f.actor):
        params["code"] = f.actor
        return True
    # % and _ in a name are themselves, not wildcards: `--actor %` finds names holding "%".
    params["name"] = "%" + _LIKE_SPECIAL.sub(r"\\\g<0>", f.actor) + "%"
    return False


# The actors on one side of an event, as a JSON array of {name, type, country, sector}.
_PARTY = ("(SELECT json_group_array(json_object('name', a.name, 'type', a.type, 'country', a.country,"
          " 'sector', a.sector)) FROM event_parties p JOIN actors a ON a.doc_id = p.doc_id AND a.id = p.actor_id"
          " WHERE p.doc_id = e.doc_id AND p.event_id = e.id AND p.role = '{role}') AS {role}")
_EVENT_DETAIL = (", e.cameo_root, e.date, e.location_country, " + _PARTY.format(role="source") + ", "
                 + _PARTY.format(role="target") + ", e.sentence, d.title, d.published, d.location AS url")


def _event_row(row: dict) -> dict:
    """Lists where JSON has lists: country codes and the actors on each side."""
    for side in ("source", "target"):
        row[f"{side}_countries"] = [c for c in (row.get(f"{side}_countries") or "").split(";") if c]
        if side in row:
            row[side] = json.loads(row[side] or "[]")
    return row


def _events(f: Filters, where: list, params: dict, detail: bool = False) -> tuple[str, str]:
    select = ("SELECT e.day, e.type, e.mode, e.source_countries, e.target_countries, e.issue, e.location,"
              " e.modality, e.quad_class, e.confidence, e.evidence, e.doc_id, e.id AS event_id, se.story_id"
              + (_EVENT_DETAIL if detail else "") +
              " FROM events e LEFT JOIN story_events se ON se.doc_id = e.doc_id AND se.event_id = e.id"
              + (" JOIN documents d ON d.id = e.doc_id" if detail else ""))
    if f.type:
        where.append("e.type = :type")
        params["type"] = f.type
    _date_range("e.day", f, where, params)
    if f.actor:
        if _actor_is_code(f, params):
            where.append("(e.doc_id, e.id) IN (SELECT doc_id, event_id FROM event_parties WHERE country = :code)")
        else:
            where.append("(e.doc_id, e.id) IN (SELECT p.doc_id, p.event_id FROM actors a JOIN event_parties p"
                         " ON p.doc_id = a.doc_id AND p.actor_id = a.id WHERE a.name LIKE :name ESCAPE '\\')")
    if f.search:
        where.append("e.doc_id IN (SELECT doc_id FROM documents_fts WHERE documents_fts MATCH :search)")
        params["search"] = fts_terms(f.search)
    return select, "ORDER BY e.day DESC, e.doc_id, e.id"


def _quotes(f: Filters, where: list, params: dict) -> tuple[str, str]:
    # With --search, the full-text match drives the join: it is usually the most selective filter.
    source = ("quotes_fts f JOIN quotes q ON q.doc_id = f.doc_id AND q.id = f.quote_id" if f.search else "quotes q")
    select = ("SELECT d.published, q.kind, COALESCE(a.name, q.speaker_text) AS speaker, a.country AS speaker_country,"
              f" q.cue, q.text, q.confidence, q.doc_id, q.id AS quote_id FROM {source}"
              " JOIN documents d ON d.id = q.doc_id"
              " LEFT JOIN actors a ON a.doc_id = q.doc_id AND a.id = q.speaker")
    if f.type:
        where.append("q.kind = :type")
        params["type"] = f.type
    _date_range("d.published", f, where, params)
    if f.actor:
        if _actor_is_code(f, params):
            where.append("(q.doc_id, q.speaker) IN (SELECT doc_id, id FROM actors WHERE country = :code)")
        else:
            where.append("(a.name LIKE :name ESCAPE '\\' OR q.speaker_text LIKE :name ESCAPE '\\')")
    if f.search:
        where.append("quotes_fts MATCH :search")
        params["search"] = fts_terms(f.search)
    return select, "ORDER BY d.published DESC, q.doc_id, q.start"


def _actors(f: Filters, where: list, params: dict) -> tuple[str, str]:
    """Actors are grouped by name, type and codes: one row per actor, with the documents naming it."""
    # actors.published copies the document's date, so no join: on large stores it would cost more than the rest.
    select = ("SELECT a.name, a.type, a.country, a.sector, COUNT(*) AS documents,"
              " ROUND(AVG(a.confidence), 3) AS confidence FROM actors a")
    if f.type:
        where.append("a.type = :type")
        params["type"] = f.type
    _date_range("a.published", f, where, params)
    if f.actor:
        where.append("a.country = :code" if _actor_is_code(f, params) else "a.name LIKE :name ESCAPE '\\'")
    if f.search:
        where.append("a.doc_id IN (SELECT doc_id FROM documents_fts WHERE documents_fts MATCH :search)")
        params["search"] = fts_terms(f.search)
    return select, "GROUP BY a.name, a.type, a.country, a.sector ORDER BY documents DESC, a.name"


def _documents(f: Filters, where: list, params: dict) -> tuple[str, str]:
    select = ("SELECT d.published, d.title, d.ref, d.location AS url, d.language,"
              " (SELECT COUNT(*) FROM events e WHERE e.doc_id = d.id) AS events, dup.duplicate_of, dup.method AS duplicate,"
              " d.id AS doc_id, d.text_hash, d.source_key"
              " FROM documents d LEFT JOIN duplicates dup ON dup.doc_id = d.id")
    if f.type:
        where.append("d.id IN (SELECT doc_id FROM events WHERE type = :type)")
        params["type"] = f.type
    _date_range("d.published", f, where, params)
    if f.actor:
        column = "country = :code" if _actor_is_code(f, params) else "name LIKE :name ESCAPE '\\'"
        where.append(f"d.id IN (SELECT doc_id FROM actors WHERE {column})")
    if f.search:
        where.append("d.id IN (SELECT doc_id FROM documents_fts WHERE documents_fts MATCH :search)")
        params["search"] = fts_terms(f.search)
    return select, "ORDER BY d.published DESC, d.id"
