"""Quotes: direct, indirect and mixed quotes with speaker, cue and medium.

Quotation marks are paired per paragraph in any style (nlp/quote_marks.py), and a
quote may run over several paragraphs in the newspaper convention. The work is split
by job: page.py answers questions about the text, direct.py reads what stands
between quotation marks, indirect.py the clauses of reporting verbs, cues.py finds
the speech verb and the speaker phrase it points at, speakers.py decides who that
phrase means, media.py the outlet. When unsure we say so with a low confidence or
no speaker.
"""
from __future__ import annotations

from newsgraph.document import Document, Quote
from newsgraph.stages.quotes.cues import Cues
from newsgraph.stages.quotes.direct import DirectQuotes
from newsgraph.stages.quotes.indirect import IndirectQuotes
from newsgraph.stages.quotes.media import Media
from newsgraph.stages.quotes.page import Page
from newsgraph.stages.quotes.speakers import Speakers


def extract_quotes(doc: Document) -> Document:
    if doc.nlp is None or not doc.text:
        return doc
    doc.quotes = QuoteFinder(doc).run()
    return doc


class QuoteFinder:
    """One document's quotes: the parts built once, then direct and indirect quotes merged."""

    def __init__(self, doc: Document):
        self.page = Page(doc)
        self.speakers = Speakers(doc, self.page.inside_any_quote, self.page.mentions)
        self.media = Media(self.page)
        self.cues = Cues(self.page, self.speakers, self.media)
        self.speakers.follow(self.cues.is_cue)
        self.direct = DirectQuotes(self.page, self.cues, self.speakers)
        self.indirect = IndirectQuotes(self.page, self.cues)

    def run(self) -> list[Quote]:
        indirect = self.indirect.quotes()
        absorbed = {id(s) for _, spans in indirect for s in spans}  # marks inside a mixed quote
        direct = [self.direct.quote(s) for s in self.page.spans if id(s) not in absorbed]
        quotes = [q for q in direct if q] + [q for q, _ in indirect]
        quotes.sort(key=lambda q: q.start)
        self.media.carry(quotes)
        for n, quote in enumerate(quotes, 1):
            quote.id = f"q{n}"
        return quotes
