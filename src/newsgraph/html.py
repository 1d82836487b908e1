"""HTML extraction with trafilatura, keeping paragraphs and page metadata."""
from __future__ import annotations

import trafilatura
from trafilatura.settings import use_config

from .document import Document

_CONFIG = use_config()
_CONFIG.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # signals break in worker threads


def extract_html(html: str, doc: Document) -> list[str]:
    """Fill title/published/meta on `doc` and return the article's paragraphs."""
    result = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=False, with_metadata=True,
        config=_CONFIG, url=doc.meta.get("url"))
    if result is None:
        return []
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    _take_metadata(data, doc)
    text = data.get("text") or ""
    return [line for line in text.split("\n") if line.strip()]


def _take_metadata(data: dict, doc: Document) -> None:
    if data.get("title") and not doc.title:
        doc.title = data["title"]
    if data.get("date"):
        doc.published, doc.published_from = str(data["date"])[:10], "metadata"
    for key in ("author", "sitename", "url", "hostname", "description"):
        if data.get(key):
            doc.meta[key] = data[key]
