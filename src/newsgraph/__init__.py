"""newsgraph: news articles in, sourced and checkable knowledge out.

    import newsgraph
    doc = newsgraph.analyze(text, published="2024-05-06")
    for item in newsgraph.analyze_many(["feed.jsonl", "pages/"], newsgraph.Options(published=None)):
        ...   # a Document, or the NewsgraphError that stopped that input
"""
from newsgraph.document import Document
from newsgraph.options import Options

__version__ = "0.1.0"
__all__ = ["Document", "Options", "analyze", "analyze_many", "__version__"]


def analyze(text_or_html: str, published: str | None = None, **options) -> Document:
    """Analyse one article given as text or HTML and return its Document."""
    from newsgraph.pipeline import analyze as _analyze

    return _analyze(text_or_html, published=published, **options)


def analyze_many(inputs, options: Options | None = None, **kwargs):
    """Analyse files, folders, URLs, JSONL, WARC or "-"; yields a Document or an error per input."""
    from newsgraph.pipeline import analyze_many as _analyze_many

    return _analyze_many(inputs, options, **kwargs)
