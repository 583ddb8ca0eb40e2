"""A static host on 127.0.0.1 behind a slow link: one shared downlink, latency, gzip as hosts do.

What a reader's browser meets on a phone or home broadband, served from a
folder:

- one downlink for all connections (a token bucket: every chunk of every
  response waits for its share of the link, in the order the chunks are ready);
- latency: one round trip before the first byte of every response, and one
  more for a new connection (its TCP handshake);
- HTTP/1.1 keep-alive (the browser itself opens at most 6 connections per
  host);
- gzip (level 6) for the types GitHub Pages, Netlify and Cloudflare Pages
  compress: ``COMPRESSED_TYPES``. Zip files and our own brotli'd files (the
  snapshot's parts, ``pyodide.asm.wasm.br``) are sent as they are, as those
  hosts do. No ``Content-Encoding: br``: Chromium asks for it only over
  HTTPS, and GitHub Pages never sends it;
- ``Cache-Control: max-age=600`` and ETags with ``304 Not Modified``, as on
  GitHub Pages.

``bytes_sent`` counts every byte written to the sockets (headers included).
"""

from __future__ import annotations

import asyncio
import email.utils
import gzip
import hashlib
import mimetypes
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

COMPRESSED_TYPES = (
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/wasm",
    "image/svg+xml",
    "application/xml",
    "text/xml",
    "text/plain",
)
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".wasm": "application/wasm",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".gz": "application/gzip",
    ".br": "application/octet-stream",
}
# The files of those types, by name (what the bench's table says).
COMPRESSED_SUFFIXES = ("html", "css", "js", "mjs", "json", "wasm", "svg", "xml", "txt")
CHUNK = 16 * 1024


@dataclass(frozen=True)
class Profile:
    """A link: downlink in Mbit/s, round-trip time in ms, and Chromium's CPU slowdown (1: none)."""

    name: str
    mbit_s: float
    rtt_ms: float
    cpu_slowdown: float = 1.0


PROFILES = (
    Profile("9 Mbit/s, 85 ms", 9, 85),
    Profile("16 Mbit/s, 40 ms", 16, 40),
    Profile("50 Mbit/s, 20 ms", 50, 20),
    Profile("9 Mbit/s, 85 ms, CPU 4x slower", 9, 85, 4),
)


def content_type(path: Path) -> str:
    """The Content-Type a static host sends for ``path``."""
    name = path.name
    for suffix, kind in TYPES.items():
        if name.endswith(suffix):
            return kind
    if name.rsplit(".", 1)[-1].isdigit():  # our snapshot's parts (<name>.br.1, …)
        return "application/octet-stream"
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def compressible(kind: str) -> bool:
    """Whether a host like GitHub Pages gzips responses of this type."""
    return kind.split(";")[0] in COMPRESSED_TYPES


BURST = 64 * 1024


class _Link:
    """The shared downlink, a token bucket of ``BURST`` bytes: chunks leave in order, each after its share of time."""

    def __init__(self, bytes_per_s: float) -> None:
        self._rate = bytes_per_s
        self._free_at = 0.0

    async def send(self, size: int) -> None:
        loop = asyncio.get_running_loop()
        # An idle link saves up at most BURST bytes; a late wake-up is made up for, not lost.
        self._free_at = max(self._free_at, loop.time() - BURST / self._rate) + size / self._rate
        delay = self._free_at - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)


class ThrottledServer:
    """Serve ``directory`` on 127.0.0.1 through a link of ``profile``; count the bytes sent."""

    def __init__(self, directory: Path, profile: Profile, extra_headers: dict[str, str] | None = None) -> None:
        self.directory = directory.resolve()
        self.profile = profile
        self.extra_headers = extra_headers or {}
        self.bytes_sent = 0
        self.requests: list[str] = []
        self._gzipped: dict[Path, bytes] = {}
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        self._ready.wait()
        self.url = f"http://127.0.0.1:{self._port}/"

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._link = _Link(self.profile.mbit_s * 1e6 / 8)
        self._server = self._loop.run_until_complete(asyncio.start_server(self._connection, "127.0.0.1", 0))
        self._port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    def reset(self) -> None:
        """Count from zero again."""
        self.bytes_sent = 0
        self.requests = []

    def stop(self) -> None:
        """Shut the server down."""

        async def close() -> None:
            self._server.close()
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    async def _delay(self) -> None:
        await asyncio.sleep(self.profile.rtt_ms / 1000)

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await self._delay()  # the TCP handshake
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                headers = {
                    k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:] if ":" in line)
                }
                started = time.perf_counter()
                status, response_headers, body = self._respond(method, target, headers)
                await self._delay()  # the request's way up and the first byte's way down
                await self._write(writer, status, response_headers, body if method != "HEAD" else b"")
                self.requests.append(f"{status} {target} {len(body)} {time.perf_counter() - started:.2f}s")
                if headers.get("connection", "").lower() == "close":
                    break
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def _write(self, writer: asyncio.StreamWriter, status: str, headers: dict[str, str], body: bytes) -> None:
        head = f"HTTP/1.1 {status}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
        data = head.encode("latin-1") + body
        for offset in range(0, len(data), CHUNK):
            chunk = data[offset : offset + CHUNK]
            await self._link.send(len(chunk))
            writer.write(chunk)
            self.bytes_sent += len(chunk)
            await writer.drain()

    def _file(self, target: str) -> Path | None:
        path = urllib.parse.unquote(urllib.parse.urlsplit(target).path)
        candidate = (self.directory / path.lstrip("/")).resolve()
        if not candidate.is_relative_to(self.directory):
            return None
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def _respond(self, method: str, target: str, headers: dict[str, str]) -> tuple[str, dict[str, str], bytes]:
        path = self._file(target) if method in ("GET", "HEAD") else None
        if path is None:
            body = b"not found"
            return "404 Not Found", {"Content-Type": "text/plain", "Content-Length": str(len(body))}, body
        stat = path.stat()
        etag = '"' + hashlib.sha1(f"{path}:{stat.st_mtime_ns}:{stat.st_size}".encode()).hexdigest()[:16] + '"'
        kind = content_type(path)
        response = {
            "Content-Type": kind,
            "Cache-Control": "max-age=600",
            "ETag": etag,
            "Last-Modified": email.utils.formatdate(stat.st_mtime, usegmt=True),
            "Vary": "Accept-Encoding",
            **self.extra_headers,
        }
        if headers.get("if-none-match") == etag:
            return "304 Not Modified", {k: v for k, v in response.items() if k != "Content-Type"}, b""
        body = path.read_bytes()
        if compressible(kind) and "gzip" in headers.get("accept-encoding", ""):
            if path not in self._gzipped:
                self._gzipped[path] = gzip.compress(body, compresslevel=6, mtime=0)
            body = self._gzipped[path]
            response["Content-Encoding"] = "gzip"
        response["Content-Length"] = str(len(body))
        return "200 OK", response, body
