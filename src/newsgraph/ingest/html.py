"""HTML extraction with trafilatura, keeping paragraphs and page metadata.

The page is parsed once. Metadata comes from the cheap sources (meta tags,
JSON-LD, <title>, canonical link, htmldate without its extensive search):
trafilatura's full metadata pass costs as much as the extraction itself.
Extraction runs in trafilatura's precision mode, which on news pages drops
more page furniture than it loses article text. It runs fast first (no second
opinions from readability and justext); a short result is redone in full, and
a result of almost nothing gets trafilatura's default mode.
"""
from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

import lxml.etree
import trafilatura
from htmldate import find_date
from trafilatura.metadata import examine_meta, extract_meta_json, extract_title, extract_url
from trafilatura.settings import use_config
from trafilatura.utils import HTML_PARSER, load_html  # HTML_PARSER: the parser load_html uses

from newsgraph.document import Document
from newsgraph.errors import InputTooLarge, MalformedInput
from newsgraph.limits import MAX_HTML_DEPTH, MAX_HTML_ELEMENTS

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_CONFIG = use_config()
_CONFIG.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # signals break in worker threads
# trafilatura's fast mode skips its second opinions (readability, justext), which
# only ever change short extractions: on the dev benchmark one page in 91, at 213
# characters. Output shorter than RECHECK_CHARS gets the full treatment.
RECHECK_CHARS = 2000
START_TAG = re.compile(r"<[A-Za-z]")
ANY_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)\b[^>]*?(/?)>")
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                 "source", "track", "wbr"}
MIN_PRECISE_CHARS = 200  # shorter precision-mode output gets a default-mode retry


def extract_html(html: str, doc: Document) -> list[str]:
    """Fill title/published/meta on `doc` and return the article's paragraphs."""
    elements = _count_elements(html)
    if elements > MAX_HTML_ELEMENTS:
        raise InputTooLarge(f"page has {elements:,} HTML elements; the limit is {MAX_HTML_ELEMENTS:,}",
                            ref=doc.source.ref)
    tree = _parse(html)
    if tree is None:
        return []
    _take_metadata(tree, doc)
    url = doc.meta.get("url")
    text = _extract_text(tree, url, favor_precision=True, fast=True)
    if len(text) < RECHECK_CHARS:
        text = _extract_text(tree, url, favor_precision=True, fast=False) or text
    if len(text) < MIN_PRECISE_CHARS:
        text = max(text, _extract_text(tree, url, favor_precision=False, fast=False), key=len)
    return [line for line in text.split("\n") if line.strip()]


def _count_elements(html: str) -> int:
    """Start tags in the markup (counted before parsing: the parser hides deep ones)."""
    if html.count("<") <= MAX_HTML_ELEMENTS:
        return 0  # cannot be over the limit; the common case costs one pass of str.count
    return len(START_TAG.findall(SCRIPT_OR_STYLE.sub("", html)))


def _parse(html: str) -> HtmlElement | None:
    tree = load_html(html)
    if tree is not None and any("depth" in entry.message for entry in HTML_PARSER.error_log):
        tree = load_html(_flatten(html, MAX_HTML_DEPTH))
    return tree


def _flatten(html: str, limit: int) -> str:
    """Drop the tags (keeping their text) of elements nested deeper than `limit`."""
    depth = 0

    def visit(tag: re.Match[str]) -> str:
        nonlocal depth
        closing, name, self_closing = tag.group(1), tag.group(2).lower(), tag.group(3)
        if name in VOID_ELEMENTS or self_closing:
            return tag.group(0)
        if closing:
            dropped = depth > limit
            depth = max(0, depth - 1)
        else:
            depth += 1
            dropped = depth > limit
        return "" if dropped else tag.group(0)

    return ANY_TAG.sub(visit, html)


def _extract_text(tree: HtmlElement, url: str | None, favor_precision: bool, fast: bool) -> str:
    try:
        result = trafilatura.bare_extraction(
            tree, url=url, include_comments=False, include_tables=True,
            favor_precision=favor_precision, fast=fast, config=_CONFIG)
    except (RecursionError, MemoryError, LookupError, AttributeError, lxml.etree.LxmlError) as exc:
        # pathological markup can trip trafilatura's internals: one clear error, not a traceback
        raise MalformedInput(f"HTML could not be extracted: {type(exc).__name__}: {exc}"[:200]) from exc
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
