"""Mutation: actor mentions lose their honorific-free short forms (alias tests must fail)."""
from newsgraph.stages.actors import builder

_orig = builder.extract_actors
def broken(doc, registry=None):
    _orig(doc, registry)
    for actor in doc.actors:
        actor.mentions = [m for m in actor.mentions if m.via != "pronoun" or actor.type != "PERSON"][:2]
    return doc
builder.extract_actors = broken
