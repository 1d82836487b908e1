"""Events as running news text tells them (issue 22): the forms a real article uses for a
request, a call, an agreement, an arrest by unnamed police or a sentence to come.
Sentences written for these tests."""
from __future__ import annotations

import newsgraph
from newsgraph.nlp.parse import load_nlp
from newsgraph.stages.events.doers import gerund_of_clause


def _analyze(text):
    return newsgraph.analyze(text, published="2025-05-02")


def _of_type(doc, type_):
    return [e for e in doc.events if e.type == type_]


def _names(doc, ids):
    return [doc.actor(i).name for i in ids]


def test_called_for_a_clause_is_a_request():
    """"called for the law to be repealed": the parser makes "for" the mark of the clause."""
    doc = _analyze("Opposition leader Nelson Chamisa called for the security law to be repealed.")
    requests = _of_type(doc, "REQUEST")
    assert requests and _names(doc, requests[0].source) == ["Nelson Chamisa"]
    assert "repealed" in (requests[0].issue or "")


def test_spoke_on_the_phone_is_a_call_and_spoke_to_reporters_is_none():
    call = _analyze("Kenyan President William Ruto spoke with Tanzanian President Samia Suluhu Hassan "
                    "on the phone on Monday.")
    consults = _of_type(call, "CONSULT")
    assert consults and consults[0].mode == "phone"
    assert {"KEN", "TZA"} <= set(consults[0].source_countries + consults[0].target_countries)
    press = _analyze("Kenyan President William Ruto spoke to reporters in Nairobi on Monday.")
    assert not _of_type(press, "CONSULT")


def test_entering_into_an_agreement_has_the_subject_as_its_party():
    doc = _analyze("The Ethiopian government said it had entered into an agreement with the Tigray "
                   "People's Liberation Front.")
    agreements = _of_type(doc, "AGREE")
    assert agreements and "ETH" in agreements[0].source_countries


def test_an_arrest_by_unnamed_police_is_the_home_state_acting():
    """No arresting force named: the state of the article's home country (its dateline) arrests."""
    doc = _analyze("HARARE — Zimbabwe's main opposition party said on Monday that its rally was banned.\n\n"
                   "At least 40 people were arrested on Sunday, a party spokesman said.")
    arrests = [e for e in _of_type(doc, "COERCE") if e.trigger.text == "arrested"]
    assert arrests and arrests[0].source == [] and arrests[0].source_countries == ["ZWE"]
    assert all(not e.source for e in doc.events if "banned" in e.evidence.text)  # the ban is not the party's own


def test_an_arrest_with_no_home_country_has_no_guessed_source():
    doc = _analyze("At least 40 people were arrested on Sunday, a spokesman said.")
    assert all(not e.source_countries for e in _of_type(doc, "COERCE"))


def test_the_speaker_binding_himself_is_no_request():
    doc = _analyze('The mayor of Lyon, Claire Dumas, said: "I must answer this question honestly, and we '
                   'have to work on the budget."')
    assert not _of_type(doc, "REQUEST")
    other = _analyze('The mayor of Lyon, Claire Dumas, said: "The government must restore the funding."')
    assert _of_type(other, "REQUEST")


def test_accepting_responsibility_is_a_concession():
    doc = _analyze("The Nigerian army accepted responsibility for the air strike on the village of Tudun Biri.")
    assert _of_type(doc, "CONCEDE")
    assert not _of_type(doc, "AGREE")


def test_to_be_sentenced_makes_the_accused_the_target():
    doc = _analyze("Former Peruvian President Pedro Castillo is to be sentenced next month, prosecutors said.")
    for event in _of_type(doc, "COERCE"):
        assert "Pedro Castillo" not in _names(doc, event.source)


def test_a_refusal_takes_the_object_after_the_verb():
    doc = _analyze('It is a vote against the council; "we cannot tolerate these evictions any longer," '
                   'said tenant leader Rosa Quispe.')
    refusals = _of_type(doc, "REJECT")
    assert refusals and "evictions" in refusals[0].evidence.text


def test_support_or_aid_with_no_one_to_receive_it_is_no_event_and_with_a_party_is_one():
    doc = _analyze("Governor Lena Marsh of Ruritania has long supported new cycling lanes, and on "
                   "Monday she praised the Danish ambassador.")
    backing = _of_type(doc, "SUPPORT")
    assert len(backing) == 1 and _names(doc, backing[0].target) == ["Danish ambassador"]
    assert backing[0].target_countries == ["DNK"]
    assert not _of_type(_analyze("Hundreds of residents of the Ruritanian capital donated blood on Sunday "
                                 "at the city hospital."), "AID")
    assert _of_type(_analyze("Sweden opened its borders to migrants in 2015."), "AID")  # given to someone unnamed


def test_a_crowd_that_clashes_riots_and_one_that_attacks_someone_assaults():
    riot = _analyze("Protesters in Belgrade clashed with police and threw rocks at officers on Tuesday.")
    assert [(e.type, e.mode) for e in riot.events if e.type in ("PROTEST", "ASSAULT")][:1] == [("PROTEST", "riot")]
    attack = _analyze("Two police officers in Belgrade were attacked by protesters on Tuesday.")
    assert _of_type(attack, "ASSAULT") and not _of_type(attack, "PROTEST")


def test_willing_to_withdraw_is_an_agreement_however_rare_the_wording():
    """A word of commitment makes the act a promise (AGREE) even where the type model
    has seen little of the act's own wording."""
    doc = _analyze("Honduras is willing to pull its troops back from the river delta it shares with Nicaragua.")
    agreements = _of_type(doc, "AGREE")
    assert agreements and agreements[0].source_countries == ["HND"]
    assert not _of_type(doc, "RETREAT")


def test_pledging_a_hostile_act_is_a_threat_and_agreeing_to_end_one_is_not():
    threat = _analyze("Canadian ministers pledged on Friday to impose new sanctions on Belarus.")
    assert [e.target_countries for e in _of_type(threat, "THREATEN")] == [["BLR"]]
    assert not _of_type(threat, "AGREE")
    ending = _analyze("The Canadian parliament agreed on Friday to lift the sanctions on Belarus.")
    assert not _of_type(ending, "THREATEN")


def test_a_gerund_after_a_preposition_is_done_by_the_clause_subject():
    """"spoke after meeting X": the meeting is the speaker's; "before allowing" is still to come."""
    met = _analyze("The Chilean foreign minister spoke to reporters after meeting with "
                   "Argentine President Javier Milei in Buenos Aires.")
    consults = _of_type(met, "CONSULT")
    assert consults and consults[0].source_countries == ["CHL"] and consults[0].target_countries == ["ARG"]
    nlp = load_nlp()
    for text, done in [("The rebels answered by shelling the town.", True),
                       ("The rebels waited before shelling the town.", False),
                       ("The envoy was summoned for questioning the next day.", False)]:
        gerund = next(t for t in nlp(text) if t.tag_ == "VBG")
        assert gerund_of_clause(gerund) is done, text


def test_ending_a_hostile_act_is_a_concession_and_refusing_to_end_it_a_rejection():
    """"called off the strike": the strikers concede (the strike is the issue, no protest);
    "suspended the curfew" eases a restriction; "will not end the strike" refuses to."""
    ended = _analyze("Nurses in Accra called off their strike on Thursday after the health ministry met them.")
    assert [e.type for e in ended.events if e.type in ("CONCEDE", "PROTEST")] == ["CONCEDE"]
    eased = _analyze("The Ghanaian government suspended the curfew in Accra on Thursday.")
    assert [e.type for e in eased.events] == ["CONCEDE"]
    refused = _analyze("Nurses in Accra say they will not end the strike until the health ministry pays them.")
    assert _of_type(refused, "REJECT") and not _of_type(refused, "CONCEDE")
    halted = _analyze("Ruritanian troops halted their offensive near the Syldavian border on Thursday.")
    assert _of_type(halted, "RETREAT") and not _of_type(halted, "ASSAULT")


def test_a_failed_agreement_is_a_rejection_however_rare_the_wording():
    doc = _analyze("Ghana and Togo failed to reach agreement on a shared fishing zone on Thursday.")
    rejections = _of_type(doc, "REJECT")
    assert rejections and set(rejections[0].source_countries) == {"GHA", "TGO"}
    assert not _of_type(doc, "AGREE")


def test_people_let_go_are_a_concession_and_things_released_are_none():
    """"were freed" with no one named: whoever held them concedes, where they were held;
    "announced the release of two fishermen" likewise; a report released is no event."""
    freed = _analyze("Three Ghanaian fishermen were freed from detention in Togo on Thursday.")
    concessions = _of_type(freed, "CONCEDE")
    assert concessions and concessions[0].source_countries == ["TGO"] and concessions[0].mode == "release"
    announced = _analyze("Togo announced the release of three Ghanaian fishermen on Thursday.")
    assert [e.source_countries for e in _of_type(announced, "CONCEDE")] == [["TGO"]]
    for text in ("The Togolese ministry announced the release of its annual report on Thursday.",
                 "The new fishing rules were released in Lome on Thursday."):
        assert not _of_type(_analyze(text), "CONCEDE"), text


def test_a_punishment_taken_is_coercion_of_the_one_punished():
    """"received prison terms": the subject is the target and the court the doer, named by
    "by" or untold; "was handed a sentence" is no aid; a grant received is no punishment."""
    jailed = _analyze("Two Ghanaian customs officers received five-year prison terms on Thursday.")
    coerced = _of_type(jailed, "COERCE")
    assert coerced and coerced[0].target_countries == ["GHA"] and coerced[0].mode == "arrest"
    handed = _analyze("The former Ghanaian minister was handed a life sentence by a court in Accra.")
    assert _of_type(handed, "COERCE") and not _of_type(handed, "AID")
    grant = _analyze("The Ghanaian university received a ten-year research grant on Thursday.")
    assert not _of_type(grant, "COERCE")


def test_force_used_against_people_is_an_assault():
    doc = _analyze("Ghanaian police used water cannon and tear gas against protesters in Accra on Thursday.")
    assert [e.source_countries for e in _of_type(doc, "ASSAULT")] == [["GHA"]]


def test_the_one_who_must_act_is_the_target_of_the_demand():
    """"X said Y must act": X demands of Y; a quote says the same of its speaker."""
    reported = _analyze("Ghana said that Togo must reopen the border crossings at once.")
    assert [(e.source_countries, e.target_countries) for e in _of_type(reported, "REQUEST")] == [(["GHA"], ["TGO"])]
    quoted = _analyze('"Togo must reopen the border crossings," the Ghanaian president said.')
    assert [e.target_countries for e in _of_type(quoted, "REQUEST")] == [["TGO"]]


def test_an_ending_verb_concedes_only_what_eases_someone():
    """"scrapped the tax", "the measures, which it dropped": a concession; "cancelled
    classes" ends nothing anyone asked for."""
    scrapped = _analyze("The Ghanaian government scrapped the tax on mobile payments on Thursday.")
    assert _of_type(scrapped, "CONCEDE")
    dropped = _analyze("Protests followed the new curfew measures, which the Ghanaian government dropped on Thursday.")
    assert _of_type(dropped, "CONCEDE")
    classes = _analyze("The mayor of Accra cancelled evening classes at the city's schools on Thursday.")
    assert not _of_type(classes, "CONCEDE")


def test_an_offer_of_goods_is_no_promise_and_an_offer_of_help_is_one():
    goods = _analyze("Two Ghanaian airlines now offer flights to Togolese cities other than Lome.")
    assert not _of_type(goods, "AGREE")
    troops = _analyze("Ghana has offered its troops to the Togolese government to help keep order.")
    assert [e.source_countries for e in _of_type(troops, "AGREE")] == [["GHA"]]
