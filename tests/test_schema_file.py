"""The newsgraph/1 JSON Schema is itself valid and accepts a perfect prediction."""

import copy
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from newsgraph.evaluation.scorer import gold_to_prediction

ROOT = Path(__file__).parents[1]
SCHEMA_PATH = ROOT / "src" / "newsgraph" / "schema" / "newsgraph-1.schema.json"
SEED = Path(__file__).parents[2] / "shared" / "corpus" / "seed"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@pytest.fixture
def perfect():
    gold_path = SEED / "lavrov-demands.gold.json"
    if not gold_path.exists():
        pytest.skip("shared seed corpus not present")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    return gold_to_prediction(gold, (SEED / "lavrov-demands.txt").read_text(encoding="utf-8"))


def errors(validator, record):
    return [e.message for e in validator.iter_errors(record)]


def test_schema_is_valid_draft_2020_12(validator):
    assert validator.schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_perfect_prediction_validates(validator, perfect):
    assert errors(validator, perfect) == []


def test_perfect_prediction_spans_slice_the_text(perfect):
    text = perfect["text"]
    spans = [q for q in perfect["quotes"]] + perfect["loaded_language"]
    spans += [e["evidence"] for e in perfect["events"] + perfect["fact_checks"]]
    spans += [m for a in perfect["actors"] for m in a["mentions"]]
    for span in spans:
        assert text[span["start"]:span["end"]] == span["text"]


def test_items_may_carry_extra_keys(validator, perfect):
    perfect["events"][0]["trigger"] = {"start": 0, "end": 3, "text": "One"}
    perfect["actors"][0]["kb_id"] = "Q1"
    perfect["log"] = []
    assert errors(validator, perfect) == []


@pytest.mark.parametrize("path, value", [
    (("schema",), "newsgraph/2"),
    (("events", 0, "type"), "ATTACK"),
    (("events", 0, "modality"), None),
    (("actors", 0, "sector"), "ARMY"),
    (("quotes", 0, "confidence"), 1.5),
    (("quotes", 0, "start"), -1),
    (("fact_checks", 0, "verdict"), "pants on fire"),
    (("removed", 0, "reason"), "junk"),
    (("published",), "7 July 2025"),
])
def test_bad_values_are_rejected(validator, perfect, path, value):
    record = copy.deepcopy(perfect)
    target = record
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert errors(validator, record)


@pytest.mark.parametrize("field", ["title", "published", "removed", "actors", "events", "loaded_language"])
def test_every_field_is_required(validator, perfect, field):
    del perfect[field]
    assert errors(validator, perfect)


def test_nullable_fields_accept_null(validator, perfect):
    perfect.update(title=None, published=None, published_from=None)
    perfect["events"][0].update(date=None, location=None, mode=None, issue=None, cameo_root=None, quad_class=None)
    perfect["actors"][0].update(country=None, sector=None)
    assert errors(validator, perfect) == []
