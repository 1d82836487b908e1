"""Language identification, so English-only stages never see other languages."""
from __future__ import annotations

import py3langid


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text; "en" for text too short to tell."""
    sample = text[:5000]
    if sum(ch.isalpha() for ch in sample) < 40:
        return "en"
    code, _ = py3langid.classify(sample)
    return code
