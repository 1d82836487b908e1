"""Scoring records against gold files."""
