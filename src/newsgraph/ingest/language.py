"""Language identification, so English-only stages never see other languages."""
from __future__ import annotations

from functools import lru_cache

import py3langid


@lru_cache(maxsize=1)
def _two_letter_model() -> None:
    """The model also knows ~25 languages only by 3-letter codes (wuu, yue, arz, zxx ...);
    the record's language is ISO 639-1, so classify among the 2-letter ones."""
    from py3langid import langid

    langid.classify("")  # loads the model
    langid.set_languages([code for code in langid.IDENTIFIER.nb_classes if len(code) == 2])


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text; "en" for text too short to tell."""
    sample = text[:5000]
    if sum(ch.isalpha() for ch in sample) < 40:
        return "en"
    _two_letter_model()
    code, _ = py3langid.classify(sample)
    return code
