"""Events: the seed article's events, single-sentence behaviour, the shipped model and the scorer."""
from __future__ import annotations

import pytest

import newsgraph
from newsgraph.stages.events.model import load_model
from newsgraph.evaluation.events import GoldEvent, Scores, Sentence, expected_calibration_error, load_own, score_sentence
from newsgraph.stages.events.coder import extract_events, split_list
from newsgraph.evaluation.scorer import score

from conftest import DATA
from floors import at_least


def _events(record, type_):
    return [e for e in record["events"] if e["type"] == type_]


def test_seed_events_f1(seed_gold, seed_record):
    result = score(seed_gold, seed_record)
    assert result["events"]["f1"] >= 0.95


def test_seed_demand_list_is_split(seed_record):
    issues = " | ".join(e["issue"] or "" for e in _events(seed_record, "REQUEST"))
    assert len(_events(seed_record, "REQUEST")) >= 7
    for item in ("lifting of Western sanctions", "return of seized Russian assets", "demilitarisation"):
        assert item in issues
    assert all(e["source_countries"] == ["RUS"] for e in _events(seed_record, "REQUEST"))


def test_seed_reciprocal_strikes_are_dated(seed_record):
    strikes = [e for e in _events(seed_record, "ASSAULT") if "struck each other" in e["evidence"]["text"]]
    directions = {(tuple(e["source_countries"]), tuple(e["target_countries"])) for e in strikes}
    assert directions == {(("RUS",), ("UKR",)), (("UKR",), ("RUS",))}
    assert all(e["date"]["value"] == "2025-07-06" and e["mode"] == "aerial" for e in strikes)


def test_seed_kyiv_strike_has_place_and_date(seed_record):
    kyiv = next(e for e in _events(seed_record, "ASSAULT") if "bombarded Kyiv" in e["evidence"]["text"])
    assert kyiv["location"]["name"] == "Kyiv" and kyiv["location"]["country"] == "UKR"
    assert kyiv["date"]["value"] == "2025-07-04" and kyiv["date"]["precision"] == "day"


def test_seed_planned_talks_are_future(seed_record):
    talks = next(e for e in _events(seed_record, "CONSULT") if "round of talks" in e["evidence"]["text"])
    assert talks["modality"] == "future"
    assert talks["source_countries"] == ["RUS"] and talks["target_countries"] == ["UKR"]


def test_every_seed_event_has_evidence_inside_the_text(seed_record):
    for event in seed_record["events"]:
        ev = event["evidence"]
        assert seed_record["text"][ev["start"]:ev["end"]] == ev["text"]
        assert 0.0 <= event["confidence"] <= 1.0
        assert event["cameo_root"] and event["quad_class"] in (1, 2, 3, 4)


def test_negated_attack_is_not_asserted():
    doc = newsgraph.analyze("The Philippine navy said it had not rammed any Chinese vessel near Scarborough Shoal.",
                            published="2025-03-01")
    assert all(e.modality != "asserted" for e in doc.events if e.type == "ASSAULT")


def test_non_event_sentence_gives_no_event():
    doc = newsgraph.analyze("Japan's exports rose 4.1 percent in March from a year earlier, finance ministry data showed.",
                            published="2025-04-17")
    assert doc.events == []


def test_promise_is_coded_as_agree():
    doc = newsgraph.analyze("Japan will extend a 90 billion yen loan to the Philippines for a railway in Manila.",
                            published="2025-04-17")
    assert [e.type for e in doc.events] == ["AGREE"]
    assert doc.events[0].source_countries == ["JPN"]


def test_rules_alone_still_code_events():
    doc = newsgraph.analyze("Russian forces shelled Kharkiv on Sunday.", published="2025-07-07")
    rules_only = extract_events(doc, model=None)
    assert [e.type for e in rules_only.events] == ["ASSAULT"]
    assert rules_only.events[0].date.value == "2025-07-06"


def test_shipped_model_loads_and_scores_all_types():
    model = load_model()
    assert model is not None and len(model.classes) == 16
    probs = model.probabilities(["w:attack", "lex:ASSAULT"])
    assert max(probs, key=probs.get) == "ASSAULT"
    assert 0.0 < model.confidence(0.9, False, False) <= 1.0


def test_split_list_keeps_quoted_commas_together():
    text = 'demands, including "peace, not war", the lifting of sanctions and the return of assets.'
    start = text.index("including") + len("including") + 1
    items = [text[a:b] for a, b in split_list(text, start, len(text))]
    assert items == ['"peace, not war"', "the lifting of sanctions", "the return of assets"]


def test_scorer_matches_accepted_types_and_counts_false_positives():
    gold = Sentence("s1", "x", [GoldEvent(["REQUEST", "ACCUSE"], ["RUS"])])
    scores = Scores()
    score_sentence(scores, gold, [{"type": "ACCUSE", "source_countries": ["RUS"], "confidence": 0.8},
                                  {"type": "ASSAULT", "source_countries": [], "confidence": 0.3}], set())
    assert (scores.tp, scores.fp, scores.fn, scores.source_ok) == (1, 1, 0, 1)
    assert expected_calibration_error([(0.8, True), (0.3, False)]) == pytest.approx(0.25)


@pytest.mark.slow
def test_held_out_sentences_floor():
    """Our own held-out sentences through the whole pipeline: a floor, not the bench figure."""
    from newsgraph.nlp.gazetteer import load_data
    from newsgraph.ingest.files import document_from_string
    from newsgraph.pipeline import process_many

    sentences = load_own(DATA / "events" / "own_a_test.jsonl")[:80]
    docs = [document_from_string(s.text, kind="text", published="2025-06-30") for s in sentences]
    igos = {o["code"] for o in load_data("igos.json")["organisations"]}
    scores = Scores()
    for sent, doc in zip(sentences, process_many(docs)):
        score_sentence(scores, sent, [{"type": e.type, "source_countries": e.source_countries,
                                       "confidence": e.confidence} for e in doc.events], igos)
    at_least("events.own_a_test80.micro_f1", scores.micro_f1)
    at_least("events.own_a_test80.source_country", scores.source_ok / max(1, scores.source_n))


def test_context_comes_from_the_sentence():
    doc = newsgraph.analyze("Saudi Arabia deposited 3 billion dollars in the central bank of Pakistan to support its economy.",
                            published="2025-01-01")
    aid = next(e for e in doc.events if e.type == "AID")
    assert "economic" in aid.context and aid.source_countries == ["SAU"] and aid.target_countries == ["PAK"]


# ---- issue 22: events on real news; every sentence below was written for its test


def _analyze(text):
    return newsgraph.analyze(text, published="2025-05-02")


@pytest.fixture
def every_coded_event(monkeypatch):
    """The calibration's abstention off: for tests of who the parties of an event are,
    whatever confidence the map (fitted on real articles) gives a one-sentence text."""
    from newsgraph.lexicon import table

    monkeypatch.setitem(table("events_calibration.json"), "abstain_below", 0.0)


def test_reporter_is_not_the_source():
    doc = _analyze("The Associated Press reported that Serbian soldiers shelled the border town of Varna on Tuesday.")
    attacks = [e for e in doc.events if e.type == "ASSAULT"]
    assert attacks and all(e.source_countries == ["SRB"] for e in attacks)
    outlet = next(a for a in doc.actors if a.name == "Associated Press")
    assert all(outlet.id not in e.source for e in doc.events)


def test_claimed_attack_goes_to_its_claimant(every_coded_event):
    doc = _analyze("Two bombs exploded at a police station in Mosul on Monday. The Northern Liberation Front later "
                   "claimed responsibility for the bombings, the interior ministry said.")
    attacks = [e for e in doc.events if e.type == "ASSAULT"]
    assert attacks
    assert all([doc.actor(a).name for a in e.source] == ["Northern Liberation Front"] for e in attacks)


def test_called_x_a_y_is_an_accusation():
    doc = _analyze("Croatian Foreign Minister Anna Kovac called the raid a cowardly crime.")
    assert [e.type for e in doc.events] == ["ACCUSE"]
    assert doc.events[0].source_countries == ["HRV"]


def test_quoted_denial_is_not_a_threat():
    doc = _analyze('"I never threaten anybody," the Serbian president, Marko Vidic, told reporters in Belgrade.')
    assert not [e for e in doc.events if e.type == "THREATEN"]


def test_one_clause_yields_one_event():
    doc = _analyze('Serbian Prime Minister Marko Vidic said on Friday: "We will not accept this plan."')
    assert [(e.type, e.modality) for e in doc.events] == [("REJECT", "asserted")]


def test_animals_yield_no_assault():
    doc = _analyze("Wolves attacked and killed several sheep near the village, park rangers in Bulgaria said.")
    assert not [e for e in doc.events if e.type == "ASSAULT"]


# ---- proposals and parties in running text (issue 22, second pass); sentences written for the tests


def test_verdict_is_an_accusation_by_the_courts_of_the_accused():
    doc = _analyze("Three Hungarian customs officers were found guilty of smuggling on Wednesday.")
    accusations = [e for e in doc.events if e.type == "ACCUSE"]
    assert accusations and accusations[0].source_countries == ["HUN"]


def test_called_for_is_a_request_not_a_phone_call():
    doc = _analyze("The Kenyan government called for an end to the fighting in South Sudan.")
    assert "REQUEST" in [e.type for e in doc.events]
    assert "CONSULT" not in [e.type for e in doc.events]


def test_mutual_agreement_of_two_states_is_one_joint_event():
    """PLOVER codes "X and Y agreed" as one reciprocal event with both as sources; split in
    two, neither half holds both sources."""
    doc = _analyze("Chile and Peru agreed to reopen their border crossings next month.")
    agreements = [e for e in doc.events if e.type == "AGREE"]
    assert [sorted(e.source_countries) for e in agreements] == [["CHL", "PER"]]


def test_exchange_of_fire_is_one_event_each_way():
    doc = _analyze("Chilean and Peruvian border troops exchanged fire on Tuesday.")
    attacks = [e for e in doc.events if e.type == "ASSAULT"]
    assert sorted((e.source_countries, e.target_countries) for e in attacks) == [
        (["CHL"], ["PER"]), (["PER"], ["CHL"])]


def test_joint_call_misparsed_as_one_name_is_still_two_sides():
    # the small parser hangs the second title on the first name: no conjunct, yet two parties
    doc = _analyze("On Tuesday, Chilean President Ana Rojas and Peruvian President Luis Vega spoke on the phone.")
    calls = [e for e in doc.events if e.type == "CONSULT"]
    assert sorted((e.source_countries, e.target_countries) for e in calls) == [
        (["CHL"], ["PER"]), (["PER"], ["CHL"])]
    assert all(e.mode == "phone" for e in calls)


def test_thing_hit_takes_its_owner_as_target():
    doc = _analyze("Pipelines owned by Norway's state energy firm were hit by drone strikes on Sunday.")
    attacks = [e for e in doc.events if e.type == "ASSAULT"]
    assert attacks and attacks[0].target_countries == ["NOR"]
    assert "PROTEST" not in [e.type for e in doc.events]  # drone strikes are no labour strike


def test_participle_on_an_object_takes_the_poster_as_source():
    doc = _analyze("Swedish Foreign Minister Lena Berg posted a statement on Twitter blaming Russia for the outage.")
    accusations = [e for e in doc.events if e.type == "ACCUSE"]
    assert accusations and accusations[0].source_countries == ["SWE"]
    assert "RUS" in accusations[0].target_countries


def test_national_adjective_is_the_doer_of_a_nominal_attack(every_coded_event):
    doc = _analyze("The Turkish offensive into northern Iraq began on Monday.")
    attacks = [e for e in doc.events if e.type == "ASSAULT"]
    assert attacks and attacks[0].source_countries == ["TUR"] and "IRQ" in attacks[0].target_countries


def test_met_demands_and_received_surgery_are_no_meetings():
    doc = _analyze("The Bolivian government met the miners' demands. The wounded Bolivian minister received surgery.")
    assert "CONSULT" not in [e.type for e in doc.events]


def test_signed_decree_is_no_agreement():
    doc = _analyze("Ecuador's president signed a decree banning street protests in Quito.")
    assert "AGREE" not in [e.type for e in doc.events]


def test_pleading_not_guilty_is_no_request():
    doc = _analyze("Former Bolivian interior minister Carlos Rojas pleaded not guilty to the charges in La Paz.")
    assert "REQUEST" not in [e.type for e in doc.events]


def test_members_of_a_body_stand_for_the_body():
    doc = _analyze("The raid was condemned by members of the African Union on Friday.")
    accusations = [e for e in doc.events if e.type == "ACCUSE"]
    assert accusations and accusations[0].source_countries == ["AU"]


def test_calibrated_confidence_is_a_probability_and_abstains_below_its_threshold():
    from newsgraph.lexicon import table
    from newsgraph.stages.events.calibration import confidence

    rules = table("events_calibration.json")
    assert 0.0 < rules["abstain_below"] < 1.0
    strong_fact = {"logit_p": 3.0, "strong": 1.0, "asserted": 1.0}
    weak_fact = {"logit_p": -6.0, "added": 1.0}
    assert 0.0 <= confidence(weak_fact, rules) < confidence(strong_fact, rules) <= 1.0


# PLOVER's conventions for promises, refusals and set phrases (own sentences; the patterns
# were found reading the PLV-train and GSR misses, which are development sets).

def _types(text):
    return [(e.type, e.source_countries, e.target_countries) for e in _analyze(text).events]


def test_a_concession_said_not_to_be_made_is_a_refusal():
    events = _types("Peru will not release the detained Chilean fishermen, the interior minister said.")
    assert ("REJECT", ["PER"], ["CHL"]) in events
    assert not any(t in ("CONCEDE", "RETREAT") for t, _, _ in events)
    # told as a fact, the concession did not happen: no refusal
    events = _analyze("Peruvian troops did not withdraw from the border town, the regional governor said.").events
    assert "REJECT" not in [e.type for e in events]
    assert [e.modality for e in events if e.type == "RETREAT"] == ["negated"]


def test_a_meeting_announced_by_its_party_is_an_agreement_to_meet():
    events = _types("The Chilean president will meet Peru's foreign minister in Lima next week.")
    assert [t for t, _, _ in events] == ["AGREE"]


def test_pledged_support_is_support_not_a_promise():
    events = _types("Chile pledged its full support for Peru's bid to host the summit.")
    assert ("SUPPORT", ["CHL"], ["PER"]) in events and "AGREE" not in [t for t, _, _ in events]


def test_summoning_an_ambassador_and_complaining_are_accusations():
    assert ("ACCUSE", ["PER"], ["CHL"]) in _types("Peru summoned the Chilean ambassador on Tuesday over the border incident.")
    assert ("ACCUSE", ["CHL"], ["PER"]) in _types(
        "Chile's foreign ministry complained about Peruvian fishing boats in its waters.")


def test_granted_permission_is_a_concession():
    events = _types("Peru granted the Chilean rescue team permission to cross the border.")
    assert ("CONCEDE", ["PER"], ["CHL"]) in events and "AID" not in [t for t, _, _ in events]


def test_establishing_diplomatic_ties_is_support():
    events = _types("Chile and Ecuador established diplomatic ties on Friday.")
    assert [(t, sorted(s)) for t, s, _ in events] == [("SUPPORT", ["CHL", "ECU"])]


def test_seeking_to_do_something_is_an_aim_not_a_request():
    events = _types("The Chilean retailer seeks to expand its network of stores in Peru over the next two years.")
    assert "REQUEST" not in [t for t, _, _ in events]
    assert "REQUEST" in [t for t, _, _ in _types("Chile sought Peru's help to find the missing fishermen.")]


def test_an_act_someone_was_unable_to_do_is_negated():
    events = _analyze("Police in Lima have been unable to question the Chilean suspect.").events
    assert events and all(e.modality == "negated" for e in events)


@pytest.mark.parametrize("text, wanted", [
    ("Chile's president attended the regional summit in Lima on Friday.", ("CONSULT", ["CHL"])),
    ("Thousands of Chilean students joined the protests in Santiago on Monday.", ("PROTEST", ["CHL"])),
    ("Peru opened its borders to refugees fleeing the fighting in Ecuador.", ("AID", ["PER"])),
])
def test_attending_or_joining_an_act_and_opening_borders(text, wanted):
    assert wanted in [(t, s) for t, s, _ in _types(text)]


def test_a_failed_agreement_is_a_rejection(every_coded_event):
    events = _types("Chile and Peru failed to reach agreement over the border dispute.")
    assert [(t, sorted(s)) for t, s, _ in events] == [("REJECT", ["CHL", "PER"])]


def test_a_declared_state_of_emergency_is_coercion_by_who_declared_it(every_coded_event):
    events = _types("The Peruvian president declared a state of emergency across the southern provinces.")
    assert ("COERCE", ["PER"]) in [(t, s) for t, s, _ in events]


@pytest.mark.parametrize("text, wanted", [
    ("Peruvian troops remained on alert along the border on Sunday.", ("MOBILIZE", ["PER"])),
    ("Chile placed its navy on alert after the incident.", ("MOBILIZE", ["CHL"])),
    ("Chilean nurses went on strike on Monday over pay.", ("PROTEST", ["CHL"])),
    ("Ecuadorian rebels used the villagers as human shields.", ("ASSAULT", ["ECU"])),
])
def test_a_state_phrase_after_a_verb_is_the_event(text, wanted, every_coded_event):
    events = [(t, s) for t, s, _ in _types(text)]
    assert events == [wanted]  # one event: the strike noun is no second protest


@pytest.mark.parametrize("text, source", [
    ("Ghana sent 300 peacekeepers to Liberia on Tuesday.", ["GHA"]),
    ("The first Kenyan peacekeeping troops arrived in Mogadishu on Monday.", ["KEN"]),
])
def test_sending_peacekeepers_is_aid(text, source, every_coded_event):
    events = [(t, s) for t, s, _ in _types(text)]
    assert ("AID", source) in events and "MOBILIZE" not in [t for t, _ in events]


def test_found_guilty_with_the_label_parsed_as_a_clause_is_a_verdict(every_coded_event):
    events = _types("A Lima court judge found the former Chilean consul guilty of taking bribes.")
    assert ("ACCUSE", ["PER"], ["CHL"]) in events


def test_withdrawing_peacekeepers_stops_aid_and_with_unless_is_a_threat(every_coded_event):
    assert ("SANCTION", ["GHA"]) in [(t, s) for t, s, _ in _types("Ghana withdrew its peacekeepers from Liberia on Tuesday.")]
    threatened = _types("Ghana will withdraw its peacekeepers from Liberia unless the talks resume.")
    assert [(t, s) for t, s, _ in threatened] == [("THREATEN", ["GHA"])]


@pytest.mark.parametrize("text", [
    "Kenyan officials said there was no evidence to support the president's claims of widespread fraud.",
    "The Kenyan government's own data supports the claims of the farmers.",
    "The alliance's charter prohibits any intervention of a political character.",
    "The French law provides protections for hosting sites.",
])
def test_results_and_rules_are_no_doers_of_events(text):
    doc = newsgraph.analyze(text, published="2024-05-02")
    assert not doc.events, [(e.type, e.evidence.text) for e in doc.events]


def test_a_number_of_people_still_act():
    doc = newsgraph.analyze("A number of Kenyan senators condemned the decision of the electoral board.",
                            published="2024-05-02")
    assert [e for e in doc.events if e.type == "ACCUSE"]
