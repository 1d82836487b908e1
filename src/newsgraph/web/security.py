"""ASGI middleware: security headers on every response, and a request body size limit.

Both are plain ASGI (not BaseHTTPMiddleware) so the body limit can count bytes as
they arrive, including chunked bodies that carry no Content-Length.
"""
from __future__ import annotations

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
