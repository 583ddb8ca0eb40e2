"""Build the site once and serve it on 127.0.0.1 the way the tests do (tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import StaticServer, build_site, serve_with_own_sitemaps


def build(target: Path) -> None:
    """``mkdocs build --strict`` into ``target``; SystemExit with mkdocs' output when it fails."""
    result = build_site(target)
    if result.returncode != 0:
        raise SystemExit(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")


@contextmanager
def served(site: Path) -> Iterator[str]:
    """Serve ``site`` (its sitemaps rewritten, so instant navigation works on this port); yield its URL."""
    servers: list[StaticServer] = []

    def start(directory: Path) -> str:
        server = StaticServer(directory)
        # A browser that closes a page mid-download resets the connection: not worth a traceback.
        server._server.handle_error = lambda request, address: None  # type: ignore[method-assign]
        servers.append(server)
        return server.url

    try:
        yield serve_with_own_sitemaps(site, start)
    finally:
        for server in servers:
            server.stop()
