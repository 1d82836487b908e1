"""HTML extraction with trafilatura, keeping paragraphs and page metadata.

The page is parsed once. Metadata comes from the cheap sources (meta tags,
JSON-LD, <title>, canonical link, htmldate without its extensive search):
trafilatura's full metadata pass costs as much as the extraction itself.
Extraction runs in trafilatura's precision mode, which on news pages drops
more page furniture than it loses article text. It runs fast first (no second
opinions from readability and justext); a short result is redone in full, and
a result of almost nothing gets trafilatura's default mode.

Precision mode also drops subheadings and embedded social posts (its link-density
tests for headings and quotes). Those whose place is known, a subheading right above
a paragraph the extraction kept or a post right after one, are put back.

Two kinds of links to other pages get past it: hover cards (a person's photo and latest
headlines, hidden inside a sentence until the mouse is on the name) are cut from the page
first, and lines that are only a link elsewhere (the items of a list of links, the heading
of a teaser card) are left out of the result.
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
EMBEDDED_POST = lxml.etree.XPath(
    '//blockquote[contains(@class, "twitter-tweet") or contains(@class, "instagram-media")'
    ' or contains(@class, "tiktok-embed") or contains(@class, "bluesky-embed")]')
MAX_EMBEDDED_POSTS = 40
SUBHEADING = lxml.etree.XPath("//h2|//h3|//h4")
MAX_HEADINGS = 200
POST_KEY_CHARS = 40  # characters that identify a paragraph when looking for it in the extracted text
# A hover card: inside a paragraph, right after a link, an element with a picture and links only
# (a person's photo and their latest articles, shown on mouse-over); its text would run into the sentence.
HOVER_CARD = lxml.etree.XPath("//p//a/following-sibling::*[1][.//img][count(.//a) >= 2]")
HOVER_LINK_SHARE = 0.9  # of the card's characters that are link text
MAX_HOVER_CARDS = 100
# Lists in the text's flow (after a paragraph; menus are left to trafilatura), of two or more
# items, each a link and nothing else (no text outside a link).
LINK_LIST = "[li[2]][not(li[not(.//a)] or li//text()[normalize-space()][not(ancestor::a)])]"
LINK_LISTS = lxml.etree.XPath(f"//p/following-sibling::ul{LINK_LIST}|//p/following-sibling::ol{LINK_LIST}")
# A heading inside a link to another page: a teaser card (a heading linked to its own place is the article's).
IN_OUT_LINK = "[ancestor::a[@href][not(starts-with(@href, '#'))]]"
TEASER_HEADINGS = lxml.etree.XPath(f"//h2{IN_OUT_LINK}|//h3{IN_OUT_LINK}|//h4{IN_OUT_LINK}")
MAX_LINK_LISTS = 200
LIST_MARK = "- "  # how trafilatura writes a list item


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
    posts, headings = _embedded_posts(tree), _headings(tree)  # before extraction, which prunes the tree
    elsewhere = _links_elsewhere(tree)
    _drop_hover_cards(tree)
    url = doc.meta.get("url")
    text = _extract_text(tree, url, favor_precision=True, fast=True)
    if len(text) < RECHECK_CHARS:
        text = _extract_text(tree, url, favor_precision=True, fast=False) or text
    if len(text) < MIN_PRECISE_CHARS:
        text = max(text, _extract_text(tree, url, favor_precision=False, fast=False), key=len)
    lines = [line for line in text.split("\n") if line.strip()]
    if len(text) < MIN_PRECISE_CHARS:
        return lines
    lines = _with_headings(_with_posts(lines, posts) if posts else lines, headings)
    return _without(lines, elsewhere) if elsewhere else lines


def _drop_hover_cards(tree: HtmlElement) -> None:
    for card in HOVER_CARD(tree)[:MAX_HOVER_CARDS]:
        if card.getparent() is None or not _all_links(card):
            continue
        card.drop_tree()  # keeps its tail: the rest of the sentence


def _all_links(element: HtmlElement) -> bool:
    text = "".join(element.text_content().split())
    linked = sum(len("".join(link.text_content().split())) for link in element.iter("a"))
    return bool(text) and linked >= HOVER_LINK_SHARE * len(text)


def _links_elsewhere(tree: HtmlElement) -> set[str]:
    """Texts that only point to other pages: the items of a list made of links alone (related
    articles) and the headings of teaser cards (a link around a heading)."""
    found = {_squashed(heading.text_content()) for heading in TEASER_HEADINGS(tree)[:MAX_LINK_LISTS]}
    for listing in LINK_LISTS(tree)[:MAX_LINK_LISTS]:
        found.update(_squashed(item.text_content()) for item in listing.iterchildren("li"))
    return found - {""}


def _without(lines: list[str], elsewhere: set[str]) -> list[str]:
    return [line for line in lines if _squashed(line).removeprefix(LIST_MARK) not in elsewhere]


def _headings(tree: HtmlElement) -> list[tuple[str, str]]:
    """Subheadings (h2 to h4), each with the text of the element right after it."""
    found = []
    for heading in SUBHEADING(tree)[:MAX_HEADINGS]:
        text, following = _squashed(heading.text_content()), heading.getnext()
        while following is not None and not isinstance(following.tag, str):
            following = following.getnext()  # comments and processing instructions
        if text and following is not None:
            found.append((text, _squashed(following.text_content())))
    return found


def _with_headings(lines: list[str], headings: list[tuple[str, str]]) -> list[str]:
    """Put back the subheadings precision mode dropped: those right above a paragraph the
    extraction kept, whose place in the article is therefore known."""
    if not headings:
        return lines
    squashed = {_squashed(line): i for i, line in reversed(list(enumerate(lines)))}
    insert: dict[int, str] = {}
    for text, following in headings:
        at = squashed.get(following) if following else None
        if at is not None and text not in squashed and at not in insert:
            insert[at] = text
    return [part for i, line in enumerate(lines) for part in ([insert[i], line] if i in insert else [line])]


def _embedded_posts(tree: HtmlElement) -> list[tuple[str, list[str]]]:
    """Embedded social posts (tweets and the like), each with the text just before it.

    They are part of the story (a reaction quoted in full), but trafilatura keeps some
    and drops others; each comes back as its paragraphs and its attribution line."""
    posts = []
    for quote in EMBEDDED_POST(tree)[:MAX_EMBEDDED_POSTS]:
        paragraphs = [_squashed(p.text_content()) for p in quote.iter("p")]
        whole = _squashed(quote.text_content())
        attribution = whole[len(" ".join(paragraphs)):].strip() if whole.startswith(" ".join(paragraphs)) else ""
        lines = [line for line in paragraphs + [attribution] if line]
        if lines:
            posts.append((_text_before(quote), lines))
    return posts


def _text_before(element: HtmlElement) -> str:
    """The text of the nearest element before `element` (or before its container)."""
    while element is not None:
        previous = element.getprevious()
        while previous is not None:
            text = _squashed(previous.text_content())
            if text:
                return text
            previous = previous.getprevious()
        element = element.getparent()
    return ""


def _with_posts(lines: list[str], posts: list[tuple[str, list[str]]]) -> list[str]:
    """Put back the posts the extraction dropped, each after the line it followed on the page."""
    lines = list(lines)
    seen = " ".join(_squashed(line) for line in lines)
    for before, post in posts:
        if post[0][:POST_KEY_CHARS] in seen:
            continue  # the extraction kept it
        at = _line_after(lines, before)
        if at is None:
            continue  # its place is outside the article text: leave it out
        lines[at:at] = post
    return lines


def _line_after(lines: list[str], before: str) -> int | None:
    """Where a post goes: after the line that is the text before it, or else after the
    line that ends like it (the extraction may have cut the element's start)."""
    squashed = [_squashed(line) for line in lines]
    if not before:
        return None
    if before in squashed:
        return squashed.index(before) + 1
    key = before[-POST_KEY_CHARS:]
    return next((i + 1 for i, line in enumerate(squashed) if line.endswith(key)), None)


def _squashed(text: str) -> str:
    return " ".join(text.split())


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
