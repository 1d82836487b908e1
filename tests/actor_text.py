"""The actors stage alone on a written passage, and the actor it found by name."""
from __future__ import annotations

from newsgraph.document import Document, Source
from newsgraph.nlp.parse import load_nlp
from newsgraph.stages.actors.builder import extract_actors


def actors_of(text: str) -> Document:
    doc = Document(source=Source(kind="text"), text=text)
    doc.nlp = load_nlp()(text)
    return extract_actors(doc)


def named(doc: Document, name: str):
    found = [a for a in doc.actors if a.name == name]
    assert found, f"no actor {name!r} in {[a.name for a in doc.actors]}"
    return found[0]
