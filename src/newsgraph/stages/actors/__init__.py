"""Actors: entities, mentions, coreference and country/sector codes.

The stage's entry point is `builder.extract_actors(doc)`; builder.py says which module
does which part.
"""
