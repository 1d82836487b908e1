"""A real uvicorn server for tests, in a background thread on a free loopback port."""
from __future__ import annotations

import socket
import threading
import time

import uvicorn

from newsgraph.web.protocol import DeadlineProtocol


class Server:
    def __init__(self, app):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        # The protocol `newsgraph serve` runs with, deadline for slow requests included.
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", http=DeadlineProtocol))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.02)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()
