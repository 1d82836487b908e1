"""Export: render documents as JSON, JSON Lines or a readable summary, and
write a whole store as JSONL, GDELT-like CSV, Parquet or PLOVER records."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import orjson

from newsgraph.document import Document
from newsgraph.store.identity import sentence_around, source_key, store_id, with_location


def to_jsonl(records: Iterable[dict]) -> str:
    return "".join(orjson.dumps(r).decode() + "\n" for r in records)


def to_json(records: list[dict]) -> str:
    payload = records[0] if len(records) == 1 else records
    return orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode() + "\n"


def summary_lines(doc: Document) -> list[str]:
    """A plain summary: who, what was said, what happened, with evidence."""
    lines = [f"# {doc.title or doc.source.ref or doc.id}  [{doc.language}, {len(doc.text.split())} words, "
             f"published {doc.published or 'unknown'}]"]
    if doc.removed:
        lines.append(f"removed {len(doc.removed)} residue lines: " + ", ".join(sorted({r.reason for r in doc.removed})))
    lines.append("actors:")
    for a in doc.actors:
        lines.append(f"  {a.id} {a.name} ({a.type}, {a.country or '-'}/{a.sector or '-'}) x{len(a.mentions)}")
    lines.append("quotes:")
    for q in doc.quotes:
        who = doc.actor(q.speaker).name if q.speaker and doc.actor(q.speaker) else (q.speaker_text or "?")
        lines.append(f"  {q.kind:8} {who} [{q.cue or '-'}]: {clip(q.text)}")
    lines.append("events:")
    for e in doc.events:
        when = e.date.value if e.date else "-"
        where = e.location.name if e.location else "-"
        lines.append(f"  {e.type:9} {','.join(e.source_countries) or '?'} -> {','.join(e.target_countries) or '-'}"
                     f" [{e.modality}, {when}, {where}, {e.confidence:.2f}] {clip(e.issue or e.evidence.text)}")
    for f in doc.fact_checks:
        lines.append(f"fact-check ({f.verdict}): {clip(f.claim)}")
    return lines


def clip(text: str, width: int = 90) -> str:
    """One line of at most `width` characters, cut with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# --- exporting a whole store --------------------------------------------------
# Tables, columns and their meaning are documented in docs/export.md; keep the
# two in step (Spark and DuckDB users depend on the Parquet schema).

EXPORT_FORMATS = ("jsonl", "csv", "parquet", "plover")


def export_store(store, fmt: str, out_dir: str | Path) -> dict[str, int]:
    """Write the store to `out_dir` as `fmt`; returns {file name: rows written}."""
    from newsgraph.errors import StoreError

    if fmt not in EXPORT_FORMATS:
        raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise StoreError(f"export target {out} exists and is not a directory")
    out.mkdir(parents=True, exist_ok=True)
    context = ExportContext.load(store)
    writer = {"jsonl": _export_jsonl, "csv": _export_csv, "parquet": _export_parquet, "plover": _export_plover}[fmt]
    return writer(store, context, out)


class ExportContext:
    """Dedup results every format carries next to the records: story ids and duplicate links."""

    def __init__(self, stories: dict[tuple[str, str], int], duplicate_of: dict[str, str]):
        self.stories = stories
        self.duplicate_of = duplicate_of

    @classmethod
    def load(cls, store) -> ExportContext:
        c = store.conn
        stories = {(d, e): s for d, e, s in c.execute("SELECT doc_id, event_id, story_id FROM story_events")}
        duplicates = dict(c.execute("SELECT doc_id, duplicate_of FROM duplicates"))
        return cls(stories, duplicates)


def _export_jsonl(store, context: ExportContext, out: Path) -> dict[str, int]:
    """newsgraph/1 records, one per line, exactly as analysed (re-loadable with Store.write)."""
    n = 0
    with open(out / "records.jsonl", "wb") as f:
        for record in store.records():
            f.write(orjson.dumps(record) + b"\n")
            n += 1
    return {"records.jsonl": n}


# GDELT 2.0 event-table names for what we have, then ours.
CSV_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code",
    "Actor2Name", "Actor2CountryCode", "Actor2Type1Code", "EventCode", "EventRootCode", "QuadClass",
    "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
    "PloverType", "PloverMode", "Modality", "Issue", "Evidence", "EvidenceStart", "EvidenceEnd", "Confidence",
    "DocId", "EventId", "StoryId", "DuplicateOf", "Title", "Sentence", "TextHash",
]


def _export_csv(store, context: ExportContext, out: Path) -> dict[str, int]:
    import csv

    n = 0
    with open(out / "events.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(CSV_COLUMNS)
        for doc_id, record in store.documents():
            for event in record["events"]:
                writer.writerow(_gdelt_row(record, event, context, doc_id))
                n += 1
    return {"events.csv": n}


def _gdelt_row(record: dict, e: dict, context: ExportContext, doc_id: str | None = None) -> list:
    record = with_location(record)
    doc_id = doc_id or store_id(source_key(record))
    actors = {a["id"]: a for a in record["actors"]}
    source, target = _party(e, "source", actors), _party(e, "target", actors)
    day = (e.get("date") or {}).get("value") or record["published"]
    loc = e.get("location") or {}
    return [f"{doc_id}:{e['id']}", day.replace("-", "") if day else "",
            source["name"], source["country"], source["sector"], target["name"], target["country"], target["sector"],
            e.get("cameo_root") or "", e.get("cameo_root") or "", e.get("quad_class") or "",
            loc.get("name") or "", loc.get("country") or "", _blank(loc.get("lat")), _blank(loc.get("lon")),
            _blank(loc.get("geonameid")), (record["published"] or "").replace("-", ""), record["source"].get("location") or "",
            e["type"], e.get("mode") or "", e.get("modality") or "", e.get("issue") or "", e["evidence"]["text"],
            e["evidence"]["start"], e["evidence"]["end"], e["confidence"],
            doc_id, e["id"], _blank(context.stories.get((doc_id, e["id"]))),
            context.duplicate_of.get(doc_id, ""), record["title"] or "",
            sentence_around(record["text"], e["evidence"]["start"], e["evidence"]["end"]), record["id"]]


def _party(e: dict, role: str, actors: dict) -> dict:
    """The first actor on one side of an event, with the event's own country when the actor has none."""
    actor = next((actors[a] for a in e.get(role) or [] if a in actors), None)
    codes = e.get(f"{role}_countries") or []
    return {"name": actor["name"] if actor else "",
            "country": (actor or {}).get("country") or (codes[0] if codes else ""),
            "sector": (actor or {}).get("sector") or ""}


def _blank(value) -> str:
    return "" if value is None else str(value)


def _export_plover(store, context: ExportContext, out: Path) -> dict[str, int]:
    n = 0
    with open(out / "events.plover.jsonl", "wb") as f:
        for doc_id, record in store.documents():
            for event in record["events"]:
                f.write(orjson.dumps(plover_record(record, event, context, doc_id)) + b"\n")
                n += 1
    return {"events.plover.jsonl": n}


def plover_record(record: dict, e: dict, context: ExportContext | None = None, doc_id: str | None = None) -> dict:
    """One event in the PLOVER event-data layout: event/mode/context, actor and recipient, where and when."""
    record = with_location(record)
    doc_id = doc_id or store_id(source_key(record))
    actors = {a["id"]: a for a in record["actors"]}
    loc = e.get("location")
    story = context.stories.get((doc_id, e["id"])) if context else None
    return {
        "id": f"{doc_id}-{e['id']}",
        "date": (e.get("date") or {}).get("value") or record["published"],
        "date_precision": (e.get("date") or {}).get("precision"),
        "event": e["type"], "mode": e.get("mode"), "context": e.get("context") or [],
        "quad_class": e.get("quad_class"), "cameo_root": e.get("cameo_root"),
        "modality": e.get("modality"),
        "actor": [_plover_actor(actors.get(a)) for a in e.get("source") or [] if a in actors],
        "actor_country": e.get("source_countries") or [],
        "recipient": [_plover_actor(actors.get(a)) for a in e.get("target") or [] if a in actors],
        "recipient_country": e.get("target_countries") or [],
        "issue": e.get("issue"),
        "location": ({"placename": loc.get("name"), "country": loc.get("country"), "lat": loc.get("lat"),
                      "lon": loc.get("lon"), "geonameid": loc.get("geonameid")} if loc else None),
        "text": e["evidence"]["text"], "text_span": [e["evidence"]["start"], e["evidence"]["end"]],
        "confidence": e["confidence"],
        "story_event": story,
        "source": {"doc_id": doc_id, "url": record["source"].get("location"), "ref": record["source"].get("ref"),
                   "title": record["title"], "published": record["published"], "language": record["language"],
                   "duplicate_of": context.duplicate_of.get(doc_id) if context else None, "text_hash": record["id"]},
    }


def _plover_actor(actor: dict | None) -> dict:
    return {"name": actor["name"], "type": actor["type"], "country": actor["country"], "sector": actor["sector"]}


# --- Parquet: one file per record kind, with fixed schemas ------------------

def parquet_schemas():
    """The Parquet schema of every exported table (documented in docs/export.md)."""
    import pyarrow as pa

    s, i32, f64, day, strings = pa.string(), pa.int32(), pa.float64(), pa.date32(), pa.list_(pa.string())
    return {
        "documents": pa.schema([("doc_id", s), ("ref", s), ("source_kind", s), ("url", s), ("title", s),
                                ("published", day), ("published_from", s), ("language", s), ("text", s),
                                ("duplicate_of", s), ("text_hash", s), ("source_key", s)]),
        "actors": pa.schema([("doc_id", s), ("actor_id", s), ("name", s), ("type", s), ("country", s), ("sector", s),
                             ("aliases", strings), ("mention_count", i32), ("confidence", f64)]),
        "mentions": pa.schema([("doc_id", s), ("actor_id", s), ("start", i32), ("end", i32), ("text", s), ("via", s)]),
        "quotes": pa.schema([("doc_id", s), ("quote_id", s), ("kind", s), ("start", i32), ("end", i32), ("text", s),
                             ("speaker", s), ("speaker_text", s), ("cue", s), ("medium", s), ("confidence", f64)]),
        "events": pa.schema([("doc_id", s), ("event_id", s), ("type", s), ("mode", s), ("context", strings),
                             ("cameo_root", s), ("quad_class", i32), ("source", strings), ("target", strings),
                             ("source_countries", strings), ("target_countries", strings), ("issue", s),
                             ("date", day), ("date_text", s), ("date_precision", s), ("location_name", s),
                             ("location_country", s), ("lat", f64), ("lon", f64), ("geonameid", pa.int64()),
                             ("modality", s), ("evidence_start", i32), ("evidence_end", i32), ("evidence", s),
                             ("quote", s), ("confidence", f64), ("story_id", pa.int64()), ("sentence", s)]),
        "fact_checks": pa.schema([("doc_id", s), ("n", i32), ("claim", s), ("claimant", s), ("verdict", s),
                                  ("by", s), ("evidence_start", i32), ("evidence_end", i32), ("evidence", s),
                                  ("confidence", f64)]),
        "stories": pa.schema([("story_id", pa.int64()), ("type", s), ("source_countries", strings),
                              ("target_countries", strings), ("first_day", day), ("last_day", day),
                              ("location", s), ("issue", s), ("reports", pa.int64()), ("documents", pa.int64())]),
    }


def _export_parquet(store, context: ExportContext, out: Path, batch: int = 2000) -> dict[str, int]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schemas = parquet_schemas()
    writers = {name: pq.ParquetWriter(out / f"{name}.parquet", schema) for name, schema in schemas.items()}
    pending: dict[str, list[dict]] = {name: [] for name in schemas}
    counts = dict.fromkeys(schemas, 0)

    def flush(name: str) -> None:
        if pending[name]:
            writers[name].write_table(pa.Table.from_pylist(pending[name], schema=schemas[name]))
            counts[name] += len(pending[name])
            pending[name] = []

    try:
        for doc_id, record in store.documents():
            for name, rows in parquet_rows(record, context, doc_id).items():
                pending[name].extend(rows)
                if len(pending[name]) >= batch:
                    flush(name)
        pending["stories"] = _story_rows(store)
        for name in schemas:
            flush(name)
    finally:
        for w in writers.values():
            w.close()
    return {f"{name}.parquet": n for name, n in counts.items()}


def parquet_rows(r: dict, context: ExportContext, doc_id: str | None = None) -> dict[str, list[dict]]:
    """The Parquet rows of one record; `doc_id` is its store id (derived from its source key when
    it was never stored, as in the Spark runner, the same id the store would give it)."""
    r = with_location(r)
    key = source_key(r)
    doc_id, src = doc_id or store_id(key), r["source"]
    return {
        "documents": [{"doc_id": doc_id, "ref": src.get("ref"), "source_kind": src.get("kind"), "url": src.get("location"),
                       "title": r["title"], "published": _day(r["published"]), "published_from": r["published_from"],
                       "language": r["language"], "text": r["text"], "duplicate_of": context.duplicate_of.get(doc_id),
                       "text_hash": r["id"], "source_key": key}],
        "actors": [{"doc_id": doc_id, "actor_id": a["id"], "name": a["name"], "type": a["type"], "country": a["country"],
                    "sector": a["sector"], "aliases": a.get("aliases") or [], "mention_count": len(a["mentions"]),
                    "confidence": a["confidence"]} for a in r["actors"]],
        "mentions": [{"doc_id": doc_id, "actor_id": a["id"], **m} for a in r["actors"] for m in a["mentions"]],
        "quotes": [{"doc_id": doc_id, "quote_id": q["id"], **{k: v for k, v in q.items() if k != "id"}} for q in r["quotes"]],
        "events": [_parquet_event(doc_id, e, context, r["text"]) for e in r["events"]],
        "fact_checks": [{"doc_id": doc_id, "n": n, "claim": f["claim"], "claimant": f["claimant"], "verdict": f["verdict"],
                         "by": f.get("by"), "evidence_start": f["evidence"]["start"], "evidence_end": f["evidence"]["end"],
                         "evidence": f["evidence"]["text"], "confidence": f["confidence"]}
                        for n, f in enumerate(r["fact_checks"])],
    }


def _parquet_event(doc_id: str, e: dict, context: ExportContext, text: str = "") -> dict:
    date, loc, ev = e.get("date") or {}, e.get("location") or {}, e["evidence"]
    return {"doc_id": doc_id, "event_id": e["id"], "type": e["type"], "mode": e.get("mode"), "context": e.get("context") or [],
            "cameo_root": e.get("cameo_root"), "quad_class": e.get("quad_class"), "source": e.get("source") or [],
            "target": e.get("target") or [], "source_countries": e.get("source_countries") or [],
            "target_countries": e.get("target_countries") or [], "issue": e.get("issue"),
            "date": _day(date.get("value")), "date_text": date.get("text"), "date_precision": date.get("precision"),
            "location_name": loc.get("name"), "location_country": loc.get("country"), "lat": loc.get("lat"),
            "lon": loc.get("lon"), "geonameid": loc.get("geonameid"), "modality": e.get("modality"),
            "evidence_start": ev["start"], "evidence_end": ev["end"], "evidence": ev["text"], "quote": e.get("quote"),
            "confidence": e["confidence"], "story_id": context.stories.get((doc_id, e["id"])),
            "sentence": sentence_around(text, ev["start"], ev["end"])}


def _story_rows(store) -> list[dict]:
    rows = store.conn.execute("SELECT id, type, source_countries, target_countries, first_day, last_day, location, issue,"
                              " reports, documents FROM stories ORDER BY id")
    return [{"story_id": sid, "type": t, "source_countries": [c for c in (src or "").split(";") if c],
             "target_countries": [c for c in (tgt or "").split(";") if c], "first_day": _day(first),
             "last_day": _day(last), "location": loc, "issue": issue, "reports": reports, "documents": docs}
            for sid, t, src, tgt, first, last, loc, issue, reports, docs in rows]


def _day(value: str | None):
    """An ISO date string as a date, or None when it is missing or not a full date."""
    from datetime import date

    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
