"""Rules as data: one cached loader for the word lists, cues and tables under data/.

Every list lives in one JSON file that says where it comes from (`_source`). Code asks
for a list by name, never spells one out: `words("speech_verbs", "speaker_cue")` is the
set of speech verbs tagged for that use, `table("cameo_plover.json")` a whole file.
A list that several stages share (speech verbs, pronouns, honorifics, PLOVER types)
is defined once, in lexicon.json, and each use is a tag on its entries.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

LEXICON = "lexicon.json"


@lru_cache(maxsize=None)
def table(name: str) -> dict:
    """A data file, parsed once per process."""
    return json.loads(resources.files("newsgraph.data").joinpath(name).read_text("utf-8"))


@lru_cache(maxsize=None)
def words(name: str, use: str | None = None, file: str = LEXICON) -> frozenset[str]:
    """The words of list `name`; for a tagged list ({word: [uses]}), those tagged `use`."""
    entries = table(file)[name]
    if isinstance(entries, dict):
        entries = {w: tags for w, tags in entries.items() if not w.startswith("_")}
        if use is None:
            return frozenset(entries)
        unknown = use not in {t for tags in entries.values() for t in tags}
        if unknown:
            raise KeyError(f"no word of {name!r} is tagged {use!r}")
        return frozenset(w for w, tags in entries.items() if use in tags)
    if use is not None:
        raise KeyError(f"{name!r} is a plain list; it has no uses")
    return frozenset(entries)


@lru_cache(maxsize=1)
def plover_types() -> tuple[str, ...]:
    """The 16 PLOVER event types, in the PLOVER manual's order."""
    return tuple(table("cameo_plover.json")["types"])
