"""Texts of the theme and of Python-Markdown in the page's language: the 404 heading, the heading anchors' tooltip."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from macros.deploy_headers import page_addresses

LOCALES = {"de": "", "en": "en/"}
NOT_FOUND = {"de": "404 – Seite nicht gefunden", "en": "404 – Page not found"}
PERMALINK = {"de": "Dauerhafter Link", "en": "Permanent link"}
HEADERLINK = re.compile(r'<a class="headerlink" href="#[^"]+" title="([^"]*)">')


def pages_of(site: Path, locale: str) -> list[Path]:
    prefix = LOCALES[locale]
    return [
        site / address / "index.html"
        for address in page_addresses(site)
        if address.startswith("en/") == (prefix == "en/")
    ]


@pytest.mark.parametrize("locale", LOCALES)
def test_the_404_page_says_not_found_in_its_language(built_site: Path, locale: str) -> None:
    html = (built_site / LOCALES[locale] / "404.html").read_text(encoding="utf-8")
    assert re.findall(r"<h1>([^<]*)</h1>", html) == [NOT_FOUND[locale]]
    assert "Not found" not in html.replace(NOT_FOUND["en"], "")


@pytest.mark.parametrize("locale", LOCALES)
def test_heading_anchors_carry_the_tooltip_of_the_page_language(built_site: Path, locale: str) -> None:
    titles = [title for page in pages_of(built_site, locale) for title in HEADERLINK.findall(page.read_text("utf-8"))]
    assert len(titles) > 20
    assert set(titles) == {PERMALINK[locale]}
