"""What the two charts draw: a Vega-Lite spec for the event timeline and Cytoscape.js
elements for the actor network. The browser draws them with the vendored libraries in
static/vendor/ (static/charts.js); nothing here writes markup.

Colours follow the Okabe-Ito palette, readable with colour-blind vision, and every mark
also carries a text label, a tooltip or a row in the tables beside the charts.
"""
from __future__ import annotations

import math
from collections import defaultdict
from datetime import date
from urllib.parse import urlencode

# PLOVER quad classes: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
QUAD = {1: ("verbal cooperation", "#56B4E9"), 2: ("material cooperation", "#009E73"),
        3: ("verbal conflict", "#E69F00"), 4: ("material conflict", "#D55E00"), None: ("unclassified", "#7F7F7F")}
QUAD_ORDER = [1, 2, 3, 4, None]
FENCE_IQRS = 3.0        # a day further than this many interquartile ranges from the middle half is an outlier
FENCE_MIN_DAYS = 7      # ... and at least this many days from it, so one busy day has room around it
MAX_EDGES = 80          # the network draws the busiest links only (the table lists them all)


def quad_legend() -> list[dict]:
    return [{"quad": q, "label": QUAD[q][0], "colour": QUAD[q][1]} for q in QUAD_ORDER]


def _quad(value) -> int | None:
    return value if value in QUAD else None


def day_ordinal(day: str | None) -> int | None:
    """YYYY, YYYY-MM or YYYY-MM-DD as a day number (the first day of a month or year), else None."""
    if not day:
        return None
    parts = str(day)[:10].split("-")
    try:
        return date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1).toordinal()
    except (ValueError, IndexError):
        return None


def robust_range(days: list[tuple[int, int]]) -> tuple[int, int]:
    """The first and last day worth showing of (day, count) pairs: Tukey's fences, wide
    (FENCE_IQRS interquartile ranges, at least FENCE_MIN_DAYS), so a lone event dated
    "last year" does not squeeze every other bar into one."""
    ordered = sorted(days)
    total = sum(n for _, n in ordered)

    def quantile(q: float) -> int:
        seen = 0
        for day, n in ordered:
            seen += n
            if seen >= q * total:
                return day
        return ordered[-1][0]

    q1, q3 = quantile(0.25), quantile(0.75)
    reach = max(FENCE_IQRS * (q3 - q1), FENCE_MIN_DAYS)
    inside = [d for d, _ in ordered if q1 - reach <= d <= q3 + reach]
    return inside[0], inside[-1]


def _datetime(ordinal: int) -> dict:
    day = date.fromordinal(ordinal)
    return {"year": day.year, "month": day.month, "date": day.day, "utc": True}


def _unit(span_days: int) -> tuple[str, str, str]:
    """(word, Vega-Lite time unit, axis format): days for up to three months, weeks up to three years."""
    if span_days <= 92:
        return "day", "utcyearmonthdate", "%d %b %Y"
    if span_days <= 3 * 366:
        return "week", "utcyearweek", "%d %b %Y"
    return "month", "utcyearmonth", "%b %Y"


def timeline(counts: list[dict]) -> dict:
    """The timeline: a Vega-Lite spec (stacked bars per day, week or month by quad class, with a
    brush, and the counts by type inside the brush) and what the caption says about it."""
    dated = [(day_ordinal(c["day"]), c) for c in counts]
    dated = [(d, c) for d, c in dated if d is not None]
    if not dated:
        return {"spec": None, "total": 0, "shown": 0, "outside": 0, "unit": None}
    first, last = robust_range([(d, c["n"]) for d, c in dated])
    word, time_unit, axis_format = _unit(last - first)
    values = [{"day": date.fromordinal(d).isoformat(), "type": c["type"], "quad": QUAD[_quad(c["quad_class"])][0],
               "n": c["n"]} for d, c in dated if first <= d <= last]
    total = sum(c["n"] for _, c in dated)
    shown = sum(v["n"] for v in values)
    pad = {"day": 1, "week": 7, "month": 31}[word]
    domain = [_datetime(first), _datetime(last + pad)]
    colour = {"field": "quad", "type": "nominal", "title": "quad class",
              "scale": {"domain": [QUAD[q][0] for q in QUAD_ORDER], "range": [QUAD[q][1] for q in QUAD_ORDER]},
              "legend": {"orient": "top", "title": None}}
    spec = {
        "data": {"values": values},
        "config": {"font": "system-ui, sans-serif", "axis": {"labelFontSize": 12, "titleFontSize": 12},
                   "legend": {"labelFontSize": 12}, "view": {"stroke": None}},
        "vconcat": [
            {"height": 200, "mark": {"type": "bar", "tooltip": True},
             "params": [{"name": "brush", "select": {"type": "interval", "encodings": ["x"]}}],
             "encoding": {
                 "x": {"field": "day", "timeUnit": time_unit, "type": "temporal", "title": None,
                       "scale": {"type": "utc", "domain": domain}, "axis": {"format": axis_format, "labelOverlap": True}},
                 "y": {"aggregate": "sum", "field": "n", "type": "quantitative", "title": f"events per {word}",
                       "axis": {"tickMinStep": 1}},
                 "color": colour,
                 "tooltip": [{"field": "day", "timeUnit": time_unit, "type": "temporal", "title": word,
                              "format": axis_format},
                             {"field": "quad", "title": "quad class"},
                             {"aggregate": "sum", "field": "n", "type": "quantitative", "title": "events"}]}},
            {"height": {"step": 14}, "mark": {"type": "bar", "tooltip": True},
             "transform": [{"filter": {"param": "brush"}}],
             "encoding": {
                 "y": {"field": "type", "type": "nominal", "sort": "-x", "title": None},
                 "x": {"aggregate": "sum", "field": "n", "type": "quantitative",
                       "title": "events by type (drag across the timeline to choose a range)",
                       "axis": {"tickMinStep": 1, "format": "d"}},
                 "color": colour}},
        ],
    }
    return {"spec": spec, "total": total, "shown": shown, "outside": total - shown, "unit": word,
            "first": date.fromordinal(first).isoformat(), "last": date.fromordinal(last).isoformat()}


def network(edges: list[dict], max_edges: int = MAX_EDGES) -> dict:
    """Cytoscape elements: the busiest links and only the actors they join, so every drawn
    actor has a drawn link. Each link opens its evidence."""
    kept = [e for e in edges if e["source"] and e["target"] and e["source"] != e["target"]][:max_edges]
    weight: dict[str, int] = defaultdict(int)
    for e in kept:
        weight[e["source"]] += e["n"]
        weight[e["target"]] += e["n"]
    names = sorted(weight, key=lambda name: (-weight[name], name))
    node_id = {name: f"n{i}" for i, name in enumerate(names)}
    nodes = [{"data": {"id": node_id[name], "label": name, "weight": weight[name],
                       "size": round(18 + 8 * math.log1p(weight[name]), 1), "href": "/events?" + urlencode({"actor": name})}}
             for name in names]
    links = [{"data": {"id": f"e{i}", "source": node_id[e["source"]], "target": node_id[e["target"]],
                       "from": e["source"], "to": e["target"], "type": e["type"], "n": e["n"],
                       "label": e["type"] + (f" ×{e['n']}" if e["n"] > 1 else ""),
                       "colour": QUAD[_quad(e["quad_class"])][1], "width": round(1.5 + 1.5 * math.log1p(e["n"]), 1),
                       "href": "/evidence?" + urlencode({"source": e["source"], "target": e["target"], "type": e["type"]})}}
             for i, e in enumerate(kept)]
    actors = {e["source"] for e in edges} | {e["target"] for e in edges}
    return {"elements": {"nodes": nodes, "edges": links}, "nodes": len(nodes), "edges": len(links),
            "hidden_edges": len(edges) - len(kept), "hidden_actors": len(actors) - len(nodes)}


def split_sentence(sentence: str | None, evidence: str | None) -> tuple[str, str, str]:
    """(before, evidence, after) of the evidence inside its sentence, for marking it; the
    evidence alone when it is not found there."""
    evidence = " ".join((evidence or "").split())
    sentence = sentence or ""
    at = sentence.find(evidence) if evidence else -1
    if at < 0:
        return "", evidence or sentence, ""
    return sentence[:at], evidence, sentence[at + len(evidence):]
