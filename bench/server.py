"""A static server on 127.0.0.1 that counts the bytes it sends."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class _CountingHandler(SimpleHTTPRequestHandler):
    counter: CountingServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def setup(self) -> None:
        super().setup()
        original = self.wfile
        counter = self.counter

        class Counted:
            def write(self, data: bytes) -> int:
                counter.add(len(data))
                return original.write(data)

            def __getattr__(self, name: str) -> Any:
                return getattr(original, name)

        self.wfile = Counted()  # type: ignore[assignment]


class CountingServer:
    """Serve a folder; ``bytes_sent`` counts every byte written since ``reset()``."""

    def __init__(self, directory: Path) -> None:
        handler = type("Handler", (_CountingHandler,), {"counter": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
        self._server.daemon_threads = True
        self._lock = threading.Lock()
        self.bytes_sent = 0
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/"

    def add(self, count: int) -> None:
        """Count ``count`` more bytes."""
        with self._lock:
            self.bytes_sent += count

    def reset(self) -> None:
        """Start counting from zero."""
        with self._lock:
            self.bytes_sent = 0

    def stop(self) -> None:
        """Shut the server down."""
        self._server.shutdown()
        self._server.server_close()
