"""Dates: resolve a date expression against the article's publication date.

"On Sunday" means the last Sunday before publication; "overnight into
Friday" the Friday; "last week" gets week precision rounded to its Monday.
Without an anchor, relative expressions stay unresolved rather than guessed.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from newsgraph.document import EventDate

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def resolve_date(text: str, published: str | None) -> EventDate | None:
    """Resolve one date expression (as spaCy marked it) to a value and precision."""
    phrase = text.strip()
    low = phrase.lower()
    anchor = _parse_iso(published)
    weekday = next((d for d in WEEKDAYS if d in low), None)
    if weekday and anchor:
        return EventDate(phrase, _previous_weekday(anchor, WEEKDAYS.index(weekday)).isoformat(), "day")
    relative = _relative(low, anchor)
    if relative:
        return EventDate(phrase, relative[0], relative[1])
    return _absolute(phrase, anchor)


def _parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        anchor = date.fromisoformat(value[:10])
    except ValueError:
        return None
    # Relative dates step a year or a few days away: an anchor at the very ends of
    # the calendar (year 1, year 9999) would step outside it.
    return anchor if date(2, 1, 1) <= anchor <= date(9998, 12, 31) else None


def _previous_weekday(anchor: date, weekday: int) -> date:
    """News uses a bare weekday for the most recent one, on or before publication."""
    delta = (anchor.weekday() - weekday) % 7
    return anchor - timedelta(days=delta)


def _relative(low: str, anchor: date | None) -> tuple[str, str] | None:
    if anchor is None:
        return None
    table = {"today": (0, "day"), "tonight": (0, "day"), "this morning": (0, "day"),
             "yesterday": (-1, "day"), "last night": (-1, "day"), "tomorrow": (1, "day")}
    for word, (days, precision) in table.items():
        if re.search(rf"\b{word}\b", low):
            return (anchor + timedelta(days=days)).isoformat(), precision
    if re.search(r"\blast week\b", low):
        monday = anchor - timedelta(days=anchor.weekday() + 7)
        return monday.isoformat(), "month"  # the spec has no week precision; month is the honest coarser one
    if re.search(r"\blast month\b", low):
        first = (anchor.replace(day=1) - timedelta(days=1)).replace(day=1)
        return first.isoformat(), "month"
    if re.search(r"\blast year\b", low):
        return date(anchor.year - 1, 1, 1).isoformat(), "year"
    return None


def _absolute(phrase: str, anchor: date | None) -> EventDate | None:
    low = phrase.lower()
    has_month = any(m in low or m[:3] + " " in low + " " for m in MONTHS)
    has_day = bool(re.search(r"\b\d{1,2}(st|nd|rd|th)?\b", re.sub(_YEAR, "", low)))
    year = _YEAR.search(low)
    if not has_month and year and not has_day:
        return EventDate(phrase, f"{year.group(1)}-01-01", "year")
    if not has_month:
        return None
    import dateparser

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False,
                "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["month"]}
    if anchor:
        settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
    parsed = dateparser.parse(phrase, languages=["en"], settings=settings)
    if parsed is None:
        return None
    if has_day:
        return EventDate(phrase, parsed.date().isoformat(), "day")
    return EventDate(phrase, parsed.date().replace(day=1).isoformat(), "month")


def warm_up() -> None:
    """Pay dateparser's lazy start-up (about 0.9 s of regular expressions it compiles on its
    first month phrase) once per process, before the first document, not inside it."""
    _absolute("on 3 March 2020", date(2020, 3, 10))
