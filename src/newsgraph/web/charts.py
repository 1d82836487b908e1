"""Geometry for the two server-rendered SVG charts: the event timeline and the actor network.

Only numbers and labels are computed here; the templates write the SVG (and escape
every label). Colours follow the Okabe-Ito palette, readable with colour-blind
vision, and every mark also carries a text label or <title>.
"""
from __future__ import annotations

import math
from collections import defaultdict
from datetime import date

# PLOVER quad classes: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
QUAD = {1: ("verbal cooperation", "#56B4E9"), 2: ("material cooperation", "#009E73"),
        3: ("verbal conflict", "#E69F00"), 4: ("material conflict", "#D55E00"), None: ("unclassified", "#7F7F7F")}
QUAD_ORDER = [1, 2, 3, 4, None]
LABEL_AT = (0.5, 0.3, 0.7, 0.18, 0.82)  # where along an arrow its label goes, by lane


def quad_legend() -> list[dict]:
    return [{"quad": q, "label": QUAD[q][0], "colour": QUAD[q][1]} for q in QUAD_ORDER]


def _bin(day: str, unit: str) -> str:
    return {"day": day[:10], "month": day[:7], "year": day[:4]}[unit]


def _unit(days: list[str]) -> str:
    """Days for a short range, months for a few years, years beyond."""
    try:
        first, last = date.fromisoformat(days[0][:10]), date.fromisoformat(days[-1][:10])
        span = (last - first).days
    except ValueError:
        return "month"
    return "day" if span <= 92 else "month" if span <= 366 * 6 else "year"


def _continuous(keys: list[str], unit: str) -> list[str]:
    """Every bin from the first to the last, empty ones included, so bar positions mean time."""
    try:
        if unit == "day":
            first, last = date.fromisoformat(keys[0]), date.fromisoformat(keys[-1])
            return [date.fromordinal(d).isoformat() for d in range(first.toordinal(), last.toordinal() + 1)]
        if unit == "month":
            (y0, m0), (y1, m1) = (map(int, keys[0].split("-")), map(int, keys[-1].split("-")))
            return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(y0 * 12 + m0 - 1, y1 * 12 + m1)]
        return [f"{y:04d}" for y in range(int(keys[0]), int(keys[-1]) + 1)]
    except ValueError:
        return keys


def timeline(counts: list[dict], width: int = 900, height: int = 220) -> dict:
    """Stacked bars of events per bin, coloured by quad class."""
    days = sorted(c["day"] for c in counts if c["day"])
    if not days:
        return {"bars": [], "width": width, "height": height, "ticks": [], "unit": None, "max": 0, "total": 0}
    unit = _unit(days)
    stacks: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    types: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for c in counts:
        key = _bin(c["day"], unit)
        stacks[key][c["quad_class"] if c["quad_class"] in QUAD else None] += c["n"]
        types[key][c["type"]] += c["n"]
    bins = _continuous(sorted(stacks), unit)
    if len(bins) > 400:  # odd dates far apart: draw only the bins that have events
        bins = sorted(stacks)
    top = max(sum(s.values()) for s in stacks.values())
    left, bottom, plot_h = 40, 30, height - 50
    step = (width - left - 10) / len(bins)
    bar_w = max(1.0, step * 0.8)
    bars = []
    for i, key in enumerate(bins):
        x, y = left + i * step + (step - bar_w) / 2, height - bottom
        for quad in QUAD_ORDER:
            n = stacks.get(key, {}).get(quad, 0)
            if not n:
                continue
            h = plot_h * n / top
            y -= h
            bars.append({"x": round(x, 1), "y": round(y, 1), "w": round(bar_w, 1), "h": round(h, 1),
                         "colour": QUAD[quad][1], "bin": key, "n": n, "quad": QUAD[quad][0],
                         "types": ", ".join(f"{t} {k}" for t, k in sorted(types.get(key, {}).items()))})
    every = max(1, math.ceil(len(bins) / 8))
    ticks = [{"x": round(left + i * step + step / 2, 1), "label": key} for i, key in enumerate(bins) if i % every == 0]
    return {"bars": bars, "width": width, "height": height, "ticks": ticks, "unit": unit, "max": top,
            "total": sum(sum(s.values()) for s in stacks.values()), "axis_y": height - bottom, "left": left}


def network(edges: list[dict], max_nodes: int = 24, size: int = 640) -> dict:
    """Actors on a circle, the busiest first; one curved arrow per (source, target, event type)."""
    weight: dict[str, int] = defaultdict(int)
    for e in edges:
        weight[e["source"]] += e["n"]
        weight[e["target"]] += e["n"]
    names = sorted(weight, key=lambda name: (-weight[name], name))[:max_nodes]
    centre, radius = size / 2, size / 2 - 90
    nodes = {}
    step = _spread(len(names))
    for i, name in enumerate(names):
        angle = 2 * math.pi * (i * step % len(names)) / len(names) - math.pi / 2
        x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
        nodes[name] = {"name": name, "x": round(x, 1), "y": round(y, 1), "weight": weight[name],
                       "r": round(6 + 4 * math.log1p(weight[name]), 1),
                       "anchor": "start" if x > centre + 1 else "end" if x < centre - 1 else "middle",
                       "lx": round(x + (14 if x > centre + 1 else -14 if x < centre - 1 else 0), 1),
                       "ly": round(y + (22 if y > centre and abs(x - centre) < 1 else -14 if abs(x - centre) < 1 else 4), 1)}
    kept = [e for e in edges if e["source"] in nodes and e["target"] in nodes]
    lanes: dict[tuple, int] = defaultdict(int)
    drawn = []
    for e in kept:
        a, b = nodes[e["source"]], nodes[e["target"]]
        lane = lanes[(e["source"], e["target"])]
        lanes[(e["source"], e["target"])] += 1
        path, (lx, ly) = _arc(a, b, lane)
        drawn.append({**e, "path": path, "lx": lx, "ly": ly, "colour": QUAD.get(e["quad_class"], QUAD[None])[1],
                      "marker": QUAD_ORDER.index(e["quad_class"] if e["quad_class"] in QUAD else None) + 1,
                      "stroke": round(1.5 + math.log1p(e["n"]) * 1.5, 1)})
    return {"nodes": list(nodes.values()), "edges": drawn, "size": size, "hidden": len(weight) - len(nodes)}


def _spread(n: int) -> int:
    """A step around the circle, coprime with n, that puts the busiest actors about a third
    of a turn apart instead of side by side (where their many links would pile up)."""
    step = max(1, n // 3)
    while n > 1 and math.gcd(step, n) != 1:
        step += 1
    return step


def _arc(a: dict, b: dict, lane: int) -> tuple[str, tuple[float, float]]:
    """A quadratic curve bending to the right of a->b, further for each extra event type,
    so a->b and b->a (and several types) never draw on top of each other."""
    dx, dy = b["x"] - a["x"], b["y"] - a["y"]
    length = math.hypot(dx, dy) or 1.0
    bend = 18 + 26 * lane
    mx, my = (a["x"] + b["x"]) / 2 - dy / length * bend, (a["y"] + b["y"]) / 2 + dx / length * bend
    # Stop short of the target circle so the arrowhead stays visible.
    ex, ey = b["x"] - (b["x"] - mx) / (math.hypot(b["x"] - mx, b["y"] - my) or 1) * (b["r"] + 3), \
        b["y"] - (b["y"] - my) / (math.hypot(b["x"] - mx, b["y"] - my) or 1) * (b["r"] + 3)
    # Labels of one pair's several types sit at different points along their curves, not side by side.
    t = LABEL_AT[lane % len(LABEL_AT)]
    label = (round((1 - t) ** 2 * a["x"] + 2 * (1 - t) * t * mx + t * t * ex, 1),
             round((1 - t) ** 2 * a["y"] + 2 * (1 - t) * t * my + t * t * ey, 1))
    return f"M{a['x']:.1f},{a['y']:.1f} Q{mx:.1f},{my:.1f} {ex:.1f},{ey:.1f}", label
