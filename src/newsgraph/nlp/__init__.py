"""Shared language tools: the parse, the gazetteer, places and dates."""
