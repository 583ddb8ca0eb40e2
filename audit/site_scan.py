"""Every page of both locales in one color scheme: requests by host, CSP, axe, and each worksheet in use.

On a worksheet page the scan does what a reader does: waits for the engine,
submits the empty form (errors), fills in the sheet's example with a marker,
writes the messages, copies, downloads, follows the mail link's shape, then
deletes the entries. axe runs on the page as loaded, with the errors shown
and with the messages written. Afterwards nothing the reader typed may be left
in the browser's storage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from audit.axe import Violation, run_axe
from audit.browser import (
    DRAFT_PREFIX,
    MESSAGES,
    Watch,
    audit_state,
    clear_entries,
    downloads,
    fill_values,
    new_context,
    page_problems,
    storage,
    submit,
    wait_ready,
)
from audit.inputs import example
from audit.pages import SitePage
from macros.forms import strings
from worksheets.sheets import SHEETS

MARKER = "Audit Zeichenkette 4711"
DOWNLOAD_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.(?:txt|eml|csv|json|ics)$")
BLOB_TYPES = frozenset(
    {
        "text/plain;charset=utf-8",
        "message/rfc822",
        "text/csv;charset=utf-8",
        "application/json",
        "text/calendar;charset=utf-8",
    }
)
SCHEMES = {"light": "default", "dark": "slate"}


@dataclass
class PageScan:
    """What one page showed in one color scheme."""

    page: SitePage
    scheme: str
    csp: list[dict[str, Any]] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    axe_scans: int = 0
    problems: list[str] = field(default_factory=list)
    downloads: list[str] = field(default_factory=list)
    left_in_storage: dict[str, Any] = field(default_factory=dict)


def _marked(sheet_id: str, locale: str) -> dict[str, object]:
    """The sheet's example with the marker in its first required text field (if it has one)."""
    sheet = SHEETS[sheet_id]
    values = example(sheet, locale)
    for spec in sheet.fields:
        if spec.kind == "text" and spec.required:
            values[spec.id] = MARKER
            break
    return values


def _axe(scan: PageScan, page: Any, state: str, axe: bool) -> None:
    if axe:
        scan.violations.extend(run_axe(page, scan.page.id, scan.scheme, state))
        scan.axe_scans += 1


def use_worksheet(page: Any, scan: PageScan, axe: bool) -> None:
    """Use the worksheet on ``page`` from start to "delete my entries"; record what went wrong."""
    sheet_id, locale = scan.page.sheet, scan.page.locale
    texts = strings(locale)
    wait_ready(page)
    _axe(scan, page, "loaded", axe)

    _request, result = submit(page)
    if result.get("errors"):
        if not page.locator("[data-ws-summary]").is_visible():
            scan.problems.append("submitting with errors shows no summary")
        _axe(scan, page, "errors", axe)

    values = _marked(sheet_id, locale)
    fill_values(page, SHEETS[sheet_id], values)
    _request, result = submit(page)
    if not result.get("ok"):
        scan.problems.append(f"the example does not write messages: {result.get('errors') or result.get('crash')}")
        return
    page.wait_for_selector(f"{MESSAGES} article[data-kind]")
    _axe(scan, page, "messages", axe)

    for article in page.locator(f"{MESSAGES} article[data-kind]").all():
        copy = article.locator("button[data-action=copy]")
        if copy.count():
            copy.click()
            page.wait_for_function(
                "([el, texts]) => texts.includes(el.textContent)",
                arg=[
                    article.locator("[data-out=action-status]").element_handle(),
                    [texts["copied"], texts["copy_failed"]],
                ],
            )
        for _, download in downloads(article):
            name = download.suggested_filename
            scan.downloads.append(name)
            if not DOWNLOAD_NAME.match(name):
                scan.problems.append(f"unsafe download name {name!r}")
    blob_types = set(audit_state(page).get("blobTypes", []))
    if blob_types - BLOB_TYPES:
        scan.problems.append(f"unexpected download types {sorted(blob_types - BLOB_TYPES)}")

    before = storage(page)
    if sheet_id != "ready-check" and not any(MARKER in str(v) for v in before["local"].values()):
        scan.problems.append("the draft was not saved (the storage check below would prove nothing)")
    asked = clear_entries(page)
    if asked != [texts["confirm_clear"]]:
        scan.problems.append(f"the clear confirmation asked {asked!r}")
    page.wait_for_function(
        "text => document.querySelector('[data-ws-status]').textContent.includes(text)", arg=texts["cleared"]
    )
    after = storage(page)
    drafts = [key for key in after["local"] if key.startswith(DRAFT_PREFIX + sheet_id)]
    if drafts:
        scan.problems.append(f"after clearing, drafts are still stored: {drafts}")
    everywhere = [*after["local"].items(), *after["session"].items(), *after["caches"].items()]
    if any(MARKER in f"{key} {value}" for key, value in everywhere):
        scan.problems.append("after clearing, the typed text is still in the browser's storage")
    scan.left_in_storage = after


def scan_pages(
    browser: Any, base_url: str, pages: list[SitePage], scheme: str, watch: Watch, *, axe: bool = True
) -> list[PageScan]:
    """Load every page in a fresh context of ``scheme``; use each worksheet; run axe if asked."""
    scans = []
    context = new_context(browser, watch, scheme=scheme)
    try:
        for site_page in pages:
            scan = PageScan(site_page, scheme)
            page = context.new_page()
            try:
                page.goto(base_url + site_page.path)
                page.wait_for_load_state("load")
                shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
                if shown != SCHEMES[scheme]:
                    scan.problems.append(f"{scheme} scheme asked, the page shows {shown!r}")
                if site_page.sheet:
                    use_worksheet(page, scan, axe)
                else:
                    _axe(scan, page, "loaded", axe)
                scan.problems.extend(page_problems(page, watch, strings(site_page.locale)["crash"]))
            except Exception as error:  # one broken page must not hide the others
                scan.problems.append(f"{type(error).__name__}: {str(error).splitlines()[0][:200]}")
            finally:
                scan.csp = audit_state(page).get("csp", [])
                page.close()
            scans.append(scan)
    finally:
        context.close()
    return scans
