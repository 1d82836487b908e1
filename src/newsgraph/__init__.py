"""newsgraph: news articles in, sourced and checkable knowledge out."""
from .document import Document

__version__ = "0.1.0"
__all__ = ["Document", "analyze", "__version__"]


def analyze(text_or_html: str, published: str | None = None, **options) -> Document:
    """Analyse one article given as text or HTML and return its Document."""
    from .pipeline import analyze as _analyze

    return _analyze(text_or_html, published=published, **options)
