"""After the last locale's build: a search index, a sitemap and a 404 page per locale; the search guard.

mkdocs-static-i18n writes one search index and one sitemap for all locales
and lets the last locale's 404 page win. Each locale gets its own, so search
answers in the reader's language and instant navigation (which follows the
sitemap) never crosses languages.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from macros.plugin.html_edits import SEARCH_GUARD, SEARCH_WORKER_NAME, MaterialChangedError, sitemap_urls


def _own(location: str, prefix: str) -> bool:
    return location == prefix or location.startswith(prefix + "/")


def split_search(site: Path, languages: list[Any]) -> None:
    """Write ``<locale>/search/search_index.json`` with that locale's documents, addresses relative to it."""
    index_path = site / "search" / "search_index.json"
    if not index_path.exists():
        return
    index = json.loads(index_path.read_text(encoding="utf-8"))
    prefixes = [lang.link.strip("/") for lang in languages if lang.link.strip("/")]
    for lang in languages:
        prefix = lang.link.strip("/")
        if prefix:
            docs = [
                {**doc, "location": doc["location"][len(prefix) + 1 :]}
                for doc in index["docs"]
                if _own(doc["location"], prefix)
            ]
        else:
            docs = [doc for doc in index["docs"] if not any(_own(doc["location"], other) for other in prefixes)]
        target = site / prefix / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        payload = {**index, "config": {**index["config"], "lang": [lang.locale]}, "docs": docs}
        target.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def split_sitemap(site: Path, languages: list[Any], site_url: str | None) -> None:
    """Write ``<locale>/sitemap.xml`` with that locale's pages only (no cross-language links)."""
    sitemap = site / "sitemap.xml"
    if not sitemap.exists():
        return
    urls = sitemap_urls(sitemap.read_text(encoding="utf-8"))
    base = site_url or "/"
    for lang in languages:
        prefix = lang.link.strip("/")
        own = f"{base}{prefix}/" if prefix else base
        others = [f"{base}{o.link.strip('/')}/" for o in languages if o.link.strip("/") and o is not lang]
        keep = [
            re.sub(r"<xhtml:link[^>]*/>\s*", "", entry)
            for loc, entry in urls
            if loc.startswith(own) and not any(loc.startswith(other) for other in others)
        ]
        body = "\n".join(keep)
        (site / prefix / "sitemap.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{body}\n</urlset>\n",
            encoding="utf-8",
        )
    (site / "sitemap.xml.gz").unlink(missing_ok=True)


def write_404s(site: Path, languages: list[Any], pages: dict[str, str]) -> None:
    """Write each locale's own 404 page (``pages``: locale -> HTML) into its root."""
    for lang in languages:
        if lang.locale in pages:
            (site / lang.link.strip("/") / "404.html").write_text(pages[lang.locale], encoding="utf-8")


WORKERS = "assets/javascripts/workers"
_WORKER_NAME = "__SEARCH_WORKER__"


def name_search_worker(site: Path) -> None:
    """Write the file name of Material's search worker into the guard that loads it (search-guard.js).

    The name is in the file, not in the guard's address: WebKit gives a worker
    served from the service worker's cache the cached address, without its "#".
    """
    workers = site / WORKERS
    found = sorted(path.name for path in workers.glob("search.*.min.js"))
    if len(found) != 1 or not re.fullmatch(SEARCH_WORKER_NAME, found[0]):
        raise MaterialChangedError("search worker", f"expected one {WORKERS}/search.<hash>.min.js (found {found})")
    guard = workers / SEARCH_GUARD
    text = guard.read_text(encoding="utf-8")
    if text.count(_WORKER_NAME) != 1:
        raise ValueError(f"{guard}: expected {_WORKER_NAME} once, found it {text.count(_WORKER_NAME)} times")
    guard.write_text(text.replace(_WORKER_NAME, found[0]), encoding="utf-8")
