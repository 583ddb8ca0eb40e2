"""The worksheet form rendered at build time: labels, descriptions, escaping, example."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from conftest import LOCALES

from macros.forms import render_worksheet, strings
from worksheets.sheets import SHEETS
from worksheets.spec import Choice, Field, Group, Worksheet

SHEET = SHEETS["introduction-request"]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def _parse(html: str) -> list[tuple[str, dict[str, str | None]]]:
    collector = _Collector()
    collector.feed(html)
    return collector.elements


@pytest.mark.parametrize("locale", LOCALES)
def test_every_control_has_a_label_and_existing_descriptions(locale: str) -> None:
    elements = _parse(render_worksheet(SHEET, locale, "../../assets/pyodide/"))
    ids = {attrs["id"] for _, attrs in elements if attrs.get("id")}
    labelled = {attrs["for"] for tag, attrs in elements if tag == "label"}
    controls = [attrs for tag, attrs in elements if tag in ("input", "select", "textarea")]
    assert len(controls) == len(SHEET.fields)
    for attrs in controls:
        assert attrs["id"] in labelled, attrs["name"]
        described = (attrs.get("aria-describedby") or "").split()
        assert described, attrs["name"]
        assert all(ref in ids for ref in described), attrs["name"]


@pytest.mark.parametrize("locale", LOCALES)
def test_form_carries_its_state_and_groups_have_legends(locale: str) -> None:
    html = render_worksheet(SHEET, locale, "../../assets/pyodide/")
    assert f'data-worksheet="{SHEET.id}"' in html
    assert 'data-worksheet-state="loading"' in html
    assert html.count("<fieldset") == html.count("<legend>") == len(SHEET.groups)
    assert 'role="status" aria-live="polite" tabindex="-1" data-ws-status' in html


def test_the_build_time_example_is_in_the_page_language() -> None:
    german = render_worksheet(SHEET, "de", "x/")
    english = render_worksheet(SHEET, "en", "x/")
    assert "Liebe Anna," in german
    assert "Hi Anna," in english
    assert "Nachricht an Ihren Kontakt" in german
    assert "Note to your contact" in english


def test_strings_for_the_script_are_complete_in_both_languages() -> None:
    german, english = strings("de"), strings("en")
    assert german.keys() == english.keys()
    assert all(german[key] != english[key] for key in ("loading", "ready", "error", "copied"))


def test_spec_texts_are_escaped() -> None:
    sheet = Worksheet(
        "x",
        1,
        "<b>title</b>",
        "intro & <i>",
        (Group("g", '<script>alert("x")</script>', (Field("a", "select", "<img>", choices=(Choice("1", "<o>"),)),)),),
        lambda values, language, _, locale: [],
    )
    html = render_worksheet(sheet, "en", "x/")
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert "<img>" not in html
    assert "<b>" not in html
    assert re.search(r"<option[^>]*>&lt;o&gt;</option>", html)
