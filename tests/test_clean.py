"""Residue cleaning: the scraped-text gold set, the seed, single rules and an HTML page."""
from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from newsgraph.ingest.clean import RESIDUE_RULES, classify_line, clean_document, clean_lines
from newsgraph.ingest.files import document_from_string
from floors import at_least

DATA = Path(__file__).resolve().parent / "data"
RESIDUE_SET = DATA / "gold" / "residue"
HTML_PAGE = DATA / "html" / "harbour-news.html"
REASONS = {"caption", "form", "navigation", "advert", "related", "boilerplate"}


def _gold_files() -> list[Path]:
    return sorted(RESIDUE_SET.glob("*.gold.json"))


def _score(gold_path: Path) -> tuple[int, int, int, int, list[str]]:
    """(residue found, residue total, article kept, article total, misses) for one snippet."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    lines = (gold_path.parent / gold["document"]).read_text(encoding="utf-8").splitlines()
    _, removed = clean_lines(lines)
    dropped = {r.line for r in removed}
    residue = {r["line"] for r in gold["residue"]}
    found = kept = article = 0
    misses = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if number in residue:
            found += number in dropped
            if number not in dropped:
                misses.append(f"{gold['document']}:{number} residue kept: {line[:60]}")
        else:
            article += 1
            kept += number not in dropped
            if number in dropped:
                misses.append(f"{gold['document']}:{number} article lost: {line[:60]}")
    return found, len(residue), kept, article, misses


def test_residue_gold_set_is_there_and_well_formed():
    files = _gold_files()
    assert len(files) >= 30, "the residue gold set should hold at least 30 snippets"
    for path in files:
        gold = json.loads(path.read_text(encoding="utf-8"))
        lines = (path.parent / gold["document"]).read_text(encoding="utf-8").splitlines()
        for item in gold["residue"]:
            assert lines[item["line"] - 1].startswith(item["text_starts"][:20]), (path.name, item)


def test_residue_recall_and_article_retention_on_gold_set():
    totals = [0, 0, 0, 0]
    misses: list[str] = []
    for path in _gold_files():
        *counts, missed = _score(path)
        totals = [a + b for a, b in zip(totals, counts)]
        misses += missed
    found, residue, kept, article = totals
    recall, retention = found / residue, kept / article
    assert residue >= 150 and article >= 250  # the set is not trivially small
    assert misses == [] or recall < 1.0 or retention < 1.0
    at_least("residue.own.recall", recall)
    at_least("residue.own.retention", retention)


def test_seed_residue_recall_is_total_and_no_article_line_is_lost(seed_text, seed_gold):
    lines = seed_text.splitlines()
    kept, removed = clean_lines(lines)
    assert {r.line for r in removed} == {r["line"] for r in seed_gold["residue"]}
    gold_reasons = {r["line"]: r["reason"] for r in seed_gold["residue"]}
    assert {r.line: r.reason for r in removed} == gold_reasons
    assert len(kept) == sum(1 for line in lines if line.strip()) - len(gold_reasons)


def test_every_rule_gives_a_reason_from_the_spec():
    assert {rule.reason for rule in RESIDUE_RULES} == REASONS


@pytest.mark.parametrize("line, reason", [
    ("Rescuers reach the stranded hikers on Sunday (Image: Getty)", "caption"),
    ("A woman walks past the damaged shop. (AP Photo/Jane Doe)", "caption"),
    ("Troops patrol the border town. REUTERS/John Smith", "caption"),
    ("Invalid email", "form"),
    ("Sign up to our free daily newsletter", "form"),
    ("Advertisement", "advert"),
    ("READ MORE: Ten things to do this weekend", "related"),
    ("Follow us on Twitter", "navigation"),
    ("Share this article", "navigation"),
    ("Home / World / Europe", "navigation"),
    ("By Jane Smith and Tom Brown", "boilerplate"),
    ("Updated 6:12 PM GMT, July 14, 2025", "boilerplate"),
    ("Copyright 2025 Example Media. All rights reserved.", "boilerplate"),
    ("March 12, 2025 10:41 AM GMT", "boilerplate"),
    # issue 18: the kinds real scraped text carries (lines written for this test)
    ("The lock gates at dawn. Image: Ruth Obi (flickr).", "caption"),
    ("Photo: Pell Studio (CC BY-SA 4.0)", "caption"),
    ("In this photo released by the harbour board, a dredger works the channel.", "caption"),
    ("ABSTRACT.", "boilerplate"),
    ("FULL TEXT.", "boilerplate"),
    ("Copyright 2031 The Northfield Gazette. All rights reserved.", "boilerplate"),
    ("Follow Ada Brun @adabrun", "navigation"),
    ("Ivo Lind contributed reporting from Riga.", "boilerplate"),
    ("Editor's note: this report is part of our series on rural schools.", "boilerplate"),
    ("Correction: an earlier version of this story gave the wrong year.", "boilerplate"),
    ("An earlier version of this article misnamed the river.", "boilerplate"),
    ("Get the Gazette's morning email. Enter your email address to sign up", "form"),
    ("This site uses cookies to remember your settings.", "form"),
    ("Comments are closed on this story", "form"),
    ("Advertisement - Continue reading below", "advert"),
    ("Listen to this article, 6 minutes", "caption"),
    ("Print this page", "navigation"),
    ("Click to tweet", "navigation"),
    ("More on the harbour works", "related"),
    ("Further reading: the history of the canal", "related"),
    ("\u2014 A lock keeper on the night of the flood", "caption"),
])
def test_single_residue_lines_are_classified(line, reason):
    assert classify_line(line) == reason


@pytest.mark.parametrize("line", [
    "Shares in the company rose 7% in early trading.",
    "Credit for the discovery goes to a team of students.",
    "Photos shared on social media showed a column of smoke.",
    "Advertising revenue fell by a fifth last year.",
    "The council's newsletter, delivered to every home, includes a voucher.",
    "By the end of the year, officials expect to finish the work.",
    "Updated figures released at noon showed a smaller deficit.",
    "It will close 40.",
    "Follow-up talks are planned for next week.",
    "\u201cWe need a plan,\u201d she said.",
    "Die elektronische Patientenakte (ePA)",
    "March 2020",
    "Agents will receive a share of the profits.",
    "Photos released by the agency show barges stranded on sandbanks.",
    "Top-seeded Northfield were expected to win the regional final.",
    "The share of the vote fell to a record low, the commission said.",
    "Readers of the paper were asked to comment on the plans by Friday.",
    "Subscribers to the service will pay more from January.",
    "The minister declined to comment on the leaked report.",
])
def test_article_lines_that_look_like_residue_are_kept(line):
    assert classify_line(line) is None


def test_headlines_under_a_bare_related_header_go_with_it():
    lines = ["The minister resigned on Monday.", "Most read", "Storm closes bridge",
             "Council raises parking fees", "The inquiry continues next week."]
    kept, removed = clean_lines(lines)
    assert [r.line for r in removed] == [2, 3, 4]
    assert kept == ["The minister resigned on Monday.", "The inquiry continues next week."]


def test_caption_above_its_credit_line_is_removed():
    lines = ["Farmers protested outside parliament.", "A tractor blocks the road into the city.",
             "Credit: Jan Novak", "Police said the protest was peaceful."]
    _, removed = clean_lines(lines)
    assert [(r.line, r.reason) for r in removed] == [(2, "caption"), (3, "caption")]


def test_html_page_keeps_article_and_metadata_and_lists_residue():
    doc = clean_document(document_from_string(HTML_PAGE.read_text(encoding="utf-8"), kind="html"))
    assert doc.title == "Harbour wall to be rebuilt after winter storms"
    assert doc.published == "2025-03-04" and doc.published_from == "metadata"
    assert doc.meta["author"] == "Nina Farrow" and doc.meta["sitename"] == "Coast Courier"
    assert doc.meta["url"] == "https://news.example.com/harbour-wall-rebuilt"
    paragraphs = doc.text.split("\n")
    assert paragraphs[0].startswith("The council has agreed")
    # A quote that runs over two paragraphs stays whole, in order.
    first = paragraphs.index("\u201cWe have patched it twice, and we cannot keep patching it,\u201d said harbour master Colin Treloar.")
    assert paragraphs[first + 1].startswith("\u201cThe fishermen need to know")
    assert paragraphs[-1].startswith("The council said it would apply")
    for residue in ("Image: Getty", "Invalid email", "newsletter", "READ MORE", "Follow us", "All rights reserved"):
        assert residue not in doc.text
    assert {r.reason for r in doc.removed} <= REASONS
    assert {"form", "related"} <= {r.reason for r in doc.removed}


def test_given_date_is_not_overwritten_by_page_metadata():
    doc = document_from_string(HTML_PAGE.read_text(encoding="utf-8"), kind="html", published="2025-03-05")
    clean_document(doc)
    assert doc.published == "2025-03-05" and doc.published_from == "given"


RESIDUE_DEV = DATA / "residue_dev"
SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "wikinews-sample.jsonl"


def test_residue_dev_set_of_real_articles_loses_no_article_line():
    """Real Wikinews articles with inserted residue (tests/data/residue_dev): every
    article line stays, and nearly every residue line goes."""
    totals = [0, 0, 0, 0]
    lost = []
    for path in sorted(RESIDUE_DEV.glob("*.gold.json")):
        *counts, missed = _score(path)
        totals = [a + b for a, b in zip(totals, counts)]
        lost += [m for m in missed if "article lost" in m]
    found, residue, kept, article = totals
    assert residue >= 300 and article >= 400
    assert lost == []
    assert found / residue >= 0.97


def test_demo_sample_has_no_photographer_actor_and_no_caption_quote():
    """The bundled demo: its photo credits are removed with their reason, no credited
    photographer becomes an actor or a quote's speaker, no caption becomes a quote."""
    import newsgraph

    docs = [item for item in newsgraph.analyze_many([str(SAMPLE)]) if isinstance(item, newsgraph.Document)]
    assert len(docs) == 3
    credit = re.compile(r"\bImage:\s*(.+?)\s*(?:\(flickr\))?\.?$")
    for doc in docs:
        raw_lines = [line.strip() for line in doc.raw.splitlines() if line.strip()]
        captions = [line for line in raw_lines if credit.search(line)]
        names = {credit.search(line).group(1) for line in captions}
        removed = {r.text for r in doc.removed if r.reason == "caption"}
        assert set(captions) <= removed
        for line in captions:
            assert line not in doc.text
        actor_names = {a.name for a in doc.actors} | {alias for a in doc.actors for alias in getattr(a, "aliases", [])}
        speakers = {q.speaker_text for q in doc.quotes if q.speaker_text}
        for name in names:
            assert not any(name in actor or actor in name for actor in actor_names if len(actor) > 3), name
            assert not any(name in speaker for speaker in speakers), name
        for quote in doc.quotes:
            assert not any(quote.text.strip() in line for line in captions), quote.text
    assert any(credit.search(line) for doc in docs for line in doc.raw.splitlines())


# Issue 18, second round: the kinds again, in phrasings the first rules missed (lines
# written for this test; names, outlets and handles invented).
@pytest.mark.parametrize("line", [
    "Image caption, Ferries wait at the quay on Friday",
    "Staff photo by Oda Lunde",
    "Divers search the lake at first light. (Fjord Radio: Oda Lunde)",
    "Oda Lunde/The Fjord Post via AP",
    "(Reporting by Oda Lunde; Editing by Per Vik)",
    "[Editor's note: The ferry timetable changed after this story ran.]",
    "(Corrects the name of the ferry in paragraph 2)",
    "Oda Lunde | June 2, 2031",
    "By Oda Lunde on 2/6/2031",
    "Oda Lunde reported from Bergen, and Per Vik from Oslo.",
    "Twitter: @odalunde",
    "Length: 612 words",
    "Updated at 6:05 p.m. with a statement from the port.",
    "This conversation has been edited for length and clarity.",
    "You have read 2 of your 3 free stories this month.",
    "We and our 120 partners store and/or access information on a device, such as cookies.",
    "Tell us your view in the comments below.",
    "Click to share on Reddit (Opens in new window)",
    "\u25ba Listen to this article",
    "Comments are moderated. Please keep them civil.",
    "For the latest on the storm, visit our weather page.",
    "Recommended by Outbrain",
])
def test_second_round_residue_lines_are_removed(line):
    assert classify_line(line) is not None


@pytest.mark.parametrize("line", [
    "| Station | Rain (mm) | Wind (km/h) |",
    "[Women] drivers are arriving in large numbers, she said.",
    "The agency was sold to Getty Images in 2008.",
    "To join the club's email list, ask at the Saturday sessions.",
    "Our partners collect personal data only with consent, the regulator said in its report on the firm.",
    "Follow-up talks will take place in Oslo.",
    "The minister said the ferry would return to service in June.",
])
def test_second_round_article_lines_are_kept(line):
    assert classify_line(line) is None


def test_a_paragraph_above_a_credit_line_is_not_taken_for_its_caption():
    lines = ["The ferry left at noon.", "Meanwhile, most of the boats returned to port.",
             "Credit: Oda Lunde", "The port reopens on Monday."]
    _, removed = clean_lines(lines)
    assert [(r.line, r.reason) for r in removed] == [(3, "caption")]


def test_every_rule_catches_its_own_example():
    data = json.loads((Path(__file__).resolve().parents[1] / "src" / "newsgraph" / "data" / "residue.json")
                      .read_text(encoding="utf-8"))
    missed = [rule["example"] for rule in data["rules"] if classify_line(rule["example"]) is None]
    assert missed == []


def test_rules_tried_together_are_anchored_on_every_branch():
    """clean.py searches the rules that begin with ^ as one alternation, once per line; a
    branch without the anchor would make that search scan the whole line for it."""
    try:
        from re import _constants as constants, _parser as parser
    except ImportError:  # Python < 3.11
        import sre_constants as constants
        import sre_parse as parser

    def anchored(items) -> bool:
        if not items:
            return False
        op, arg = items[0]
        if op is constants.AT:
            return arg is constants.AT_BEGINNING
        if op is constants.BRANCH:
            return all(anchored(list(branch)) for branch in arg[1])
        if op is constants.SUBPATTERN:
            return anchored(list(arg[-1]))
        return False

    for rule in RESIDUE_RULES:
        source = rule.pattern.pattern
        if rule.lowered and not rule.word_start and source.startswith("^"):
            assert anchored(list(parser.parse(source))), source


def test_a_rule_matches_only_lines_that_hold_one_of_its_needs():
    """`needs` lets clean.py skip a rule's regex on most lines; on every line of the
    development sets, the regex alone matches no line the needs would have skipped."""
    lines = [line.strip() for path in sorted(RESIDUE_DEV.glob("*.txt")) + sorted(RESIDUE_SET.glob("*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) > 3000
    for rule in RESIDUE_RULES:
        if not rule.needs:
            continue
        for line in lines:
            lowered = line.lower()
            if rule.pattern.search(lowered if rule.lowered else line):
                assert any(need in lowered for need in rule.needs), (rule.pattern.pattern, line)


@pytest.mark.parametrize("line", [
    "Gulls over the quay at dawn. | Oda Lunde / Fjord Post",
    "The new bridge at night. Photographer: Per Vik",
    "Crowds at the harbour on Sunday. (Courtesy of Fjord Sailing Club)",
    "Infographic by Per Vik",
    "Screen capture from the port's webcam",
    "Photo sent in by Oda Lunde",
    "Duration: 2:45",
    "Item ID: FJP-2031-0612",
    "HEADNOTE",
    "An earlier headline on this article misstated the ferry's route.",
    "This piece was refiled to correct a typo.",
    "BERGEN, Norway —",
    "BY ODA LUNDE AND PER VIK, Fjord Post Staff",
    "From agency reports",
    "Contributing writers: Oda Lunde, Per Vik",
    "Reprinted by arrangement with the Fjord Post.",
    "Page 2 of 4",
    "« Previous page",
    "Ferries » Timetables",
    "You are here: News › Bergen",
    "Latest in Travel",
    "Promoted · Fjord Bank",
    "Download on the App Store",
    "Done! Check your inbox for a confirmation link.",
    "Yes, I'd like to get the Fjord Post's weekly newsletter.",
    "Get the Harbour Digest, our best reads, every Sunday.",
    "Also of interest: Why the ferry was late",
    "(Copyright) Fjord Radio 2031",
    "Oda Lunde wrote this story from Bergen.",
    "Sponsored content from Fjord Bank",
    "Your cookie choices on this site",
    "Photo collage: Fjord Post",
])
def test_generalised_residue_lines_are_removed(line):
    assert classify_line(line) is not None


@pytest.mark.parametrize("line", [
    "« Nous resterons », a déclaré le ministre.",
    "Support: 45% of voters backed the ferry plan",
    "The bakery sold cookies to raise money for our school",
    "Prices > Wages",
    "Oda Lunde reported this story to the police in 2029",
    "Partner from Fjord law firm",
    "Video footage: police released it to the public on Monday",
    "I want to receive my pension, he told reporters.",
    "Profits rose. | Shares fell 3% in early trading",
    "The earlier version of the bill, which this article describes, was rejected by the senate.",
    "Get the children to school every morning, the council urged parents.",
])
def test_article_lines_shaped_like_generalised_residue_are_kept(line):
    assert classify_line(line) is None


# Shapes a fuzzer or a broken page produces: one long run of capitals inside a parenthesis
# (a script line with its argument repeated), long runs of short words, of separators, of
# labels. A rule whose parts can split a word in many ways backtracks exponentially on them
# (one took minutes on 1,400 characters); every line must be classified in well under a second.
ADVERSARIAL_LINES = [
    "(" + "NATO" * 400, "script.call(" + "ABCD" * 350, "Photo: " + " ".join(["abcdefgh"] * 20),
    "Photo credit: " + " ".join(["Abcdefgh"] * 14) + " ", "Credit: " + "A" * 80 + " x y z", "A " * 700,
    "(" + "Ab " * 300 + ":", "By " + "Ab " * 400, "| " * 600, "Photo | " + "Ab. " * 300, "— " * 500 + "x",
    "AP" * 700, "©" + " 2020" * 300, ". " + "Photo: " * 100, "Read more: " + "Ab Cd " * 200,
    "ADVERTISEMENT " * 150, "“" + "a" * 2000,
]


@pytest.mark.parametrize("line", ADVERSARIAL_LINES, ids=lambda line: repr(line[:16]))
def test_no_rule_backtracks_on_long_adversarial_lines(line):
    started = time.process_time()
    classify_line(line)
    assert time.process_time() - started < 1.0
