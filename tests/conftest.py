"""Shared fixtures: the real MkDocs build, a 127.0.0.1 server and headless Chromium.

The site is built once per session with ``mkdocs build --strict`` into a
temporary folder. A test that asks for a build (``built_site``, or a
``project_copy`` it builds itself) is marked ``build`` by that alone, so
``make check`` (``-m "not build and not browser and not pyodide"``) runs
everything else in seconds. Under ``CI=true`` a skipped test fails: a tool
that is missing there is a broken set-up, not a reason to pass. Servers
bind to 127.0.0.1 on a free port and stop at the end of the session.
Chromium is Debian's (``/usr/bin/chromium``, or ``$CHROMIUM``) driven by
Playwright; every request a page makes is recorded so tests can
prove that nothing goes to another host.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from macros.locales import SiteLocale, site_languages

ROOT = Path(__file__).resolve().parent.parent
# The site's locales, read from mkdocs.yml (default first): tests never list them themselves.
SITE_LANGUAGES = site_languages(ROOT / "mkdocs.yml")
LOCALES = tuple(language.locale for language in SITE_LANGUAGES)
LOCALE_ROOTS = {language.locale: language.prefix for language in SITE_LANGUAGES}  # "" or "en/"
# The locales translated in full; a draft shows the source language for what it lacks.
COMPLETE_LOCALES = tuple(language.locale for language in SITE_LANGUAGES if not language.draft)


def language_of(address: str) -> SiteLocale:
    """The site language a page address (relative to the site root, "en/article/") belongs to."""
    prefixed = [language for language in SITE_LANGUAGES if language.prefix and address.startswith(language.prefix)]
    return prefixed[0] if prefixed else SITE_LANGUAGES[0]


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


def performance_mark(page: Any, name: str) -> float | None:
    """The start time of the page's first performance mark called ``name``, or None."""
    return page.evaluate("(name) => performance.getEntriesByName(name)[0]?.startTime ?? null", name)


def response_start(page: Any) -> float:
    """When the page's own response began to arrive (ms since navigation start)."""
    return page.evaluate("performance.getEntriesByType('navigation')[0].responseStart")


# Fixtures that build the site: a test that uses one (even through another fixture) is a build test.
# build_site() fails a test that builds without the mark, so a fixture missing here cannot slow `make check`.
BUILD_FIXTURES = frozenset({"built_site", "plain_site", "project_copy", "published"})
# Set for each test (process-wide, as this module is imported both as conftest and tests.conftest).
MAY_BUILD = "GUIDE_TEST_MAY_BUILD"


def in_ci() -> bool:
    """Whether the tests run under CI (``CI=true``), where nothing may be skipped."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test that needs a built site ``build``; run a WebKit test again once if its session died."""
    for item in items:
        if BUILD_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.build)
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("engine") == "webkit":
            # Only when its session died under it (tests/engines/webkit.py); the summary lists each rerun.
            item.add_marker(pytest.mark.flaky(reruns=1, only_rerun=["EngineGoneError"]))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tell build_site() whether the test about to run may build."""
    os.environ[MAY_BUILD] = "1" if item.get_closest_marker("build") else "0"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Under CI a skip is a failure: the set-up must provide every tool the tests need."""
    report = yield
    if in_ci() and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, which allows no skip: {reason}"
    return report


def pytest_configure(config: pytest.Config) -> None:
    """Compile the ui catalogs first: the worksheets package reads the compiled .mo files."""
    from macros.catalogs import Layout, compile_ui
    from macros.locales import site_locales
    from worksheets import i18n

    compile_ui(Layout(ROOT), site_locales(ROOT / "mkdocs.yml"), i18n.LOCALE_DIR)
    i18n.reset()


def build_site(
    target: Path,
    config: Path = ROOT / "mkdocs.yml",
    strict: bool = True,
    site_url: str | None = None,
    material_html: Path | None = None,
    fast_start: bool = True,
) -> subprocess.CompletedProcess[str]:
    """Run the real ``mkdocs build`` (``--strict`` by default) into ``target``; return the finished process.

    ``site_url`` is passed as ``SITE_URL``; without it the build uses the default
    of ``mkdocs.yml``, whatever the environment says. With ``material_html`` the
    build also writes Material's HTML of each page there, before our edits.
    Without ``fast_start`` it builds the plain path (``FAST_START=false``).
    """
    if os.environ.get(MAY_BUILD) == "0":
        pytest.fail(f"this test builds the site but is not marked 'build': add its fixture to {BUILD_FIXTURES}")
    flags = ["--strict"] if strict else []
    env = {key: value for key, value in os.environ.items() if key not in ("SITE_URL", "FAST_START", MAY_BUILD)}
    if not fast_start:
        env["FAST_START"] = "false"
    env.pop("GUIDE_EXPORT_MARKDOWN", None)
    env.pop("GUIDE_EXPORT_MATERIAL_HTML", None)
    if material_html:
        env["GUIDE_EXPORT_MATERIAL_HTML"] = str(material_html)
    env["NO_MKDOCS_2_WARNING"] = "1"
    if site_url:
        env["SITE_URL"] = site_url
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *flags, "--config-file", str(config), "--site-dir", str(target)],
        cwd=config.parent,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def default_site_url(config: Path = ROOT / "mkdocs.yml") -> str:
    """The ``site_url`` a build without ``SITE_URL`` gets (the default of ``!ENV [SITE_URL, default]``)."""
    from macros.locales import read_config

    value = read_config(config)["site_url"]
    return str(value[-1] if isinstance(value, list) else value)


def built(target: Path, **options: Any) -> Path:
    """``target`` built by :func:`build_site` with ``options``; the test fails with MkDocs' output if it fails."""
    result = build_site(target, **options)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict {options} failed:\n{result.stdout}\n{result.stderr}")
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as ``mkdocs build --strict`` writes it (built once per session)."""
    target = tmp_path_factory.mktemp("site")
    return built(target, material_html=target.parent / "material-html")


@pytest.fixture(scope="session")
def plain_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built with the fast start off (``FAST_START=false``): the plain path."""
    return built(tmp_path_factory.mktemp("plain-site"), fast_start=False)


@pytest.fixture(scope="session")
def material_html(built_site: Path) -> Path:
    """Material's HTML of every page of ``built_site``, as Material wrote it (before the guide plugin's edits)."""
    return built_site.parent / "material-html"


PROJECT_FILES = ("mkdocs.yml", "pyproject.toml", "README.md", "package.json", "package-lock.json")
PROJECT_DIRS = ("docs", "source", "locales", "macros", "worksheets", "overrides", "tools")


def copy_project(target: Path) -> Path:
    """Copy what the build reads into ``target``; return the copied mkdocs.yml.

    node_modules (the Pyodide runtime, read only) and build/ (the wheel and
    snapshot caches, keyed by content hashes) are linked, not copied.
    """
    ignore = shutil.ignore_patterns("__pycache__")
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, target / name)
    for name in PROJECT_DIRS:
        shutil.copytree(ROOT / name, target / name, ignore=ignore)
    shutil.rmtree(target / "worksheets" / "locale", ignore_errors=True)
    (ROOT / "build").mkdir(exist_ok=True)
    for name in ("node_modules", "build"):
        (target / name).symlink_to(ROOT / name, target_is_directory=True)
    return target / "mkdocs.yml"


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """The mkdocs.yml of a fresh copy of the project (``copy_project``) that a test may edit and build."""
    project = tmp_path / "project"
    project.mkdir()
    return copy_project(project)


# Whether the browser unpacks brotli itself (else npm's brotli-dec-wasm does: unpack-worker.mjs).
NATIVE_BROTLI = "(() => { try { new DecompressionStream('brotli'); return true; } catch { return false; } })()"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class StaticServer:
    """A static file server on 127.0.0.1 in a background thread."""

    def __init__(self, directory: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[[Path], str]]:
    """Serve a folder on 127.0.0.1; returns its base URL. All servers stop with the session."""
    servers: list[StaticServer] = []

    def start(directory: Path) -> str:
        server = StaticServer(directory)
        servers.append(server)
        return server.url

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def site_url(built_site: Path, serve: Callable[[Path], str]) -> str:
    """Base URL (with trailing slash) of the built site served on 127.0.0.1."""
    return serve(built_site)


@pytest.fixture(scope="session")
def site_copy(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[[], Path]:
    """A fresh copy of the built site that a test may break (e.g. remove the wasm)."""

    def make() -> Path:
        target = tmp_path_factory.mktemp("site-copy") / "site"
        shutil.copytree(built_site, target)
        return target

    return make


def serve_with_own_sitemaps(site: Path, serve: Callable[[Path], str]) -> str:
    """Serve ``site`` with its sitemaps rewritten to name the server it runs on.

    Material's instant navigation only intercepts links listed in sitemap.xml; it
    adapts their scheme and host to the page but keeps the port of ``site_url``
    (8000), while test servers run on free ports.
    """
    url = serve(site)
    for sitemap in site.rglob("sitemap.xml"):
        sitemap.write_text(sitemap.read_text(encoding="utf-8").replace(default_site_url(), url), encoding="utf-8")
    return url


@pytest.fixture(scope="session")
def instant_url(site_copy: Callable[[], Path], serve: Callable[[Path], str]) -> str:
    """A copy of the site served so that instant navigation works on the test port."""
    return serve_with_own_sitemaps(site_copy(), serve)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium, driven by Playwright."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run tools/ensure-debian-packages.sh (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


class RecordedPage:
    """A Playwright page plus every URL it requested."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.requests: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))

    def foreign_requests(self) -> list[str]:
        """Requests that went anywhere but 127.0.0.1 (data: and blob: URLs are local)."""
        local = ("http://127.0.0.1:", "data:", "blob:", "about:")
        return [url for url in self.requests if not url.startswith(local)]


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    """A fresh browser context (cold cache, empty storage) with clipboard access."""
    ctx = browser.new_context(permissions=["clipboard-read", "clipboard-write"], accept_downloads=True)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: Any) -> RecordedPage:
    """A page in a fresh context that records its requests."""
    return RecordedPage(context.new_page())


@pytest.fixture
def phone(browser: Any) -> Iterator[RecordedPage]:
    """A page with a phone-sized viewport and touch."""
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    yield RecordedPage(ctx.new_page())
    ctx.close()
