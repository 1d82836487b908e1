"""Mutation: every quote loses its speaker (the quote floors must fail)."""
from newsgraph.stages.quotes import finder

_orig = finder.extract_quotes
def broken(doc):
    _orig(doc)
    for q in doc.quotes:
        q.speaker = q.speaker_text = None
    return doc
finder.extract_quotes = broken
