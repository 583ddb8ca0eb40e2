"""Single browser checks, each returning what is wrong (an empty list when nothing is).

Shared by ``python -m audit`` and tests/test_audit_browser.py: the injection
canary, the CSP under instant navigation and against an injected script,
reduced motion, visible keyboard focus, hover contrast and what a screen
reader is told.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from audit.browser import (
    DRAFT_PREFIX,
    FORM,
    MESSAGES,
    Watch,
    audit_state,
    clear_entries,
    control,
    downloads,
    fill_values,
    instant_visit,
    new_context,
    open_worksheet,
    page_problems,
    submit,
)
from audit.inputs import LOCALE_ROOTS, example
from audit.pages import SitePage
from audit.payloads import BY_ID, MARKUP_PAYLOADS
from audit.site_scan import BLOB_TYPES, DOWNLOAD_NAME
from macros.forms import strings
from worksheets.sheets import SHEETS

REDUCED_MAX_SECONDS = 0.01
MOVING = (
    "a, button, .md-button, label, input, select, textarea, summary, .md-top, .md-header, .md-nav__link, .md-search"
)

# WCAG 2.x relative luminance and contrast, for colors the page computes.
_LUMINANCE = """
  const channel = (c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  const parse = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
  const blend = (fg, bg) => {
    const a = fg.length > 3 ? fg[3] : 1;
    return [0, 1, 2].map((i) => fg[i] * a + bg[i] * (1 - a));
  };
  const luminance = (rgb) => 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
  const contrast = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const pageBackground = () => parse(getComputedStyle(document.body).backgroundColor);
"""


def sheet_url(base_url: str, sheet_id: str, locale: str) -> str:
    """The URL of a worksheet page in ``locale``."""
    return f"{base_url}{LOCALE_ROOTS[locale]}worksheets/{sheet_id}/"


# --- injection ----------------------------------------------------------------------------------


def canary_problems(
    browser: Any, base_url: str, locale: str, download_dir: Path, watch: Watch | None = None
) -> tuple[list[str], list[str]]:
    """Markup in every text field of introduction-request and of the contact map's table.

    Returns (problems, suggested download file names).
    """
    problems: list[str] = []
    names: list[str] = []
    watch = watch or Watch()
    context = new_context(browser, watch)
    try:
        for sheet_id in ("introduction-request", "contact-map"):
            sheet = SHEETS[sheet_id]
            page = open_worksheet(context, sheet_url(base_url, sheet_id, locale))
            values = _with_markup(sheet_id, locale)
            fill_values(page, sheet, values)
            _request, result = submit(page)
            if not result.get("ok"):
                problems.append(f"{sheet_id}: the markup values were refused: {result.get('errors')}")
                continue
            page.wait_for_selector(f"{MESSAGES} article[data-kind]")
            problems.extend(f"{sheet_id}: {p}" for p in page_problems(page, watch, strings(locale)["crash"]))
            problems.extend(f"{sheet_id}: {p}" for p in _outputs_as_text(page, result))
            for problem, name in _download_problems(page, result, download_dir):
                if problem:
                    problems.append(f"{sheet_id}: {problem}")
                names.append(name)
            blob_types = set(audit_state(page).get("blobTypes", []))
            if blob_types - BLOB_TYPES:
                problems.append(f"{sheet_id}: unexpected download types {sorted(blob_types - BLOB_TYPES)}")
            page.close()
        if watch.foreign():
            problems.append(f"requests left 127.0.0.1: {watch.foreign()[:3]}")
        if watch.page_errors:
            problems.append(f"script errors: {watch.page_errors[:3]}")
    finally:
        context.close()
    return problems, names


def _with_markup(sheet_id: str, locale: str) -> dict[str, object]:
    """The example with a markup payload in every text field (and in every text cell of a table)."""
    sheet = SHEETS[sheet_id]
    values = example(sheet, locale)
    payloads = [p for p in MARKUP_PAYLOADS if not p.url_ok]
    count = 0
    for spec in sheet.fields:
        if spec.kind in ("text", "textarea"):
            values[spec.id] = payloads[count % len(payloads)].text
            count += 1
        elif spec.kind == "url":
            values[spec.id] = BY_ID["url-with-markup"].text
        elif spec.kind == "table":
            for row in values[spec.id]:  # type: ignore[union-attr]
                for column in spec.columns:
                    if column.kind == "text":
                        row[column.id] = payloads[count % len(payloads)].text
                        count += 1
    return values


def _outputs_as_text(page: Any, result: dict[str, Any]) -> list[str]:
    """The page shows each body as text, character for character; mail links are encoded."""
    problems = []
    for output in result["outputs"]:
        article = page.locator(f'{MESSAGES} article[data-output-id="{output["id"]}"]')
        if article.locator("[data-out=body]").text_content() != output["body"]:
            problems.append(f"output {output['id']}: the page shows other text than the engine wrote")
        mail = article.locator("a[data-action=mailto]")
        if mail.count():
            href = str(mail.get_attribute("href"))
            if not href.startswith("mailto:?") or "<" in href or ">" in href or '"' in href:
                problems.append(f"output {output['id']}: unsafe mailto href {href[:80]!r}")
            query = parse_qs(urlsplit(href).query)
            if query.get("body", [""])[0].replace("\r\n", "\n") != output["body"]:
                problems.append(f"output {output['id']}: the mailto body is not the message")
    return problems


def _download_problems(page: Any, result: dict[str, Any], folder: Path) -> list[tuple[str, str]]:
    """Download every file an output offers; (problem or "", suggested name) for each."""
    found = []
    for output in result["outputs"]:
        article = page.locator(f'{MESSAGES} article[data-output-id="{output["id"]}"]')
        for action, download in downloads(article):
            name = download.suggested_filename
            path = folder / f"{output['id']}-{name}"
            download.save_as(path)
            problem = "" if DOWNLOAD_NAME.match(name) else f"unsafe download name {name!r}"
            if action == "download-eml" and not problem:
                mail = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
                extra = sorted(
                    {key.lower() for key in mail}
                    - {"subject", "x-unsent", "content-type", "content-transfer-encoding", "mime-version"}
                )
                if extra:
                    problem = f"{name}: extra mail headers {extra}"
            elif not problem and path.read_bytes().decode("utf-8") != output["body"]:
                problem = f"{name}: the file is not the message"
            found.append((problem, name))
    return found


def clear_scope(browser: Any, base_url: str, watch: Watch | None = None) -> list[str]:
    """Drafts of two worksheets, then "delete my entries" on one: the storage keys still there afterwards.

    Informational: the confirmation names "this worksheet", so the other
    sheet's draft staying is the designed behaviour, not a leak.
    """
    context = new_context(browser, watch or Watch())
    try:
        for sheet_id in ("introduction-request", "thanks"):
            page = open_worksheet(context, sheet_url(base_url, sheet_id, "de"))
            fill_values(page, SHEETS[sheet_id], example(SHEETS[sheet_id], "de"))
            page.wait_for_function("key => localStorage.getItem(key) !== null", arg=DRAFT_PREFIX + sheet_id)
            if sheet_id == "thanks":
                clear_entries(page)
                return sorted(key for key in page.evaluate("Object.keys(localStorage)") if key.startswith("worksheet-"))
            page.close()
    finally:
        context.close()
    return []


# --- CSP ----------------------------------------------------------------------------------------


def csp_blocks_injected_script(browser: Any, base_url: str) -> list[str]:
    """The shipped policy is in force: an inline script the page did not ship does not run."""
    problems = []
    context = new_context(browser, Watch())
    try:
        page = context.new_page()
        page.goto(base_url)
        with contextlib.suppress(Exception):  # Playwright reports the blocked script as an error: the point
            page.add_script_tag(content="window.__injected = 1;")
        if page.evaluate("typeof window.__injected") != "undefined":
            problems.append("an injected inline script ran: the CSP is not in force")
        if not any(v["directive"].startswith("script-src") for v in audit_state(page).get("csp", [])):
            problems.append("no securitypolicyviolation event for the injected script")
    finally:
        context.close()
    return problems


def instant_tour_problems(
    browser: Any, base_url: str, pages: list[SitePage], locale: str, watch: Watch | None = None
) -> list[str]:
    """Walk every page of ``locale`` by instant navigation from its home page: no reload, no CSP violation."""
    problems = []
    watch = watch or Watch()
    context = new_context(browser, watch)
    try:
        page = context.new_page()
        home = base_url + LOCALE_ROOTS[locale]
        page.goto(home)
        page.evaluate("window.__noReload = true")
        for site_page in pages:
            if site_page.locale != locale or site_page.path.endswith("404.html"):
                continue
            instant_visit(page, base_url + site_page.path)
            if page.evaluate("window.__noReload") is not True:
                problems.append(f"{site_page.id}: instant navigation reloaded the page")
                page.evaluate("window.__noReload = true")
            if site_page.sheet:
                page.wait_for_selector(f"{FORM}[data-worksheet-state=ready]", timeout=60_000)
        csp = audit_state(page).get("csp", [])
        problems.extend(f"CSP violation during instant navigation: {v}" for v in csp)
        if watch.foreign():
            problems.append(f"requests left 127.0.0.1: {watch.foreign()[:3]}")
        problems.extend(f"script error: {e}" for e in watch.page_errors)
    finally:
        context.close()
    return problems


# --- motion, focus, contrast --------------------------------------------------------------------


def motion_seconds(page: Any) -> float:
    """The longest transition or animation duration (seconds) on the page's interactive elements."""
    return float(
        page.evaluate(
            """(selector) => {
                const seconds = (value) => value.split(',').map((part) => {
                    const text = part.trim();
                    return text.endsWith('ms') ? parseFloat(text) / 1000 : parseFloat(text) || 0;
                });
                let longest = 0;
                for (const el of document.querySelectorAll(selector)) {
                    for (const pseudo of [null, '::before', '::after']) {
                        const style = getComputedStyle(el, pseudo);
                        const durations = [...seconds(style.transitionDuration), ...seconds(style.animationDuration)];
                        longest = Math.max(longest, ...durations);
                    }
                }
                return longest;
            }""",
            MOVING,
        )
    )


def reduced_motion_problems(browser: Any, base_url: str, paths: list[str]) -> list[str]:
    """With ``prefers-reduced-motion: reduce`` nothing moves for longer than 0.01 s (and without it, things do)."""
    problems = []
    for preference in ("reduce", "no-preference"):
        context = new_context(browser, Watch(), reduced_motion=preference)
        try:
            page = context.new_page()
            longest = 0.0
            for path in paths:
                page.goto(base_url + path)
                longest = max(longest, motion_seconds(page))
                if preference == "reduce":
                    behavior = page.evaluate("getComputedStyle(document.documentElement).scrollBehavior")
                    if behavior != "auto":
                        problems.append(f"/{path}: scroll-behavior is {behavior!r} with reduced motion")
            if preference == "reduce" and longest > REDUCED_MAX_SECONDS:
                problems.append(f"with reduced motion something still moves for {longest:.3f} s")
            if preference == "no-preference" and longest <= REDUCED_MAX_SECONDS:
                problems.append("nothing moves even without reduced motion: the check measures nothing")
        finally:
            context.close()
    return problems


def focus_problems(browser: Any, base_url: str, scheme: str, locale: str = "de") -> list[str]:
    """Tab from the top of a worksheet to its first field and to its submit button: a clear outline on each."""
    problems = []
    context = new_context(browser, Watch(), scheme=scheme)
    try:
        page = open_worksheet(context, sheet_url(base_url, "introduction-request", locale))
        page.keyboard.press("Tab")
        reached = {"field": False, "button": False}
        for _ in range(120):
            info = page.evaluate(
                "(() => {"
                + _LUMINANCE
                + """
                const el = document.activeElement;
                const style = getComputedStyle(el);
                const form = el.closest('form[data-worksheet]');
                const field = el.matches('input, textarea, select');
                const kind = !form ? '' : field ? 'field' : el.type === 'submit' ? 'button' : '';
                return { kind, name: el.name || el.textContent.trim().slice(0, 30), outline: style.outlineStyle,
                         width: parseFloat(style.outlineWidth) || 0,
                         contrast: contrast(blend(parse(style.outlineColor), pageBackground()), pageBackground()) };
            })()"""
            )
            if info["kind"] and not reached[info["kind"]]:
                reached[info["kind"]] = True
                if info["outline"] == "none" or info["width"] < 2:
                    seen = f"{info['outline']}, {info['width']}px"
                    problems.append(f"{scheme}: focused {info['name']!r} has no visible outline ({seen})")
                elif info["contrast"] < 3:
                    problems.append(
                        f"{scheme}: the focus outline of {info['name']!r} has contrast {info['contrast']:.2f}:1 (< 3:1)"
                    )
            if all(reached.values()):
                break
            page.keyboard.press("Tab")
        problems.extend(f"{scheme}: Tab never reached a worksheet {kind}" for kind, seen in reached.items() if not seen)
    finally:
        context.close()
    return problems


def hover_contrast_problems(browser: Any, base_url: str, scheme: str) -> list[str]:
    """Every worksheet button keeps 4.5:1 text contrast while the pointer is on it."""
    problems = []
    context = new_context(browser, Watch(), scheme=scheme)
    try:
        page = open_worksheet(context, sheet_url(base_url, "introduction-request", "de"))
        for selector in (f"{FORM} button[type=submit]", f"{FORM} [data-action=clear]"):
            page.hover(selector)
            page.evaluate("() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)))")
            ratio = page.evaluate(
                "(selector) => {"
                + _LUMINANCE
                + """
                const style = getComputedStyle(document.querySelector(selector));
                let back = parse(style.backgroundColor);
                back = back.length > 3 && back[3] === 0 ? pageBackground() : blend(back, pageBackground());
                const ratio = contrast(blend(parse(style.color), back), back);
                return { ratio, color: style.color, back: style.backgroundColor };
            }""",
                selector,
            )
            if ratio["ratio"] < 4.5:
                problems.append(
                    f"{scheme}: hovered {selector.split()[-1]} has text contrast {ratio['ratio']:.2f}:1 "
                    f"({ratio['color']} on {ratio['back']}; 4.5:1 needed)"
                )
    finally:
        context.close()
    return problems


# --- screen readers -----------------------------------------------------------------------------


def screen_reader_problems(browser: Any, base_url: str, locale: str) -> list[str]:
    """Status, errors and results reach assistive technology: live regions, aria-invalid, descriptions."""
    from playwright.sync_api import expect

    problems = []
    texts = strings(locale)
    context = new_context(browser, Watch())
    try:
        page = open_worksheet(context, sheet_url(base_url, "introduction-request", locale))

        def check(what: str, assertion: Any) -> None:
            try:
                assertion()
            except AssertionError as error:
                problems.append(f"{what}: {str(error).splitlines()[0][:160]}")

        status = page.locator("[data-ws-status]")
        check("status is a polite live region", lambda: expect(status).to_have_attribute("role", "status"))
        check("status is polite", lambda: expect(status).to_have_attribute("aria-live", "polite"))
        check("status says the engine is ready", lambda: expect(status).to_have_text(texts["ready"]))

        _request, result = submit(page)
        summary = page.locator("[data-ws-summary]")
        check("the error summary is an alert", lambda: expect(summary).to_have_attribute("role", "alert"))
        check("the error summary is shown", lambda: expect(summary).to_have_text(texts["invalid"]))
        first = next(iter(result.get("errors") or {"your_name": ""}))
        field = page.locator(control(first))
        message = (result.get("errors") or {}).get(first, "")
        check("the first invalid field gets the focus", lambda: expect(field).to_be_focused())
        check("the invalid field is aria-invalid", lambda: expect(field).to_have_attribute("aria-invalid", "true"))
        check(
            "the field's accessible description carries its error",
            lambda: expect(field).to_have_accessible_description(re.compile(re.escape(message))),
        )

        fill_values(page, SHEETS["introduction-request"], example(SHEETS["introduction-request"], locale))
        _request, result = submit(page)
        check(
            "a corrected field is no longer aria-invalid",
            lambda: expect(field).not_to_have_attribute("aria-invalid", "true"),
        )
        check("the summary goes away", lambda: expect(summary).to_be_hidden())
        article = page.locator(f"{MESSAGES} article[data-output-id]").first
        action_status = article.locator("[data-out=action-status]")
        check("the copy status is a live region", lambda: expect(action_status).to_have_attribute("role", "status"))
        article.locator("button[data-action=copy]").click()
        check("copying is announced", lambda: expect(action_status).to_have_text(texts["copied"]))
        body = article.locator("[data-out=body]")
        check(
            "a message body can be reached with the keyboard", lambda: expect(body).to_have_attribute("tabindex", "0")
        )
    finally:
        context.close()
    return problems
