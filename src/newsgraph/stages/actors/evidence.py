"""Evidence: the codes an actor's own words did not give, from ranked sources, or none.

Ranking, best first; a later source fills only what the earlier ones left open, and
never overrides a country the article gave:
  cue         the article's own words: demonyms and country premodifiers, titles and
              appositions, "X of Y", bodies with a fixed country, parties, the last word
              of a body's name ("University" EDU); set by coding.py and bodies.py
  dictionary  the offline knowledge base (kb.py), the code valid on the publication date
  registry    a code other stored articles gave this actor from their own cues (the
              store's registry, handed in as doc.work["actor_registry"])
  home        the article's home country, for domestic titles and bodies only, and for
              places the gazetteer cannot settle (none, or a small town many countries
              share, one of them the home)
  default     a named person whose words give no role of a sector ("Ana Ruiz", "the
              motorcyclist Ana Ruiz") is a private person (CVL sector), unless the
              dictionary or the registry knows them (a public figure)
No code comes from mere nearness to a country name or from the country the text
mostly speaks of: an actor with none of these gets a null country and a lower
confidence. Each actor's record says which evidence set each code (`evidence`).

The home country, and how it is decided:
  1. a dateline ("KYIV, Ukraine —", "WASHINGTON (AP) —") at the head of the text names it;
  2. else the places: the countries of the places, countries, demonym groups and
     demonyms the text names (regions left out; a mention in the title line counts
     twice) must give one country at least HOME_SHARE of those mentions, at least
     HOME_MIN of them, and more than any other country; a short text (under
     SHORT_TEXT tokens) that names only one country has that one as home;
  3. but when no country has nearly all the mentions (see STRONG below), and the first
     country the lead sentence names (also inside a longer name) is one of the two most
     named, with HOME_MIN mentions and LEAD_SHARE of them or more, that one is home: a story split between two
     countries ("UK urges US to ...") is told from the side its lead names first.
Actors that are domestic by their own words take it: a person with a title or role
noun and no country of its own ("the governor", "Rep. X", "Secretary of State X",
"police officer X"), a body with a domestic kind ("the Senate", "the Supreme Court",
"the Foreign Ministry") and a group with a role ("police", "protesters"). Other named
people, bodies and groups ("the defendants") take it only when the story is local: a
dateline, or at least STRONG_SHARE of the place mentions (and STRONG_MIN of them) in the
one country. In a story that names several countries they stay null: nearness to a
country name is no evidence.
"""
from __future__ import annotations

import re

from newsgraph.lexicon import table
from newsgraph.nlp.places import prominent, resolve_place
from newsgraph.stages.actors.draft import Draft, Workspace
from newsgraph.stages.actors.kb import lookup, lookup_surname

HOME_SHARE = 0.5
HOME_MIN = 2
LEAD_SHARE = 0.25  # the lead's country must have a quarter of the place mentions or more
SHORT_TEXT = 80  # tokens: a sentence or two, where one named country is the setting
STRONG_SHARE, STRONG_MIN = 0.75, 4  # nearly all places in one country: the story is local
STRONG = ("dateline", "places, nearly all")
NO_COUNTRY_EVIDENCE = 0.35  # a draft's evidence score when nothing gave it a country
SECTORS = table("actors_sectors.json")
DATELINE = re.compile(r"\A\s*([A-Z][A-Za-z .'-]{1,40}?)(?:,\s*([A-Z][A-Za-z .'-]{1,30}?))?\s*(?:\([^)]{1,20}\)\s*)?[—–-]{1,2}\s")


def settle(ws: Workspace) -> None:
    """Record the cues, then fill the gaps from the dictionary, the registry and the home country."""
    ws.home = home_country(ws)
    ws.doc.work["home_country"] = ws.home  # the events stage's state acts with no named doer ("were arrested")
    day = ws.doc.published
    registry = ws.doc.work.get("actor_registry")
    for draft in ws.drafts.values():
        if not draft.refs:
            continue
        for field in ("country", "sector"):
            if getattr(draft, field) and field not in draft.why:
                draft.why[field] = {"by": "place" if draft.type == "GPE" else "cue"}
        if draft.type == "GPE":
            _place_at_home(ws, draft)
            continue
        if not draft.country or not draft.sector:
            _from_dictionary(draft, day)
        if registry is not None and not draft.country:
            _from_registry(draft, registry, day)
        if not draft.country and ws.home[0] and not _named_abroad(draft, ws.home[0]) \
                and (domestic(ws, draft) or ws.home[1] in STRONG and draft.type in ("PERSON", "ORG", "GROUP")):
            draft.country = ws.home[0]
            draft.why["country"] = {"by": "home", "how": ws.home[1]}
            draft.evidence = min(draft.evidence, 0.5)
        known_figure = draft.why.get("country", {}).get("by") in ("dictionary", "registry")
        if not draft.sector and draft.type == "PERSON" and not known_figure and not any(
                ws.gaz.sector_of_role(t) for t in draft.titles):
            draft.sector = SECTORS["person_default"]
            draft.why["sector"] = {"by": "default"}
        if not draft.country:
            draft.evidence = min(draft.evidence, NO_COUNTRY_EVIDENCE)


def _named_abroad(draft: Draft, home: str) -> bool:
    """An organisation named after a town the home country has none of ("University of Kingston")."""
    if not draft.place_in_name:
        return False
    place = resolve_place(draft.place_in_name, (home,))
    return place is not None and place.country != home


def _place_at_home(ws: Workspace, draft: Draft) -> None:
    """A place the gazetteer cannot settle lies in the article's home country: a mountain or
    district GeoNames does not list, or a small town whose name several countries share
    when one of them is the home (prominent places keep their own country)."""
    home, how = ws.home
    if not home or draft.country == home or draft.key.startswith("country:") or ws.gaz.is_region(draft.name):
        return
    if draft.country:
        place = None if prominent(draft.name) else resolve_place(draft.name, (home,))
        if place is None or place.country != home:
            return
    draft.country = home
    draft.why["country"] = {"by": "home", "how": how}
    draft.evidence = min(draft.evidence, 0.5)


def _names(draft: Draft) -> list[str]:
    names = [draft.name] + sorted({r.text for r in draft.refs if r.via in ("name", "alias", "title")} - {draft.name})
    if draft.type == "PERSON":
        names = [n for n in names if len(n.split()) > 1]  # one word is too loose for a person
    return names


def _from_dictionary(draft: Draft, day: str | None) -> None:
    hits = [(lookup(name, day), None) for name in _names(draft)]
    if draft.type == "PERSON" and not any(h for h, _ in hits) and not draft.given and draft.family:
        hits = [(lookup_surname(draft.family, day), "surname")]  # "Obama" alone, "President Obama"
    for hit, how in hits:
        if hit is None or draft.country and hit.country not in (None, draft.country):
            continue
        found = {"by": "dictionary", "entry": hit.entry, "source": hit.source, "date": day}
        if how:
            found["how"] = how
            draft.evidence = min(draft.evidence, 0.5)
        if not draft.country and hit.country:
            draft.country, draft.why["country"] = hit.country, found
        if not draft.sector and hit.sector:
            draft.sector, draft.why["sector"] = hit.sector, found
        return


def _from_registry(draft: Draft, registry, day: str | None) -> None:
    for name in _names(draft):
        row = registry.lookup(name, day)
        if row and row.get("country"):
            found = {"by": "registry", "article": row.get("article"), "via": row.get("via"),
                     "published": row.get("published")}
            draft.country, draft.why["country"] = row["country"], found
            if not draft.sector and row.get("sector"):
                draft.sector, draft.why["sector"] = row["sector"], found
            draft.evidence = min(draft.evidence, 0.55)
            return


def domestic(ws: Workspace, draft: Draft) -> bool:
    """Domestic by its own words: a titled person, a body of a domestic kind, a group with a role."""
    if draft.type == "PERSON":
        return bool(draft.titles) or draft.sector in ("GOV", "MIL", "LEG", "JUD") \
            or any(r.via == "title" for r in draft.refs)
    if draft.type == "ORG":
        known = ws.gaz.org(draft.name)
        if known and known.kind == "body":
            return True
        last = draft.name.split()[-1].lower() if draft.name.split() else ""
        return draft.sector in ("GOV", "MIL", "LEG", "JUD") or last in ws.nom.org_class \
            and bool(ws.nom.org_class[last] & DOMESTIC_CLASSES)
    if draft.type == "GROUP":
        return bool(draft.sector) and not draft.key.startswith("demonym:")
    return False


DOMESTIC_CLASSES = frozenset(table("actors_sectors.json")["domestic_classes"])


def home_country(ws: Workspace) -> tuple[str | None, str | None]:
    """The article's home country and how it was decided ("dateline" or "places"), else (None, None)."""
    head = DATELINE.match(ws.doc.text[:120])
    if head:
        for part in (head.group(2), head.group(1)):
            place = resolve_place(part.strip().title()) if part else None
            if place and place.country:
                return place.country, "dateline"
    counts: dict[str, int] = {}
    covered: set[int] = set()
    title_end = ws.doc.text.find("\n")
    for draft in ws.drafts.values():
        if not draft.country or ws.gaz.is_region(draft.name):
            continue
        if draft.type == "GPE" or draft.key.startswith("demonym:"):
            for r in draft.refs:
                if r.via != "pronoun":
                    counts[draft.country] = counts.get(draft.country, 0) + 1 + (r.start < title_end)
                    covered.update(range(r.start, r.end))
    for tok in ws.sp:  # "Ukrainian President X": a demonym that is no mention of its own
        code = ws.gaz.demonym_of(tok.text) if tok.idx not in covered and tok.is_title else None
        if code:
            counts[code] = counts.get(code, 0) + 1 + (tok.idx < title_end)
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    total = sum(counts.values())
    if len(ranked) == 1 and ws.sp[-1].i < SHORT_TEXT:
        return ranked[0][0], "places, only one"  # a short text that names one country only
    if ranked and ranked[0][1] >= max(STRONG_MIN, STRONG_SHARE * total):
        return ranked[0][0], "places, nearly all"
    lead = _lead_country(ws)
    if lead in [code for code, _ in ranked[:2]] and counts[lead] >= max(HOME_MIN, LEAD_SHARE * total) \
            and len(ws.sent_chars) > 2:
        return lead, "places, lead"  # a story split between two countries is told from the one its lead names first
    if ranked and ranked[0][1] >= max(HOME_MIN, HOME_SHARE * total) \
            and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0], "places"
    return None, None


def _lead_country(ws: Workspace) -> str | None:
    """The first country the first sentence names, by name or demonym, also inside a longer name
    ("the Polish Ministry of Foreign Affairs")."""
    sent = next(iter(ws.sp.sents), None)
    words = list(sent) if sent is not None else []
    for i, tok in enumerate(words):
        if not tok.is_title and not tok.is_upper:
            continue
        for width in (3, 2, 1):
            text = " ".join(t.text for t in words[i:i + width])
            code = ws.gaz.country_of(text) or ws.gaz.demonym_of(text)
            if code and len(words[i:i + width]) == width:
                return code
    return None
