"""The web app's JSON API and its guards, on a real uvicorn server on loopback with a real store."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from newsgraph.store.sqlite import Store
from newsgraph.web import create_app
from newsgraph.web.data import Reader
from loopback import Server

ARTICLE = ("Foreign Minister Anna Berg demanded on Monday that Norway release the detained fishermen. "
           "\"We will not accept delays,\" Berg said in Oslo. Sweden accused Norway of stalling the talks.")


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("web_api") / "store.db"


@pytest.fixture(scope="module")
def api(db):
    with Server(create_app(db)) as server, httpx.Client(base_url=server.url, timeout=60) as client:
        yield client


def assert_error(response: httpx.Response, status: int, code: str | None = None) -> str:
    """Every error has the one JSON shape; returns its message."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"status", "code", "message"}
    assert error["status"] == status and error["message"] and "\n" not in error["message"]
    assert "Traceback" not in error["message"]
    if code:
        assert error["code"] == code
    return error["message"]


def test_analyze_returns_the_record_and_stores_it_only_when_asked(api):
    record = api.post("/api/v1/analyze", json={"text": ARTICLE, "published": "2025-07-07"}).json()
    assert record["schema"] == "newsgraph/1" and record["published"] == "2025-07-07"
    assert "Berg" in {a["name"].split()[-1] for a in record["actors"]}
    assert_error(api.get(f"/api/v1/documents/{record['id']}"), 404, "not_found")

    stored = api.post("/api/v1/analyze?store=true", json={"text": ARTICLE, "published": "2025-07-07"})
    assert stored.status_code == 200 and stored.json()["id"] == record["id"]
    assert api.get(f"/api/v1/documents/{record['id']}").json()["text"] == record["text"]
    listed = api.get("/api/v1/documents").json()
    # Listed by the store id of its source document, with the record id (the text hash) beside it.
    assert record["id"] in {d["text_hash"] for d in listed["items"]} and listed["count"] == len(listed["items"])
    page = api.get(f"/documents/{record['id']}")
    assert page.status_code == 200 and "Anna Berg" in page.text

    html = api.post("/api/v1/analyze", json={"html": f"<html><body><article><p>{ARTICLE}</p></article></body></html>"})
    assert html.status_code == 200 and "detained fishermen" in html.json()["text"]


def test_lists_filter_like_the_cli(api):
    api.post("/api/v1/analyze?store=true", json={"text": ARTICLE, "published": "2025-07-07"}).raise_for_status()
    events = api.get("/api/v1/events").json()["items"]
    assert events, "the stored article has events"
    some_type = events[0]["type"]
    filtered = api.get("/api/v1/events", params={"type": some_type}).json()["items"]
    assert filtered and {e["type"] for e in filtered} == {some_type}
    assert api.get("/api/v1/events", params={"since": "2030"}).json()["count"] == 0
    assert api.get("/api/v1/events", params={"until": "2025-07"}).json()["count"] == len(events)
    assert api.get("/api/v1/actors", params={"actor": "Berg"}).json()["items"][0]["name"].endswith("Berg")
    assert api.get("/api/v1/quotes").json()["count"] >= 1
    found = api.get("/api/v1/search", params={"q": "fishermen"}).json()
    assert [d["title"] for d in found["documents"]] and not api.get("/api/v1/search", params={"q": "zebra"}).json()["documents"]
    assert "type" in assert_error(api.get("/api/v1/events", params={"type": "DANCE"}), 422, "invalid_request")
    assert "since" in assert_error(api.get("/api/v1/events", params={"since": "last week"}), 422)


def test_errors_have_one_shape(api):
    message = assert_error(api.post("/api/v1/analyze", content=b'{"text": "x",}',
                                    headers={"content-type": "application/json"}), 422, "invalid_request")
    assert message.startswith("malformed JSON")
    assert_error(api.post("/api/v1/analyze", json={"text": ARTICLE, "url": "https://example.org/"}), 422)
    assert_error(api.post("/api/v1/analyze", json={}), 422)
    assert_error(api.post("/api/v1/analyze", json={"text": "x", "published": "2025-02-30"}), 422)
    assert_error(api.get("/api/v1/nothing-here"), 404, "not_found")
    assert_error(api.delete("/api/v1/events"), 405)


def test_url_fetch_keeps_the_ssrf_guard(api):
    """Loopback is refused before any connection is made: the guard is the CLI's."""
    message = assert_error(api.post("/api/v1/analyze", json={"url": "http://127.0.0.1:9/secret"}), 403, "NG105")
    assert "127.0.0.1" in message


# Oversized bodies (declared and streamed) are tested over a raw socket in
# test_security.py: an HTTP client still uploading when the 413 arrives sees a reset.


def test_security_headers_and_openapi(api):
    for path in ("/", "/events", "/api/v1/events", "/static/app.js", "/api/v1/openapi.json"):
        response = api.get(path)
        assert response.status_code == 200, path
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
    spec = api.get("/api/v1/openapi.json").json()
    assert {"/api/v1/analyze", "/api/v1/documents", "/api/v1/documents/{doc_id}", "/api/v1/events",
            "/api/v1/actors", "/api/v1/quotes", "/api/v1/search"} <= set(spec["paths"])
    assert not [p for p in spec["paths"] if not p.startswith("/api/v1/")], "pages stay out of the API spec"
    assert api.get("/docs").status_code == 404, "no Swagger UI: it loads scripts from a CDN"


def test_cross_site_form_posts_are_refused(api):
    response = api.post("/analyze", data={"text": ARTICLE, "store": "1"},
                        headers={"origin": "https://evil.example", "accept": "text/html"})
    assert response.status_code == 403 and "cross-site" in response.text


def test_token_guards_storing_only(tmp_path):
    with Server(create_app(tmp_path / "t.db", token="s3cret")) as server, httpx.Client(base_url=server.url, timeout=60) as c:
        assert_error(c.post("/api/v1/analyze?store=true", json={"text": ARTICLE}), 401, "unauthorized")
        assert_error(c.post("/api/v1/analyze?store=true", json={"text": ARTICLE},
                            headers={"authorization": "Bearer wrong"}), 401)
        ok = c.post("/api/v1/analyze?store=true", json={"text": ARTICLE}, headers={"authorization": "Bearer s3cret"})
        assert ok.status_code == 200
        assert c.get(f"/api/v1/documents/{ok.json()['id']}").status_code == 200  # reading needs no token
        assert c.post("/api/v1/analyze", json={"text": ARTICLE}).status_code == 200  # nor analysing


def test_pages_read_through_a_read_only_connection(db):
    Store(db).close()
    reader = Reader(db)
    with pytest.raises(Exception, match="readonly"):
        reader.conn.execute("DELETE FROM documents")
    reader.close()


def test_serve_command_runs_and_refuses_a_bad_store(tmp_path):
    from typer.testing import CliRunner

    from newsgraph.cli.main import app

    bad = CliRunner().invoke(app, ["serve", "--db", str(tmp_path)])
    assert bad.exit_code == 1 and "is a directory" in bad.output and "Traceback" not in bad.output

    cli = [sys.executable, "-m", "newsgraph.cli.main"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(cli + ["serve", "--db", str(tmp_path / "cli.db"), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline, response = time.monotonic() + 30, None
        while time.monotonic() < deadline and response is None:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/v1/documents", timeout=2)
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read()
                time.sleep(0.2)
        assert response is not None and response.json() == {"count": 0, "items": []}
    finally:
        proc.terminate()
        proc.wait(10)


def test_highlight_segments_survive_bad_offsets_and_cover_the_text():
    from newsgraph.web.highlight import segments

    text = "Anna Berg said the talks failed."
    record = {"text": text, "actors": [{"id": "a1", "mentions": [
        {"start": 0, "end": 9}, {"start": -3, "end": 2}, {"start": 5, "end": 500}, {"start": 7, "end": 7},
        {"start": "0", "end": 4}]}],
        "quotes": [{"start": 10, "end": 31}], "events": [{"id": "e1", "type": "REQUEST", "evidence": {"start": 5, "end": 14}}],
        "fact_checks": [{"verdict": "false", "evidence": {"start": None, "end": None}}]}
    segs = segments(record)
    assert "".join(s.text for s in segs) == text
    assert [(s.text, s.classes) for s in segs if s.keys] == [
        ("Anna ", "mention"), ("Berg", "event mention"), (" ", "event"), ("said", "event quote"),
        (" the talks failed", "quote")]
    assert [s.anchors for s in segs if s.anchors] == [[("event-e1", "e0")]]


def test_timeline_range_and_network_elements():
    from newsgraph.web.charts import network, timeline

    chart = timeline([{"day": "0001-01-01", "type": "AGREE", "quad_class": 1, "n": 1},
                      {"day": "9999-12-31", "type": "ASSAULT", "quad_class": 9, "n": 2},
                      {"day": "2025", "type": "REQUEST", "quad_class": None, "n": 1},
                      *({"day": f"2025-07-{d:02d}", "type": "REQUEST", "quad_class": 3, "n": 5} for d in range(1, 20))])
    assert chart["total"] == 99 and chart["outside"] == 4 and chart["unit"] == "day"
    assert (chart["first"], chart["last"]) == ("2025-07-01", "2025-07-19")
    assert chart["spec"]["vconcat"][0]["encoding"]["x"]["scale"]["domain"][0] == {"year": 2025, "month": 7, "date": 1, "utc": True}
    assert timeline([])["spec"] is None and timeline([{"day": "soon", "type": "X", "quad_class": 1, "n": 1}])["spec"] is None
    graph = network([{"source": "A", "target": "B", "type": "ACCUSE", "quad_class": 3, "n": 2},
                     {"source": "C", "target": "C", "type": "AGREE", "quad_class": 1, "n": 1},
                     {"source": "B", "target": "D", "type": "AID", "quad_class": 2, "n": 1}], max_edges=1)
    assert [n["data"]["label"] for n in graph["elements"]["nodes"]] == ["A", "B"]  # only actors with a drawn link
    assert graph["edges"] == 1 and graph["elements"]["edges"][0]["data"]["href"] == "/evidence?source=A&target=B&type=ACCUSE"
