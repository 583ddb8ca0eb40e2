"""The audit in headless Chromium: injection, privacy, CSP, axe in light and dark, motion, focus, screen readers.

Every page of both locales is scanned once per color scheme (module fixture
``scanned``): loaded, and on a worksheet page used from start to "delete my
entries"; the tests below read that one scan. The checks themselves live in
audit/ and are the ones ``python -m audit`` runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from audit.axe import AXE_SOURCE, axe_source
from audit.browser import DRAFT_PREFIX, Watch, frozen, new_context
from audit.browser_inputs import Plan, run_plan
from audit.checks import (
    canary_problems,
    csp_blocks_injected_script,
    focus_problems,
    hover_contrast_problems,
    instant_tour_problems,
    reduced_motion_problems,
    screen_reader_problems,
)
from audit.pages import SitePage, site_pages
from audit.payloads import DATE_PAYLOADS
from audit.site_scan import DOWNLOAD_NAME, SCHEMES, PageScan, scan_pages
from tests.conftest import LOCALES
from worksheets.sheets import SHEETS

pytestmark = pytest.mark.browser

LOCAL_HOSTS = {"127.0.0.1", "data", "blob", "about"}


@dataclass
class Scanned:
    """Every page in one color scheme, and what the browser did meanwhile."""

    scheme: str
    scans: list[PageScan]
    watch: Watch


@pytest.fixture(scope="module")
def pages(built_site: Path) -> list[SitePage]:
    return site_pages(built_site)


@pytest.fixture(scope="module", params=list(SCHEMES))
def scanned(request: pytest.FixtureRequest, browser: Any, instant_url: str, pages: list[SitePage]) -> Scanned:
    watch = Watch()
    return Scanned(request.param, scan_pages(browser, instant_url, pages, request.param, watch), watch)


def _lines(items: list[str]) -> str:
    return "\n".join(items)


# --- every page, light and dark -------------------------------------------------------------------


def test_every_page_of_both_locales_is_scanned(scanned: Scanned, pages: list[SitePage]) -> None:
    assert [scan.page for scan in scanned.scans] == pages
    assert {page.locale for page in pages} == set(LOCALES)
    worksheets = {(page.locale, page.sheet) for page in pages if page.sheet}
    assert worksheets == {(locale, sheet) for locale in LOCALES for sheet in SHEETS}
    assert all(scan.axe_scans >= 1 for scan in scanned.scans)


def test_no_request_leaves_127_0_0_1(scanned: Scanned) -> None:
    assert scanned.watch.foreign() == []
    assert set(scanned.watch.hosts) <= LOCAL_HOSTS, dict(scanned.watch.hosts)


def test_no_csp_violation_on_any_page_or_while_using_a_worksheet(scanned: Scanned) -> None:
    violations = [f"{scan.page.id}: {violation}" for scan in scanned.scans for violation in scan.csp]
    assert violations == [], _lines(violations)


def test_axe_reports_nothing_serious_or_critical(scanned: Scanned) -> None:
    blocking = [v for scan in scanned.scans for v in scan.violations if v.impact in ("serious", "critical")]
    assert blocking == [], _lines([violation.describe() for violation in blocking])


def test_each_worksheet_works_and_clearing_leaves_no_draft(scanned: Scanned) -> None:
    problems = [f"{scan.page.id}: {problem}" for scan in scanned.scans for problem in scan.problems]
    assert problems == [], _lines(problems)
    used = [scan for scan in scanned.scans if scan.page.sheet]
    assert used
    assert all(scan.left_in_storage for scan in used)
    for scan in used:
        left = [key for key in scan.left_in_storage["local"] if key.startswith(DRAFT_PREFIX)]
        assert left == [], f"{scan.page.id}: {left}"
        assert scan.left_in_storage["session"] == {}
        assert scan.left_in_storage["databases"] == []
    downloads = [name for scan in used for name in scan.downloads]
    assert downloads
    assert all(DOWNLOAD_NAME.match(name) for name in downloads), downloads


def test_no_script_errors_on_any_page(scanned: Scanned) -> None:
    assert scanned.watch.page_errors == []


# --- injection and CSP ----------------------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_markup_in_every_field_stays_text(browser: Any, instant_url: str, locale: str, tmp_path: Path) -> None:
    """Canaries in every text field: nothing runs, no element appears, mail links and files stay clean."""
    problems, names = canary_problems(browser, instant_url, locale, tmp_path)
    assert problems == [], _lines(problems)
    assert names, "no download was offered"
    assert all(DOWNLOAD_NAME.match(name) for name in names), names


def test_the_csp_blocks_an_injected_inline_script(browser: Any, instant_url: str) -> None:
    assert csp_blocks_injected_script(browser, instant_url) == []


def test_axe_goes_in_through_evaluate_because_the_csp_blocks_script_tags(browser: Any, instant_url: str) -> None:
    """add_script_tag(path=...) inserts an inline script, which the page's CSP refuses: hence evaluate."""
    context = new_context(browser, Watch())
    try:
        page = context.new_page()
        page.goto(instant_url)
        with pytest.raises(Exception, match="Content Security Policy"):
            page.add_script_tag(path=str(AXE_SOURCE))
        assert page.evaluate("typeof window.axe") == "undefined"
        page.evaluate(axe_source())
        assert page.evaluate("typeof window.axe.run") == "function"
    finally:
        context.close()


@pytest.mark.parametrize("locale", LOCALES)
def test_instant_navigation_through_every_page_keeps_the_csp_quiet(
    browser: Any, instant_url: str, pages: list[SitePage], locale: str
) -> None:
    problems = instant_tour_problems(browser, instant_url, pages, locale)
    assert problems == [], _lines(problems)


# --- motion, focus, contrast, screen readers --------------------------------------------------------


def test_reduced_motion_is_respected(browser: Any, instant_url: str, pages: list[SitePage]) -> None:
    paths = ["", "en/", *(page.path for page in pages if page.sheet == "introduction-request")]
    problems = reduced_motion_problems(browser, instant_url, paths)
    assert problems == [], _lines(problems)


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_keyboard_focus_is_visible(browser: Any, instant_url: str, scheme: str) -> None:
    problems = focus_problems(browser, instant_url, scheme)
    assert problems == [], _lines(problems)


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_hovered_buttons_keep_their_text_contrast(browser: Any, instant_url: str, scheme: str) -> None:
    problems = hover_contrast_problems(browser, instant_url, scheme)
    assert problems == [], _lines(problems)


@pytest.mark.parametrize("locale", LOCALES)
def test_status_and_errors_reach_screen_readers(browser: Any, instant_url: str, locale: str) -> None:
    problems = screen_reader_problems(browser, instant_url, locale)
    assert problems == [], _lines(problems)


# --- bad input in live worksheets -----------------------------------------------------------------

# A quick subset of the command's plan (audit.browser_inputs.FULL_PLAN): every payload in a
# one-line field, a textarea and the URL field, and every date payload in a date field.
PLANS = (
    Plan("de", "introduction-request", ("your_name", "link")),
    Plan("en", "introduction-request", ("pitch", "link")),
    Plan("de", "follow-up", ("sent_on",), DATE_PAYLOADS),
    Plan("en", "follow-up", ("today",), DATE_PAYLOADS),
)


@pytest.mark.parametrize("plan", PLANS, ids=[f"{p.locale}-{p.sheet}-{'+'.join(p.fields)}" for p in PLANS])
def test_bad_input_typed_into_a_live_worksheet(browser: Any, instant_url: str, plan: Plan) -> None:
    watch = Watch()
    outcomes = run_plan(browser, instant_url, plan, watch, progress=lambda _line: None)
    assert len(outcomes) == len(plan.fields) * len(plan.payloads)
    wrong = [f"{o.id}: {'; '.join(o.problems)}" for o in outcomes if o.problems]
    assert wrong == [], _lines(wrong)
    assert watch.foreign() == []
    assert watch.page_errors == []


# A page whose main thread is busy in 1.5 s tasks, back to back, for 8 s (so that the
# watchdog meets a blocked page whenever it is armed, however busy the machine), and one
# that is idle.
BLOCKING = (
    "<script>const stop = performance.now() + 8000; const id = setInterval(() => {"
    " if (performance.now() > stop) clearInterval(id);"
    " const end = performance.now() + 1500; while (performance.now() < end); }, 0)</script>"
)


@pytest.mark.parametrize(("script", "expected"), [(BLOCKING, True), ("", False)], ids=["blocked", "idle"])
def test_the_frozen_page_watchdog_tells_a_hung_page_from_a_live_one(page: Any, script: str, expected: bool) -> None:
    page.page.set_content(f"<!doctype html><title>watchdog</title>{script}")
    assert frozen(page.page, watchdog_ms=1000) is expected
