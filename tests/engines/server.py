"""A static server on 127.0.0.1 whose network can fail the way a phone's does.

- ``offline``: every request is dropped without an answer, as when the
  connection is gone (each engine sees a network error, none needs a switch
  of its own for it);
- ``cut(suffix, after)``: the next response for a path ending in ``suffix``
  stops after ``after`` bytes of its body and the connection drops
  (``times=n``: the next n responses);
  ``cut(suffix, after, every=True)``: every response for it does (a file that
  never arrives whole, however often it is asked for); ``state.were_cut``
  lists the paths of the responses cut so far;
- ``directory``: the folder served, which a test may swap for another build
  while a page is open (a deploy);
- ``init_script``: JavaScript that every HTML page runs first, from
  ``/__test-init.js`` (allowed by the pages' CSP, ``script-src 'self'``), so
  that a test can change what the page meets (a storage that throws) in every
  engine the same way, without an engine's own init-script hook.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import urllib.parse
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO


class _State:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.offline = False
        self.cuts: dict[str, tuple[int, int]] = {}  # bytes sent, for how many more responses
        self.cuts_every: dict[str, int] = {}  # every response
        self.were_cut: list[str] = []
        self.served: list[str] = []
        self.answered: list[tuple[str, int]] = []  # (path, status) of every response begun
        self.init_script = ""
        self.lock = threading.Lock()


INIT_PATH = "/__test-init.js"


class _Handler(SimpleHTTPRequestHandler):
    state: _State

    def __init__(self, request: Any, client_address: Any, server: Any) -> None:
        super().__init__(request, client_address, server, directory=str(server.state.directory))

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def send_response(self, code: int, message: str | None = None) -> None:
        state: _State = self.server.state  # type: ignore[attr-defined]
        with state.lock:
            state.answered.append((self.path, code))
        super().send_response(code, message)

    def do_GET(self) -> None:
        state: _State = self.server.state  # type: ignore[attr-defined]
        if state.offline:
            self._drop()
            return
        with state.lock:
            state.served.append(self.path)
        if state.init_script and self._send_with_init_script(state):
            return
        super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _send_with_init_script(self, state: _State) -> bool:
        path = urllib.parse.unquote(self.path.split("?", 1)[0])
        if path == INIT_PATH:
            self._send(state.init_script.encode("utf-8"), "text/javascript; charset=utf-8")
            return True
        file = Path(self.translate_path(path))
        if file.is_dir():
            file = file / "index.html"
        if file.suffix != ".html" or not file.is_file():
            return False
        html = file.read_text(encoding="utf-8")
        assert "<head>" in html, file
        html = html.replace("<head>", f'<head><script src="{INIT_PATH}"></script>', 1)
        self._send(html.encode("utf-8"), "text/html; charset=utf-8")
        return True

    def copyfile(self, source: BinaryIO, outputfile: BinaryIO) -> None:
        state: _State = self.server.state  # type: ignore[attr-defined]
        path = self.path.split("?", 1)[0]
        with state.lock:
            suffix = next((s for s in state.cuts if path.endswith(s)), None)
            after = None
            if suffix is not None:
                after, times = state.cuts.pop(suffix)
                if times > 1:
                    state.cuts[suffix] = (after, times - 1)
            if after is None:
                after = next((n for s, n in state.cuts_every.items() if path.endswith(s)), None)
            if after is not None:
                state.were_cut.append(path)
        if after is None:
            super().copyfile(source, outputfile)
            return
        outputfile.write(source.read(after))
        outputfile.flush()
        self._drop()


class FaultyServer:
    """Serves ``directory`` on 127.0.0.1 in a background thread until ``stop``."""

    def __init__(self, directory: Path) -> None:
        self.state = _State(directory)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.state = self.state  # type: ignore[attr-defined]
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/"

    @property
    def offline(self) -> bool:
        """Whether every request is dropped."""
        return self.state.offline

    @offline.setter
    def offline(self, value: bool) -> None:
        self.state.offline = value

    def set_init_script(self, script: str) -> None:
        """Run ``script`` first on every HTML page from now on ("" for none)."""
        self.state.init_script = script

    def serve_directory(self, directory: Path) -> None:
        """Serve another folder from the next request on (a deploy)."""
        self.state.directory = directory

    def cut(self, suffix: str, after: int, *, times: int = 1, every: bool = False) -> None:
        """Drop the next ``times`` (or ``every``) response for a path ending in ``suffix`` after ``after`` bytes.

        ``state.were_cut`` records each response cut.
        """
        with self.state.lock:
            if every:
                self.state.cuts_every[suffix] = after
            else:
                self.state.cuts[suffix] = (after, times)

    def clear_cuts(self) -> None:
        """No more cuts, and none recorded."""
        with self.state.lock:
            self.state.cuts.clear()
            self.state.cuts_every.clear()
            self.state.were_cut.clear()

    def served(self) -> list[str]:
        """The paths requested so far (while online)."""
        with self.state.lock:
            return list(self.state.served)

    def answered(self) -> list[tuple[str, int]]:
        """(path, status) of every response so far: a 304 sends no body."""
        with self.state.lock:
            return list(self.state.answered)

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.shutdown()
        self._server.server_close()
