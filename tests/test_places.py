"""Offline place resolution: countries, cities, and the tie-break by country in context."""
from __future__ import annotations

from newsgraph.nlp.places import resolve_place


def test_city_resolves_to_coordinates_and_geonameid():
    kyiv = resolve_place("Kyiv")
    assert kyiv.country == "UKR"
    assert abs(kyiv.lat - 50.45) < 0.1 and abs(kyiv.lon - 30.52) < 0.1
    assert kyiv.geonameid == 703448


def test_old_spelling_resolves_to_the_same_city():
    assert resolve_place("Kiev").geonameid == resolve_place("Kyiv").geonameid


def test_country_name_gives_the_country():
    place = resolve_place("Ukraine")
    assert place.country == "UKR" and place.lat is None


def test_population_decides_without_context_and_context_wins():
    assert resolve_place("Paris").country == "FRA"
    assert resolve_place("Paris", ("USA",)).country == "USA"


def test_unknown_name_gives_none():
    assert resolve_place("Qwxzzy") is None


def test_a_code_in_capitals_among_alternate_names_names_no_city():
    """GeoNames lists airport codes among a city's alternate names: "GAO" is Guantánamo's,
    and would take Gao in Mali, a city of that name."""
    assert resolve_place("Gao").country == "MLI"
