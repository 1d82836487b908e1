"""Quotes: direct and reported speech, speakers, cues and media."""
