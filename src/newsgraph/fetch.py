"""URL intake: fetch one page over HTTP(S), refusing private addresses.

The guard runs after DNS resolution and again on every redirect, so a public
name that resolves (or redirects) to loopback or a metadata service is refused.
"""
from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urljoin, urlsplit

import httpx

from .document import Document
from .errors import FetchFailed, FetchRefused, InputTooLarge
from .intake import decode_bytes, document_from_string
from .limits import MAX_INPUT_BYTES

USER_AGENT = "newsgraph/0.1 (+https://example.invalid/newsgraph; article analysis)"
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
MAX_REDIRECTS = 5
_ALLOW_PRIVATE = {"value": False}


def set_allow_private(allowed: bool) -> None:
    """The CLI's --allow-private: process-wide, because intake is called deep inside runs."""
    _ALLOW_PRIVATE["value"] = bool(allowed)


def check_address(url: str, allow_private: bool = False) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchRefused(f"only http(s) URLs with a host are fetched: {url}", ref=url)
    if allow_private or _ALLOW_PRIVATE["value"]:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 80, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise FetchFailed(f"cannot resolve {parts.hostname}: {exc}", ref=url) from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global:
            raise FetchRefused(f"{parts.hostname} resolves to non-public address {address}", ref=url)


def fetch_html(url: str, allow_private: bool = False) -> tuple[str, str]:
    """Return (final URL, decoded body), following redirects by hand to check each hop."""
    with httpx.Client(timeout=TIMEOUT, headers={"User-Agent": USER_AGENT},
                      follow_redirects=False) as client:
        for _ in range(MAX_REDIRECTS + 1):
            check_address(url, allow_private)
            body, location = _get(client, url)
            if location is None:
                return url, decode_bytes(body, url)
            url = urljoin(url, location)
    raise FetchFailed(f"more than {MAX_REDIRECTS} redirects", ref=url)


def _get(client: httpx.Client, url: str) -> tuple[bytes, str | None]:
    try:
        with client.stream("GET", url) as response:
            if response.is_redirect:
                return b"", response.headers.get("location")
            if response.status_code >= 400:
                raise FetchFailed(f"HTTP {response.status_code}", ref=url)
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_INPUT_BYTES:
                    raise InputTooLarge(f"response exceeds {MAX_INPUT_BYTES:,} bytes", ref=url)
                chunks.append(chunk)
            return b"".join(chunks), None
    except httpx.HTTPError as exc:
        raise FetchFailed(f"fetch failed: {exc}", ref=url) from exc


def fetch_document(url: str, published: str | None = None, allow_private: bool = False) -> Document:
    final_url, html = fetch_html(url, allow_private)
    doc = document_from_string(html, kind="url", location=url, ref=final_url, published=published)
    doc.meta["url"] = final_url
    return doc
