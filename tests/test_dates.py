"""Date resolution against the publication date: relative, absolute, and properties."""
from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.nlp.dates import WEEKDAYS, resolve_date

PUBLISHED = "2025-07-07"  # a Monday


def test_bare_weekday_is_the_last_one_on_or_before_publication():
    assert resolve_date("Sunday", PUBLISHED).value == "2025-07-06"
    assert resolve_date("On Monday", PUBLISHED).value == "2025-07-07"
    assert resolve_date("overnight into Friday", PUBLISHED).value == "2025-07-04"


def test_relative_words():
    assert resolve_date("yesterday", PUBLISHED).value == "2025-07-06"
    assert resolve_date("last year", PUBLISHED).value == "2024-01-01"
    assert resolve_date("last year", PUBLISHED).precision == "year"
    assert resolve_date("last month", PUBLISHED).value == "2025-06-01"


def test_absolute_dates_and_precision():
    feb = resolve_date("February 2022", PUBLISHED)
    assert (feb.value, feb.precision) == ("2022-02-01", "month")
    assert resolve_date("1998", PUBLISHED).precision == "year"
    day = resolve_date("12 June 2024", PUBLISHED)
    assert (day.value, day.precision) == ("2024-06-12", "day")


def test_relative_without_anchor_stays_unresolved():
    assert resolve_date("Sunday", None) is None
    assert resolve_date("yesterday", None) is None


def test_words_that_are_no_date_give_none():
    assert resolve_date("the coming days", PUBLISHED) is None


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)), st.sampled_from(WEEKDAYS))
def test_weekday_lands_within_the_week_before_publication(published, weekday):
    resolved = resolve_date(weekday.capitalize(), published.isoformat())
    value = date.fromisoformat(resolved.value)
    assert published - timedelta(days=6) <= value <= published
    assert WEEKDAYS[value.weekday()] == weekday
    assert resolved.precision == "day"


@settings(max_examples=40, deadline=None)
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)))
def test_yesterday_is_one_day_before(published):
    assert resolve_date("yesterday", published.isoformat()).value == (published - timedelta(days=1)).isoformat()
