"""The offline actor knowledge base: dated codes for known people and bodies.

data/kb_actors.json is built by tools/build_actor_kb.py from the PETRARCH2 Phoenix
dictionaries (MIT) and the US Congress and executive lists (CC0); see its `_source`.
Each entry holds codes (country, sector, from, to); the article's publication date picks
the codes that hold on that day, else the entry's undated codes. An article with no date
gets the undated codes only. Entries that disagree give no country (or no sector).

The dictionaries stop around 2015, so a hit here ranks below what the article says.

A person the article names by one word only ("Obama") is looked up by surname: the
entries whose name is a given name or a title and that word, all of which must agree
on the country (`lookup_surname`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from collections import defaultdict

from newsgraph.nlp.gazetteer import first_name_gender, gazetteer, is_first_name, key, load_data


@dataclass(frozen=True)
class Hit:
    country: str | None
    sector: str | None
    entry: str  # the entry's name in the source, for the record's evidence
    source: str


@lru_cache(maxsize=1)
def _kb() -> tuple[list, dict]:
    data = load_data("kb_actors.json")
    return data["entries"], data["names"]


def _forms(name: str) -> list[str]:
    base = key(name).replace("’", "'")
    base = re.sub(r"\s+", " ", base.replace(".", ". ").replace(" .", ".")).strip()
    out = [base, base.replace("-", " "), base.replace(".", "").replace("  ", " ")]
    if base.endswith("'s"):
        out.append(base[:-2])
    return list(dict.fromkeys(out))


def _valid(codes: list, day: str | None) -> list:
    if day:
        dated = [c for c in codes if (c[2] or c[3]) and (c[2] or "0000") <= day <= (c[3] or "9999")]
        if dated:
            return dated
    return [c for c in codes if not c[2] and not c[3]]


@lru_cache(maxsize=1)
def _surnames() -> dict[str, list[int]]:
    """Last word -> entries named by a given name and that word ("barack obama"), or by a
    title and that word ("president putin": the given name may be a place word the name
    list leaves out). A word no such entry has may still name the people whose given name
    the US name list lacks ("recep tayyip erdogan"): those count only for such a word, so
    that they never make a well-known surname ambiguous."""
    _, names = _kb()
    gaz = gazetteer()
    out: dict[str, set[int]] = defaultdict(set)
    fallback: dict[str, set[int]] = defaultdict(set)
    for name, found in names.items():
        words = name.split()
        if len(words) < 2 or not words[-1].isalpha():
            continue
        titled = len(words) == 2 and gaz.sector_of_role(words[0]) is not None
        if is_first_name(words[0]) or titled:
            out[words[-1]].update(found)
        elif _foreign_given(gaz, words):
            fallback[words[-1]].update(found)
    for word, found in fallback.items():
        out.setdefault(word, found)
    return {k: sorted(v) for k, v in out.items()}


def _foreign_given(gaz, words: list[str]) -> bool:
    """"recep tayyip erdogan", "narendra modi": a person's name whose given name the US name
    list lacks; no word of it is a place, a demonym or a role ("afghan national army")."""
    return len(words) in (2, 3) and all(w.isalpha() for w in words) and not any(
        gaz.country_of(w) or gaz.demonym_of(w) or gaz.sector_of_role(w) or gaz.is_place(w) for w in words)


def warm_up() -> None:
    """Load the knowledge base and its surname index (seconds) before the first document, not inside it."""
    _kb(), _surnames()


def lookup(name: str, day: str | None) -> Hit | None:
    """The codes the knowledge base gives `name` on `day` (ISO date), or None."""
    _, names = _kb()
    found: list[int] = []
    for form in _forms(name):
        found = names.get(form) or []
        if found:
            break
    return _hit(found, day)


def lookup_surname(word: str, day: str | None) -> Hit | None:
    """The codes of the people the knowledge base knows by this surname, when they agree."""
    if " " in word.strip() or first_name_gender(word):
        return None  # a given name alone says nothing of who it is
    return _hit(_surnames().get(key(word).removesuffix("'s")) or [], day)


def _hit(found: list[int], day: str | None) -> Hit | None:
    entries, _ = _kb()
    codes, labels = [], []
    for i in found:
        source, label, entry_codes = entries[i]
        valid = _valid(entry_codes, day[:10] if day else None)
        if valid:
            # The latest-starting code that holds is the most specific one.
            codes.append(max(valid, key=lambda c: (c[2] or "", c[1] is not None)))
            labels.append((source, label))
    if not codes:
        return None
    countries = {c[0] for c in codes}
    sectors = {c[1] for c in codes if c[1]}
    country = countries.pop() if len(countries) == 1 else None
    sector = sectors.pop() if len(sectors) == 1 else None
    if country is None and sector is None:
        return None
    return Hit(country=country, sector=sector, entry=labels[0][1], source=labels[0][0])
