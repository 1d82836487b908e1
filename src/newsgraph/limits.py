"""Limits that keep one hostile or huge input from stalling a run."""

MAX_INPUT_BYTES = 10 * 1024 * 1024  # raw bytes of one document (HTML or text)
MAX_TEXT_CHARS = 400_000  # clean text handed to the NLP stages
MAX_HTML_DEPTH = 600  # deeper trees are flattened before extraction
