"""Serve a built site the way a static host does, to try a deployment locally (``make preview``).

- under a path prefix (by default the path of the build's ``site_url``, read
  from its sitemap): ``/guide/`` serves ``site/``, anything else is a 404;
- ``_headers`` applied as Netlify and Cloudflare Pages apply it (every rule
  whose path matches; ``*`` matches anything);
- ``.br`` or ``.gz`` beside a file served with ``Content-Encoding`` when the
  browser accepts it (nginx's ``brotli_static`` / ``gzip_static``);
- a missing page answered with the nearest ``404.html`` up the path
  (Cloudflare Pages; GitHub Pages and Netlify use the root one), status 404;
- ``/guide/article`` redirected to ``/guide/article/``, as hosts do.

Usage: ``python -m tools.preview [site] [--prefix /guide/] [--host 127.0.0.1] [--port 8000]``
"""

from __future__ import annotations

import argparse
import mimetypes
import re
import threading
from email.utils import formatdate, parsedate_to_datetime
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".wasm": "application/wasm",
    ".map": "application/json",
    ".gz": "application/gzip",
    ".br": "application/octet-stream",
    ".zip": "application/zip",
    ".whl": "application/zip",
}
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


def read_headers(path: Path) -> list[tuple[re.Pattern[str], list[tuple[str, str]]]]:
    """The rules of a ``_headers`` file: (path pattern, headers); none if there is no file."""
    rules: list[tuple[re.Pattern[str], list[tuple[str, str]]]] = []
    if not path.exists():
        return rules
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((re.compile("^" + ".*".join(map(re.escape, line.strip().split("*"))) + "$"), []))
        elif rules and ":" in line:
            name, value = line.strip().split(":", 1)
            rules[-1][1].append((name.strip(), value.strip()))
        else:
            raise ValueError(f"{path}:{number}: neither a path nor a 'Name: value' under one")
    return rules


def site_prefix(site: Path) -> str:
    """The path the build expects to be served under: that of the first address in its sitemap."""
    sitemap = site / "sitemap.xml"
    match = re.search(r"<loc>([^<]+)</loc>", sitemap.read_text(encoding="utf-8")) if sitemap.exists() else None
    if not match:
        return "/"
    path = urlsplit(match.group(1)).path.strip("/")
    return f"/{path}/" if path else "/"


class HostHandler(BaseHTTPRequestHandler):
    """GET and HEAD for one site folder under one prefix, with the host behaviour described above."""

    server_version = "preview"
    protocol_version = "HTTP/1.1"

    def __init__(self, *args: Any, site: Path, prefix: str, quiet: bool, **kwargs: Any) -> None:
        self.site, self.prefix, self.quiet = site, prefix, quiet
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        """Log each request, unless quiet (in tests)."""
        if not self.quiet:
            super().log_message(format, *args)

    def do_GET(self) -> None:
        """Answer with the file, its redirect or a 404 page."""
        self._answer(body=True)

    def do_HEAD(self) -> None:
        """As GET, without the body."""
        self._answer(body=False)

    def _file(self, path: str) -> Path | None:
        if not path.startswith(self.prefix):
            return None
        relative = Path(unquote(path[len(self.prefix) :]))
        if ".." in relative.parts:
            return None
        candidate = self.site / relative
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() and candidate.name != "_headers" else None

    def _not_found_page(self, path: str) -> Path | None:
        folder = Path(unquote(path[len(self.prefix) :])) if path.startswith(self.prefix) else Path()
        if ".." in folder.parts:
            folder = Path()
        for parent in [folder, *folder.parents]:
            page = self.site / parent / "404.html"
            if page.is_file():
                return page
        return None

    def _answer(self, body: bool) -> None:
        path = urlsplit(self.path).path
        file = self._file(path)
        folder = path + "/" == self.prefix or (file is not None and file.name == "index.html")
        if folder and not path.endswith(("/", ".html")):
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = 200
        if file is None:
            status, file = 404, self._not_found_page(path)
            if file is None:
                self.send_error(404)
                return
        self._send(file, status, path, body)

    def _send(self, file: Path, status: int, path: str, body: bool) -> None:
        served, encoding = file, None
        accepted = self.headers.get("Accept-Encoding", "")
        for name, suffix in ENCODINGS:
            sibling = file.with_name(file.name + suffix)
            if re.search(rf"\b{name}\b", accepted) and sibling.is_file():
                served, encoding = sibling, name
                break
        modified = formatdate(file.stat().st_mtime, usegmt=True)
        since = self.headers.get("If-Modified-Since")
        if status == 200 and since and parsedate_to_datetime(since).timestamp() >= int(file.stat().st_mtime):
            self.send_response(304)
            self._own_headers(path)
            self.end_headers()
            return
        data = served.read_bytes()
        self.send_response(status)
        defaults = {
            "Content-Type": TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0] or "text/plain",
            "Content-Length": str(len(data)),
            "Last-Modified": modified,
            "Vary": "Accept-Encoding",
        }
        if encoding:
            defaults["Content-Encoding"] = encoding
        self._own_headers(path, defaults)
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _own_headers(self, path: str, defaults: dict[str, str] | None = None) -> None:
        """The host's headers, each replaced by what ``_headers`` says (rules that match join their values)."""
        own: dict[str, str] = {}
        for pattern, pairs in read_headers(self.site / "_headers"):  # read per request: a rebuild needs no restart
            if pattern.match(path):
                for name, value in pairs:
                    own[name] = f"{own[name]}, {value}" if name in own else value
        for name, value in {**(defaults or {}), **own}.items():
            self.send_header(name, value)


class PreviewServer:
    """The preview of ``site`` under ``prefix`` on ``host``:``port`` (0: a free port), in a background thread."""

    def __init__(self, site: Path, prefix: str | None = None, host: str = "127.0.0.1", port: int = 0) -> None:
        self.prefix = prefix or site_prefix(site)
        if not (self.prefix.startswith("/") and self.prefix.endswith("/")):
            raise ValueError(f"prefix {self.prefix!r}: must start and end with '/'")
        handler = partial(HostHandler, site=site, prefix=self.prefix, quiet=port == 0)
        self._server = ThreadingHTTPServer((host, port), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.url = f"http://{host}:{self._server.server_address[1]}{self.prefix}"

    def serve_forever(self) -> None:
        """Serve in this thread until interrupted."""
        try:
            self._server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            self._server.server_close()

    def start(self) -> PreviewServer:
        """Start serving; returns itself."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.shutdown()
        self._server.server_close()


def main(argv: list[str] | None = None) -> int:
    """Serve until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m tools.preview", description=__doc__.split("\n")[0])
    parser.add_argument("site", nargs="?", default="site", type=Path)
    parser.add_argument("--prefix", help="path to serve the site under (default: the path of its site_url)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        parser.error(f"{args.site} holds no built site: run make build first")
    server = PreviewServer(args.site, args.prefix, args.host, args.port)
    print(f"serving {args.site} at {server.url} (Ctrl+C stops)", flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
