"""Addresses that keep the site working wherever it is served: at a host's root or under a sub-path.

MkDocs writes page links relative to the page, except where a template gets an
absolute path: mkdocs-static-i18n's language links (``/en/``) and the base of
the 404 pages (the path of ``site_url``). These helpers turn the first into
relative links and give each locale's 404 page its own base.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def language_root(link: str) -> str:
    """A language's root relative to the site root (``/en/`` -> ``en/``, ``/`` -> ``.``).

    MkDocs' ``url`` filter leaves absolute paths as they are, so a link like
    ``/en/`` would leave a site served under ``/guide/``; a relative one is
    made relative to each page.
    """
    return link.strip("/") + "/" if link.strip("/") else "."


def page_in_language(root: str, path: str) -> str:
    """The page ``path`` (relative to a language root, e.g. ``article/``) under that root."""
    return path if root == "." else root + path


def locale_base(base: str, prefix: str) -> str:
    """Material's ``base`` (the site root as a page sees it) moved to a locale's root.

    ``..`` -> ``../en/``; ``/guide/`` (a 404 page, which has an absolute base) -> ``/guide/en/``.
    """
    return f"{base.rstrip('/')}/{prefix}/" if prefix else base


def site_path(site_url: str | None) -> str:
    """The path the site is served under, with slashes at both ends (``https://x.org/guide`` -> ``/guide/``)."""
    path = urlsplit(site_url or "/").path.strip("/")
    return f"/{path}/" if path else "/"
