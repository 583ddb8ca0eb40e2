"""The published site in headless Chromium, served as a static host serves it (``make preview``).

The site is built once for ``http://127.0.0.1:<port>/guide/`` (as a GitHub
project page is served under ``/<repository>/``), precompressed as ``make
build`` does, and served there by ``tools/preview.py`` with its ``_headers``.
The root layout is the session's ordinary build, served by the same server at
``/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SITE_LANGUAGES, build_site, language_of

from macros.catalogs import SOURCE_LANGUAGE, translations
from macros.deploy_headers import IMMUTABLE, page_addresses
from tools.precompress import precompress
from tools.preview import PreviewServer

# Every test here builds the site for a prefix (the sub_path fixture, also through getfixturevalue).
pytestmark = [pytest.mark.browser, pytest.mark.build]

PREFIX = "/guide/"
TIMEOUT = 15_000
BOOT_TIMEOUT = 60_000
SWITCHER = "a.md-select__link[hreflang={lang}]"
READY = 'form[data-worksheet-state="ready"]'
SHEET = "worksheets/ready-check/"
LOCAL = ("data:", "blob:", "about:")


@pytest.fixture(scope="module")
def sub_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The site built for, and served under, ``http://127.0.0.1:<port>/guide/``: (folder, address)."""
    site = tmp_path_factory.mktemp("guide")
    server = PreviewServer(site, prefix=PREFIX)  # the port first: the build needs the address
    result = build_site(site, site_url=server.url)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")
    precompress(site)
    server.start()
    yield site, server.url
    server.stop()


@pytest.fixture(scope="module")
def root(built_site: Path) -> Iterator[tuple[Path, str]]:
    """The session's build (for the host's root) served at ``/`` by the same server."""
    server = PreviewServer(built_site, prefix="/").start()
    yield built_site, server.url
    server.stop()


class Recorder:
    """Every request of a browser context (workers' too), every one that failed, and those still open."""

    def __init__(self, context: Any) -> None:
        self.requests: list[str] = []
        self.failures: list[str] = []
        self.responses: dict[str, dict[str, str]] = {}
        self.open: set[Any] = set()
        context.on("request", self._request)
        context.on("requestfinished", lambda request: self.open.discard(request))
        context.on("requestfailed", self._failed)
        context.on("response", self._response)

    def _request(self, request: Any) -> None:
        self.requests.append(request.url)
        # The service worker's own requests (the warm-up's precache) are recorded and
        # checked like any other, but not waited for: its install outlives the page.
        if request.service_worker is None:
            self.open.add(request)

    def _failed(self, request: Any) -> None:
        self.open.discard(request)
        self.failures.append(f"{request.url}: {request.failure}")

    def _response(self, response: Any) -> None:
        self.responses[response.url] = response.headers
        if response.status >= 400:
            self.failures.append(f"{response.url}: HTTP {response.status}")

    def outside(self, base: str) -> list[str]:
        return [url for url in self.requests if not url.startswith((base, *LOCAL))]

    def wait_quiet(self, page: Any, quiet_ms: int = 500) -> None:
        """Wait until no request of the context has been open for ``quiet_ms``.

        The budget is the boot's: the first article's warm-up stores the whole
        runtime in the service worker's cache, which takes a while on a busy machine.
        """
        quiet = 0
        for _ in range(BOOT_TIMEOUT // 100):
            quiet = quiet + 100 if not self.open else 0
            if quiet >= quiet_ms:
                return
            page.wait_for_timeout(100)
        still = sorted((r.url, "response" if r.url in self.responses else "no response") for r in self.open)
        raise AssertionError(f"still loading after {BOOT_TIMEOUT} ms on {page.url}: {still}")


def open_quietly(page: Any, url: str, seen: Recorder) -> Any:
    """Open ``url`` and wait until it has loaded everything it loads by itself.

    On a worksheet page that is once Python is ready and Material has started
    after it (and with it the search worker).
    """
    response = page.goto(url, wait_until="load")
    if page.locator("form[data-worksheet]").count():
        page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
        page.wait_for_function("() => typeof document$ !== 'undefined'", timeout=TIMEOUT)
    seen.wait_quiet(page)
    return response


def open_switcher_and_click(page: Any, lang: str) -> None:
    page.hover(".md-header__option:has(.md-select)")
    page.click(SWITCHER.format(lang=lang))


def not_found_heading(locale: str) -> str:
    """The 404 page's heading in ``locale``, from its catalog (German where a draft lacks it)."""
    german = "Seite nicht gefunden"
    if locale == SOURCE_LANGUAGE:
        return german
    return translations(ROOT / "locales" / locale / "LC_MESSAGES" / "pages.po").get(("mkdocs.yml", german), german)


@pytest.mark.parametrize("layout", ["sub_path", "root"])
def test_every_page_in_both_languages_loads_with_no_failed_request(
    request: pytest.FixtureRequest, browser: Any, layout: str
) -> None:
    site, base = request.getfixturevalue(layout)
    context = browser.new_context()
    try:
        seen = Recorder(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        addresses = page_addresses(site)
        assert len(addresses) >= 20
        for address in addresses:
            response = open_quietly(page, base + address, seen)
            assert response.status == 200, address
            assert page.get_attribute("html", "lang") == language_of(address).locale, address
        for language in SITE_LANGUAGES:
            missing = language.prefix + "no-such-page/"
            response = open_quietly(page, base + missing, seen)
            assert response.status == 404
            assert page.get_attribute("html", "lang") == language.locale
            assert page.inner_text("article h1") == f"404 – {not_found_heading(language.locale)}"
            # Expected, once for the page and once for the service worker's fetch that serves it.
            expected = f"{base + missing}: HTTP 404"
            assert expected in seen.failures
            seen.failures = [failure for failure in seen.failures if failure != expected]
        assert seen.failures == []
        assert seen.outside(base) == []
        assert len(seen.requests) > 3 * len(addresses)
    finally:
        context.close()


def test_instant_navigation_and_the_switcher_work_under_the_sub_path(sub_path: tuple[Path, str], browser: Any) -> None:
    _, base = sub_path
    context = browser.new_context()
    try:
        seen = Recorder(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        for lang, start, target in [("de", "article/", "takeaways/"), ("en", "en/takeaways/", "en/article/")]:
            if lang == "de":
                open_quietly(page, base + start, seen)
            else:  # reached by the switcher: the same page in the other language
                page.wait_for_url(base + start)
                seen.wait_quiet(page)
            assert page.get_attribute("html", "lang") == lang
            page.evaluate("window.__kept = 'no reload'")
            page.click(f'.md-sidebar--primary a.md-nav__link[href="{base + target}"]')
            page.wait_for_url(base + target)
            assert page.evaluate("window.__kept") == "no reload", f"{lang}: the click reloaded the page"
            open_switcher_and_click(page, "en" if lang == "de" else "de")
        page.wait_for_url(base + "article/")
        assert page.get_attribute("html", "lang") == "de"
        sitemaps = {url for url in seen.requests if url.endswith("sitemap.xml")}
        # Material reads the sitemap of every language the switcher offers.
        assert sitemaps == {base + language.prefix + "sitemap.xml" for language in SITE_LANGUAGES}
        assert seen.failures == []
        assert seen.outside(base) == []
    finally:
        context.close()


def test_a_worksheet_answers_and_works_offline_under_the_sub_path(sub_path: tuple[Path, str], browser: Any) -> None:
    _, base = sub_path
    context = browser.new_context()
    try:
        seen = Recorder(context)
        page = context.new_page()
        page.goto(base + SHEET)
        page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
        assert tick_and_read(page).startswith("Noch nicht ganz")
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=TIMEOUT)
        scope = page.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)")
        assert scope == base
        cached = page.evaluate(
            """async () => {
              const urls = [];
              for (const name of await caches.keys())
                for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
              return urls;
            }"""
        )
        assert any(url == base + "assets/pyodide/pyodide.asm.wasm.br" for url in cached)
        assert [url for url in cached if not url.startswith(base)] == []
        page.reload()  # through the service worker, which stores what it serves
        page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
        context.set_offline(True)
        page.reload()
        page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
        assert tick_and_read(page).startswith("Noch nicht ganz")
        assert seen.outside(base) == []
    finally:
        context.close()


def tick_and_read(page: Any) -> str:
    page.check("#ws-ready-check-cv_updated")
    locator = page.locator('[data-ws-messages] [data-output-id="todo"] [data-out="body"]')
    locator.wait_for(timeout=TIMEOUT)
    return locator.inner_text()


def test_the_preview_serves_precompressed_files_and_the_headers(sub_path: tuple[Path, str], browser: Any) -> None:
    site, base = sub_path
    context = browser.new_context()
    try:
        seen = Recorder(context)
        open_quietly(context.new_page(), base + "article/", seen)
        page_headers = seen.responses[base + "article/"]
        assert page_headers["content-encoding"] in ("br", "gzip")
        assert page_headers["cache-control"] == "no-cache"
        assert "frame-ancestors 'none'" in page_headers["content-security-policy"]
        bundle = next(url for url in seen.responses if "/assets/javascripts/bundle." in url)
        assert seen.responses[bundle]["cache-control"] == IMMUTABLE
        served = site / bundle[len(base) :]
        assert served.with_name(served.name + ".gz").exists()
    finally:
        context.close()


@pytest.mark.parametrize(
    ("path", "query", "expected"), [("article/", "Alumnus", "article/"), ("en/", "alumnus", "en/article/")]
)
def test_search_answers_in_the_page_language_under_the_sub_path(
    sub_path: tuple[Path, str], browser: Any, path: str, query: str, expected: str
) -> None:
    _, base = sub_path
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        open_quietly(page, base + path, Recorder(context))
        page.click("input.md-search__input")
        page.locator("input.md-search__input").press_sequentially(query)
        page.wait_for_selector(".md-search-result__link")
        script = "links => links.map((a) => a.origin + a.pathname)"  # without search.highlight's ?h= and #
        results = page.eval_on_selector_all(".md-search-result__link", script)
        assert base + expected in results
        english = [url for url in results if url.startswith(base + "en/")]
        assert english == (results if path.startswith("en/") else [])
    finally:
        context.close()
