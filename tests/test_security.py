"""The server cannot be turned against its users: SSRF, oversized and malformed bodies,
path traversal, and token auth for non-loopback binds.

Everything runs against a real uvicorn server and a real "victim" HTTP server, both
on loopback; the victim counts the requests that reach it, so a refused fetch is
shown to have made no connection at all.
"""
from __future__ import annotations

import http.client
import json
import os
import select
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from newsgraph.ingest import fetch
from newsgraph.limits import SECONDS_ENV
from newsgraph.web import analysis as web_analysis
from newsgraph.web.protocol import DeadlineProtocol
from newsgraph.web import create_app
from newsgraph.web.app import MAX_BODY_BYTES
from conftest import STUCK_TEXT
from loopback import Server

NEWSGRAPH = Path(sys.executable).with_name("newsgraph")
ARTICLE = "The mayor said on Monday that the bridge would reopen in May after repairs to its steel beams."


class Victim(BaseHTTPRequestHandler):
    """A local service an attacker would like the server to reach; it logs every hit."""

    hits: list[str] = []

    def do_GET(self):  # noqa: N802
        Victim.hits.append(self.path)
        if self.path.startswith("/redirect"):
            target = parse_qs(urlsplit(self.path).query)["to"][0]
            self.send_response(302)
            self.send_header("Location", target)
            self.end_headers()
            return
        body = b"<html><body><p>internal secret: the admin password is hunter2</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def victim():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Victim)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def _fresh():
    Victim.hits.clear()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with Server(create_app(tmp_path_factory.mktemp("security") / "store.db", max_body_bytes=256 * 1024)) as s:
        yield s


@pytest.fixture(scope="module")
def api(server):
    with httpx.Client(base_url=server.url, timeout=60) as client:
        yield client


@pytest.fixture
def stuck_api(tmp_path, stuck_stage):
    """A server whose pipeline holds the stuck stage (given to the app, not patched in)."""
    app = create_app(tmp_path / "store.db", max_body_bytes=256 * 1024, pipeline=stuck_stage)
    with Server(app) as s, httpx.Client(base_url=s.url, timeout=60) as client:
        yield client


def assert_error(response: httpx.Response, status: int, code: str | None = None) -> dict:
    """The common error shape: {"error": {"status", "code", "message"}}, one line, no traceback."""
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"status", "code", "message"} and error["status"] == status
    assert error["message"] and "\n" not in error["message"] and "Traceback" not in error["message"]
    if code:
        assert error["code"] == code
    return error


# ---- SSRF ----------------------------------------------------------------------------

def ssrf_urls(victim: str) -> list[str]:
    port = urlsplit(victim).port
    return [
        f"http://127.0.0.1:{port}/secret",
        f"http://[::1]:{port}/secret",
        "http://10.0.0.1/",
        "http://10.255.255.254:8080/admin",
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        f"http://localhost:{port}/secret",  # a name that resolves to loopback: refused after DNS
        f"http://[::ffff:127.0.0.1]:{port}/secret",  # IPv4-mapped IPv6
        f"http://2130706433:{port}/secret",  # 127.0.0.1 written as one decimal number
        f"http://0.0.0.0:{port}/secret",
        "http://192.168.0.1/",
        "http://[fd00::1]/",
    ]


def test_every_private_address_is_refused_before_any_connection(api, victim):
    for url in ssrf_urls(victim):
        started = time.monotonic()
        error = assert_error(api.post("/api/v1/analyze", json={"url": url}), 403, "NG105")
        assert "non-public address" in error["message"], url
        assert time.monotonic() - started < 5, f"{url} took a network round trip to refuse"
    assert Victim.hits == [], "a refused fetch reached the local service"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/", "gopher://127.0.0.1:25/", "http:///nohost"])
def test_non_http_schemes_are_refused(api, url):
    response = api.post("/api/v1/analyze", json={"url": url})
    assert_error(response, 422 if response.status_code == 422 else 403)  # by the request schema, or by the guard
    assert Victim.hits == []


def test_a_redirect_to_loopback_is_refused(api, victim, monkeypatch):
    # Let the victim's /redirect count as public for its first hop only, as a public
    # page that redirects would; every later hop meets the real guard.
    real_check = fetch.check_address
    first_hops = set()

    def check(url: str, allow_private: bool = False) -> None:
        if url in first_hops:
            return
        real_check(url, allow_private)

    monkeypatch.setattr(fetch, "check_address", check)
    port = urlsplit(victim).port
    for target in (f"http://127.0.0.1:{port}/secret", f"http://localhost:{port}/secret",
                   "http://169.254.169.254/latest/meta-data/", f"http://[::1]:{port}/secret"):
        url = f"{victim}/redirect?to={target}"
        first_hops.add(url)
        error = assert_error(api.post("/api/v1/analyze", json={"url": url}), 403, "NG105")
        assert "non-public" in error["message"]
    assert Victim.hits and all(hit.startswith("/redirect") for hit in Victim.hits), Victim.hits


# ---- request bodies ---------------------------------------------------------------------

def post_raw(port: int, headers: list[str], pieces=()) -> tuple[int, dict]:
    """POST over a plain socket that stops sending once the server answers.

    A client still uploading when the server refuses and closes gets a broken pipe
    instead of the answer (httpx then raises); a browser or curl reads the 413.
    """
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    try:
        head = ["POST /api/v1/analyze HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json", *headers, "", ""]
        sock.sendall("\r\n".join(head).encode())
        try:
            for piece in pieces:
                if select.select([sock], [], [], 0)[0]:
                    break  # the server has answered: stop sending
                sock.sendall(piece)
        except (BrokenPipeError, ConnectionResetError):
            pass
        response = http.client.HTTPResponse(sock)
        response.begin()
        return response.status, json.loads(response.read())
    finally:
        sock.close()


def chunked(total: int, size: int = 16 * 1024):
    """Transfer-Encoding: chunked pieces carrying `total` bytes of a JSON body, and no Content-Length."""
    yield b'a\r\n{"text": "\r\n'
    for _ in range(total // size + 1):
        yield f"{size:x}\r\n".encode() + b"a" * size + b"\r\n"
    yield b'2\r\n"}\r\n0\r\n\r\n'


def assert_413(status: int, body: dict) -> None:
    assert status == 413
    assert set(body["error"]) == {"status", "code", "message"} and body["error"]["status"] == 413


def test_oversized_bodies_get_413(server):
    limit = 256 * 1024
    assert_413(*post_raw(server.port, [f"Content-Length: {limit + 1}"]))  # refused from the header alone
    assert_413(*post_raw(server.port, ["Content-Length: 99999999999999999999"]))
    assert_413(*post_raw(server.port, ["Transfer-Encoding: chunked"], chunked(2 * limit)))  # counted as it arrives
    small = b'{"text": "' + b"a" * 1000 + b'"}'  # the control: a body under the limit is read
    status, _ = post_raw(server.port, [f"Content-Length: {len(small)}"], [small])
    assert status == 200


def test_default_body_limit_is_enforced(tmp_path):
    with Server(create_app(tmp_path / "s.db")) as s:
        assert_413(*post_raw(s.port, [f"Content-Length: {MAX_BODY_BYTES + 1}"]))
        assert_413(*post_raw(s.port, ["Transfer-Encoding: chunked"], chunked(MAX_BODY_BYTES + 64 * 1024, 64 * 1024)))


@pytest.mark.parametrize("body", [
    b"{", b'{"text": "abc"', b"not json", b"\xff\xfe\x00{", b"[]", b"null", b'"text"', b'{"text": 5}',
    b'{"text": ["a"]}', b'{"url": 7}', b'{"text": "a", "url": "http://example.org/"}', b"{}",
    b"[" * 50_000,  # nesting deep enough to break a recursive parser
    b'{"text": "a"}' + b"garbage",
])
def test_malformed_json_gets_422_in_the_common_shape(api, body):
    assert_error(api.post("/api/v1/analyze", content=body, headers={"content-type": "application/json"}), 422)


def test_the_server_survives_hostile_bodies(api):
    """After all of the above, it still answers properly."""
    response = api.post("/api/v1/analyze", json={"text": ARTICLE})
    assert response.status_code == 200 and response.json()["schema"] == "newsgraph/1"


# ---- time limits ---------------------------------------------------------------------------

def test_an_analysis_over_the_time_limit_gets_504_and_frees_the_server(stuck_api, monkeypatch):
    api = stuck_api
    monkeypatch.setenv(SECONDS_ENV, "1")
    started = time.monotonic()
    response = api.post("/api/v1/analyze", json={"text": STUCK_TEXT})
    assert time.monotonic() - started < 10
    error = assert_error(response, 504, "NG201")
    assert "1 s limit" in error["message"]
    response = api.post("/api/v1/analyze", json={"text": ARTICLE})  # the pipeline lock was released
    assert response.status_code == 200 and response.json()["schema"] == "newsgraph/1"


def test_a_full_queue_gets_503_with_retry_after(api, monkeypatch):
    monkeypatch.setattr(web_analysis, "QUEUE_SECONDS", 0.5)
    with web_analysis._PIPELINE:  # another analysis holds the pipeline
        response = api.post("/api/v1/analyze", json={"text": ARTICLE})
    assert_error(response, 503, "busy")
    assert int(response.headers["retry-after"]) > 0
    assert api.post("/api/v1/analyze", json={"text": ARTICLE}).status_code == 200


# ---- slow clients (slowloris) ---------------------------------------------------------------

def trickle(port: int, first: bytes, drip: bytes, seconds: float) -> tuple[float, bytes]:
    """Send `first`, then one byte of `drip` every 0.2 s for up to `seconds`, as a slowloris
    client would. Returns when the server closes the connection: (seconds taken, bytes answered)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=seconds + 10)
    started, answered = time.monotonic(), b""
    try:
        sock.sendall(first)
        for byte in drip * 1000:
            if time.monotonic() - started > seconds:
                break
            if select.select([sock], [], [], 0.2)[0]:
                chunk = sock.recv(65536)
                if not chunk:
                    break  # closed
                answered += chunk
                continue
            sock.sendall(bytes([byte]))
    except (BrokenPipeError, ConnectionResetError):
        pass
    finally:
        sock.close()
    return time.monotonic() - started, answered


WHOLE_GET = b"GET /api/v1/documents HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


@pytest.mark.parametrize("first, drip", [
    (b"GET /api/v1/documents HTTP/1.1\r\nHost: 127.0.0.1\r\n", b"X-Slow: aaaaaaaaaa\r\n"),  # headers
    (b"POST /api/v1/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
     b"Content-Length: 100000\r\n\r\n{\"text\": \"", b"a"),  # the body
    (WHOLE_GET, b"GET /api/v1/actors HTTP/1.1\r\nHost: 127.0.0.1\r\n"),  # a second request, kept alive
], ids=["headers", "body", "keep-alive"])
def test_a_client_trickling_its_request_is_cut_off(server, monkeypatch, first, drip):
    monkeypatch.setattr(DeadlineProtocol, "receipt_seconds", 1.0)
    took, answered = trickle(server.port, first, drip, seconds=20)
    assert took < 5, f"connection still open after {took:.1f} s"
    if first == WHOLE_GET:
        assert answered.startswith(b"HTTP/1.1 200")  # the whole first request was answered


def test_a_connection_that_sends_nothing_is_closed(server, monkeypatch):
    monkeypatch.setattr(DeadlineProtocol, "receipt_seconds", 1.0)
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=20)
    started = time.monotonic()
    try:
        assert sock.recv(1024) == b""
    finally:
        sock.close()
    assert time.monotonic() - started < 5


def test_a_slow_but_steady_answer_is_not_cut_off(stuck_api, monkeypatch):
    api = stuck_api
    """The deadline covers receiving the request, not the time the server takes to answer."""
    monkeypatch.setattr(DeadlineProtocol, "receipt_seconds", 1.0)
    monkeypatch.setenv(SECONDS_ENV, "3")
    response = api.post("/api/v1/analyze", json={"text": STUCK_TEXT})
    assert_error(response, 504, "NG201")  # answered after the 3 s limit, past the 1 s receipt deadline


# ---- XSS and headers --------------------------------------------------------------------

def test_markup_in_an_article_is_shown_not_run(api):
    text = ("<script>alert('x')</script> The mayor said on Monday that <img src=x onerror=alert(1)> "
            "the bridge would reopen in May after repairs to its steel beams.")
    record = api.post("/api/v1/analyze?store=true", json={"text": text}).json()
    page = api.get(f"/documents/{record['id']}", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;" in page.text or "&lt;img" in page.text


def test_every_answer_carries_the_csp_even_errors(api):
    for response in (api.get("/"), api.get("/api/v1/events"), api.get("/api/v1/nothing"),
                     api.post("/api/v1/analyze", content=b"{", headers={"content-type": "application/json"})):
        csp = response.headers.get("content-security-policy", "")
        assert "default-src 'self'" in csp and "script-src 'self'" in csp and "'unsafe-inline'" not in csp
        assert response.headers.get("x-content-type-options") == "nosniff"


# ---- path traversal ------------------------------------------------------------------------

TRAVERSALS = [
    "/static/../../../../etc/passwd",
    "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static/%2e%2e%2fapp.py",
    "/static/..%5c..%5capp.py",
    "/static/....//....//etc/passwd",
    "/static/%252e%252e/%252e%252e/etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/static//etc/passwd",
    "/static/..%00/app.py",
    "/static/../store.db",
    "/documents/..%2f..%2f..%2fetc%2fpasswd",
    "/documents/%2e%2e%2f%2e%2e%2fetc%2fpasswd/removed",
    "/api/v1/documents/..%2F..%2Fetc%2Fpasswd",
    "/api/v1/documents/%2e%2e%2fstore.db",
]


def raw_get(port: int, path: str) -> tuple[int, bytes]:
    """A GET with the path sent byte for byte (httpx would normalise the dots away)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_no_request_path_reaches_the_filesystem(server):
    assert raw_get(server.port, "/static/app.css")[0] == 200  # the control: static files are served
    for path in TRAVERSALS:
        status, body = raw_get(server.port, path)
        assert status == 404, (path, status)
        assert b"root:" not in body and b"import " not in body and b"SQLite format" not in body, path


# ---- token authentication -----------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(args: list[str], env: dict | None = None) -> subprocess.Popen:
    environment = {k: v for k, v in os.environ.items() if k != "NEWSGRAPH_TOKEN"} | (env or {})
    return subprocess.Popen([str(NEWSGRAPH), "serve", *args], env=environment, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def wait_until_up(port: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read()
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/v1/documents", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("server did not come up")


def test_binding_all_interfaces_without_a_token_is_refused(tmp_path):
    proc = serve(["--db", str(tmp_path / "s.db"), "--host", "0.0.0.0", "--port", str(free_port())])
    try:
        _, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode != 0
    assert "token" in stderr.lower() and "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_token_guards_storing_when_bound_to_all_interfaces(tmp_path, how):
    port = free_port()
    args = ["--db", str(tmp_path / "s.db"), "--host", "0.0.0.0", "--port", str(port)]
    proc = serve(args + ["--token", "s3cret"]) if how == "option" else serve(args, {"NEWSGRAPH_TOKEN": "s3cret"})
    try:
        wait_until_up(port, proc)
        url = f"http://127.0.0.1:{port}/api/v1/analyze?store=true"
        assert_error(httpx.post(url, json={"text": ARTICLE}, timeout=60), 401)
        assert_error(httpx.post(url, json={"text": ARTICLE}, headers={"Authorization": "Bearer wrong"}, timeout=60), 401)
        stored = httpx.post(url, json={"text": ARTICLE}, headers={"Authorization": "Bearer s3cret"}, timeout=60)
        assert stored.status_code == 200
    finally:
        proc.terminate()
        proc.wait(20)
