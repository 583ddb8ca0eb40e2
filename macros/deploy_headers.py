"""The ``_headers`` file that Netlify and Cloudflare Pages read: caching, types and the CSP as headers.

- ``Cache-Control: public, max-age=31536000, immutable`` only for files whose
  names carry a content hash (a new build gives them new names);
- ``no-cache`` for the pages and ``sw.js``, so a reader always gets this build;
- each page's own Content-Security-Policy (the one in its ``<meta>``) as a
  header too, plus what a ``<meta>`` policy cannot say (``frame-ancestors``).
  Not for every address: a policy on the workers' scripts would become the
  workers' own, and without ``'wasm-unsafe-eval'`` Pyodide cannot compile its
  wasm; the 404 pages, which a host serves at any address, keep their
  ``<meta>`` policy only;
- ``application/wasm`` and ``text/javascript`` for ``.wasm`` and ``.mjs``.

Rules name exact paths (under the path of ``site_url``), never overlapping
patterns: a host joins the values of a header that several rules set.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

from macros.deploy_paths import site_path

FILE_NAME = "_headers"
IMMUTABLE = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"
TYPES = {".wasm": "application/wasm", ".mjs": "text/javascript; charset=utf-8"}
# Cloudflare Pages reads at most 100 rules and lines of at most 2,000 characters.
MAX_RULES = 100
MAX_LINE = 2000

# A run of at least 8 hex digits (with a digit in it) between dots or dashes:
# Material's bundle.a5f9d56c.min.js, our worksheets-<hash>.snapshot.br.1.
_HASH = re.compile(r"(?:^|[.-])(?=[0-9a-f]*[0-9])[0-9a-f]{8,}(?=[.-])")
_META_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def has_hash(name: str) -> bool:
    """Whether a file name carries a content hash (``bundle.a5f9d56c.min.js``)."""
    return bool(_HASH.search(name))


def _files(site: Path) -> list[Path]:
    return sorted(path for path in site.rglob("*") if path.is_file() and not path.name.endswith((".gz", ".br")))


def page_addresses(site: Path) -> list[str]:
    """The addresses of the site's pages, relative to its root (``article/``; the start page is ``""``)."""
    pages = [path.relative_to(site) for path in site.rglob("index.html")]
    return sorted("" if page.parent == Path() else page.parent.as_posix() + "/" for page in pages)


def page_policy(page: Path) -> str:
    """The page's own CSP (from its ``<meta>``), plus what only a header can say."""
    policies = _META_CSP.findall(page.read_text(encoding="utf-8"))
    if len(policies) != 1:
        raise ValueError(f"{page}: expected one Content-Security-Policy <meta>, found {len(policies)}")
    return unescape(policies[0]) + "; frame-ancestors 'none'"


def header_rules(site: Path, site_url: str | None) -> Iterator[tuple[str, dict[str, str]]]:
    """The rules of ``_headers``: (path, headers), paths under the path of ``site_url``."""
    base = site_path(site_url)
    yield base + "*", {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
    for address in page_addresses(site):
        policy = page_policy(site / address / "index.html")
        yield base + address, {"Cache-Control": NO_CACHE, "Content-Security-Policy": policy}
    for path in _files(site):
        relative = path.relative_to(site).as_posix()
        headers = {}
        if relative == "sw.js":
            headers["Cache-Control"] = NO_CACHE
        elif has_hash(path.name):
            headers["Cache-Control"] = IMMUTABLE
        if path.suffix in TYPES:
            headers["Content-Type"] = TYPES[path.suffix]
        if headers:
            yield base + relative, headers


def write_headers(site: Path, site_url: str | None) -> Path:
    """Write ``_headers`` into the site root; fails when a host's limits would cut it short."""
    rules = list(header_rules(site, site_url))
    lines = ["# Response headers for Netlify and Cloudflare Pages (macros/deploy_headers.py; README, Publishing)."]
    for path, headers in rules:
        lines += [path, *(f"  {name}: {value}" for name, value in headers.items())]
    too_long = [line[:60] for line in lines if len(line) > MAX_LINE]
    if len(rules) > MAX_RULES or too_long:
        raise ValueError(f"{FILE_NAME}: {len(rules)} rules (at most {MAX_RULES}); lines over {MAX_LINE}: {too_long}")
    target = site / FILE_NAME
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target
