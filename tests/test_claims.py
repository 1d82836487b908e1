"""Claims: the article's own fact-check markers, and loaded language."""
from __future__ import annotations

import newsgraph
from newsgraph.evaluation.scorer import score


def test_seed_fact_check_is_found_with_verdict_false(seed_gold, seed_record):
    result = score({"fact_checks": seed_gold["fact_checks"]}, seed_record)
    assert result["fact_checks"]["recall"] == 1.0
    assert result["fact_checks.verdict"]["accuracy"] == 1.0
    assert all(fc["verdict"] in ("false", "misleading", "disputed", "true") for fc in seed_record["fact_checks"])


def test_article_marker_gives_claim_claimant_verdict_and_evidence():
    text = ("Senator Mark Dalton repeated his false claim that the election had been stolen.\n"
            "The governor said the plant would reopen in May.")
    doc = newsgraph.analyze(text)
    assert len(doc.fact_checks) == 1
    fc = doc.fact_checks[0]
    assert fc.verdict == "false"
    assert "the election had been stolen" in fc.claim
    assert fc.evidence.text == text[fc.evidence.start:fc.evidence.end]
    assert "false claim" in fc.evidence.text
    claimant = doc.actor(fc.claimant)
    assert claimant is not None and "Dalton" in claimant.name


def test_disputed_and_misleading_markers():
    text = ("The ministry said, without evidence, that foreign agents had started the fires.\n"
            "Critics called the chart misleading because it left out two years of data.")
    verdicts = {fc.verdict for fc in newsgraph.analyze(text).fact_checks}
    assert verdicts == {"disputed", "misleading"}


def test_a_marker_inside_a_speakers_quote_is_not_the_articles_verdict():
    text = "“Everything they say about us is a lie and a hoax,” the minister said on Friday."
    doc = newsgraph.analyze(text)
    assert doc.fact_checks == []
    assert doc.loaded_language == []


def test_loaded_language_spans_point_into_the_text():
    text = "The regime's mouthpiece blasted the report, calling its authors puppets of a foreign cabal."
    doc = newsgraph.analyze(text)
    words = {t.text.lower() for t in doc.loaded_language}
    assert {"mouthpiece", "blasted", "puppets", "cabal"} <= words
    for term in doc.loaded_language:
        assert doc.text[term.start:term.end] == term.text


def test_plain_reporting_has_no_fact_checks_or_loaded_language():
    text = "The council approved the budget on Tuesday. The mayor said spending on roads would rise by 4%."
    doc = newsgraph.analyze(text)
    assert doc.fact_checks == []
    assert doc.loaded_language == []


def test_falsely_claimed_gives_the_claim_after_that_and_its_claimant():
    text = "Governor Lena Fischer falsely claimed on Monday that the ballots had been printed abroad."
    doc = newsgraph.analyze(text)
    fc = doc.fact_checks[0]
    assert fc.verdict == "false"
    assert fc.claim == "the ballots had been printed abroad"
    claimant = next(a for a in doc.actors if a.id == fc.claimant)
    assert claimant.name == "Lena Fischer" and claimant.type == "PERSON"


def test_ordinary_words_that_look_like_markers_are_not_fact_checks():
    text = ("The village lies 20 kilometres north of the capital. "
            "The region has been contested by two clans for decades, and the mayor denies any feud.")
    assert newsgraph.analyze(text).fact_checks == []
