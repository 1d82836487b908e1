"""HTML extraction with trafilatura, keeping paragraphs and page metadata.

The page is parsed once. Metadata comes from the cheap sources (meta tags,
JSON-LD, <title>, canonical link, htmldate without its extensive search):
trafilatura's full metadata pass costs as much as the extraction itself.
Extraction runs in trafilatura's precision mode, which on news pages drops
more page furniture than it loses article text; if that finds nothing, the
default mode gets a second try.
"""
from __future__ import annotations

from datetime import date

import trafilatura
from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.metadata import examine_meta, extract_meta_json, extract_title, extract_url
from trafilatura.settings import use_config
from trafilatura.utils import load_html

from .document import Document

_CONFIG = use_config()
_CONFIG.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # signals break in worker threads
MIN_PRECISE_CHARS = 200  # shorter precision-mode output gets a default-mode retry


def extract_html(html: str, doc: Document) -> list[str]:
    """Fill title/published/meta on `doc` and return the article's paragraphs."""
    tree = load_html(html)
    if tree is None:
        return []
    _take_metadata(tree, doc)
    text = _extract_text(tree, doc.meta.get("url"), favor_precision=True)
    if len(text) < MIN_PRECISE_CHARS:
        text = max(text, _extract_text(tree, doc.meta.get("url"), favor_precision=False), key=len)
    return [line for line in text.split("\n") if line.strip()]


def _extract_text(tree: HtmlElement, url: str | None, favor_precision: bool) -> str:
    result = trafilatura.bare_extraction(
        tree, url=url, include_comments=False, include_tables=True,
        favor_precision=favor_precision, config=_CONFIG)
    return (result.text or "") if result is not None else ""


def _take_metadata(tree: HtmlElement, doc: Document) -> None:
    found = examine_meta(tree)
    try:
        found = extract_meta_json(tree, found)
    except Exception:  # trafilatura's JSON-LD reader trips on odd markup; the rest still counts
        pass
    title = found.title or extract_title(tree)
    if title and not doc.title:
        doc.title = title.strip()
    url = found.url or extract_url(tree, doc.meta.get("url"))
    published = _find_date(tree, url)
    if published and doc.published_from != "given":
        doc.published, doc.published_from = published, "metadata"
    values = {"author": found.author, "sitename": found.sitename, "url": url,
              "description": found.description, "html_lang": _html_lang(tree)}
    for key, value in values.items():
        if value and not doc.meta.get(key):
            doc.meta[key] = value.lstrip("@") if key == "sitename" else value


def _find_date(tree: HtmlElement, url: str | None) -> str | None:
    try:
        found = find_date(tree, url=url, original_date=True, extensive_search=False,
                          max_date=date.today().isoformat())
    except Exception:  # htmldate raises on malformed dates inside pages
        return None
    return str(found)[:10] if found else None


def _html_lang(tree: HtmlElement) -> str | None:
    lang = tree.get("lang") or tree.get("xml:lang")
    return lang.split("-")[0].lower()[:3] if lang else None
