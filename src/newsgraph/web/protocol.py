"""uvicorn's HTTP/1.1 protocol with a deadline for receiving each request whole.

uvicorn's own `timeout_keep_alive` covers only the idle time between requests, and
any byte received cancels it; nothing bounds the time a client takes to send one
request. A client that trickles its headers or its body a byte at a time (slowloris)
would hold a connection, and in the end every connection, for ever. Here the clock
starts when a connection opens or a request's first byte arrives, and stops when the
request (headers and body) is in; past REQUEST_RECEIPT_SECONDS the connection is
closed. Handling the request, and sending the answer, are not counted.
"""
from __future__ import annotations

import asyncio
import logging

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

# Headers and a body at the 4 MiB cap arrive well within this on any working link.
REQUEST_RECEIPT_SECONDS = 30.0
RECEIVED = (h11.DONE, h11.MUST_CLOSE, h11.CLOSED, h11.ERROR)
log = logging.getLogger("newsgraph.web")


class DeadlineProtocol(H11Protocol):
    receipt_seconds = REQUEST_RECEIPT_SECONDS

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._receipt_timer: asyncio.TimerHandle | None = None
        super().connection_made(transport)
        self._arm()  # a connection that never sends a byte is cut off too

    def data_received(self, data: bytes) -> None:
        self._arm()
        super().data_received(data)
        self._disarm_if_received()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self.conn.their_state is h11.IDLE and self.conn.trailing_data[0]:
            self._arm()  # part of a pipelined request is already waiting
        self._disarm_if_received()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        if self._receipt_timer is None and not self.transport.is_closing():
            self._receipt_timer = self.loop.call_later(self.receipt_seconds, self._too_slow)

    def _disarm(self) -> None:
        if self._receipt_timer is not None:
            self._receipt_timer.cancel()
            self._receipt_timer = None

    def _disarm_if_received(self) -> None:
        if self.conn.their_state in RECEIVED:
            self._disarm()

    def _too_slow(self) -> None:
        self._receipt_timer = None
        log.warning("closed a connection from %s: no whole request within %g s",
                    "%s:%d" % self.client if self.client else "?", self.receipt_seconds)
        self.transport.close()
