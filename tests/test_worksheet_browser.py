"""The worksheet in headless Chromium: Pyodide in a worker, messages, exports, drafts, failures.

Booting Pyodide takes seconds, so one page per language is opened once per
module and shared by the tests below, in file order; each test sets the values
it relies on itself. Tests that need a broken site or a fresh page open their own.
"""

from __future__ import annotations

import email
import email.policy
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from babel.numbers import format_decimal
from playwright.sync_api import expect

from audit.browser import clear_entries
from macros.cldr import cldr_locale
from macros.contract import STORAGE
from macros.forms import strings
from tests.conftest import RecordedPage

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SHEET = "introduction-request"
DRAFT_KEY = STORAGE["draftPrefix"] + SHEET
BOOT_TIMEOUT = 60_000  # a cold Pyodide start takes about 5 s here; leave room for slow runners
TIMEOUT = 15_000
FORM = "form[data-worksheet]"
MESSAGES = "[data-ws-messages]"
PAGES = {"de": "worksheets/introduction-request/", "en": "en/worksheets/introduction-request/"}

# The required fields, plus the contact's first name that the default form of address needs.
VALUES = {
    "de": {
        "your_name": "Jana Beispiel",
        "pitch": "ich studiere Umweltinformatik im Master",
        "contact_first": "Anna",
        "target_first": "Kim",
        "target_last": "Weber",
        "organisation": "Grünwerk Consulting",
        "role": "Junior Consultant",
        "why_target": "Sie leiten das Team, in dem ich arbeiten möchte",
    },
    "en": {
        "your_name": "Jane Example",
        "pitch": "I am finishing a master's in environmental informatics",
        "contact_first": "Anna",
        "target_first": "Kim",
        "target_last": "Weber",
        "organisation": "Greenworks Consulting",
        "role": "Junior Consultant",
        "why_target": "You lead the team I would like to join",
    },
}
# Defaults: the contact by first name (du), the target by full name (Sie).
SALUTATIONS = {
    "de": {"note": "Hallo Anna,", "blurb": "Guten Tag Kim Weber,"},
    "en": {"note": "Hi Anna,", "blurb": "Dear Kim Weber,"},
}


@dataclass
class Sheet:
    """One worksheet page, booted once, shared by the tests of a language."""

    lang: str
    url: str
    site_url: str
    recorded: RecordedPage
    texts: dict[str, str]
    pristine_messages: str
    errors: list[str] = field(default_factory=list)

    @property
    def page(self) -> Any:
        return self.recorded.page


@pytest.fixture(scope="module", params=["de", "en"])
def sheet(request: pytest.FixtureRequest, browser: Any, instant_url: str) -> Iterator[Sheet]:
    """The worksheet page of one language, opened in a fresh context and ready."""
    lang = request.param
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"], accept_downloads=True)
    recorded = RecordedPage(context.new_page())
    page = recorded.page
    page.set_default_timeout(TIMEOUT)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    url = instant_url + PAGES[lang]
    page.goto(url)
    pristine = page.inner_html(MESSAGES)
    wait_ready(page)
    yield Sheet(lang, url, instant_url, recorded, strings(lang), pristine, errors)
    context.close()


# --- helpers ----------------------------------------------------------------------------------


def wait_ready(page: Any) -> None:
    page.wait_for_selector(f"{FORM}[data-worksheet-state=ready]", timeout=BOOT_TIMEOUT)


def control(name: str) -> str:
    return f'{FORM} [name="{name}"]'


def fill(page: Any, values: dict[str, str]) -> None:
    for name, value in values.items():
        page.fill(control(name), value)


def article(page: Any, output: str) -> Any:
    return page.locator(f'{MESSAGES} article[data-output-id="{output}"]')


def body_of(page: Any, output: str) -> str:
    return str(article(page, output).locator("[data-out=body]").text_content())


def wait_for_body(page: Any, output: str, text: str) -> str:
    """Wait until the output's body contains ``text`` and no run is on its way; return the body.

    A run starts on every keystroke, so an earlier answer may already contain
    ``text``; the body is read once the last answer is in.
    """
    expect(article(page, output).locator("[data-out=body]")).to_contain_text(text)
    page.wait_for_function("() => window.__worksheetEngine.pending.size === 0", timeout=TIMEOUT)
    return body_of(page, output)


def write_messages(sheet: Sheet, **changes: str) -> dict[str, str]:
    """Fill the form (messages in the page's language), submit, return the bodies by output id."""
    page = sheet.page
    wait_ready(page)
    values = {**VALUES[sheet.lang], **changes}
    fill(page, values)
    page.select_option(control("message_language"), sheet.lang)
    page.click(f"{FORM} button[type=submit]")
    wait_for_body(page, "note", values["your_name"])
    ids = page.eval_on_selector_all(f"{MESSAGES} article", "els => els.map(e => e.dataset.outputId)")
    return {output: body_of(page, output) for output in ids}


def clipboard(page: Any) -> str:
    return str(page.evaluate("navigator.clipboard.readText()"))


def expand_nav_to(page: Any, href_end: str) -> Any:
    link = page.locator(f'.md-sidebar--primary a.md-nav__link[href$="{href_end}"]').first
    if not link.is_visible():
        # The section's toggle sits beside its title link (navigation.indexes).
        section = f'.md-sidebar--primary .md-nav__item--nested:has(a[href$="{href_end}"])'
        page.click(f"{section} > .md-nav__container > label.md-nav__link")
    return link


# --- the engine and the messages ----------------------------------------------------------------


def test_engine_starts_once_in_a_worker(sheet: Sheet) -> None:
    page = sheet.page
    expect(page.locator(FORM)).to_have_attribute("data-worksheet-state", "ready")
    expect(page.locator("[data-ws-status]")).to_have_text(sheet.texts["ready"])
    assert page.evaluate("window.__worksheetWorkerBoots") == 1
    ready = page.evaluate("performance.getEntriesByName('worksheet-ready').map(e => e.detail.bootMs)")
    assert len(ready) == 1
    assert ready[0] > 0


def test_messages_are_written_in_the_page_language(sheet: Sheet) -> None:
    page = sheet.page
    values = VALUES[sheet.lang]
    # Typing alone writes the messages (no submit): the debounced run.
    fill(page, values)
    page.select_option(control("message_language"), sheet.lang)
    for output, salutation in SALUTATIONS[sheet.lang].items():
        body = wait_for_body(page, output, values["your_name"])
        assert body.startswith(salutation + "\n\n"), body
        assert values["organisation"] in body
        count = sheet.texts["characters"].replace("{count}", format_decimal(len(body), locale=cldr_locale(sheet.lang)))
        expect(article(page, output).locator("[data-out=count]")).to_have_text(count)
        expect(article(page, output).locator("[data-out=warnings]")).to_be_hidden()
    expect(page.locator("[data-ws-example-note]")).to_be_hidden()
    expect(page.locator("[data-ws-summary]")).to_be_hidden()
    expect(page.locator("[data-error-for]:visible")).to_have_count(0)


def test_copy_puts_the_body_on_the_clipboard(sheet: Sheet) -> None:
    page = sheet.page
    bodies = write_messages(sheet)
    for output, body in bodies.items():
        page.evaluate("navigator.clipboard.writeText('')")
        article(page, output).locator("button[data-action=copy]").click()
        expect(article(page, output).locator("[data-out=action-status]")).to_have_text(sheet.texts["copied"])
        assert clipboard(page) == body


def test_mail_link_and_downloads_carry_subject_and_body(sheet: Sheet) -> None:
    page = sheet.page
    bodies = write_messages(sheet)
    # Messages to send (the advice on how the organisation is named has no subject and no mail link).
    sendable = page.eval_on_selector_all(
        f"{MESSAGES} article[data-kind=message]", "els => els.map(e => e.dataset.outputId)"
    )
    assert sendable == ["note", "blurb"]
    for output in sendable:
        body = bodies[output]
        message = article(page, output)
        if message.get_attribute("data-kind") != "message":
            continue  # advice (e.g. how the messages name the organisation) has no mail link
        subject = str(message.locator("[data-out=subject]").text_content())
        assert subject

        query = parse_qs(urlsplit(str(message.locator("a[data-action=mailto]").get_attribute("href"))).query)
        assert query["subject"] == [subject]
        assert query["body"][0].replace("\r\n", "\n") == body

        with page.expect_download() as info:
            message.locator("button[data-action=download-eml]").click()
        assert info.value.suggested_filename.endswith(".eml")
        mail = email.message_from_bytes(Path(info.value.path()).read_bytes(), policy=email.policy.default)
        assert mail["subject"] == subject
        assert mail.get_content().replace("\r\n", "\n").removesuffix("\n") == body

        with page.expect_download() as info:
            message.locator("button[data-action=download-txt]").click()
        assert info.value.suggested_filename.endswith(".txt")
        assert Path(info.value.path()).read_text(encoding="utf-8") == body


@pytest.mark.parametrize(
    ("name", "pitch"),
    [
        ('<img src=x onerror="window.__pwned=1">', "<script>window.__pwned=2</script>"),
        ("Kim <b onmouseover=alert(1)>Bold</b> & Co", '"><svg onload="window.__pwned=3">'),
    ],
)
def test_typed_markup_stays_text(sheet: Sheet, name: str, pitch: str) -> None:
    page = sheet.page
    bodies = write_messages(sheet, your_name=name, pitch=pitch)
    blurb = bodies["blurb"]
    assert name in blurb
    assert pitch in blurb
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator(f"{MESSAGES} :is(img, script, svg, b)").count() == 0


def test_a_missing_required_field_is_marked_and_focused(sheet: Sheet) -> None:
    page = sheet.page
    write_messages(sheet)
    page.fill(control("organisation"), "")
    page.click(f"{FORM} button[type=submit]")

    error = page.locator('[data-field="organisation"] [data-error-for="organisation"]')
    expect(error).to_be_visible()
    expect(error).not_to_have_text("")
    field = page.locator(control("organisation"))
    expect(field).to_have_attribute("aria-invalid", "true")
    assert str(error.get_attribute("id")) in str(field.get_attribute("aria-describedby")).split()
    expect(field).to_be_focused()
    expect(page.locator("[data-ws-summary]")).to_have_text(sheet.texts["invalid"])
    expect(page.locator("[data-error-for]:visible")).to_have_count(1)

    page.fill(control("organisation"), VALUES[sheet.lang]["organisation"])
    expect(error).to_be_hidden()
    expect(field).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("[data-ws-summary]")).to_be_hidden()


def test_errors_wait_until_a_field_was_touched(sheet: Sheet) -> None:
    """While typing, only fields the reader has been to show their errors; submit shows all."""
    page = sheet.page
    clear_entries(page)
    page.fill(control("your_name"), "Jana")
    page.fill(control("your_name"), "")
    expect(page.locator('[data-error-for="your_name"]')).to_be_visible()
    expect(page.locator("[data-error-for]:visible")).to_have_count(1)
    expect(page.locator("[data-ws-summary]")).to_be_hidden()
    page.click(f"{FORM} button[type=submit]")
    expect(page.locator("[data-ws-summary]")).to_be_visible()
    assert page.locator("[data-error-for]:visible").count() > 1
    expect(page.locator(control("your_name"))).to_be_focused()


def test_keyboard_alone_fills_submits_and_copies(sheet: Sheet) -> None:
    page = sheet.page
    values = {**VALUES[sheet.lang], "your_name": "Tastatur Nutzerin" if sheet.lang == "de" else "Keyboard User"}
    page.focus(control("your_name"))
    for _ in range(60):
        active = page.evaluate("({name: document.activeElement.name, type: document.activeElement.type})")
        if active["type"] == "submit":
            break
        if active["name"] in values:
            page.keyboard.press("Control+A")
            page.keyboard.type(values[active["name"]])
        page.keyboard.press("Tab")
    else:
        pytest.fail("Tab never reached the submit button")
    page.keyboard.press("Enter")
    bodies = [wait_for_body(page, "note", values["your_name"]), body_of(page, "blurb")]

    for key, body in zip(["Enter", "Space"], bodies, strict=True):
        page.evaluate("navigator.clipboard.writeText('')")
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.dataset.action") == "copy":
                break
        else:
            pytest.fail("Tab never reached a copy button")
        page.keyboard.press(key)
        status = page.locator(f"{MESSAGES} article:has(button[data-action=copy]:focus) [data-out=action-status]")
        expect(status).to_have_text(sheet.texts["copied"])
        assert clipboard(page) == body


# --- drafts -----------------------------------------------------------------------------------


def test_draft_survives_reload_and_instant_navigation(sheet: Sheet) -> None:
    page = sheet.page
    values = {**VALUES[sheet.lang], "your_name": f"Entwurf {sheet.lang}"}
    fill(page, values)
    page.wait_for_function(
        "([key, name]) => (localStorage.getItem(key) || '').includes(name)", arg=[DRAFT_KEY, values["your_name"]]
    )
    draft = json.loads(page.evaluate("key => localStorage.getItem(key)", DRAFT_KEY))
    assert draft["version"] == int(page.get_attribute(FORM, "data-spec-version"))
    assert draft["values"]["your_name"] == values["your_name"]

    page.reload()
    expect(page.locator("[data-ws-status]")).to_contain_text(sheet.texts["draft_restored"])
    for name, value in values.items():
        expect(page.locator(control(name))).to_have_value(value)
    wait_ready(page)
    wait_for_body(page, "note", values["your_name"])
    assert page.evaluate("window.__worksheetWorkerBoots") == 1

    page.evaluate("window.__marker = 'no reload'")
    expand_nav_to(page, "/article/").click()
    page.wait_for_url(sheet.site_url + PAGES[sheet.lang].replace("worksheets/introduction-request/", "article/"))
    expect(page.locator(FORM)).to_have_count(0)
    assert page.evaluate("window.__marker") == "no reload", "going to the article reloaded the page"

    expand_nav_to(page, "/worksheets/introduction-request/").click()
    page.wait_for_url(sheet.url)
    expect(page.locator(f"{FORM}[data-ws-bound]")).to_have_count(1)
    assert page.evaluate("window.__marker") == "no reload", "coming back to the worksheet reloaded the page"
    expect(page.locator(FORM)).to_have_attribute("data-worksheet-state", "ready")
    for name, value in values.items():
        expect(page.locator(control(name))).to_have_value(value)
    expect(page.locator("[data-ws-status]")).to_contain_text(sheet.texts["draft_restored"])
    wait_for_body(page, "note", values["your_name"])
    assert page.evaluate("window.__worksheetWorkerBoots") == 1


@pytest.mark.parametrize(
    ("stored", "aside"),
    [
        (json.dumps({"version": 0, "values": {"your_name": "Alte Version"}, "saved": 1}), ":v0"),
        ("{not json", ":corrupt"),
        (json.dumps({"version": 1, "values": ["your_name"]}), ":corrupt"),
    ],
    ids=["old-version", "not-json", "wrong-shape"],
)
def test_an_unusable_draft_is_set_aside(sheet: Sheet, stored: str, aside: str) -> None:
    page = sheet.page
    clear_entries(page)  # so that leaving the page does not save the current entries over the seed
    page.evaluate("([key, value]) => { localStorage.clear(); localStorage.setItem(key, value); }", [DRAFT_KEY, stored])
    page.reload()
    expect(page.locator("[data-ws-status]")).to_contain_text(sheet.texts["draft_set_aside"])
    stored_now = page.evaluate("() => Object.fromEntries(Object.entries(localStorage))")
    assert stored_now.get(DRAFT_KEY + aside) == stored
    assert DRAFT_KEY not in stored_now
    expect(page.locator(control("your_name"))).to_have_value("")
    expect(page.locator("[data-ws-example-note]")).to_be_visible()


def test_a_full_storage_is_reported_and_the_sheet_keeps_working(sheet: Sheet) -> None:
    page = sheet.page
    status = page.locator("[data-ws-status]")
    write_messages(sheet)
    page.evaluate(
        """() => {
            window.__setItem = Storage.prototype.setItem;
            Storage.prototype.setItem = () => { throw new DOMException("full", "QuotaExceededError"); };
        }"""
    )
    try:
        page.fill(control("role"), "Data Analyst")
        expect(status).to_contain_text(sheet.texts["storage_full"])
        wait_for_body(page, "note", "Data Analyst")
    finally:
        page.evaluate("() => { Storage.prototype.setItem = window.__setItem; }")
    page.fill(control("role"), VALUES[sheet.lang]["role"])
    expect(status).not_to_contain_text(sheet.texts["storage_full"])


def test_clear_deletes_every_draft_after_confirmation(sheet: Sheet) -> None:
    page = sheet.page
    write_messages(sheet)
    page.evaluate("key => localStorage.setItem(key + ':v0', '{}')", DRAFT_KEY)
    drafts = "key => Object.keys(localStorage).filter(k => k === key || k.startsWith(key + ':')).length"

    before = page.evaluate(drafts, DRAFT_KEY)
    assert before >= 2
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click(f"{FORM} [data-action=clear]")
    assert page.evaluate(drafts, DRAFT_KEY) == before
    expect(page.locator(control("your_name"))).to_have_value(VALUES[sheet.lang]["your_name"])

    asked = clear_entries(page)
    expect(page.locator("[data-ws-status]")).to_contain_text(sheet.texts["cleared"])
    assert asked == [sheet.texts["confirm_clear"]]
    assert page.evaluate(drafts, DRAFT_KEY) == 0
    expect(page.locator(control("your_name"))).to_have_value("")
    default = "el => [...el.options].find(option => option.defaultSelected).value"
    expect(page.locator(control("message_language"))).to_have_value(
        page.eval_on_selector(control("message_language"), default)
    )
    expect(page.locator("[data-ws-example-note]")).to_be_visible()
    assert page.inner_html(MESSAGES) == sheet.pristine_messages


def test_everything_stayed_on_127_0_0_1_without_script_errors(sheet: Sheet) -> None:
    assert sheet.recorded.foreign_requests() == []
    assert sheet.errors == []


# --- how the answers travel --------------------------------------------------------------------

# Counts the answers that reach the page on its own BroadcastChannel, or removes
# BroadcastChannel altogether (as in browsers without it).
ANSWER_CHANNEL = {
    "channel": """
        window.__answersOnChannel = 0;
        const Channel = window.BroadcastChannel;
        window.BroadcastChannel = class extends Channel {
          constructor(name) {
            super(name);
            if (String(name).startsWith("worksheet-answers:")) {
              this.addEventListener("message", () => { window.__answersOnChannel += 1; });
            }
          }
        };
    """,
    "no channel": "window.__answersOnChannel = 0; delete window.BroadcastChannel;",
}


@pytest.mark.parametrize("way", sorted(ANSWER_CHANNEL))
def test_answers_come_on_the_pages_own_channel_or_else_the_ordinary_way(
    browser: Any, instant_url: str, way: str
) -> None:
    context = browser.new_context()
    context.add_init_script(ANSWER_CHANNEL[way])
    recorded = RecordedPage(context.new_page())
    page = recorded.page
    page.set_default_timeout(TIMEOUT)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(instant_url + PAGES["en"])
        wait_ready(page)
        fill(page, VALUES["en"])
        body = wait_for_body(page, "note", VALUES["en"]["your_name"])
        assert body.startswith(SALUTATIONS["en"]["note"]), body
        answers = page.evaluate("window.__answersOnChannel")
        if way == "channel":
            assert answers > 0
        else:
            assert page.evaluate("typeof window.BroadcastChannel") == "undefined"
            assert answers == 0
        assert errors == []
        assert recorded.foreign_requests() == []
    finally:
        context.close()


# --- the engine cannot start --------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_broken_runtime_is_reported_and_keeps_the_entries(
    browser: Any, site_copy: Callable[[], Path], serve: Callable[[Path], str], lang: str
) -> None:
    site = site_copy()
    for name in ("pyodide.asm.wasm", "pyodide.asm.wasm.br"):  # the fast start's and the fallback's
        (site / "assets" / "pyodide" / name).unlink()
    context = browser.new_context()
    recorded = RecordedPage(context.new_page())
    page = recorded.page
    try:
        page.goto(serve(site) + PAGES[lang])
        page.fill(control("your_name"), VALUES[lang]["your_name"])
        page.wait_for_selector(f"{FORM}[data-worksheet-state=error]", timeout=30_000)
        expect(page.locator("[data-ws-status]")).to_contain_text(strings(lang)["error"])
        expect(page.locator(control("your_name"))).to_have_value(VALUES[lang]["your_name"])
        expect(page.locator(control("your_name"))).to_be_editable()
        # The search, held back until Python is ready, starts as soon as it has failed
        # (sooner than its own fallback, 4 s after the page opened).
        page.click("input.md-search__input")
        page.locator("input.md-search__input").press_sequentially("alumnus")
        expect(page.locator(".md-search-result__link").first).to_be_visible(timeout=2_500)
        assert recorded.foreign_requests() == []
    finally:
        context.close()
