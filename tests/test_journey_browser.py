"""One journey through the worksheets in headless Chromium: details typed once, the ranked
contact to the request, the follow-up's calendar file, sharing, and the messages in view.

Every test starts in a fresh browser context (empty storage); "a fresh
navigation" is a full page load, not instant navigation.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import icalendar
import pytest
from playwright.sync_api import expect

from macros.contract import STORAGE
from macros.forms import sheet_titles, strings
from tests.conftest import RecordedPage

pytestmark = pytest.mark.browser

BOOT_TIMEOUT = 60_000
TIMEOUT = 15_000
FORM = "form[data-worksheet]"
MESSAGES = "[data-ws-messages]"
LANGS = ("de", "en")
PREFIX = {"de": "", "en": "en/"}
NAMES = {"de": "Jana Müller-Lüdenscheidt", "en": "Siobhán O’Connor-Smith"}
INTRO = {
    "de": {
        "pitch": "ich studiere Umweltinformatik im Master",
        "contact_first": "Anna",
        "target_first": "Kim",
        "target_last": "Weber",
        "organisation": "Max-Planck-Institut für Informatik",
        "role": "Doktorandenprogramm",
        "why_target": "Sie leiten die Gruppe, deren Arbeit ich seit zwei Jahren verfolge",
    },
    "en": {
        "pitch": "I am finishing a master's in environmental informatics",
        "contact_first": "Anna",
        "target_first": "Kim",
        "target_last": "Weber",
        "organisation": "Imperial College London",
        "role": "Junior Consultant",
        "why_target": "You lead the team I would like to join",
    },
}
FOLLOW_UP = {
    "de": {"topic": "die Vorstellung bei Dr. Kim Weber"},
    "en": {"topic": "the introduction to Dr Kim Weber"},
}


def url(base: str, lang: str, sheet: str) -> str:
    return f"{base}{PREFIX[lang]}worksheets/{sheet}/"


def control(name: str) -> str:
    return f'{FORM} [name="{name}"]'


def wait_ready(page: Any) -> None:
    page.wait_for_selector(f"{FORM}[data-worksheet-state=ready]", timeout=BOOT_TIMEOUT)


def settle(page: Any) -> None:
    page.wait_for_function("() => window.__worksheetEngine.pending.size === 0", timeout=TIMEOUT)


def article(page: Any, output: str) -> Any:
    return page.locator(f'{MESSAGES} article[data-output-id="{output}"]')


def drafts(page: Any) -> dict[str, Any]:
    return page.evaluate(
        """(prefix) => Object.fromEntries(Object.keys(localStorage)
            .filter(k => k.startsWith(prefix))
            .map(k => [k.slice(prefix.length), JSON.parse(localStorage.getItem(k))]))""",
        STORAGE["draftPrefix"],
    )


@pytest.fixture
def open_sheet(context: Any) -> Iterator[Any]:
    """Open a worksheet page in the test's context (fresh storage); collect script errors."""
    errors: list[str] = []
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.on("pageerror", lambda error: errors.append(str(error)))

    def go(address: str, ready: bool = True) -> Any:
        page.goto(address)
        if ready:
            wait_ready(page)
        return page

    go.page = page  # type: ignore[attr-defined]
    yield go
    assert errors == []


# --- 1. details typed once ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_name_typed_in_the_request_is_filled_in_the_follow_up(open_sheet: Any, instant_url: str, lang: str) -> None:
    texts, titles = strings(lang), sheet_titles(lang)
    page = open_sheet(url(instant_url, lang, "introduction-request"), ready=False)
    page.fill(control("your_name"), NAMES[lang])
    page.fill(control("contact_first"), "Anna")
    page.fill(control("contact_last"), "von der Heide")

    open_sheet(url(instant_url, lang, "follow-up"), ready=False)  # a fresh navigation
    expect(page.locator(control("your_name"))).to_have_value(NAMES[lang])
    expect(page.locator(control("contact_last"))).to_have_value("von der Heide")
    source = texts["shared_from"].format(sheet=titles["sheet:introduction-request"])
    note = page.locator('[data-shared-note="your_name"]')
    expect(note).to_be_visible()
    expect(note).to_contain_text(source)
    expect(page.locator('[data-shared-note="contact"]')).to_contain_text(source)
    # A detail not yet typed anywhere gets no note.
    expect(page.locator('[data-shared-note="message_language"]')).to_be_hidden()

    # Python validates and writes with it, as with a typed value; it survives a reload.
    page.fill(control("topic"), FOLLOW_UP[lang]["topic"])
    page.fill(control("sent_on"), "2026-11-02")
    page.fill(control("today"), "2026-11-12")
    wait_ready(page)
    expect(article(page, "nudge").locator("[data-out=body]")).to_contain_text(NAMES[lang])
    page.reload()
    expect(page.locator(control("your_name"))).to_have_value(NAMES[lang])
    expect(page.locator('[data-shared-note="your_name"]')).to_contain_text(source)


@pytest.mark.parametrize("lang", LANGS)
def test_a_shared_detail_can_be_kept_for_one_worksheet(open_sheet: Any, instant_url: str, lang: str) -> None:
    texts = strings(lang)
    page = open_sheet(url(instant_url, lang, "introduction-request"), ready=False)
    page.fill(control("your_name"), NAMES[lang])
    open_sheet(url(instant_url, lang, "thanks"), ready=False)
    note = page.locator('[data-shared-note="your_name"]')
    toggle = note.locator("[data-action=shared-toggle]")
    expect(toggle).to_have_text(texts["shared_detach"])
    toggle.click()
    expect(note).to_contain_text(texts["shared_own"])
    expect(toggle).to_have_text(texts["shared_attach"])
    expect(toggle).to_be_focused()
    page.fill(control("your_name"), "J. M.-L.")

    # The other worksheets keep the shared value; this one keeps its own, also after a reload.
    open_sheet(url(instant_url, lang, "follow-up"), ready=False)
    expect(page.locator(control("your_name"))).to_have_value(NAMES[lang])
    open_sheet(url(instant_url, lang, "thanks"), ready=False)
    expect(page.locator(control("your_name"))).to_have_value("J. M.-L.")
    expect(note).to_contain_text(texts["shared_own"])

    # Typed in another worksheet later, the change reaches every worksheet that shares it.
    open_sheet(url(instant_url, lang, "follow-up"), ready=False)
    page.fill(control("your_name"), "Jana M.")
    open_sheet(url(instant_url, lang, "introduction-request"), ready=False)
    expect(page.locator(control("your_name"))).to_have_value("Jana M.")
    open_sheet(url(instant_url, lang, "thanks"), ready=False)
    expect(page.locator(control("your_name"))).to_have_value("J. M.-L.")
    toggle.click()  # use the shared details again
    expect(page.locator(control("your_name"))).to_have_value("Jana M.")
    assert "your_name" not in drafts(page)["thanks"]["own"]


def test_an_emptied_field_is_not_emptied_elsewhere(open_sheet: Any, instant_url: str) -> None:
    page = open_sheet(url(instant_url, "de", "introduction-request"), ready=False)
    page.fill(control("your_name"), NAMES["de"])
    open_sheet(url(instant_url, "de", "follow-up"), ready=False)
    page.fill(control("your_name"), "")
    open_sheet(url(instant_url, "de", "introduction-request"), ready=False)
    expect(page.locator(control("your_name"))).to_have_value(NAMES["de"])


# --- 2. from the contact map to the request -------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_a_ranked_contact_opens_a_filled_request(open_sheet: Any, instant_url: str, lang: str) -> None:
    texts, titles = strings(lang), sheet_titles(lang)
    page = open_sheet(url(instant_url, lang, "contact-map"))
    page.fill(control("organisation"), "Technische Universität München")
    page.fill(control("contacts.1.name"), "Tom Richter")
    page.fill(control("contacts.2.name"), "Prof. Dr. Ursula von der Leyen")
    page.fill(control("contacts.2.knows"), "Dr. Kim Weber")
    label = {"de": "Prof. Dr. Ursula von der Leyen um eine Vorstellung bitten"}.get(
        lang, "Ask Prof. Dr. Ursula von der Leyen for an introduction"
    )
    link = article(page, "ranking").get_by_role("link", name=label)
    expect(link).to_be_visible()
    settle(page)
    # The contact who knows someone at the target ranks first, and comes first.
    expect(article(page, "ranking").locator("[data-out=links] a").first).to_have_text(label)
    link.click()
    page.wait_for_url(url(instant_url, lang, "introduction-request"))
    expected = {
        "contact_first": "Ursula",
        "contact_last": "von der Leyen",
        "contact_title": "prof",
        "organisation": "Technische Universität München",
    }
    for name, value in expected.items():
        expect(page.locator(control(name))).to_have_value(value)
    source = texts["shared_from"].format(sheet=titles["sheet:contact-map"])
    expect(page.locator('[data-shared-note="contact"]')).to_contain_text(source)
    page.reload()
    for name, value in expected.items():
        expect(page.locator(control(name))).to_have_value(value)
    expect(page.locator('[data-shared-note="organisation"]')).to_contain_text(source)


def open_follow_up(open_sheet: Any, instant_url: str, lang: str) -> Any:
    """The follow-up sheet in ``lang``, filled in: a message sent on 2 December, today the 3rd."""
    page = open_sheet(url(instant_url, lang, "follow-up"))
    page.fill(control("topic"), FOLLOW_UP[lang]["topic"])
    page.fill(control("sent_on"), "2026-12-02")
    page.fill(control("today"), "2026-12-03")
    page.fill(control("contact_first"), "Anna")
    page.fill(control("your_name"), NAMES[lang])
    return page


# --- 3. the follow-up's calendar file -------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_follow_up_days_download_as_a_calendar_file(
    open_sheet: Any, instant_url: str, lang: str, tmp_path: Path
) -> None:
    page = open_follow_up(open_sheet, instant_url, lang)
    page.select_option(control("message_language"), lang)
    calendar = article(page, "calendar")
    expect(calendar.locator("[data-out=body]")).to_contain_text(
        {
            "de": "Freitag, 11. Dezember 2026 – Bei Anna nachfassen",
            "en": "Friday, 11 December 2026 – Follow up with Anna",
        }[lang]
    )
    settle(page)
    button = calendar.locator("[data-action=download-txt]")
    expect(button).to_have_text(strings(lang)["download_file"].format(filename="follow-up.ics"))
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "follow-up.ics"
    target = tmp_path / "follow-up.ics"
    download.save_as(target)
    raw = target.read_bytes()
    assert b"\r\n" in raw
    assert b"\n" not in raw.replace(b"\r\n", b"")
    events = list(icalendar.Calendar.from_ical(raw.decode("utf-8")).walk("VEVENT"))
    assert [event.decoded("DTSTART") for event in events] == [
        dt.date(2026, 12, 11),
        dt.date(2026, 12, 22),
        dt.date(2026, 12, 31),
    ]
    summary = {"de": "Bei Anna nachfassen: die Vorstellung", "en": "Follow up with Anna: the introduction"}[lang]
    assert all(str(event["SUMMARY"]).startswith(summary) for event in events)
    assert all(event["SUMMARY"].params["LANGUAGE"] == lang for event in events)
    stamp = events[0].decoded("DTSTAMP")
    assert abs((dt.datetime.now(dt.UTC) - stamp).total_seconds()) < 300


# --- 4. share on phones ----------------------------------------------------------------------------------

STUB_SHARE = """
    window.__shared = [];
    const outcome = () => window.__shareOutcome || 'ok';
    Navigator.prototype.canShare = function (data) { return typeof data.text === 'string'; };
    Navigator.prototype.share = function (data) {
        window.__shared.push(data);
        if (outcome() === 'abort') return Promise.reject(new DOMException('closed', 'AbortError'));
        if (outcome() === 'fail') return Promise.reject(new DOMException('denied', 'NotAllowedError'));
        return Promise.resolve();
    };
"""
NO_SHARE = "delete Navigator.prototype.share; delete Navigator.prototype.canShare;"


def write_intro(page: Any, lang: str) -> None:
    page.fill(control("your_name"), NAMES[lang])
    for name, value in INTRO[lang].items():
        page.fill(control(name), value)
    page.select_option(control("message_language"), lang)
    expect(article(page, "note").locator("[data-out=body]")).to_contain_text(NAMES[lang])
    settle(page)


@pytest.mark.parametrize("lang", LANGS)
def test_share_hands_the_text_and_subject_to_the_system(
    context: Any, open_sheet: Any, instant_url: str, lang: str
) -> None:
    context.add_init_script(STUB_SHARE)
    page = open_sheet(url(instant_url, lang, "introduction-request"))
    write_intro(page, lang)
    messages = page.eval_on_selector_all(f"{MESSAGES} article[data-kind=message]", "els => els.length")
    assert messages >= 2  # the note to the contact and the blurb
    assert page.locator(f"{MESSAGES} article[data-kind=message] [data-action=share]").count() == messages
    assert page.locator(f"{MESSAGES} article:not([data-kind=message]) [data-action=share]").count() == 0
    blurb = article(page, "blurb")
    blurb.locator("[data-action=share]").click()
    page.wait_for_function("() => window.__shared.length === 1")
    (shared,) = page.evaluate("window.__shared")
    assert shared["text"] == blurb.locator("[data-out=body]").text_content()
    assert shared["title"] == blurb.locator("[data-out=subject]").text_content()
    assert shared["title"]

    status = blurb.locator("[data-out=action-status]")
    page.evaluate("window.__shareOutcome = 'abort'")
    blurb.locator("[data-action=share]").click()
    page.wait_for_function("() => window.__shared.length === 2")
    page.wait_for_timeout(300)
    expect(status).to_have_text("")  # the reader closed the share sheet: nothing to say
    page.evaluate("window.__shareOutcome = 'fail'")
    blurb.locator("[data-action=share]").click()
    expect(status).to_have_text(strings(lang)["share_failed"])


@pytest.mark.parametrize("lang", LANGS)
def test_without_web_share_there_is_no_share_button(context: Any, open_sheet: Any, instant_url: str, lang: str) -> None:
    context.add_init_script(NO_SHARE)
    page = open_sheet(url(instant_url, lang, "introduction-request"))
    write_intro(page, lang)
    assert page.locator(f"{MESSAGES} [data-action=share]").count() == 0
    expect(article(page, "note").locator("[data-action=copy]")).to_be_visible()


# --- 5. the messages in view while typing -----------------------------------------------------------------


def in_view(page: Any, selector: str) -> bool:
    """The element's box lies inside the viewport and it is what the browser shows at its centre."""
    return bool(
        page.eval_on_selector(
            selector,
            """el => {
                const box = el.getBoundingClientRect();
                if (!box.width || !box.height) return false;
                if (box.top < 0 || box.left < 0 || box.bottom > innerHeight || box.right > innerWidth) return false;
                // The middle of its first line (a wrapped inline element has gaps in its box).
                const line = el.getClientRects()[0];
                const hit = document.elementFromPoint(line.left + line.width / 2, line.top + line.height / 2);
                return hit === el || el.contains(hit);
            }""",
        )
    )


@pytest.mark.parametrize("lang", LANGS)
def test_at_1440_the_first_subject_stays_in_view_at_the_last_field(browser: Any, instant_url: str, lang: str) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        page.goto(url(instant_url, lang, "introduction-request"))
        wait_ready(page)
        write_intro(page, lang)
        last = page.eval_on_selector(FORM, "form => [...form.elements].filter(e => e.name).at(-1).name")
        assert last == "channel"
        page.focus(control(last))
        settle(page)
        expect(page.locator(control(last))).to_be_focused()
        assert in_view(page, control(last))
        subject = f"{MESSAGES} article:first-child [data-out=subject]"
        expect(page.locator(subject)).not_to_be_empty()
        assert in_view(page, subject)
        form = page.locator(FORM).bounding_box()
        output = page.locator("[data-ws-output]").bounding_box()
        assert output["x"] >= form["x"] + form["width"]  # side by side
        # Keyboard and screen-reader order: the form, then the messages.
        assert page.evaluate(
            "() => !!(document.querySelector('form[data-worksheet]').compareDocumentPosition("
            "document.querySelector('[data-ws-output]')) & Node.DOCUMENT_POSITION_FOLLOWING)"
        )
        # Print stays as it was: one column, nothing sticky, no jump links.
        page.emulate_media(media="print")
        root = page.eval_on_selector(
            "[data-ws-root]",
            "el => [getComputedStyle(el).display, getComputedStyle(el.querySelector('.ws-output')).position]",
        )
        assert root == ["block", "static"]
    finally:
        context.close()


def boxes(page: Any) -> dict[str, Any]:
    return page.evaluate(
        """() => Object.fromEntries(['.ws-title', '.ws-form', '.ws-output', '.ws-output h2'].map(s => {
            const b = document.querySelector(s).getBoundingClientRect();
            return [s, [b.x, b.y + scrollY, b.width]];
        }))"""
    )


@pytest.mark.parametrize(("width", "height"), [(1440, 900), (390, 844)])
def test_nothing_moves_when_python_starts(browser: Any, instant_url: str, width: int, height: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        page.goto(url(instant_url, "de", "introduction-request"), wait_until="domcontentloaded")
        assert page.get_attribute(FORM, "data-worksheet-state") == "loading"
        before = boxes(page)
        wait_ready(page)
        page.wait_for_timeout(300)
        assert boxes(page) == before
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_on_a_phone_a_jump_leads_to_the_messages_and_back(phone: RecordedPage, instant_url: str, lang: str) -> None:
    page = phone.page
    page.set_default_timeout(TIMEOUT)
    page.goto(url(instant_url, lang, "introduction-request"))
    wait_ready(page)
    jump = page.locator(".ws-jump:not(.ws-jump--back) a")
    expect(jump).to_be_visible()
    # Right after the form's first group.
    assert (
        page.eval_on_selector(".ws-jump:not(.ws-jump--back)", "el => el.previousElementSibling.dataset.group") == "you"
    )
    # A reader taps once Material runs, which has made every href absolute by then
    # (a jump matched by href^='#' was left to Material, which at times did not scroll).
    page.wait_for_function("() => window.document$ !== undefined")
    jump.click()
    heading = page.locator("[data-ws-output] h2")
    expect(heading).to_be_focused()
    page.wait_for_function(
        "() => { const b = document.querySelector('[data-ws-output] h2').getBoundingClientRect();"
        " return b.top >= 0 && b.top < 200; }"
    )
    expect(heading).to_be_in_viewport()
    back = page.locator(".ws-jump--back a")
    expect(back).to_be_in_viewport()
    back.click()
    expect(jump).to_be_focused()
    expect(jump).to_be_in_viewport()
    # One column on a phone: the messages below the form.
    form, output = page.locator(FORM).bounding_box(), page.locator("[data-ws-output]").bounding_box()
    assert output["y"] >= form["y"] + form["height"]


# --- the overview and deleting everything ------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_overview_shows_entries_and_the_next_step_without_python(
    context: Any, open_sheet: Any, instant_url: str, lang: str
) -> None:
    page = open_follow_up(open_sheet, instant_url, lang)
    expect(article(page, "calendar")).to_be_visible()
    settle(page)
    recorded = RecordedPage(page)
    page.goto(f"{instant_url}{PREFIX[lang]}worksheets/")
    overview = page.locator("[data-ws-overview]")
    expect(overview).to_be_visible()
    step = {"de": "Fassen Sie am Freitag, 11. Dezember 2026 nach.", "en": "Follow up on Friday, 11 December 2026."}[
        lang
    ]
    expect(overview.locator("[data-next-step-text]")).to_have_text(step)
    expect(overview.locator('[data-sheet="follow-up"]')).to_have_attribute("data-entries", "yes")
    expect(overview.locator('[data-sheet="thanks"]')).to_have_attribute("data-entries", "no")
    expect(overview.locator('[data-sheet="thanks"] [data-sheet-state]')).to_have_text(
        {"de": "noch keine Eingaben", "en": "no entries yet"}[lang]
    )
    link = overview.locator("[data-next-step-link]")
    expect(link).to_have_attribute("href", re.compile(f"/{PREFIX[lang]}worksheets/follow-up/$"))
    # No Python on this page.
    assert page.evaluate("window.__worksheetWorkerBoots || 0") == 0
    assert not [address for address in recorded.requests if "pyodide" in address or address.endswith(".mjs")]

    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    overview.locator("[data-action=clear-all]").click()
    assert asked == [strings(lang)["confirm_clear_all"]]
    assert drafts(page) == {}
    expect(overview.locator('[data-sheet="follow-up"]')).to_have_attribute("data-entries", "no")
    expect(overview.locator("[data-next-step-text]")).to_have_text(
        {"de": "Beginnen Sie mit „Bin ich bereit?“.", "en": "Start with “Am I ready?”."}[lang]
    )


@pytest.mark.parametrize("lang", LANGS)
def test_delete_my_entries_here_or_everywhere_says_which(open_sheet: Any, instant_url: str, lang: str) -> None:
    texts = strings(lang)
    page = open_sheet(url(instant_url, lang, "introduction-request"), ready=False)
    page.fill(control("your_name"), NAMES[lang])
    page = open_sheet(url(instant_url, lang, "follow-up"), ready=False)
    page.fill(control("topic"), FOLLOW_UP[lang]["topic"])
    assert set(drafts(page)) == {"introduction-request", "follow-up"}

    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.click(f"{FORM} [data-action=clear]")
    assert asked == [texts["confirm_clear"]]
    assert set(drafts(page)) == {"introduction-request"}

    page.fill(control("topic"), FOLLOW_UP[lang]["topic"])
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.click(f"{FORM} [data-action=clear-all]")
    assert asked[1] == texts["confirm_clear_all"]
    assert drafts(page) == {}
    expect(page.locator(control("topic"))).to_have_value("")
    expect(page.locator("[data-ws-status]")).to_contain_text(texts["cleared_all"])
    assert json.dumps(page.evaluate("Object.keys(localStorage)")) == "[]"
