"""Dedup: duplicate documents and story events, on the labelled set in tests/data/dedup."""
from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph.store import dedup
from newsgraph.cli.main import app
from newsgraph.store.dedup import EventView, cluster_events, compatible, dedup_store, find_duplicates
from newsgraph.document import document_id
from newsgraph.store.sqlite import Store
from floors import at_least

DATA = Path(__file__).resolve().parent / "data" / "dedup"


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


STORIES, COPIES, PAIRS = load("stories.jsonl"), load("copies.jsonl"), load("pairs.jsonl")
TEXTS = {item["id"]: item["text"] for item in STORIES + COPIES}


def record(item: dict, events: list[dict]) -> dict:
    return {"schema": "newsgraph/1", "id": document_id(item["text"]), "source": {"kind": "text", "location": None, "ref": item["id"]},
            "title": item.get("title"), "published": item.get("published"), "published_from": "given", "language": "en",
            "text": item["text"], "removed": [], "actors": [], "quotes": [], "events": events, "fact_checks": [],
            "loaded_language": [], "meta": {}}


def annotated_event(item: dict) -> dict:
    e, lede = item["event"], item["text"].split("\n")[0]
    loc = e.get("location")
    return {"id": "e1", "type": e["type"], "mode": None, "context": [], "cameo_root": None, "quad_class": None,
            "source": [], "target": [], "source_countries": e["source"], "target_countries": e["target"], "issue": e["issue"],
            "date": {"text": e["date"], "value": e["date"], "precision": "day"},
            "location": dict(loc, lat=None, lon=None, geonameid=None) if loc else None, "modality": "asserted",
            "evidence": {"start": 0, "end": len(lede), "text": lede}, "quote": None, "confidence": 1.0}


def test_labelled_set_is_big_enough():
    stories = {s["story"] for s in STORIES}
    assert len(stories) >= 10
    assert all(sum(s["story"] == story for s in STORIES) >= 3 for story in stories)
    assert sum(p["near_duplicate"] for p in PAIRS) >= 20 and sum(not p["near_duplicate"] for p in PAIRS) >= 40


def test_near_duplicate_pairs_meet_precision_and_recall():
    tp = fp = fn = 0
    for pair in PAIRS:
        a, b = TEXTS[pair["a"]], TEXTS[pair["b"]]
        predicted = dedup.exact_key(a) == dedup.exact_key(b) or dedup.is_near_duplicate(dedup.signature(a), dedup.signature(b))[0]
        tp += predicted and pair["near_duplicate"]
        fp += predicted and not pair["near_duplicate"]
        fn += (not predicted) and pair["near_duplicate"]
    at_least("dedup.pairs.precision", tp / (tp + fp))
    at_least("dedup.pairs.recall", tp / (tp + fn))


def test_find_duplicates_points_copies_at_the_first_copy():
    original = TEXTS["s01-r1"]
    docs = [("first", original), ("shouty", original.upper().replace(",", "")), ("copy", TEXTS["s01-r1-c1"]),
            ("other report", TEXTS["s01-r2"]), ("other story", TEXTS["s02-r1"])]
    found = {d.doc_id: d for d in find_duplicates(docs)}
    assert set(found) == {"shouty", "copy"}
    assert found["shouty"].method == "exact" and found["shouty"].duplicate_of == "first"
    assert found["copy"].method == "near" and found["copy"].duplicate_of == "first" and found["copy"].similarity >= 0.5


def test_story_clustering_pairwise_f1():
    with_events = []
    for s in STORIES:
        e = annotated_event(s)
        with_events.append(EventView(s["id"], "e1", e["type"], tuple(sorted(e["source_countries"])),
                                     tuple(sorted(e["target_countries"])), e["date"]["value"],
                                     (e["location"] or {}).get("name"), (e["location"] or {}).get("country"),
                                     e["issue"], f"{e['evidence']['text']} {s['title']}"))
    cluster_of = {}
    for n, members in enumerate(cluster_events(with_events)):
        for i in members:
            cluster_of[with_events[i].doc_id] = n
    tp = fp = fn = 0
    for a, b in itertools.combinations(STORIES, 2):
        same, together = a["story"] == b["story"], cluster_of[a["id"]] == cluster_of[b["id"]]
        tp += same and together
        fp += together and not same
        fn += same and not together
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    at_least("dedup.stories.f1", 2 * precision * recall / (precision + recall))


def view(**changes) -> EventView:
    base = dict(doc_id="d", event_id="e1", type="REQUEST", sources=("RUS",), targets=("USA",), day="2025-07-07",
                place=None, place_country=None, issue="withdraw missiles from Germany", text="Russia demanded missiles leave")
    return EventView(**{**base, **changes})


@pytest.mark.parametrize("change", [dict(type="REJECT"), dict(sources=("CHN",)), dict(targets=("DEU",)),
                                    dict(day="2025-07-10"), dict(place="Beirut", place_country="LBN")])
def test_incompatible_events_never_cluster(change):
    a, b = view(place="Moscow", place_country="RUS"), view(doc_id="d2", **change)
    assert compatible(a, a, {}) and not compatible(a, b, {})


def test_an_undated_event_uses_the_wider_publication_window():
    a = view()
    assert not compatible(a, view(doc_id="d2", day="2025-07-09"), {})
    assert compatible(a, view(doc_id="d2", day="2025-07-09", dated=False), {})


def test_dedup_store_is_repeatable_and_counts_reports(tmp_path):
    path = tmp_path / "d.db"
    with Store(path) as store:
        store.write_many(record(s, [annotated_event(s)]) for s in STORIES)
        store.write_many(record(dict(c, published="2025-07-30"), []) for c in COPIES)
        first = dedup_store(store)
        counts = store.counts()
        second = dedup_store(store)
        assert store.counts() == counts and first.stories == second.stories
        assert first.near_duplicates + first.exact_duplicates >= 18
        assert store.count("story_events") == len(STORIES)
        reports, documents = store.conn.execute("SELECT SUM(reports), SUM(documents) FROM stories").fetchone()
        assert reports == documents == len(STORIES)
        assert first.largest[0]["reports"] >= 3
        assert store.integrity() == "ok" and store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # Re-analysing a document drops its stale story link instead of leaving a dangling row.
        store.write(record(STORIES[0], [annotated_event(STORIES[0])]))
        assert store.count("story_events") == len(STORIES) - 1
    result = CliRunner().invoke(app, ["dedup", "--db", str(path), "--top", "3"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 3 and all(r["reports"] >= 1 for r in rows)


def test_places_conflict_by_country_or_distance_not_by_name():
    tehran = view(place="Tehran", place_country="IRN", lat=35.69, lon=51.39)
    assert compatible(tehran, view(doc_id="d2", place="Iran", place_country="IRN"), {})
    assert compatible(tehran, view(doc_id="d2", place="Karaj", place_country="IRN", lat=35.84, lon=50.94), {})
    assert not compatible(tehran, view(doc_id="d2", place="Mashhad", place_country="IRN", lat=36.30, lon=59.60), {})
