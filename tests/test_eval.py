"""Tests for the scorer in newsgraph.evaluation.scorer against the rules in shared/eval/README.md."""

import copy
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsgraph.evaluation.scorer import format_report, gold_to_prediction, normalise, score, score_files

SEED = Path(__file__).parents[2] / "shared" / "corpus" / "seed"
GOLD_PATH = SEED / "lavrov-demands.gold.json"
TEXT_PATH = SEED / "lavrov-demands.txt"
SCORED_KINDS = ("actors", "quotes", "events", "fact_checks")
CURLY = "\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f"
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"

@pytest.fixture(scope="module")
def gold():
    """The seed gold: only the tests that take it need ../shared; the rest use inline gold."""
    if not GOLD_PATH.exists():
        pytest.skip("shared seed corpus not present")
    return json.loads(GOLD_PATH.read_text(encoding="utf-8"))


@pytest.fixture
def perfect(gold):
    return gold_to_prediction(gold, TEXT_PATH.read_text(encoding="utf-8"))


def kinds(gold):
    return [k for k in ("residue", "actors", "quotes", "events", "fact_checks", "loaded_language") if k in gold]


def event(type_="ASSAULT", text="drones struck the city", source=("RUS",), confidence=1.0, **extra):
    return {"type": type_, "evidence": {"text": text}, "issue": None, "source_countries": list(source),
            "target_countries": [], "confidence": confidence, **extra}


# ---------------------------------------------------------------- whole-record behaviour


def test_perfect_prediction_scores_one_everywhere(gold, perfect):
    result = score(gold, perfect)
    assert result["mean_f1"] == 1.0
    for kind in kinds(gold):
        assert (result[kind]["precision"], result[kind]["recall"], result[kind]["f1"]) == (1.0, 1.0, 1.0), kind
    attributes = [key for key in result if "." in key]
    assert "events.date" in attributes and "quotes.speaker" in attributes
    for key in attributes:
        assert result[key]["accuracy"] == 1.0, key


def test_empty_prediction_scores_zero(gold):
    empty = {"text": "", "removed": [], "actors": [], "quotes": [], "events": [], "fact_checks": [],
             "loaded_language": []}
    result = score(gold, empty)
    for kind in SCORED_KINDS:
        assert result[kind]["f1"] == 0.0, kind
        assert result[kind]["precision"] == 0.0 and result[kind]["recall"] == 0.0
    # Nothing listed as removed means no residue precision, even though no residue is left.
    assert result["residue"]["recall"] == 1.0 and result["residue"]["f1"] == 0.0
    assert result["mean_f1"] < 0.5


def test_changing_one_event_type_lowers_only_events(gold, perfect):
    reject = next(e for e in perfect["events"] if e["type"] == "REJECT")
    reject["type"] = "AGREE"
    result = score(gold, perfect)
    required = sum(1 for e in gold["events"] if e.get("required", True))
    assert result["events"]["tp"] == required - 1
    assert result["events"]["pred_tp"] == result["events"]["pred"] - 1
    assert result["events"]["f1"] < 1.0
    for kind in kinds(gold):
        if kind != "events":
            assert result[kind]["f1"] == 1.0, kind


def test_residue_left_in_text_is_a_miss(gold, perfect):
    perfect["text"] += "\nInvalid email"
    result = score(gold, perfect)
    assert result["residue"]["tp"] == result["residue"]["gold"] - 1


def test_pred_file_record_chosen_by_source_ref(gold, perfect, tmp_path):
    other = copy.deepcopy(perfect)
    other["source"].update(ref="another-article", location="another-article.txt")
    other["events"] = []
    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text("\n".join(json.dumps(r) for r in (other, perfect)) + "\n", encoding="utf-8")
    assert score_files(GOLD_PATH, pred_path)["mean_f1"] == 1.0


# ---------------------------------------------------------------- optional items


def drop_optional_matches(gold, pred):
    """The perfect prediction without the items built from optional gold items."""
    pred = copy.deepcopy(pred)
    for kind in ("quotes", "events", "fact_checks", "loaded_language"):
        flags = [g.get("required", True) for g in gold.get(kind, [])]
        pred[kind] = [p for p, required in zip(pred[kind], flags) if required]
    return pred


def test_optional_items_are_neither_rewarded_nor_punished(gold, perfect):
    without = drop_optional_matches(gold, perfect)
    assert len(without["events"]) < len(perfect["events"])
    assert score(gold, without) == score(gold, perfect)


def test_optional_item_attributes_are_not_scored(gold, perfect):
    optional = [i for i, g in enumerate(gold["quotes"]) if g.get("required") is False]
    for i in optional:
        perfect["quotes"][i]["cue"] = "whispered"
        perfect["quotes"][i]["speaker"] = None
        perfect["quotes"][i]["speaker_text"] = "nobody"
    assert score(gold, perfect)["quotes.cue"]["accuracy"] == 1.0
    assert score(gold, perfect)["quotes.speaker"]["accuracy"] == 1.0


def test_spurious_prediction_costs_precision(gold, perfect):
    perfect["events"].append(event(type_="AID", text="nothing of the kind"))
    result = score(gold, perfect)
    assert result["events"]["recall"] == 1.0
    assert result["events"]["precision"] < 1.0


def test_all_optional_gold_and_no_prediction_scores_one():
    gold = {"loaded_language": [{"text": "lapdogs", "required": False}]}
    assert score(gold, {"loaded_language": []})["loaded_language"]["f1"] == 1.0
    assert score(gold, {"loaded_language": [{"text": "lapdogs"}]})["loaded_language"]["f1"] == 1.0
    assert score(gold, {"loaded_language": [{"text": "brave"}]})["loaded_language"]["f1"] == 0.0


# ---------------------------------------------------------------- matching rules


def test_events_match_one_to_one():
    gold = {"events": [{"type": "ASSAULT", "source": ["RUS"], "text_contains": "struck"}] * 2}
    result = score(gold, {"events": [event()]})["events"]
    assert (result["tp"], result["gold"], result["pred"]) == (1, 2, 1)

    gold = {"events": [{"type": "ASSAULT", "source": ["RUS"], "text_contains": "struck"}]}
    result = score(gold, {"events": [event(), event()]})["events"]
    assert (result["tp"], result["pred_tp"], result["pred"]) == (1, 1, 2)


def test_events_are_taken_greedily_by_confidence():
    gold = {"events": [{"type": "ASSAULT", "source": ["RUS"], "mode": "aerial", "text_contains": "struck"}]}
    right = event(mode="aerial", confidence=0.9)
    wrong = event(mode="firearms", confidence=0.4)
    assert score(gold, {"events": [wrong, right]})["events.mode"]["accuracy"] == 1.0
    right["confidence"], wrong["confidence"] = 0.4, 0.9
    assert score(gold, {"events": [wrong, right]})["events.mode"]["accuracy"] == 0.0


def test_event_needs_every_gold_source_and_target_country():
    gold = {"events": [{"type": "ASSAULT", "source": ["RUS"], "target": ["UKR"], "text_contains": "struck"}]}
    assert score(gold, {"events": [event()]})["events"]["tp"] == 0
    assert score(gold, {"events": [event(target_countries=["UKR", "POL"])]})["events"]["tp"] == 1


def test_event_matches_on_issue_or_any_listed_text():
    gold = {"events": [{"type": "REJECT", "source": ["RUS"], "text_contains_any": ["no pause", "no truce"]}]}
    pred = event(type_="REJECT", text="he said so", issue="No truce now")
    assert score(gold, {"events": [pred]})["events"]["tp"] == 1


def test_event_date_scored_only_with_the_hinted_published_date():
    gold = {"published_hint": "2025-07-07",
            "events": [{"type": "ASSAULT", "source": ["RUS"], "text_contains": "struck",
                        "date_given_published_hint": "2025-07-06"}]}
    pred = {"published": "2025-07-07", "events": [event(date={"value": "2025-07-06"})]}
    assert score(gold, pred)["events.date"] == {"correct": 1, "total": 1, "accuracy": 1.0}
    pred["published"] = None
    assert score(gold, pred)["events.date"]["total"] == 0


def test_one_quote_may_match_several_gold_quotes():
    gold = {"quotes": [{"text_contains": "first part"}, {"text_contains": "second part"}]}
    result = score(gold, {"quotes": [{"text": "The first part.\nThe second part."}]})["quotes"]
    assert (result["tp"], result["pred_tp"], result["pred"]) == (2, 1, 1)


def test_quote_speaker_resolved_through_actor_id_and_gold_aliases():
    gold = {"actors": [{"name": "Ann Smith", "type": "PERSON", "aliases": ["the minister"]}],
            "quotes": [{"speaker": "Ann Smith", "cue": "said firmly", "text_contains": "no deal"}]}
    pred = {"actors": [{"id": "x1", "name": "The Minister", "type": "PERSON"}],
            "quotes": [{"text": "there is no deal", "speaker": "x1", "cue": "she said,"}]}
    result = score(gold, pred)
    assert result["quotes.speaker"]["accuracy"] == 1.0
    assert result["quotes.cue"]["accuracy"] == 1.0
    pred["quotes"][0]["speaker"] = None
    pred["quotes"][0]["speaker_text"] = "someone else"
    assert score(gold, pred)["quotes.speaker"]["accuracy"] == 0.0


def test_actor_exact_names_win_over_aliases():
    gold = {"actors": [{"name": "Ukraine", "type": "GPE", "aliases": ["Kyiv"]}, {"name": "Kyiv", "type": "GPE"}]}
    pred = {"actors": [{"name": "Kyiv", "type": "GPE"}, {"name": "Ukraine", "type": "GPE"}]}
    assert score(gold, pred)["actors"]["tp"] == 2


def test_actor_last_token_rule_needs_two_persons():
    gold = {"actors": [{"name": "Ann Smith", "type": "PERSON"}]}
    assert score(gold, {"actors": [{"name": "Ms Smith", "type": "PERSON"}]})["actors"]["tp"] == 1
    assert score(gold, {"actors": [{"name": "Smith", "type": "ORG"}]})["actors"]["tp"] == 0


def test_fact_check_needs_evidence_and_claim():
    gold = {"fact_checks": [{"claim_contains": "moon is cheese", "verdict": "false", "text_contains": "false claim"}]}
    pred = {"claim": "The Moon is cheese", "verdict": "true", "evidence": {"text": "another false claim"}}
    result = score(gold, {"fact_checks": [pred]})
    assert result["fact_checks"]["tp"] == 1 and result["fact_checks.verdict"]["accuracy"] == 0.0
    pred["evidence"]["text"] = "a claim"
    assert score(gold, {"fact_checks": [pred]})["fact_checks"]["tp"] == 0


# ---------------------------------------------------------------- normalise and report


def test_normalise_quotes_dashes_nfkc_and_space():
    assert normalise("\u201cPutin\u2019s\u201d") == "\"putin's\""
    assert normalise("full\u2013scale \u2014 war \u2212 x") == "full-scale - war - x"
    assert normalise("\ufb01ne \uff21\uff22") == "fine ab"
    assert normalise("  Two \n\t lines\u00a0here ") == "two lines here"
    assert normalise("STRASSE Stra\u00dfe") == "strasse strasse"


def test_report_ends_with_score_line(gold, perfect):
    report = format_report(score(gold, perfect))
    assert re.fullmatch(r"SCORE mean_f1=\d\.\d{3}", report.splitlines()[-1])
    assert report.splitlines()[-1] == "SCORE mean_f1=1.000"
    assert re.search(r"^events +P=1\.000 R=1\.000 F1=1\.000 \(\d+/\d+/\d+\)$", report, re.M)


@given(st.text())
def test_normalise_is_idempotent(s):
    assert normalise(normalise(s)) == normalise(s)


@given(st.text(alphabet=st.sampled_from(CURLY + DASHES + "ab \n'\"-\u00a0")) | st.text())
def test_normalise_leaves_no_curly_quotes_dashes_or_double_spaces(s):
    out = normalise(s)
    assert not set(out) & set(CURLY + DASHES)
    assert "  " not in out and out == out.strip()
