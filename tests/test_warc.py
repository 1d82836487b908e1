"""WARC intake: every record comes back as a document, a skip with a reason, or an error."""
from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.ingest.clean import clean_document
from newsgraph.document import Document
from newsgraph.errors import InputError
from newsgraph.ingest.files import iter_inputs
from newsgraph.ingest.warc import SkippedRecord

HTML_PAGES, OTHER_RESPONSES, REQUESTS, METADATA, RESOURCES = 20, 8, 10, 5, 5
NON_HTML_TYPES = ["image/png", "application/pdf", "text/css", "application/json"]


def _page(number: int) -> bytes:
    return (f"<html><head><title>Council story {number}</title></head><body><article>"
            f"<p>Story {number}: the town council approved a new budget for libraries and parks on Tuesday evening.</p>"
            f"<p>Councillors voted {number + 10} to 4 in favour after a long debate about the cost of repairs.</p>"
            "</article></body></html>").encode()


def _http(content_type: str) -> StatusAndHeaders:
    return StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")


def build_warc(path: Path, gzip: bool) -> list[str]:
    """Write 50 records (the last one cut short) and return every record's target URI in order."""
    uris: list[str] = []
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)

        def write(uri: str, rec_type: str, payload: bytes, http=None, **kw):
            uris.append(uri)
            writer.write_record(writer.create_warc_record(
                uri, rec_type, payload=io.BytesIO(payload), http_headers=http, **kw))

        write("urn:warcinfo:crawl", "warcinfo", b"software: test\r\n", warc_content_type="application/warc-fields")
        for n in range(HTML_PAGES):
            write(f"https://news.example.com/story/{n}", "response", _page(n), _http("text/html; charset=utf-8"))
            if n < REQUESTS:
                write(f"https://news.example.com/request/{n}", "request", b"",
                      StatusAndHeaders(f"GET /story/{n} HTTP/1.1", [("Host", "news.example.com")], is_http_request=True))
        for n in range(OTHER_RESPONSES):
            write(f"https://news.example.com/asset/{n}", "response", b"\x89PNG\r\n\x1a\n" + bytes(range(40)),
                  _http(NON_HTML_TYPES[n % len(NON_HTML_TYPES)]))
        for n in range(METADATA):
            write(f"https://news.example.com/meta/{n}", "metadata", b"outlinks: none\r\n",
                  warc_content_type="application/warc-fields")
        for n in range(RESOURCES):
            write(f"https://news.example.com/resource/{n}", "resource", b"plain notes", warc_content_type="text/plain")
        start = fh.tell()
        long_page = b"<html><body><p>" + b"The long report goes on. " * 400 + b"</p></body></html>"
        write("https://news.example.com/story/cut-short", "response", long_page, _http("text/html"))
        end = fh.tell()
    path.write_bytes(path.read_bytes()[: start + (end - start) // 2])
    return uris


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_all_fifty_records_are_accounted_for(tmp_path, gzip):
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    uris = build_warc(path, gzip)
    assert len(uris) == 50

    results = list(iter_inputs([str(path)]))

    assert len(results) == 50, "one result per record, nothing silently dropped"
    refs = [r.source.ref if isinstance(r, Document) else r.ref for r in results]
    assert refs == uris
    docs = [r for r in results if isinstance(r, Document)]
    skipped = [r for r in results if isinstance(r, SkippedRecord)]
    errors = [r for r in results if isinstance(r, InputError) and not isinstance(r, SkippedRecord)]
    assert len(docs) == HTML_PAGES
    assert len(skipped) == OTHER_RESPONSES + REQUESTS + METADATA + RESOURCES + 1  # +1: warcinfo
    assert [e.ref for e in errors] == ["https://news.example.com/story/cut-short"]
    assert "truncated" in errors[0].message

    reasons = Counter(s.message.split(":")[1].split()[0] for s in skipped)
    assert reasons == {"a": REQUESTS + METADATA + RESOURCES + 1, "content": OTHER_RESPONSES}
    assert all(s.code == "NG110" for s in skipped)


def test_warc_documents_carry_the_target_uri_and_clean_to_text(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    build_warc(path, gzip=True)
    doc = next(r for r in iter_inputs([str(path)]) if isinstance(r, Document))
    assert doc.source.kind == "warc" and doc.source.ref == "https://news.example.com/story/0"
    # The target URI is the article's location; the WARC file is kept in meta.path.
    assert doc.source.location == "https://news.example.com/story/0" and doc.meta["path"] == str(path)
    clean_document(doc)
    assert "approved a new budget for libraries" in doc.text
    assert doc.title == "Council story 0"


def test_a_file_that_is_not_a_warc_gives_one_clear_error(tmp_path):
    path = tmp_path / "broken.warc"
    path.write_bytes(b"this is not a WARC file at all\n" * 10)
    results = list(iter_inputs([str(path)]))
    assert len(results) == 1 and isinstance(results[0], InputError)
    assert str(results[0]).startswith("NG1")
