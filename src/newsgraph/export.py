"""Export: render documents as JSON, JSON Lines or a readable summary."""
from __future__ import annotations

from collections.abc import Iterable

import orjson

from .document import Document


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
        lines.append(f"  {q.kind:8} {who} [{q.cue or '-'}]: {_clip(q.text)}")
    lines.append("events:")
    for e in doc.events:
        when = e.date.value if e.date else "-"
        where = e.location.name if e.location else "-"
        lines.append(f"  {e.type:9} {','.join(e.source_countries) or '?'} -> {','.join(e.target_countries) or '-'}"
                     f" [{e.modality}, {when}, {where}, {e.confidence:.2f}] {_clip(e.issue or e.evidence.text)}")
    for f in doc.fact_checks:
        lines.append(f"fact-check ({f.verdict}): {_clip(f.claim)}")
    return lines


def _clip(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
