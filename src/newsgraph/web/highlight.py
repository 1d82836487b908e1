"""The document view: clean text cut into segments, each knowing which highlights cover it.

Highlights overlap (a mention inside an event's evidence inside a quote), and HTML
cannot nest overlapping elements, so the text is cut at every span boundary and
each segment lists the annotations covering it. Annotation keys are positional
("a0", "q3", "e7", "f0"), never the record's own ids, so a hostile record cannot
inject anything into the attributes the script reads. The template escapes all text.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

KIND_CLASS = {"a": "mention", "q": "quote", "e": "event", "f": "factcheck"}


@dataclass
class Segment:
    text: str
    keys: list[str] = field(default_factory=list)
    anchors: list[tuple[str, str]] = field(default_factory=list)  # (element id, key) of events starting here
    tags: list[str] = field(default_factory=list)  # visible labels of events/fact-checks starting here
    starts: bool = False  # an annotation starts here: the segment is focusable

    @property
    def classes(self) -> str:
        return " ".join(sorted({KIND_CLASS[k[0]] for k in self.keys}))


def _spans(record: dict) -> list[tuple[int, int, str, str | None, str | None]]:
    """(start, end, key, anchor id, tag) for every highlight in the record."""
    spans = []
    for i, actor in enumerate(record.get("actors") or []):
        for m in actor.get("mentions") or []:
            spans.append((m.get("start"), m.get("end"), f"a{i}", None, None))
    for i, q in enumerate(record.get("quotes") or []):
        spans.append((q.get("start"), q.get("end"), f"q{i}", None, None))
    for i, e in enumerate(record.get("events") or []):
        ev = e.get("evidence") or {}
        spans.append((ev.get("start"), ev.get("end"), f"e{i}", f"event-{e.get('id')}", str(e.get("type"))))
    for i, f in enumerate(record.get("fact_checks") or []):
        ev = f.get("evidence") or {}
        spans.append((ev.get("start"), ev.get("end"), f"f{i}", None, f"fact-check: {f.get('verdict')}"))
    return spans


def segments(record: dict) -> list[Segment]:
    text = record.get("text") or ""
    spans = [(s, e, key, anchor, tag) for s, e, key, anchor, tag in _spans(record)
             if isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)]
    cuts = sorted({0, len(text), *(s for s, *_ in spans), *(e for _, e, *_ in spans)})
    segs = [Segment(text[a:b]) for a, b in zip(cuts, cuts[1:])]
    for start, end, key, anchor, tag in spans:
        first, last = bisect_left(cuts, start), bisect_left(cuts, end)
        for seg in segs[first:last]:
            if key not in seg.keys:
                seg.keys.append(key)
        head = segs[first]
        head.starts = True
        if anchor and anchor not in (a for a, _ in head.anchors):
            head.anchors.append((anchor, key))
        if tag:
            head.tags.append(tag)
    return segs


def actor_names(record: dict) -> dict[str, str]:
    return {a.get("id"): a.get("name") or a.get("id") for a in record.get("actors") or []}


def names(ids, lookup: dict[str, str]) -> str:
    return ", ".join(str(lookup.get(i, i)) for i in ids or []) or "—"


def describe_event(e: dict, lookup: dict[str, str]) -> dict[str, str]:
    """The fields shown for an event in its tooltip and in the side panel, as text."""
    date = e.get("date") or {}
    place = e.get("location") or {}
    return {
        "Type": " / ".join(str(x) for x in (e.get("type"), e.get("mode")) if x),
        "Source": names(e.get("source"), lookup) + _codes(e.get("source_countries")),
        "Target": names(e.get("target"), lookup) + _codes(e.get("target_countries")),
        "Issue": e.get("issue") or "—",
        "Date": date.get("value") or "—",
        "Place": " ".join(str(x) for x in (place.get("name"), _paren(place.get("country"))) if x) or "—",
        "Modality": e.get("modality") or "—",
        "Confidence": _conf(e.get("confidence")),
    }


def describe_actor(a: dict) -> dict[str, str]:
    return {"Actor": str(a.get("name") or "—"), "Type": str(a.get("type") or "—"),
            "Country": str(a.get("country") or "—"), "Sector": str(a.get("sector") or "—"),
            "Confidence": _conf(a.get("confidence"))}


def describe_quote(q: dict, lookup: dict[str, str]) -> dict[str, str]:
    speaker = lookup.get(q.get("speaker")) or q.get("speaker_text") or "unknown"
    return {"Quote": str(q.get("kind") or "—"), "Speaker": str(speaker), "Cue": str(q.get("cue") or "—"),
            "Confidence": _conf(q.get("confidence"))}


def describe_fact_check(f: dict, lookup: dict[str, str]) -> dict[str, str]:
    return {"Fact-check": str(f.get("verdict") or "—"), "Claim": str(f.get("claim") or "—"),
            "Claimant": str(lookup.get(f.get("claimant")) or f.get("claimant") or "—"),
            "Confidence": _conf(f.get("confidence"))}


def _codes(codes) -> str:
    return f" ({', '.join(str(c) for c in codes)})" if codes else ""


def _paren(value) -> str | None:
    return f"({value})" if value else None


def _conf(value) -> str:
    return f"{value:.2f}" if isinstance(value, (int, float)) else "—"


def view(record: dict) -> dict:
    """Everything the document template needs, precomputed as plain text."""
    lookup = actor_names(record)
    events = [{"key": f"e{i}", "id": e.get("id"), "type": e.get("type"), "label": e.get("issue") or
               (e.get("evidence") or {}).get("text") or "", "fields": describe_event(e, lookup)}
              for i, e in enumerate(record.get("events") or [])]
    return {
        "segments": segments(record),
        "actors": [{"key": f"a{i}", "name": a.get("name"), "fields": describe_actor(a),
                    "mentions": len(a.get("mentions") or [])} for i, a in enumerate(record.get("actors") or [])],
        "quotes": [{"key": f"q{i}", "text": q.get("text"), "fields": describe_quote(q, lookup)}
                   for i, q in enumerate(record.get("quotes") or [])],
        "demands": [e for e in events if e["type"] == "REQUEST"],
        "other_events": [e for e in events if e["type"] != "REQUEST"],
        "events": events,
        "fact_checks": [{"key": f"f{i}", "claim": f.get("claim"), "fields": describe_fact_check(f, lookup)}
                        for i, f in enumerate(record.get("fact_checks") or [])],
    }
