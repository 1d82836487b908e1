"""ASGI middleware: security headers on every response, and a request body size limit.

Both are plain ASGI (not BaseHTTPMiddleware) so the body limit can count bytes as
they arrive, including chunked bodies that carry no Content-Length.
"""
from __future__ import annotations

import anyio
import orjson

from newsgraph.web.errors import BodyTooLarge, error_body

# No inline script or style anywhere: everything the pages run comes from /static.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # no-referrer would make browsers send "Origin: null" on our own forms
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityHeaders:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in HEADERS if h[0] not in names]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """413 for bodies over `max_bytes`: at once from Content-Length, else while reading."""

    def __init__(self, app, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            return await self._refuse(send)
        seen, too_big, answered = 0, False, False

        async def counting_receive():
            nonlocal seen, too_big
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    too_big = True
                    raise BodyTooLarge()
            return message

        async def guarded_send(message):
            # Whatever the app answers to a body cut short (frameworks call it a parse error),
            # the client gets the 413 instead.
            nonlocal answered
            if not too_big:
                return await send(message)
            if not answered:
                answered = True
                await self._refuse(send)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except BodyTooLarge:
            if not answered:
                answered = True
                await self._refuse(send)

    async def _refuse(self, send):
        body = orjson.dumps(error_body(413, None, f"request body is larger than {self.max_bytes:,} bytes"))
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


# An API body is a handful of fields (text, html or url, and published). Validating a body
# of hundreds of thousands of keys (pydantic builds an error for each, for each variant)
# took seconds of the event loop, which serves every other request meanwhile.
MAX_JSON_VALUES = 1_000


class JsonBodyGuard:
    """JSON request bodies are parsed and measured in a worker thread, off the event loop,
    before the framework sees them: malformed JSON, or more than MAX_JSON_VALUES values,
    gets the API's 422 at once. A body that passes is handed on unchanged."""

    def __init__(self, app, max_values: int = MAX_JSON_VALUES):
        self.app, self.max_values = app, max_values

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") not in ("POST", "PUT", "PATCH") or not _is_json(scope):
            return await self.app(scope, receive, send)
        chunks, more = [], True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        problem = await anyio.to_thread.run_sync(_measure, body, self.max_values)
        if problem:
            payload = orjson.dumps(error_body(422, "invalid_request", problem))
            await send({"type": "http.response.start", "status": 422,
                        "headers": [(b"content-type", b"application/json"),
                                    (b"content-length", str(len(payload)).encode())]})
            await send({"type": "http.response.body", "body": payload})
            return
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def _is_json(scope) -> bool:
    ctype = dict(scope.get("headers", [])).get(b"content-type", b"").lower()
    return b"json" in ctype


def _measure(body: bytes, limit: int) -> str | None:
    """Why the body is refused (one line), or None. Runs in a worker thread."""
    if not body.strip():
        return None  # the framework says what an empty body lacks
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        return f"malformed JSON body: {' '.join(str(exc).split())[:200]}"
    count, stack = 0, [value]
    while stack:
        item = stack.pop()
        count += 1
        if isinstance(item, dict):
            count += len(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        if count > limit:
            return f"JSON body has more than {limit:,} values; an API request needs a few fields"
    return None
