"""Actors: entities, mentions, coreference and country/sector codes."""
