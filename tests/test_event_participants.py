"""Event parties the actors stage lists no actor for: a common-noun phrase in the agent or
patient slot ("protesters", "the embassy", "two senators") is a party of its own, with its
text; a thing, a body part or an outlet never is. Sentences written for these tests."""
from __future__ import annotations

import newsgraph
from newsgraph.stages.events.participants import party_head


def _analyze(text):
    return newsgraph.analyze(text, published="2025-05-02")


def _names(doc, ids):
    return [doc.actor(i).name for i in ids]


def _events(doc, type_):
    return [e for e in doc.events if e.type == type_]


def test_gunmen_storm_the_embassy():
    doc = _analyze("Gunmen stormed the embassy in Lusaka on Friday.")
    attacks = _events(doc, "ASSAULT")
    assert attacks
    assert _names(doc, attacks[0].source) == ["Gunmen"]
    assert _names(doc, attacks[0].target) == ["the embassy"]


def test_party_target_is_an_actor_of_the_record():
    """The party is listed among the actors, with its mention, so the record stays whole."""
    doc = _analyze("Protesters stormed the embassy in Lusaka on Friday.")
    embassy = next(a for a in doc.actors if a.name == "the embassy")
    assert embassy.country is None and embassy.type == "ORG"
    assert [m.text for m in embassy.mentions] == ["the embassy"]
    record = doc.to_dict()
    ids = [a["id"] for a in record["actors"]]
    assert len(ids) == len(set(ids))
    assert all(i in ids for e in record["events"] for i in e["source"] + e["target"])


def test_reporter_is_not_the_source_of_an_arrest():
    doc = _analyze("Reuters reported that police arrested two men in Nairobi on Sunday.")
    arrests = _events(doc, "COERCE")
    assert arrests
    assert all("Reuters" not in _names(doc, e.source) for e in doc.events)
    assert _names(doc, arrests[0].source) == ["police"]
    assert _names(doc, arrests[0].target) == ["two men"]


def test_a_body_part_is_no_party():
    doc = _analyze("A soldier hit his head on the door of the barracks in Lusaka.")
    assert not any(a.name.lower().endswith("head") for a in doc.actors)
    assert all("his head" not in _names(doc, e.target) for e in doc.events)


def test_a_demonym_codes_the_party():
    doc = _analyze("Senators from the ruling party urged the Zambian ministry to free the prisoners.")
    ministry = [a for a in doc.actors if a.name.endswith("ministry")]
    assert ministry and ministry[0].country == "ZMB"


def testparty_heads_are_agents_not_things():
    sent = next(iter(newsgraph.analyze("The rebels seized the ministry and the newspaper lost its car.",
                                       published="2025-05-02").nlp.sents))
    heads = {t.lower_: party_head(t) for t in sent if t.pos_ == "NOUN"}
    assert heads["rebels"] and heads["ministry"]
    assert not heads["newspaper"] and not heads["car"]


def test_a_counted_plural_party_is_the_group_named_before():
    doc = _analyze("Hundreds of Peruvian teachers marched in Lima on Monday. "
                   "On Tuesday, police arrested 40 teachers outside the ministry.")
    teachers = [a for a in doc.actors if a.name.lower().endswith("teachers")]
    assert len(teachers) == 1, [a.name for a in teachers]
    (arrest,) = _events(doc, "COERCE")
    assert arrest.target == [teachers[0].id]


def test_the_target_is_never_a_name_inside_the_doers_own_phrase():
    """'the calls by Norway officials asking Sweden …': Norway names the doers, Sweden is asked."""
    doc = _analyze("Norway wants answers. On Monday the prime minister joined the calls by Norway officials "
                   "asking Sweden to waive the fees for the fishing fleet. They said the fleet could not wait.")
    requests = _events(doc, "REQUEST")
    assert [(e.source_countries, e.target_countries) for e in requests if "Sweden" in e.evidence.text] == \
        [(["NOR"], ["SWE"])]


def test_a_group_of_lawyers_that_calls_for_an_inquiry_is_the_source():
    doc = _analyze("Lawyers in Port Elmer have called for an inquiry into the collapse.")
    requests = _events(doc, "REQUEST")
    assert [_names(doc, e.source) for e in requests] == [["Lawyers in Port Elmer"]]
    assert doc.actor(requests[0].source[0]).type == "GROUP"


def test_an_infinitive_urged_ends_before_a_second_act_of_the_subject():
    from newsgraph.nlp.syntax import clause_span
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    words = ["Ali", "urged", "the", "envoy", "to", "wait", "and", "met", "the", "mayor"]
    heads = [1, 1, 3, 1, 5, 1, 5, 5, 9, 7]
    deps = ["nsubj", "ROOT", "det", "dobj", "aux", "xcomp", "cc", "conj", "det", "dobj"]
    tags = ["NNP", "VBD", "DT", "NN", "TO", "VB", "CC", "VBD", "DT", "NN"]
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, tags=tags)
    assert clause_span(doc[5]).text == "to wait"
    tags[7] = "VB"  # 'urged the envoy to wait and see': one infinitive, both verbs urged
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, tags=tags)
    assert clause_span(doc[5]).text == "to wait and met the mayor"


def test_a_visit_to_a_thing_is_no_meeting_and_leaders_met_are_a_party():
    doc = _analyze("Polish President Anna Nowak visited the wounded in hospital on Monday.")
    assert _events(doc, "CONSULT") == []
    doc = _analyze("The UN envoy met rebel leaders in Aden on Thursday to push for a longer truce.")
    assert _events(doc, "CONSULT")


def test_the_place_a_target_stands_in_is_not_its_owner_even_when_named_before():
    doc = _analyze("Lusaka was calm on Thursday. Gunmen stormed the embassy in Lusaka on Friday.")
    attacks = _events(doc, "ASSAULT")
    assert attacks and _names(doc, attacks[0].target) == ["the embassy"]


def test_a_dateline_is_not_the_subject_and_a_body_that_is_no_state_aims_at_home():
    doc = _analyze("NAIROBI, Kenya — Amnesty International called for an independent inquiry into "
                   "the shooting at the market on Monday.")
    requests = _events(doc, "REQUEST")
    assert requests and _names(doc, requests[0].source) == ["Amnesty International"]
    assert requests[0].target_countries == ["KEN"]


def test_a_country_s_parliament_is_no_outlet_named_before():
    doc = _analyze("OSLO, Norway (AP) -- Norway's parliament passed a resolution on Thursday criticizing "
                   "Prime Minister Ana Berg for her remarks.")
    outlet = next(a for a in doc.actors if a.name == "AP")
    assert [m.text for m in outlet.mentions] == ["AP"]


def test_a_body_in_a_place_is_a_party_of_that_place():
    doc = _analyze("A court in Hanoi on Monday rejected the appeal of a Norwegian sailor convicted of smuggling.")
    refusals = _events(doc, "REJECT")
    assert refusals and refusals[0].source_countries == ["VNM"]
    bombing = _analyze("A suicide bomber in Mogadishu killed at least six people near a market on Monday.")
    attacks = _events(bombing, "ASSAULT")
    assert attacks and attacks[0].source_countries == ["SOM"] and bombing.actor(attacks[0].source[0]).sector == "REB"


def test_each_country_of_a_listed_of_phrase_is_a_party():
    """"with the navies of A, B and C": the common noun stands for each country it lists."""
    doc = _analyze("Kenya has stepped up cooperation with the coast guards of Tanzania, Somalia and Mozambique.")
    events = _events(doc, "COOPERATE")
    assert events and set(events[0].target_countries) == {"TZA", "SOM", "MOZ"}


def test_a_weapon_that_kills_is_an_attack_by_someone_untold():
    """"a roadside bomb killed": no doer is named, the victims are the target; a phrase that
    names its doer ("a Nigerian drone") keeps it."""
    untold = _analyze("A roadside bomb killed four Malian soldiers near Gao on Tuesday.")
    attacks = _events(untold, "ASSAULT")
    assert attacks and attacks[0].source == [] and attacks[0].target_countries == ["MLI"]
    named = _analyze("A Nigerian drone killed four Malian soldiers near Gao on Tuesday.")
    assert [e.source_countries for e in _events(named, "ASSAULT")] == [["NGA"]]


def test_thousands_of_people_are_the_people():
    doc = _analyze("Thousands of students demonstrated in Accra on Thursday.")
    assert [e.source_countries for e in _events(doc, "PROTEST")] == [["GHA"]]
