"""One error shape for the API, and the HTTP status each failure maps to.

Every API error is `{"error": {"status": int, "code": str, "message": str}}`,
with a one-line message meant for a person; pages show the same message as HTML.
"""
from __future__ import annotations

from newsgraph.errors import (EmptyInput, FetchFailed, FetchRefused, InputError, InputTooLarge, NewsgraphError,
                      StageError, StoreError)
from newsgraph.limits import DocumentTimeout


class WebError(Exception):
    """A failure the app raises itself (not found, unauthorised, ...)."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers


class BodyTooLarge(Exception):
    """Raised while reading a request body that goes past the size limit."""


# Most specific first: the first class the error is an instance of decides.
_STATUS = [
    (InputTooLarge, 413),
    (FetchRefused, 403),  # the address is off limits, like any forbidden resource
    (FetchFailed, 502),
    (EmptyInput, 422),
    (InputError, 422),
    (DocumentTimeout, 504),  # the analysis ran past its time limit
    (StoreError, 500),
    (StageError, 500),
]

GENERIC_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                 405: "method_not_allowed", 413: "payload_too_large", 422: "invalid_request",
                 500: "server_error", 502: "bad_gateway", 503: "busy", 504: "timeout"}


def status_for(exc: NewsgraphError) -> int:
    return next((status for cls, status in _STATUS if isinstance(exc, cls)), 500)


def error_body(status: int, code: str | None, message: str) -> dict:
    return {"error": {"status": status, "code": code or GENERIC_CODES.get(status, f"http_{status}"),
                      "message": message}}


def one_line(text: str, limit: int = 300) -> str:
    """Messages stay on one line and short, whatever the input echoed into them."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
