"""URL intake: fetch one page over HTTP(S), refusing private addresses.

The guard runs after DNS resolution and again on every redirect, so a public
name that resolves (or redirects) to loopback or a metadata service is refused;
the connection then goes to the address that was checked, not to a fresh
lookup that could answer differently.
Every fetch is bounded: connect/read timeouts, a deadline for the whole
transfer (a server dripping one byte a second defeats read timeouts), a size
cap and a redirect limit.
"""
from __future__ import annotations

import ipaddress
import socket
import threading
import time
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from newsgraph.document import Document
from newsgraph.errors import FetchFailed, FetchRefused, InputTooLarge
from newsgraph.ingest.decode import charset_of, decode_bytes, document_from_string
from newsgraph.limits import MAX_INPUT_BYTES

USER_AGENT = "newsgraph/0.1 (+https://example.invalid/newsgraph; article analysis)"
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
DEADLINE_SECONDS = 30.0  # the whole fetch, redirects included
MAX_REDIRECTS = 5
TEXT_TYPES = ("html", "xml", "text/plain")  # content types worth extracting an article from


def is_refused_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Loopback, private, link-local (cloud metadata), reserved: anything not on the public internet."""
    mapped = getattr(address, "ipv4_mapped", None)
    return not (mapped or address).is_global


def check_address(url: str, allow_private: bool = False) -> None:
    """Refuse the URL unless its host resolves only to public addresses; the address
    checked is then the one connected to (see `_PinnedBackend`).

    The name resolved is the one httpx will connect to (`connect_host`: its IDNA 2008
    A-label), never Python's own IDNA 2003 encoding of the Unicode name, which differs
    for names such as faß.de (fass.de against xn--fa-hia.de)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchRefused(f"only http(s) URLs with a host are fetched: {url}", ref=url)
    host = connect_host(url)
    if not allow_private:
        _PINNED.hosts[host] = public_address(host, parts.port or (443 if parts.scheme == "https" else 80), ref=url)


def connect_host(url: str) -> str:
    """The host name exactly as the HTTP client will hand it to the connection (ASCII)."""
    try:
        return httpx.URL(url).raw_host.decode("ascii")
    except (httpx.InvalidURL, UnicodeError, ValueError) as exc:
        raise FetchRefused(f"not a valid URL host: {exc}", ref=url) from exc


def public_address(host: str, port: int, ref: str | None = None) -> str:
    """Resolve `host` and return an address to connect to, refusing if any is not public."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchFailed(f"cannot resolve {host}: {exc}", ref=ref or host) from exc
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    for address in addresses:
        if is_refused_address(address):
            raise FetchRefused(f"{host} resolves to non-public address {address}"
                               " (use --allow-private to fetch it)", ref=ref or host)
    return str(addresses[0])


class _Pins(threading.local):
    def __init__(self):
        self.hosts: dict[str, str] = {}


_PINNED = _Pins()  # host -> the address check_address approved, per thread


class _PinnedBackend(httpcore.SyncBackend):
    """Connects to the address check_address approved, not to a fresh DNS answer:
    a name that resolves to a public address for the check and to a private one
    a moment later (DNS rebinding) still cannot reach the private host."""

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        # `host` is httpx's ASCII form of the URL's host, the very key check_address pinned.
        address = _PINNED.hosts.get(host, host)
        return super().connect_tcp(address, port, timeout, local_address, socket_options)


def _client() -> httpx.Client:
    transport = httpx.HTTPTransport()
    transport._pool._network_backend = _PinnedBackend()  # httpx has no public hook for this
    # trust_env=False: no proxy from the environment, whose address the guard would not see
    return httpx.Client(transport=transport, timeout=TIMEOUT, headers={"User-Agent": USER_AGENT},
                        follow_redirects=False, trust_env=False)


def fetch_html(url: str, allow_private: bool = False) -> tuple[str, str]:
    """Return (final URL, decoded body), following redirects by hand to check each hop."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    _PINNED.hosts.clear()
    with _client() as client:
        for _ in range(MAX_REDIRECTS + 1):
            check_address(url, allow_private)
            body, location, charset = _get(client, url, deadline)
            if location is None:
                return url, decode_bytes(body, url, declared=charset)
            url = urljoin(url, location)
    raise FetchFailed(f"more than {MAX_REDIRECTS} redirects", ref=url)


def _get(client: httpx.Client, url: str, deadline: float) -> tuple[bytes, str | None, str | None]:
    """(body, redirect location, declared charset)."""
    try:
        with client.stream("GET", url) as response:
            if response.is_redirect:
                return b"", response.headers.get("location"), None
            if response.status_code >= 400:
                raise FetchFailed(f"HTTP {response.status_code}", ref=url)
            _check_headers(response, url)
            return _read_body(response, url, deadline), None, charset_of(response.headers.get("content-type"))
    except httpx.TimeoutException as exc:
        raise FetchFailed(f"timed out: {type(exc).__name__}", ref=url) from exc
    except httpx.HTTPError as exc:
        raise FetchFailed(f"fetch failed: {exc}", ref=url) from exc


def _check_headers(response: httpx.Response, url: str) -> None:
    ctype = response.headers.get("content-type", "").lower()
    if ctype and not any(kind in ctype for kind in TEXT_TYPES):
        raise FetchFailed(f"content type {ctype.split(';')[0]} is not a web page", ref=url)
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_INPUT_BYTES:
        raise InputTooLarge(f"response is {int(declared):,} bytes; the limit is {MAX_INPUT_BYTES:,}", ref=url)


def _read_body(response: httpx.Response, url: str, deadline: float) -> bytes:
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_INPUT_BYTES:
            raise InputTooLarge(f"response exceeds {MAX_INPUT_BYTES:,} bytes", ref=url)
        if time.monotonic() > deadline:
            raise FetchFailed(f"took longer than {DEADLINE_SECONDS:g} s", ref=url)
        chunks.append(chunk)
    return b"".join(chunks)


def fetch_document(url: str, published: str | None = None, allow_private: bool = False) -> Document:
    final_url, html = fetch_html(url, allow_private)
    # The URL the page came from, after redirects, is its location.
    doc = document_from_string(html, kind="url", location=final_url, ref=final_url, published=published, url=final_url)
    if final_url != url:
        doc.meta["requested_url"] = url
    return doc
