"""The language switcher (the same page in each language) and each locale's own root."""

from __future__ import annotations

from typing import Any

from macros.deploy_paths import language_root, page_in_language


def alternates(languages: list[Any]) -> list[dict[str, str]]:
    """Material's ``extra.alternate``: one entry per language; ``page`` is set per page."""
    return [
        {"name": lang.name, "lang": lang.locale, **dict.fromkeys(("link", "root", "page"), language_root(lang.link))}
        for lang in languages
    ]


def locale_prefix(url: str, languages: list[Any]) -> str:
    """The locale prefix of a page URL (``en/article/`` -> ``en``; a default-locale page -> ``""``)."""
    for lang in languages:
        prefix = lang.link.strip("/")
        if prefix and (url == prefix or url.startswith(prefix + "/")):
            return prefix
    return ""


def strip_locale(url: str, languages: list[Any]) -> str:
    """A page URL without its locale prefix (``en/article/`` -> ``article/``)."""
    return url[len(locale_prefix(url, languages)) :].lstrip("/")


def point_switcher(alternate: list[dict[str, str]], path: str) -> None:
    """Point each switcher link at ``path`` (a page URL without locale) in its language.

    ``link`` stays the language root: Material reads the <head> alternates as
    roots and finds each root's sitemap there; only the visible switcher
    (``overrides/partials/alternate.html``) uses ``page``.
    """
    for entry in alternate:
        entry["page"] = page_in_language(entry["root"], path)
