"""Intake: bytes, files, WARC, URLs and HTML to a Document with clean text."""
