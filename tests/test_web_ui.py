"""The pages in a real browser (Debian's chromium driven by Playwright) on a real server on loopback.

Few and fast on purpose: one server and one browser for the module; each test a fresh page.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode

import pytest

pytest.importorskip("playwright.sync_api")
from playwright import sync_api as playwright_errors  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

from newsgraph.store.sqlite import Store  # noqa: E402
from newsgraph.web import create_app  # noqa: E402
from loopback import Server

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium missing: run `make browser`")

XSS = "<script>alert('{0}')</script><img src=x onerror=alert('{0}')><svg onload=alert('{0}')>"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("web_ui") / "store.db"


@pytest.fixture(scope="module")
def site(db):
    with Server(create_app(db)) as server:
        yield server.url


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


class Watched:
    """A page that records every dialog, console error and page error: script that ran or was blocked."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1280, "height": 800})
        self.page = self.context.new_page()
        self.page.set_default_timeout(15000)
        self.dialogs, self.errors = [], []
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(m.text))
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))


@pytest.fixture
def watched(browser):
    w = Watched(browser)
    yield w
    w.context.close()


@pytest.fixture(scope="module")
def seed_stored(db, seed_record) -> dict:
    with Store(db) as store:
        store.write(seed_record)
    return seed_record


def test_analyse_form_lists_demands_jumps_to_evidence_and_names_pronouns(site, watched, seed_text, seed_record):
    page = watched.page
    page.goto(site + "/")
    page.fill("#text", seed_text)
    page.fill("#published", "2025-07-07")
    page.click("button[type=submit]")
    demands = page.locator("#demands li a.jump")
    requests = [e for e in seed_record["events"] if e["type"] == "REQUEST"]
    expect(demands).to_have_count(len(requests), timeout=30000)
    assert [d.get_attribute("data-key") for d in demands.all()] == [
        f"e{i}" for i, e in enumerate(seed_record["events"]) if e["type"] == "REQUEST"]

    # Clicking a demand (the last, furthest down) scrolls its evidence into view, highlighted.
    key = demands.last.get_attribute("data-key")
    evidence = seed_record["events"][int(key[1:])]["evidence"]["text"]
    demands.last.click()
    first = page.locator(f'.seg[data-ann~="{key}"]').first
    expect(first).to_be_in_viewport()
    expect(first).to_have_class(re.compile(r"\bactive\b"))
    for field in ("REQUEST", "Source", "Date", "Place", "Modality", "Confidence"):
        expect(page.locator("#tip")).to_contain_text(field)
    assert "".join(page.locator(f'.seg[data-ann~="{key}"]').all_inner_texts()).strip() in evidence

    # Hovering a pronoun shows the actor the record resolves it to.
    tips = {}
    for seg in page.locator("span.seg.mention").filter(has_text=re.compile(r"^\s*he\s*$")).all():
        actor = seed_record["actors"][int(next(k for k in seg.get_attribute("data-ann").split() if k[0] == "a")[1:])]
        seg.hover()
        expect(page.locator("#tip")).to_be_visible()
        expect(page.locator("#tip")).to_contain_text(actor["name"])
        tips[actor["name"]] = page.locator("#tip").inner_text()
    assert tips, "the seed has a mention 'he'"
    assert not watched.dialogs and not watched.errors

    # The seed's gold: seven demands, and "he" is Sergei Lavrov; the page shows what the record holds.
    assert len(requests) == 7, f"pipeline finds {len(requests)} demands (gold: 7)"
    assert "Sergei Lavrov" in tips, f"'he' resolves to {sorted(tips)} (gold: Sergei Lavrov)"


def chart_ready(page, selector: str) -> None:
    expect(page.locator(selector)).to_have_attribute("data-ready", "true")


def test_events_page_filters_by_type_and_draws_the_timeline(site, watched, seed_stored):
    page = watched.page
    page.goto(site + "/events")
    chart_ready(page, "#timeline-chart")
    assert page.evaluate("""() => Array.from(document.querySelectorAll('#timeline-chart svg .mark-rect path'))
        .filter(p => p.getBBox().width > 0 && p.getBBox().height > 0).length""") >= 2  # bars, not just the brush
    page.select_option("#f-type", "REQUEST")
    page.click("form.filters button[type=submit]")
    expect(page).to_have_url(re.compile(r"type=REQUEST"))
    chart_ready(page, "#timeline-chart")
    rows = page.locator("#event-table tbody tr")
    types = page.locator("#event-table tbody td.type .tag").all_inner_texts()
    assert types and set(t.strip() for t in types) == {"REQUEST"}
    assert rows.count() == sum(e["type"] == "REQUEST" for e in seed_stored["events"])
    expect(page.locator("#timeline figcaption")).to_contain_text(f"{rows.count()} events")
    # Brushing: drag across the timeline; the table keeps the events in that range, the
    # counts by type follow, and a double-click clears it.
    box = page.locator("#timeline-chart svg").bounding_box()
    y = box["y"] + 120
    page.mouse.move(box["x"] + 80, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] - 90, y, steps=8)
    page.mouse.up()
    expect(page.locator("#brush-note")).to_contain_text("in the selected range")
    assert not watched.dialogs and not watched.errors


def test_actor_network_opens_the_evidence_and_highlights_are_keyboard_reachable(site, watched, seed_stored):
    page = watched.page
    page.goto(site + "/actors")
    chart_ready(page, "#network-chart")
    assert page.evaluate("window.newsgraphCharts.network.edges().length") >= 1
    click_an_edge(page)
    expect(page).to_have_url(re.compile(r"/evidence\?source="))
    expect(page.locator("ol.evidence mark").first).to_be_visible()

    page.locator("ol.evidence a.open").first.click()  # ... and on into the article, at that event
    expect(page).to_have_url(re.compile(r"/documents/\w+#event-"))
    active = page.locator(".seg.active").first
    expect(active).to_be_in_viewport()

    # Keyboard: Tab reaches the highlights, focus is visible and shows the same details as hovering.
    page.goto(page.url.split("#")[0])
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('seg')"):
            break
    focused = page.locator(".seg:focus")
    expect(focused).to_have_count(1)
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    expect(page.locator("#tip")).to_be_visible()
    assert not watched.dialogs and not watched.errors


EDGES_CLEAR_OF_ACTORS = """() => { const cy = window.newsgraphCharts.network;
    const box = cy.container().getBoundingClientRect();
    const covers = cy.nodes().map(n => n.renderedBoundingBox({ includeLabels: true }));
    const gap = (m) => Math.min(...covers.map(b => Math.max(b.x1 - m.x, m.x - b.x2, b.y1 - m.y, m.y - b.y2)));
    return cy.edges().map(e => ({ e: e, m: e.renderedMidpoint() }))
        .filter(({ m }) => m.x > 10 && m.y > 10 && m.x < box.width - 10 && m.y < box.height - 10
                && box.left + m.x < window.innerWidth - 5 && box.top + m.y < window.innerHeight - 5)
        .map(({ e, m }) => ({ data: e.data(), gap: gap(m), x: box.left + m.x, y: box.top + m.y }))
        .filter(edge => edge.gap > 3)
        .sort((a, b) => b.gap - a.gap); }"""


ATTEMPTS = 20  # clicks on links clear of the actors before the test gives up


def click_an_edge(page) -> dict:
    """Click the middle of a drawn link that no actor or label covers, inside the window
    (the links farthest from any actor first); returns its data."""
    tried = 0
    while True:
        page.locator("#network-chart").scroll_into_view_if_needed()
        edges = page.evaluate(EDGES_CLEAR_OF_ACTORS)  # the layout is drawn anew after each reload
        if not edges or tried >= ATTEMPTS:
            raise AssertionError(f"no link could be clicked ({tried} tried, {len(edges)} clear of the actors now)")
        edge = edges[tried % len(edges)]
        tried += 1
        page.mouse.click(edge["x"], edge["y"])
        try:
            page.wait_for_url(re.compile(r"/evidence\?"), timeout=5000)  # a loaded machine answers slowly
            return edge["data"]
        except playwright_errors.TimeoutError:
            page.goto(page.url.split("?")[0].replace("/events", "/actors"))
            chart_ready(page, "#network-chart")


def hostile_record() -> dict:
    """A record whose every string tries to run script: text, title, names, quotes, events, removed."""
    lead = "Officials said " + XSS.format("text") + " and <a href=\"javascript:alert('text-link')\">click</a> javascript:alert(1). "
    quote = "\"" + XSS.format("quote") + " we demand the release\""
    text = lead + "Evil Name said " + quote + " on Monday.\nSecond paragraph about Other Place."
    name_at, quote_at = text.index("Evil Name"), text.index(quote)
    other_at = text.index("Other Place")
    evil = "Evil " + XSS.format("actor")
    return {
        "schema": "newsgraph/1", "id": "00hostile0000001",
        "source": {"kind": "text", "location": "javascript:alert('location')", "ref": XSS.format("ref")},
        "title": XSS.format("title") + "<a href=\"javascript:alert('title-link')\">t</a>",
        "published": "2025-07-08", "published_from": "given", "language": "en", "text": text,
        "removed": [{"reason": "caption", "text": XSS.format("removed"), "line": 1}],
        "actors": [
            {"id": "a1", "name": evil, "type": "PERSON", "country": "<b>X</b>", "sector": None, "aliases": [],
             "mentions": [{"start": name_at, "end": name_at + 9, "text": "Evil Name", "via": "name"}], "confidence": 0.9},
            {"id": "a2", "name": "Other " + XSS.format("target"), "type": "GPE", "country": None, "sector": None,
             "aliases": [], "mentions": [{"start": other_at, "end": other_at + 11, "text": "Other Place", "via": "name"}],
             "confidence": 0.8}],
        "quotes": [{"id": "q1", "kind": "direct", "start": quote_at, "end": quote_at + len(quote), "text": quote,
                    "speaker": "a1", "speaker_text": XSS.format("speaker"), "cue": "said", "medium": None, "confidence": 0.9}],
        "events": [{"id": "e1\"><script>alert('event-id')</script>", "type": "REQUEST", "mode": None, "context": [],
                    "cameo_root": "10", "quad_class": 1, "source": ["a1"], "target": ["a2"],
                    "source_countries": ["XSS"], "target_countries": [], "issue": XSS.format("issue"),
                    "date": {"text": "Monday", "value": "2025-07-07", "precision": "day"},
                    "location": {"name": XSS.format("place"), "country": None, "lat": None, "lon": None, "geonameid": None},
                    "modality": "asserted", "evidence": {"start": quote_at, "end": quote_at + len(quote), "text": quote},
                    "quote": "q1", "trigger": None, "confidence": 0.7}],
        "fact_checks": [{"claim": XSS.format("claim"), "claimant": "a1", "verdict": "false", "by": "article",
                         "evidence": {"start": 0, "end": len(lead), "text": lead}, "confidence": 0.6}],
        "loaded_language": [], "meta": {},
    }


@pytest.fixture
def hostile_site(tmp_path):
    """Its own store and server, so the other tests' counts never see this record."""
    with Store(tmp_path / "hostile.db") as store:
        store.write(hostile_record())
    with Server(create_app(tmp_path / "hostile.db")) as server:
        yield server.url


def test_hostile_document_runs_no_script_on_any_page(hostile_site, watched):
    site, record = hostile_site, hostile_record()
    doc = f"/documents/{record['id']}"
    pages = ["/", "/documents", doc, doc + "/removed", doc + "#event-e1", "/events", "/events?search=script",
             "/events?type=REQUEST", "/actors", "/quotes", "/quotes?actor=Evil",
             "/evidence?" + urlencode({"source": record["actors"][0]["name"], "target": record["actors"][1]["name"]}),
             "/events?since=%3Cscript%3E", "/documents/%3Cscript%3Ealert(1)%3C%2Fscript%3E"]
    page = watched.page
    for path in pages:
        response = page.goto(site + path)
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        if page.locator("span.seg").count():
            page.locator("span.seg").first.hover()
        assert_inert(page, path)
    expect(page.locator("h1")).to_contain_text("Error 404")  # the last page: an error page escapes too

    page.goto(site + doc)  # the text is shown as text, not markup
    expect(page.locator("h1")).to_contain_text("<script>alert('title')</script>")
    expect(page.locator("article.doctext")).to_contain_text("javascript:alert(1)")
    page.locator("#demands a.jump").first.click()
    expect(page.locator("#tip")).to_contain_text("<script>alert('issue')</script>")
    assert_inert(page, doc)

    page.goto(site + "/")  # and through the form, as plain text
    page.fill("#text", record["text"])
    page.select_option("#kind", "text")
    page.click("button[type=submit]")
    expect(page.locator("article.doctext")).to_contain_text("onerror=alert('text')")
    assert_inert(page, "/analyze")
    assert watched.dialogs == []
    # The one expected console line: the deliberate visit to a missing document's 404 page.
    assert [e for e in watched.errors if "status of 404" not in e] == []


def assert_inert(page, path: str) -> None:
    """No element the hostile strings could have made exists: nothing inline can run."""
    found = page.evaluate("""() => ({
        // Chart data comes in <script type="application/json"> blocks, which never run.
        inline: document.querySelectorAll('script:not([src]):not([type="application/json"])').length,
        handlers: document.querySelectorAll('[onerror],[onload],[onclick],[onmouseover]').length,
        jslinks: Array.from(document.querySelectorAll('a[href]')).filter(a => /^\\s*javascript:/i.test(a.getAttribute('href'))).length,
        imgs: document.querySelectorAll('img').length,
        scripts: Array.from(document.scripts).filter(s => s.hasAttribute('src')).map(s => s.getAttribute('src')),
    })""")
    scripts = found.pop("scripts")
    assert found == {"inline": 0, "handlers": 0, "jslinks": 0, "imgs": 0}, (path, found)
    assert scripts[0] == "/static/app.js" and all(re.fullmatch(r"/static/(vendor/)?[\w.-]+\.js", s) for s in scripts), path


# --- the charts on a real Wikinews store ----------------------------------------------

@pytest.fixture(scope="module")
def wikinews_site(tmp_path_factory):
    """Three Wikinews articles with their URLs, and one page with a lone event dated years earlier."""
    from wikinews import build_store, outlier, records

    db = build_store(tmp_path_factory.mktemp("wikinews_ui") / "store.db", [outlier(records()[0])])
    with Server(create_app(db)) as server:
        yield server.url


def test_timeline_range_ignores_a_lone_far_outlier(wikinews_site, watched):
    page = watched.page
    response = page.goto(wikinews_site + "/events")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    chart_ready(page, "#timeline-chart")
    domain = page.evaluate("window.newsgraphCharts.timeline.scale('concat_0_x').domain().map(d => +d)")
    # The articles are from 2019 and some of their events from the year before; the 2012 one is not drawn.
    assert domain[0] >= page.evaluate("Date.UTC(2017, 0, 1)"), "the 2012 event stretched the axis"
    expect(page.locator("#timeline-caption")).to_contain_text(re.compile(r"\d+ dated far outside that range"))
    assert page.locator("#event-table tbody tr[data-day='2012-03-01']").count() == 1  # still listed
    assert not watched.dialogs and not watched.errors


def test_network_draws_only_linked_actors_and_an_edge_opens_its_evidence(wikinews_site, watched):
    page = watched.page
    response = page.goto(wikinews_site + "/actors")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    chart_ready(page, "#network-chart")
    counts = page.evaluate("""() => { const cy = window.newsgraphCharts.network;
        return { nodes: cy.nodes().length, lonely: cy.nodes().filter(n => n.connectedEdges().length === 0).length,
                 edges: cy.edges().length }; }""")
    assert counts["nodes"] >= 2 and counts["edges"] >= 1 and counts["lonely"] == 0, counts
    edge = click_an_edge(page)
    expect(page.locator("h1")).to_contain_text(edge["from"])
    quote = page.locator("ol.evidence blockquote").first
    expect(quote.locator("mark")).to_be_visible()
    shown, marked = quote.inner_text().strip(), quote.locator("mark").inner_text().strip()
    assert marked in shown and shown[0].isupper() and shown[-1] in ".!?\"'”’"  # the whole sentence around it
    assert not watched.dialogs and not watched.errors
