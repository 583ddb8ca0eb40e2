"""The built site in headless Chromium: UI language, switcher, instant navigation, search, privacy, print, phone."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from bench.browser import draft_script
from macros.catalogs import Layout, read_catalog
from tests.conftest import performance_mark
from worksheets.sheets import SHEETS

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 15_000
SWITCHER = "a.md-select__link[hreflang={lang}]"
SEARCH = "input.md-search__input"
RESULT = ".md-search-result__link"


def title(locale: str) -> str:
    catalog = read_catalog(Layout(ROOT).catalog(locale, "article"))
    entry = catalog.find("title", by="msgctxt")
    assert entry is not None
    return entry.msgstr or entry.msgid


def open_page(page: Any, url: str) -> None:
    page.set_default_timeout(TIMEOUT)
    page.goto(url, wait_until="load")


def wait_until(page: Any, script: str, arg: Any = None) -> None:
    """Poll ``script`` in the page until it is truthy; let the caller assert with a clear message."""
    with contextlib.suppress(PlaywrightError):
        page.wait_for_function(script, arg=arg, timeout=TIMEOUT)


def path_of(url: str) -> str:
    return urlsplit(url).path


# --- UI language and the switcher ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "lang", "placeholder"),
    [
        ("", "de", "Suche"),
        ("article/", "de", "Suche"),
        ("en/", "en", "Search"),
        ("en/article/", "en", "Search"),
    ],
)
def test_ui_language(site_url: str, page: Any, path: str, lang: str, placeholder: str) -> None:
    open_page(page.page, site_url + path)
    assert page.page.get_attribute("html", "lang") == lang
    assert page.page.get_attribute(SEARCH, "placeholder") == placeholder


def open_switcher_and_click(page: Any, lang: str) -> None:
    page.hover(".md-header__option:has(.md-select)")
    page.click(SWITCHER.format(lang=lang))


@pytest.mark.parametrize("server", ["site_url", "instant_url"])
def test_switcher_leads_to_the_same_page_in_english(request: pytest.FixtureRequest, server: str, page: Any) -> None:
    site_url = request.getfixturevalue(server)
    p = page.page
    open_page(p, site_url + "article/")
    # Material has loaded the other language's sitemap by then; on an address
    # other than site_url it used to send this click to the start page.
    p.wait_for_load_state("networkidle")
    open_switcher_and_click(p, "en")
    p.wait_for_url(site_url + "en/article/")
    p.wait_for_load_state("load")
    assert p.get_attribute("html", "lang") == "en"
    assert p.get_attribute(SEARCH, "placeholder") == "Search"
    expect(p.locator("article.md-content__inner h1").first).to_contain_text(title("en"))
    back = p.eval_on_selector(SWITCHER.format(lang="de"), "a => a.href")
    assert path_of(back) == "/article/"


def test_switcher_follows_instant_navigation(instant_url: str, page: Any) -> None:
    site_url = instant_url
    p = page.page
    open_page(p, site_url)
    p.wait_for_load_state("networkidle")  # instant navigation starts once the sitemap is loaded
    assert path_of(p.eval_on_selector(SWITCHER.format(lang="en"), "a => a.href")) == "/en/"
    p.evaluate("window.__marker = 'no reload'")

    p.click('.md-sidebar--primary a.md-nav__link[href$="/article/"]')
    p.wait_for_url(site_url + "article/")
    expect(p.locator("article.md-content__inner h1").first).to_contain_text(title("de"))
    assert p.evaluate("window.__marker") == "no reload", "the click reloaded the page: instant navigation is off"

    script = "a => new URL(document.querySelector(a).href).pathname === '/en/article/'"
    wait_until(p, script, SWITCHER.format(lang="en"))
    assert path_of(p.eval_on_selector(SWITCHER.format(lang="en"), "a => a.href")) == "/en/article/"

    open_switcher_and_click(p, "en")
    p.wait_for_url(site_url + "en/article/")
    p.wait_for_load_state("load")
    assert p.get_attribute("html", "lang") == "en"
    assert p.get_attribute(SEARCH, "placeholder") == "Search"


# --- search stays in the page's language ----------------------------------------------------------


def search(page: Any, query: str) -> None:
    page.click(SEARCH)
    page.locator(SEARCH).press_sequentially(query)


@pytest.mark.parametrize(
    ("path", "query", "inside", "expected"),
    [
        ("article/", "Alumnus", "/", "/article/"),
        ("en/article/", "alumnus", "/en/", "/en/article/"),
    ],
)
def test_search_answers_in_the_page_language(
    site_url: str, page: Any, path: str, query: str, inside: str, expected: str
) -> None:
    p = page.page
    open_page(p, site_url + path)
    search(p, query)
    p.wait_for_selector(RESULT)
    results = [path_of(href) for href in p.eval_on_selector_all(RESULT, "links => links.map(a => a.href)")]
    assert expected in results
    if inside == "/":
        assert [r for r in results if r.startswith("/en/")] == []
    else:
        assert [r for r in results if not r.startswith(inside)] == []


@pytest.mark.parametrize(
    ("path", "query", "none"),
    [
        ("article/", "donating", "Keine Suchergebnisse"),
        ("en/article/", "Kuratoriumsmitglieder", "No matching documents"),
    ],
)
def test_search_finds_nothing_from_the_other_language(
    site_url: str, page: Any, path: str, query: str, none: str
) -> None:
    p = page.page
    open_page(p, site_url + path)
    search(p, query)
    expect(p.locator(".md-search-result__meta")).to_have_text(none, timeout=TIMEOUT)
    assert p.locator(RESULT).count() == 0


def test_a_worksheet_page_starts_search_once_python_is_ready_and_search_works(site_url: str, page: Any) -> None:
    p = page.page
    started: list[float] = []  # epoch ms at which Material's search worker script was requested
    p.on("requestfinished", lambda r: started.append(r.timing["startTime"]) if "/workers/search." in r.url else None)
    open_page(p, site_url + "en/worksheets/introduction-request/")
    p.wait_for_selector('form[data-worksheet-state="ready"]', timeout=60_000)
    ready = p.evaluate("performance.timeOrigin + performance.getEntriesByName('worksheet-ready')[0].startTime")
    search(p, "alumnus")
    p.wait_for_selector(RESULT)
    assert "/en/article/" in [path_of(href) for href in p.eval_on_selector_all(RESULT, "as => as.map(a => a.href)")]
    assert len(started) == 1, started
    # Material, and with it its search, starts once Python is ready (its index would take CPU from the start).
    assert started[0] >= ready, f"search worker requested {ready - started[0]:.0f} ms before Python was ready"


# --- Material's bundle on worksheet pages waits for Python ---------------------------------------

WORKSHEET_EN = "en/worksheets/introduction-request/"
MATERIAL_STARTED = "() => typeof component$ !== 'undefined'"
# When the seeded draft's message first shows, in the page's own clock.
OUTPUT_SEEN = """
window.__outputAt = null;
new MutationObserver(() => {
  const body = document.querySelector('[data-ws-messages] [data-output-id] [data-out="body"]');
  if (window.__outputAt === null && body && body.textContent.includes(%s)) window.__outputAt = performance.now();
}).observe(document, { subtree: true, childList: true, characterData: true });
"""


# Material's per-page components start from its document$, which emits on DOMContentLoaded.
DOCUMENT_EMITTED = """() => new Promise((resolve) => {
  document$.subscribe(() => resolve(true));
  setTimeout(() => resolve(false), 1000);
})"""


def test_a_worksheet_page_starts_material_once_the_first_output_is_shown(instant_url: str, page: Any) -> None:
    p = page.page
    name = "Late Material"
    p.add_init_script(draft_script({**SHEETS["introduction-request"].examples[0], "your_name": name}))
    p.add_init_script(OUTPUT_SEEN % json.dumps(name))
    open_page(p, instant_url + WORKSHEET_EN)
    p.wait_for_function(MATERIAL_STARTED, timeout=60_000)
    ready, started = performance_mark(p, "worksheet-ready"), performance_mark(p, "material-start")
    shown = p.evaluate("window.__outputAt")
    assert ready is not None, "no worksheet-ready mark"
    assert started is not None, "no material-start mark"
    assert shown is not None, "the draft's message never showed"
    assert ready <= shown <= started, f"ready {ready:.0f}, output {shown:.0f}, Material {started:.0f} ms"
    assert p.locator("script[src*='javascripts/bundle.']").count() == 1, "Material's bundle was loaded twice"
    assert p.evaluate(DOCUMENT_EMITTED), "Material never got its DOMContentLoaded"

    # Instant navigation works from here, and our per-page code follows it.
    p.wait_for_load_state("networkidle")  # instant navigation starts once the sitemap is loaded
    p.evaluate("window.__marker = 'no reload'")
    p.click('.md-sidebar--primary a.md-nav__link[href$="/follow-up/"]')
    p.wait_for_url(instant_url + "en/worksheets/follow-up/")
    p.wait_for_selector('form[data-worksheet="follow-up"][data-worksheet-state="ready"]', timeout=TIMEOUT)
    assert p.evaluate("window.__marker") == "no reload", "the click reloaded the page"
    script = "a => new URL(document.querySelector(a).href).pathname === '/worksheets/follow-up/'"
    wait_until(p, script, SWITCHER.format(lang="de"))
    assert path_of(p.eval_on_selector(SWITCHER.format(lang="de"), "a => a.href")) == "/worksheets/follow-up/"


@pytest.mark.parametrize(
    ("breakage", "waits"),
    [
        pytest.param("assets/pyodide/pyodide.mjs", False, id="engine-fails-material-starts-at-once"),
        pytest.param("assets/js/worksheet.js", True, id="nobody-says-so-material-starts-after-4s"),
    ],
)
def test_material_starts_on_a_worksheet_page_whose_engine_never_answers(
    site_copy: Callable[[], Path], serve: Callable[[Path], str], page: Any, breakage: str, waits: bool
) -> None:
    site = site_copy()
    (site / breakage).unlink()
    p = page.page
    open_page(p, serve(site) + WORKSHEET_EN)
    p.wait_for_function(MATERIAL_STARTED, timeout=20_000)
    loaded = p.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
    started = performance_mark(p, "material-start")
    assert started is not None
    if waits:
        assert started - loaded >= 3_900, f"Material started {started - loaded:.0f} ms after DOMContentLoaded"
    else:
        assert started - loaded < 3_900, f"Material waited {started - loaded:.0f} ms for an engine that had failed"
        assert p.get_attribute("form[data-worksheet]", "data-worksheet-state") == "error"


def test_before_material_starts_the_keyboard_meets_only_visible_controls(
    site_copy: Callable[[], Path], serve: Callable[[Path], str], page: Any
) -> None:
    site = site_copy()
    (site / "assets/js/worksheet.js").unlink()  # Material then waits 4 s: time to look
    p = page.page
    open_page(p, serve(site) + WORKSHEET_EN)
    focused = []
    for _ in range(8):
        p.keyboard.press("Tab")
        focused.append(
            p.evaluate(
                """() => {
                    const element = document.activeElement;
                    const box = element.getBoundingClientRect();
                    const noJs = document.documentElement.classList.contains("no-js");
                    return [element.tagName + "." + element.className + "#" + element.id, box.width * box.height,
                            getComputedStyle(element).outlineStyle, noJs];
                }"""
            )
        )
    assert all(no_js for *_, no_js in focused), "Material started before the keys were pressed"
    invisible = [name for name, area, _, _ in focused if area == 0]
    assert invisible == [], focused
    no_ring = [name for name, _, outline, _ in focused if outline == "none"]
    assert no_ring == [], focused


# The WCAG contrast ratio of a focus ring in the header against what it is drawn on.
RING_CONTRAST = """() => {
    const luminance = (color) => {
        const [r, g, b] = color.match(/[\\d.]+/g).slice(0, 3).map((c) => {
            const v = Number(c) / 255;
            return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    let element = document.activeElement;
    if (!element.closest(".md-header")) return null;
    if (element.matches("input.md-option")) element = element.nextElementSibling; // the ring is on its label
    const style = getComputedStyle(element);
    if (style.outlineStyle === "none") return [element.className, 0];
    let behind = element; // what the ring is drawn on: the nearest opaque background
    while (getComputedStyle(behind).backgroundColor.match(/[\\d.]+/g)?.[3] === "0") behind = behind.parentElement;
    const ring = luminance(style.outlineColor);
    const ground = luminance(getComputedStyle(behind).backgroundColor);
    return [element.className, (Math.max(ring, ground) + 0.05) / (Math.min(ring, ground) + 0.05)];
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_focus_rings_in_the_header_stand_out_from_it(scheme: str, site_url: str, page: Any) -> None:
    p = page.page
    p.emulate_media(color_scheme=scheme)
    open_page(p, site_url + "en/article/")
    p.wait_for_function(MATERIAL_STARTED, timeout=20_000)
    rings = []
    for _ in range(6):
        p.keyboard.press("Tab")
        ring = p.evaluate(RING_CONTRAST)
        if ring:
            rings.append(ring)
    assert len(rings) >= 3, rings  # the logo, the colour toggle, the language button
    assert all(contrast >= 3 for _, contrast in rings), rings


# --- nothing from other hosts --------------------------------------------------------------------------


def test_no_request_leaves_127_0_0_1(built_site: Path, site_url: str, page: Any) -> None:
    p = page.page
    pages = sorted(path.relative_to(built_site).as_posix() for path in built_site.rglob("*.html"))
    assert "article/index.html" in pages
    assert "en/article/index.html" in pages
    foreign: dict[str, list[str]] = {}
    runtime_watched = False
    for relative in pages:
        seen, start = len(page.foreign_requests()), len(page.requests)
        open_page(p, site_url + relative)
        if runtime_watched:
            # The Pyodide boot (about 5 s) is the same on every worksheet page and
            # was watched to the end once; later pages get a short quiet period.
            with contextlib.suppress(PlaywrightError):
                p.wait_for_load_state("networkidle", timeout=2_000)
        else:
            p.wait_for_load_state("networkidle", timeout=TIMEOUT)
            runtime_watched = any("/pyodide/" in url for url in page.requests[start:])
        new = page.foreign_requests()[seen:]
        if new:
            foreign[relative] = new
    assert len(page.requests) > len(pages)
    assert page.foreign_requests() == [], foreign


# --- print ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["article/", "en/article/"])
def test_print_shows_only_the_article(site_url: str, page: Any, path: str) -> None:
    p = page.page
    open_page(p, site_url + path)
    p.emulate_media(media="print")
    hidden = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"]
    display = {selector: p.eval_on_selector(selector, "el => getComputedStyle(el).display") for selector in hidden}
    assert display == dict.fromkeys(hidden, "none")
    for selector in hidden:
        assert not p.locator(selector).first.is_visible()
    body = p.locator("article.md-content__inner p").nth(2)
    assert body.is_visible()
    assert len(body.inner_text()) > 40


# --- phone ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["article/", "en/article/"])
def test_phone_has_no_horizontal_overflow(site_url: str, phone: Any, path: str) -> None:
    p = phone.page
    open_page(p, site_url + path)
    sizes = p.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert sizes[1] <= 420, f"not a phone viewport: {sizes}"
    assert sizes[0] <= sizes[1], f"scrollWidth {sizes[0]} > innerWidth {sizes[1]}"
