"""Every edit of Material's HTML, each asserting that it matched exactly what it expects.

Material for MkDocs (9.8) writes the pages; these functions change a few
things in its output. A Material upgrade that changes the markup an edit
relies on must not turn the edit off quietly, so each one counts its matches
and raises ``MaterialChangedError`` ("Material's <thing> changed: <what was
expected>"), which fails the build. ``tests/test_html_edits.py`` feeds each
edit Material's real output and a changed one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape, unescape

from mkdocs.exceptions import PluginError

from macros.contract import ELEMENT_ID


class MaterialChangedError(PluginError):
    """Material's HTML is not what an edit expects: the build stops and says what was expected."""

    def __init__(self, thing: str, expected: str) -> None:
        super().__init__(f"Material's {thing} changed: {expected}")
        self.thing = thing


def _subn(
    pattern: re.Pattern[str], replace: str | Callable[[re.Match[str]], str], html: str, thing: str, expected: str
) -> tuple[str, int]:
    result, count = pattern.subn(replace, html)
    if count == 0:
        raise MaterialChangedError(thing, expected)
    return result, count


def _once(
    pattern: re.Pattern[str], replace: str | Callable[[re.Match[str]], str], html: str, thing: str, expected: str
) -> str:
    result, count = pattern.subn(replace, html)
    if count != 1:
        raise MaterialChangedError(thing, f"{expected} once per page (found {count})")
    return result


# --- every page ---------------------------------------------------------------------------------

_CONFIG_BASE = re.compile(r'(<script id="__config" type="application/json">\{[^<]*?"base": ")([^"]*)(")')


def with_base(html: str, base: Callable[[str], str]) -> str:
    """Material's ``__config`` with its ``base`` (where search and sitemap are found) replaced by ``base(old)``."""
    return _once(
        _CONFIG_BASE,
        lambda m: m.group(1) + base(m.group(2)) + m.group(3),
        html,
        "__config script",
        'expected <script id="__config" type="application/json"> with a "base" entry',
    )


_TOGGLE_AUTOCOMPLETE = re.compile(r'(type="checkbox" id="__(?:drawer|search)") autocomplete="off"')


def without_toggle_autocomplete(html: str) -> str:
    """Drop ``autocomplete`` from the drawer and search toggles: HTML allows it on no checkbox."""
    result, count = _TOGGLE_AUTOCOMPLETE.subn(r"\1", html)
    if count != 2:
        raise MaterialChangedError(
            "drawer and search toggles",
            f'expected type="checkbox" id="__drawer" (and "__search") autocomplete="off" (found {count} of 2)',
        )
    return result


_PRIMARY_NAV = 'class="md-nav md-nav--primary"'
_SECTION_CONTAINER = re.compile(r'<div class="md-nav__link md-nav__container">(.*?)</div>', re.S)
_EMPTY_TOGGLE = re.compile(
    # On the section's own page Material marks the label active: class="md-nav__link md-nav__link--active".
    r'(<label class="md-nav__link(?: md-nav__link--active)? ?"[^>]*>\s*'
    r'<span class="md-nav__icon md-icon"></span>)(\s*</label>)'
)


def named_section_toggles(html: str) -> str:
    """Give the toggle of a nav section that has its own page the section's name.

    With ``navigation.indexes`` the section title links to its index page and
    Material's toggle beside it is an icon with no text, so its checkbox (and
    the sub-navigation labelled by it) would have no accessible name. The name
    goes in as hidden text: HTML allows no aria-label on such a label. Our nav
    has such a section, so every page with the primary nav has one.
    """
    if _PRIMARY_NAV not in html:
        return html

    def name(container: re.Match[str]) -> str:
        inner = container.group(1)
        title = " ".join(re.sub(r"<[^>]+>", " ", inner.split("</a>")[0]).split())
        hidden = f'<span class="visually-hidden">{escape(unescape(title))}</span>'
        named = _once(
            _EMPTY_TOGGLE,
            lambda m: m.group(1) + hidden + m.group(2),
            inner,
            "section toggle",
            'expected <label class="md-nav__link " ...><span class="md-nav__icon md-icon"></span></label> '
            "in the section's container",
        )
        return container.group(0).replace(inner, named)

    return _subn(
        _SECTION_CONTAINER,
        name,
        html,
        "nav sections",
        'expected <div class="md-nav__link md-nav__container"> around a section with its own page',
    )[0]


_HEAD = re.compile(r"<head>")


def at_head_start(html: str, markup: str) -> str:
    """``markup`` right after ``<head>`` (where a ``<meta>`` policy must go: before any script)."""
    return _once(_HEAD, lambda m: m.group(0) + "\n    " + markup, html, "<head>", "expected a bare <head> tag")


_SCRIPT_TAG = re.compile(r"<script\b([^>]*)>")
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
# Data blocks, which never run: Material's configuration and our contract (macros/contract.py).
_DATA_SCRIPTS = (' id="__config" type="application/json"', f' type="application/json" id="{ELEMENT_ID}"')


def inline_scripts(html: str) -> list[str]:
    """The bodies of the page's inline scripts (the ones a CSP must allow by hash).

    Material writes them as bare ``<script>``; its configuration is JSON, not a
    script. Any other inline script would be blocked by the policy unnoticed,
    so it fails the build.
    """
    for attributes in _SCRIPT_TAG.findall(html):
        if attributes and "src=" not in attributes and attributes not in _DATA_SCRIPTS:
            raise MaterialChangedError(
                "inline scripts", f"expected bare <script> or <script{_DATA_SCRIPTS[0]}>, found <script{attributes}>"
            )
    return _INLINE_SCRIPT.findall(html)


# --- worksheet pages ----------------------------------------------------------------------------

VIEWPORT = '<meta name="viewport" content="width=device-width,initial-scale=1">'


def after_viewport(html: str, markup: str) -> str:
    """``markup`` right after Material's viewport ``<meta>``, which comes before the stylesheets."""
    count = html.count(VIEWPORT)
    if count != 1:
        raise MaterialChangedError("viewport meta", f"expected {VIEWPORT} once per page (found {count})")
    return html.replace(VIEWPORT, f"{VIEWPORT}\n      {markup}", 1)


_EXTERNAL_SCRIPT = re.compile(r'<script src="([^"]+)"></script>')


def deferred_scripts(html: str) -> str:
    """Mark the page's external scripts (Material's bundle, then ours) ``defer``.

    They still run in order, before DOMContentLoaded. Starting the two
    workers takes a short task on the main thread, which Chromium runs after
    its loading tasks; a script that runs while the parser works holds them
    back. with_material_after_engine then turns the deferred bundle into a
    preload, since even deferred it held the workers' start back on a reload
    (README, "Material waits for Python").
    """
    result, count = _EXTERNAL_SCRIPT.subn(r'<script src="\1" defer></script>', html)
    scripts = len(re.findall(r"<script\b[^>]*\bsrc=", html))
    if count != scripts or count == 0:
        raise MaterialChangedError(
            "script tags", f'expected every external script as <script src="..."></script> ({count} of {scripts})'
        )
    return result


_MATERIAL_BUNDLE = re.compile(r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)" defer></script>')
# What stands in the bundle's place on a worksheet page (the benchmark removes it to leave Material out).
HELD_MATERIAL_BUNDLE = re.compile(
    r'<link rel="preload" href="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js" as="script" data-material-bundle>'
)


def with_material_after_engine(html: str) -> str:
    """Leave only a preload of Material's bundle; it runs once Python has started.

    On two cores the bundle's 100–200 ms of work (its JavaScript and the
    style recalculations it forces) came straight off Python's start, and it
    made the longest task of the page's load. The head's script
    (macros/worksheet_boot.js) runs it when fast-start.js says that the first
    output is on screen (or 4 s after DOMContentLoaded at the latest), and gives
    Material the DOMContentLoaded it starts from.
    """
    return _once(
        _MATERIAL_BUNDLE,
        r'<link rel="preload" href="\1" as="script" data-material-bundle>',
        html,
        "bundle",
        'expected <script src=".../assets/javascripts/bundle.<hash>.min.js" defer></script>',
    )


SEARCH_WORKER_NAME = r"search\.[0-9a-f]+\.min\.js"  # Material's search worker's file name
_SEARCH_WORKER = re.compile(rf'("search": "[^"]*/workers/)({SEARCH_WORKER_NAME})"')
SEARCH_GUARD = "search-guard.js"


def with_search_guard(html: str) -> str:
    """Point Material's search worker at the guard that keeps Firefox's cancelled loads from the page.

    The guard (docs/assets/javascripts/workers/search-guard.js) loads Material's
    worker at once; the build writes that worker's name into it
    (``post_build.name_search_worker``).
    """
    return _once(
        _SEARCH_WORKER,
        lambda m: f'{m.group(1)}{SEARCH_GUARD}"',
        html,
        "search worker",
        'expected "search": ".../workers/search.<hash>.min.js" in __config',
    )


# --- the sitemap (mkdocs-static-i18n's template for Material) -------------------------------------

_URL = re.compile(r"<url>.*?</url>", re.S)
_LOC = re.compile(r"<loc>(.*?)</loc>")


def sitemap_urls(text: str) -> list[tuple[str, str]]:
    """Each ``<url>`` entry of a sitemap with its ``<loc>``: (address, entry)."""
    entries = _URL.findall(text)
    found = [(loc.group(1), entry) for entry in entries if (loc := _LOC.search(entry))]
    if not entries or len(found) != len(entries):
        raise MaterialChangedError(
            "sitemap", f"expected <url><loc>...</loc></url> entries ({len(found)} of {len(entries)})"
        )
    return found
