"""Every page of the built site, in every locale, and the worksheet each one holds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from macros.locales import site_locales

ROOT = Path(__file__).resolve().parent.parent
_WORKSHEET = re.compile(r'<form[^>]*\bdata-worksheet="([a-z0-9-]+)"')


@dataclass(frozen=True)
class SitePage:
    """One HTML page: its path under the site root (``en/worksheets/thanks/``), locale and worksheet."""

    path: str
    locale: str
    sheet: str = ""

    @property
    def id(self) -> str:
        """``<locale>:/<path>``, for test ids and reports."""
        return f"{self.locale}:/{self.path}"


def site_pages(site: Path, config: Path = ROOT / "mkdocs.yml") -> list[SitePage]:
    """Every ``*.html`` file of ``site`` as a page URL path; the default locale sits at the root."""
    locales = site_locales(config)
    default, others = locales[0], locales[1:]
    pages = []
    for file in sorted(site.rglob("*.html")):
        relative = file.relative_to(site).as_posix()
        path = relative.removesuffix("index.html")
        first = relative.split("/", 1)[0]
        locale = first if first in others else default
        match = _WORKSHEET.search(file.read_text(encoding="utf-8"))
        pages.append(SitePage(path, locale, match.group(1) if match else ""))
    return pages
