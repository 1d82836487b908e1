"""Dedup: count events, not reports.

Two passes over a store:

1. Duplicate documents. Two documents are copies when their word 3-shingle
   sets are close: estimated Jaccard >= NEAR_JACCARD, or the shorter one is
   mostly contained in the longer (containment >= NEAR_CONTAINMENT, which
   catches wire copies trimmed to a few paragraphs). Similarity comes from
   MinHash signatures (datasketch) and candidates from MinHash LSH, so the
   pass stays near-linear. Texts equal after case folding and dropping
   punctuation are "exact" duplicates (two URLs with the same text are two
   documents, so they are found here). Every copy points at the first copy
   (earliest published, else first stored; then first stored).

2. Story events. Events from different reports of the same happening are
   clustered when they share the PLOVER type and source countries, their
   target countries agree (equal, or one side unknown), their dates lie
   within DATE_WINDOW_DAYS (PUBLISHED_WINDOW_DAYS when an event has no date
   of its own and falls back on its document's publication date), their
   places agree (same country when both give one, and within PLACE_KM when
   both have coordinates), and their issue/evidence words overlap: the
   IDF-weighted share of the
   smaller term set found in the other is >= TEXT_OVERLAP. Terms come from
   the event's issue, its evidence and its document's title. Clusters grow by
   average link (see cluster_events); each gets its number of reports
   (events) and documents.

The thresholds were set and are measured on tests/data/dedup (bench/dedup.py).
"""
from __future__ import annotations

import bisect
import hashlib
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from datasketch import MinHash, MinHashLSH

from newsgraph.store.sqlite import Store, Transaction

SHINGLE_WORDS = 3
NUM_PERM = 128
LSH_THRESHOLD = 0.3      # candidate recall: lower than the decision thresholds on purpose
NEAR_JACCARD = 0.5
NEAR_CONTAINMENT = 0.8
DATE_WINDOW_DAYS = 1       # both events dated: reports say "on Monday" about the same day
PUBLISHED_WINDOW_DAYS = 3  # a publication date trails the event by a day or two
TEXT_OVERLAP = 0.2
PLACE_KM = 100.0           # reports name a village, its district or the nearest city
STEM_CHARS = 5           # crude, language-neutral stemming: "sanctions"/"sanctioned" -> "sanct"

_WORD = re.compile(r"\w+")
_STOP = frozenset("""a an the and or but of to in on at by for with from as is are was were be been being it its
this that these those he she they we you i his her their our your them him us not no will would shall should can
could may might must has have had do does did said says say told also than then there here who whom which what when
where why how after before over under about against into out up down off new""".split())


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[str]:
    tokens = words(text)
    if len(tokens) <= k:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i:i + k]) for i in range(len(tokens) - k + 1)}


def exact_key(text: str) -> str:
    return hashlib.sha1(" ".join(words(text)).encode("utf-8")).hexdigest()


@dataclass
class Signature:
    minhash: MinHash
    size: int            # number of distinct shingles, to turn Jaccard into containment


def signature(text: str) -> Signature:
    grams = shingles(text)
    minhash = MinHash(num_perm=NUM_PERM, seed=1)
    minhash.update_batch([g.encode("utf-8") for g in grams])
    return Signature(minhash, len(grams))


def similarity(a: Signature, b: Signature) -> tuple[float, float]:
    """(estimated Jaccard, estimated containment of the smaller set in the larger)."""
    if not a.size or not b.size:
        return 0.0, 0.0
    jaccard = a.minhash.jaccard(b.minhash)
    shared = jaccard * (a.size + b.size) / (1 + jaccard)
    return jaccard, min(1.0, shared / min(a.size, b.size))


def is_near_duplicate(a: Signature, b: Signature) -> tuple[bool, float]:
    jaccard, containment = similarity(a, b)
    return jaccard >= NEAR_JACCARD or containment >= NEAR_CONTAINMENT, max(jaccard, containment)


def text_similarity(text_a: str, text_b: str) -> float:
    """What the near-duplicate decision sees for one pair of texts (used by the bench)."""
    a, b = signature(text_a), signature(text_b)
    if exact_key(text_a) == exact_key(text_b):
        return 1.0
    return is_near_duplicate(a, b)[1]


@dataclass
class Duplicate:
    doc_id: str
    duplicate_of: str
    method: str          # exact | near
    similarity: float


def find_duplicates(docs: Iterable[tuple[str, str]]) -> list[Duplicate]:
    """Docs are (id, text) in first-copy-first order; each later copy points at a first copy."""
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    firsts: dict[str, Signature] = {}
    by_key: dict[str, str] = {}
    found = []
    for doc_id, text in docs:
        key = exact_key(text)
        if key in by_key:
            found.append(Duplicate(doc_id, by_key[key], "exact", 1.0))
            continue
        sig = signature(text)
        best = _best_match(sig, lsh, firsts)
        if best:
            found.append(Duplicate(doc_id, best[0], "near", round(best[1], 3)))
            continue
        by_key[key] = doc_id
        firsts[doc_id] = sig
        if sig.size:
            lsh.insert(doc_id, sig.minhash)
    return found


def _best_match(sig: Signature, lsh: MinHashLSH, firsts: dict[str, Signature]) -> tuple[str, float] | None:
    if not sig.size:
        return None
    best = None
    for candidate in lsh.query(sig.minhash):
        near, score = is_near_duplicate(sig, firsts[candidate])
        if near and (best is None or score > best[1]):
            best = (candidate, score)
    return best


# --- story events -----------------------------------------------------------

@dataclass
class EventView:
    """What clustering needs of one stored event."""
    doc_id: str
    event_id: str
    type: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    day: str | None
    place: str | None
    place_country: str | None
    issue: str | None
    text: str
    dated: bool = True       # False when `day` is the document's publication date
    lat: float | None = None
    lon: float | None = None
    terms: frozenset[str] = field(default=frozenset())
    ordinal: int | None = None

    def __post_init__(self) -> None:
        self.terms = content_terms(f"{self.issue or ''} {self.text}")
        self.ordinal = _ordinal(self.day)


def content_terms(text: str) -> frozenset[str]:
    return frozenset(w[:STEM_CHARS] for w in words(text) if w not in _STOP and not w.isdigit() and len(w) > 2)


def _ordinal(day: str | None) -> int | None:
    try:
        return date.fromisoformat(day).toordinal() if day else None
    except ValueError:
        return None


def compatible(a: EventView, b: EventView, idf: dict[str, float]) -> bool:
    if a.type != b.type or a.sources != b.sources:
        return False
    if a.targets and b.targets and a.targets != b.targets:
        return False
    if a.ordinal is not None and b.ordinal is not None:
        window = DATE_WINDOW_DAYS if a.dated and b.dated else PUBLISHED_WINDOW_DAYS
        if abs(a.ordinal - b.ordinal) > window:
            return False
    if not _same_place(a, b):
        return False
    return term_overlap(a.terms, b.terms, idf) >= TEXT_OVERLAP


def _same_place(a: EventView, b: EventView) -> bool:
    """Names alone are too noisy to compare ("Iran" / "Tehran", "Kfar Rumman" / "Nabatieh"):
    only a country conflict or a distance beyond PLACE_KM separates two events."""
    if a.place_country and b.place_country and a.place_country != b.place_country:
        return False
    if None in (a.lat, a.lon, b.lat, b.lon):
        return True
    return _km(a.lat, a.lon, b.lat, b.lon) <= PLACE_KM


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def term_overlap(a: frozenset[str], b: frozenset[str], idf: dict[str, float]) -> float:
    """IDF-weighted share of the smaller term set found in the other: rare words
    (a village, a person, "journalist") say more than "strike" or "minister"."""
    weight_a, weight_b = (sum(idf.get(t, 1.0) for t in terms) for terms in (a, b))
    smaller = min(weight_a, weight_b)
    return sum(idf.get(t, 1.0) for t in a & b) / smaller if smaller else 0.0


def inverse_document_frequency(events: list[EventView]) -> dict[str, float]:
    counts = Counter(t for e in events for t in e.terms)
    total = len(events)
    return {term: math.log((1 + total) / (1 + n)) + 1.0 for term, n in counts.items()}


def cluster_events(events: list[EventView]) -> list[list[int]]:
    """Indices of `events` grouped into story events.

    Average-link agglomeration: the strongest links are merged first, and two
    groups join only when their mean pairwise overlap (incompatible pairs count
    as 0) stays >= TEXT_OVERLAP. Unlike connected components, one loose link
    cannot chain two different stories together."""
    idf = inverse_document_frequency(events)
    scores: dict[tuple[int, int], float] = {}
    blocks: dict[tuple, list[int]] = {}
    for i, e in enumerate(events):
        blocks.setdefault((e.type, e.sources), []).append(i)
    for members in blocks.values():
        for i, j in _pairs_in_window(events, members):
            if compatible(events[i], events[j], idf):
                scores[(min(i, j), max(i, j))] = term_overlap(events[i].terms, events[j].terms, idf)
    groups = {i: [i] for i in range(len(events))}
    group_of = list(range(len(events)))
    for (i, j), score in sorted(scores.items(), key=lambda item: (-item[1], item[0])):
        if score < TEXT_OVERLAP:
            break
        a, b = group_of[i], group_of[j]
        if a != b and _mean_link(groups[a], groups[b], scores) >= TEXT_OVERLAP:
            groups[a].extend(groups.pop(b))
            for member in groups[a]:
                group_of[member] = a
    return list(groups.values())


def _mean_link(a: list[int], b: list[int], scores: dict[tuple[int, int], float]) -> float:
    total = sum(scores.get((min(x, y), max(x, y)), 0.0) for x in a for y in b)
    return total / (len(a) * len(b))


def _pairs_in_window(events: list[EventView], members: list[int]):
    """Pairs of a block whose days are within the window; undated events pair with all."""
    dated = sorted((events[i].ordinal, i) for i in members if events[i].ordinal is not None)
    undated = [i for i in members if events[i].ordinal is None]
    days = [d for d, _ in dated]
    for n, (d, i) in enumerate(dated):
        for _, j in dated[n + 1: bisect.bisect_right(days, d + max(DATE_WINDOW_DAYS, PUBLISHED_WINDOW_DAYS))]:
            yield i, j
    for n, i in enumerate(undated):
        for j in undated[n + 1:] + [i2 for _, i2 in dated]:
            yield i, j


# --- the store pass ---------------------------------------------------------

@dataclass
class DedupReport:
    documents: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    events: int = 0
    stories: int = 0
    multi_report_stories: int = 0
    largest: list[dict] = field(default_factory=list)


def dedup_store(store: Store, top: int = 10) -> DedupReport:
    """Recompute duplicates and story events for the whole store, in one transaction."""
    documents = store.count("documents")
    # Streamed from the cursor: only the signatures of first copies stay in memory.
    # The older of two copies is the original: by publication date, a document without one by the
    # day it was first stored, and on the same day the first stored (kept when it is re-analysed).
    duplicates = find_duplicates(store.conn.execute(
        "SELECT id, text FROM documents ORDER BY COALESCE(published, substr(first_stored, 1, 10)), seq, rowid"))
    events = load_events(store)
    clusters = cluster_events(events)
    with Transaction(store.conn):
        _save(store, duplicates, events, clusters)
    report = DedupReport(documents=documents, events=len(events), stories=len(clusters),
                         exact_duplicates=sum(d.method == "exact" for d in duplicates),
                         near_duplicates=sum(d.method == "near" for d in duplicates),
                         multi_report_stories=sum(len(c) > 1 for c in clusters))
    report.largest = largest_stories(store, top)
    return report


def load_events(store: Store) -> list[EventView]:
    rows = store.conn.execute(
        "SELECT e.doc_id, e.id, e.type, e.source_countries, e.target_countries, e.day, e.location, e.location_country,"
        " e.issue, COALESCE(e.evidence, '') || ' ' || COALESCE(d.title, ''), e.date IS NOT NULL, e.lat, e.lon"
        " FROM events e JOIN documents d ON d.id = e.doc_id ORDER BY e.day IS NULL, e.day, e.doc_id, e.id")
    return [EventView(doc_id, event_id, etype, _codes(src), _codes(tgt), day, place, place_country, issue, context,
                      bool(dated), lat, lon)
            for doc_id, event_id, etype, src, tgt, day, place, place_country, issue, context, dated, lat, lon in rows]


def _codes(joined: str | None) -> tuple[str, ...]:
    return tuple(sorted(c for c in (joined or "").split(";") if c))


def _save(store: Store, duplicates: list[Duplicate], events: list[EventView], clusters: list[list[int]]) -> None:
    c = store.conn
    for table in ("duplicates", "story_events", "stories"):
        c.execute(f"DELETE FROM {table}")
    c.executemany("INSERT INTO duplicates VALUES (?,?,?,?)",
                  [(d.doc_id, d.duplicate_of, d.method, d.similarity) for d in duplicates])
    for story_id, members in enumerate(sorted(clusters, key=lambda m: min(m)), start=1):
        c.execute("INSERT INTO stories VALUES (?,?,?,?,?,?,?,?,?,?)", (story_id, *_story_row([events[i] for i in members])))
        c.executemany("INSERT INTO story_events VALUES (?,?,?)",
                      [(events[i].doc_id, events[i].event_id, story_id) for i in members])


def _story_row(members: list[EventView]) -> tuple:
    days = sorted(e.day for e in members if e.day)
    places = Counter(e.place for e in members if e.place)
    issues = Counter(e.issue for e in members if e.issue)
    targets = sorted({t for e in members for t in e.targets})
    return (members[0].type, ";".join(members[0].sources), ";".join(targets),
            days[0] if days else None, days[-1] if days else None,
            places.most_common(1)[0][0] if places else None,
            issues.most_common(1)[0][0] if issues else None,
            len(members), len({e.doc_id for e in members}))


def largest_stories(store: Store, top: int = 10) -> list[dict]:
    cursor = store.conn.execute(
        "SELECT id AS story_id, type, source_countries, target_countries, first_day, last_day, location, issue,"
        " reports, documents FROM stories ORDER BY reports DESC, first_day LIMIT ?", (top,))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor]
