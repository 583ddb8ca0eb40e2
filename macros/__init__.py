"""The mkdocs-macros module: a thin adapter between MkDocs pages and the guide.

Pages are written in German. For another locale, every prose block of a page
is replaced by its translation from the ``pages`` catalog before the macros
run; the macros render the article and the worksheets in the page's locale.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from macros.forms import render_overview, render_worksheet
from macros.guide import Guide, default_guide
from macros.plugin.i18n import current_locale
from worksheets.engine import get_sheet

ROOT = Path(__file__).resolve().parent.parent


def page_locale(env: Any) -> str:
    """The locale of the page being built (read at call time, never cached)."""
    return current_locale(env.conf)


def _guide(env: Any) -> Guide:
    guide = env.variables.get("_guide")
    if guide is None:
        guide = default_guide(ROOT)
        env.variables["_guide"] = guide
    return guide


def define_env(env: Any) -> None:
    """Register the macros used by the pages."""

    @env.macro
    def article() -> str:
        """The whole article in the page's locale."""
        return _guide(env).article(page_locale(env))

    @env.macro
    def article_segment(segment_id: str) -> str:
        """One article segment (by its stable id) in the page's locale."""
        return _guide(env).segment(segment_id, page_locale(env))

    @env.macro
    def worksheet(sheet_id: str) -> str:
        """The worksheet form with a build-time example, in the page's locale."""
        depth = env.page.url.strip("/").count("/") + 1 if env.page.url.strip("/") else 0
        runtime = "../" * depth + "assets/pyodide/"
        return render_worksheet(get_sheet(sheet_id), page_locale(env), runtime)

    @env.macro
    def worksheet_overview() -> str:
        """Which worksheets have entries on this device and the next step (filled in by the page script)."""
        return render_overview(page_locale(env))


def on_pre_page_macros(env: Any) -> None:
    """Translate the page's prose blocks into the page's locale."""
    env.markdown = _guide(env).page(env.markdown, env.page.file.src_uri, page_locale(env))
