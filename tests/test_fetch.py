"""URL intake against a real HTTP server on 127.0.0.1: guards, caps, timeouts, redirects."""
from __future__ import annotations

import ipaddress
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from newsgraph.ingest import fetch
from newsgraph.options import Options
from newsgraph.ingest.clean import clean_document
from newsgraph.document import Document
from newsgraph.errors import FetchFailed, FetchRefused, InputTooLarge
from newsgraph.ingest.files import iter_inputs
from newsgraph.limits import MAX_INPUT_BYTES

from conftest import REPO

ARTICLE = ("<html><head><title>Bridge reopens after repairs</title></head><body><article>"
           "<p>The Old Town bridge reopened to traffic on Monday after eight months of repairs costing £3 million.</p>"
           "<p>Engineers replaced the corroded steel beams and resurfaced the whole deck, the council said.</p>"
           "</article></body></html>").encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    hits: list[str] = []
    user_agents: list[str] = []

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        Handler.hits.append(self.path)
        Handler.user_agents.append(self.headers.get("User-Agent", ""))
        route = urlsplit(self.path)
        handler = getattr(self, "route_" + route.path.strip("/").replace("-", "_"), self.route_missing)
        try:
            handler(parse_qs(route.query))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up on purpose (caps, deadlines)

    def _send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8", **headers):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def route_article(self, query):
        self._send(200, ARTICLE, Content_Length=str(len(ARTICLE)))

    def route_redirect(self, query):
        self._send(302, Location=query["to"][0])

    def route_loop(self, query):
        self._send(302, Location="/loop")

    def route_big(self, query):
        self._send(200)  # no Content-Length: the cap must hold while streaming
        chunk = b"<p>" + b"x" * 65_530 + b"</p>"
        for _ in range(MAX_INPUT_BYTES // len(chunk) + 2):
            self.wfile.write(chunk)

    def route_big_declared(self, query):
        self._send(200, b"<p>tiny</p>", Content_Length=str(50 * 1024 * 1024))

    def route_slow(self, query):
        time.sleep(3)
        self._send(200, ARTICLE)

    def route_drip(self, query):
        self._send(200)
        for _ in range(40):
            self.wfile.write(b"<p>drip</p>")
            self.wfile.flush()
            time.sleep(0.1)

    def route_pdf(self, query):
        self._send(200, b"%PDF-1.4 binary", ctype="application/pdf")

    def route_missing(self, query):
        self._send(404, b"not found")


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def allow_private():
    """Private addresses are allowed by passing it, never by a process-wide switch."""
    return True


@pytest.fixture(autouse=True)
def _clear_log():
    Handler.hits.clear()
    Handler.user_agents.clear()


def test_fetches_a_page_from_loopback_when_allowed(server, allow_private):
    results = list(iter_inputs([f"{server}/redirect?to=/article"], options=Options(allow_private=allow_private)))
    assert len(results) == 1 and isinstance(results[0], Document)
    doc = results[0]
    assert doc.source.kind == "url" and doc.source.ref == f"{server}/article"
    assert doc.meta["url"] == f"{server}/article"
    clean_document(doc)
    assert doc.title == "Bridge reopens after repairs"
    assert "replaced the corroded steel beams" in doc.text
    assert Handler.user_agents[-1] == fetch.USER_AGENT


def test_loopback_server_is_refused_without_allow_private(server):
    with pytest.raises(FetchRefused, match="non-public address 127.0.0.1"):
        fetch.fetch_html(f"{server}/article")
    assert Handler.hits == [], "refused before any connection is made"


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/",
    "http://[::1]/",
    "http://10.20.30.40/",
    "http://192.168.1.1/admin",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::ffff:127.0.0.1]/",
    "http://0.0.0.0/",
    "http://localhost/",  # a name that resolves to loopback: checked after DNS
])
def test_private_loopback_and_link_local_addresses_are_refused(url):
    started = time.monotonic()
    with pytest.raises(FetchRefused):
        fetch.fetch_html(url)
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("url", ["ftp://example.com/file", "file:///etc/passwd", "http:///nohost"])
def test_non_http_urls_are_refused(url):
    with pytest.raises(FetchRefused, match="only http"):
        fetch.fetch_html(url)


def test_a_redirect_to_a_private_address_is_refused(server, monkeypatch):
    # Let the test server itself count as public, so the first hop goes through;
    # the hop it redirects to must still be checked, and refused.
    test_server = ipaddress.ip_address("127.0.0.1")
    monkeypatch.setattr(fetch, "is_refused_address", lambda address: address != test_server)
    for target in ("http://169.254.169.254/latest/meta-data/", "http://127.0.0.2:9/", "http://10.0.0.1/"):
        with pytest.raises(FetchRefused):
            fetch.fetch_html(f"{server}/redirect?to={target}")
    assert all(hit.startswith("/redirect") for hit in Handler.hits)


def test_connection_goes_to_the_checked_address_not_a_fresh_lookup(server, monkeypatch):
    # DNS rebinding: the name answers 127.0.0.1 for the check (counted as public
    # here, standing in for a public address), then 127.0.0.2 (refused, and nothing
    # listens there). The fetch must connect to the address that was checked.
    port = int(server.rsplit(":", 1)[1])
    answers = iter(["127.0.0.1"] + ["127.0.0.2"] * 5)
    real_getaddrinfo = socket.getaddrinfo

    def rebinding(host, *args, **kwargs):
        if host != "rebind.test":
            return real_getaddrinfo(host, *args, **kwargs)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    monkeypatch.setattr(fetch, "is_refused_address", lambda address: str(address) != "127.0.0.1")
    final_url, html = fetch.fetch_html(f"http://rebind.test:{port}/article")
    assert "corroded steel beams" in html and final_url == f"http://rebind.test:{port}/article"
    assert Handler.hits == ["/article"]


def test_redirect_loops_stop_at_the_limit(server, allow_private):
    with pytest.raises(FetchFailed, match="redirects"):
        fetch.fetch_html(f"{server}/loop", allow_private=allow_private)
    assert len(Handler.hits) == fetch.MAX_REDIRECTS + 1


def test_size_cap_holds_while_streaming(server, allow_private):
    with pytest.raises(InputTooLarge):
        fetch.fetch_html(f"{server}/big", allow_private=allow_private)


def test_declared_oversize_is_refused_before_reading(server, allow_private):
    with pytest.raises(InputTooLarge, match="52,428,800 bytes"):
        fetch.fetch_html(f"{server}/big-declared", allow_private=allow_private)


def test_read_timeout(server, allow_private, monkeypatch):
    monkeypatch.setattr(fetch, "TIMEOUT", httpx.Timeout(0.3))
    started = time.monotonic()
    with pytest.raises(FetchFailed, match="timed out"):
        fetch.fetch_html(f"{server}/slow", allow_private=allow_private)
    assert time.monotonic() - started < 2


def test_whole_fetch_deadline_stops_a_dripping_server(server, allow_private, monkeypatch):
    monkeypatch.setattr(fetch, "DEADLINE_SECONDS", 0.5)
    started = time.monotonic()
    with pytest.raises(FetchFailed, match="longer than"):
        fetch.fetch_html(f"{server}/drip", allow_private=allow_private)
    assert time.monotonic() - started < 2


def test_http_errors_and_non_pages_are_clear_errors(server, allow_private):
    with pytest.raises(FetchFailed, match="HTTP 404"):
        fetch.fetch_html(f"{server}/nothing-here", allow_private=allow_private)
    with pytest.raises(FetchFailed, match="application/pdf is not a web page"):
        fetch.fetch_html(f"{server}/pdf", allow_private=allow_private)


def test_cli_refuses_loopback_with_one_line_error(server):
    done = subprocess.run([sys.executable, "-m", "newsgraph.cli.main", "analyze", f"{server}/article", "-f", "jsonl"],
                          capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode == 1
    assert "NG105" in done.stderr and "Traceback" not in done.stderr
    assert Handler.hits == []
