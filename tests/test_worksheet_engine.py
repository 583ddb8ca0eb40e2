"""The worksheets package under CPython: validation, letters, limits, exports, API."""

from __future__ import annotations

import email
import email.policy
import json
from urllib.parse import parse_qs, urlsplit

import pytest

import worksheets
from worksheets import SpecError, run
from worksheets.adapter import handle
from worksheets.channels import shorten
from worksheets.export import eml, filename, mailto
from worksheets.letters import Person, closing, salutation
from worksheets.sheets import SHEETS
from worksheets.spec import Choice, Field, Group, Worksheet

SHEET = SHEETS["introduction-request"]
GERMAN, ENGLISH = (dict(example) for example in SHEET.examples)


def test_public_api_is_what_the_readme_documents() -> None:
    assert sorted(worksheets.__all__) == sorted(
        ["SHEETS", "Choice", "Field", "Group", "SpecError", "Worksheet", "get_sheet", "run"]
    )


def test_core_never_imports_the_browser() -> None:
    import re
    from pathlib import Path

    browser_import = re.compile(r"^\s*(import|from)\s+(js|pyodide)\b", re.MULTILINE)
    package = Path(worksheets.__file__).parent
    for source in package.rglob("*.py"):
        assert not browser_import.search(source.read_text(encoding="utf-8")), source


@pytest.mark.parametrize(
    ("field", "value", "error_de"),
    [
        ("your_name", "", "Bitte füllen Sie dieses Feld aus."),
        ("your_name", "   \t ", "Bitte füllen Sie dieses Feld aus."),
        ("your_name", "x" * 81, "Bitte kürzen Sie auf höchstens 80 Zeichen (jetzt 81)."),
        ("your_name", "Jana\x00Schmidt", "Bitte entfernen Sie die unsichtbaren Steuerzeichen aus diesem Feld."),
        ("pitch", "a\x07b", "Bitte entfernen Sie die unsichtbaren Steuerzeichen aus diesem Feld."),
        (
            "link",
            "javascript:alert(1)",
            "Bitte geben Sie eine Webadresse ein, zum Beispiel https://example.org/ihr-profil.",
        ),
        (
            "link",
            "data:text/html,<b>x</b>",
            "Bitte geben Sie eine Webadresse ein, zum Beispiel https://example.org/ihr-profil.",
        ),
        (
            "link",
            "https://exa mple.org",
            "Bitte geben Sie eine Webadresse ein, zum Beispiel https://example.org/ihr-profil.",
        ),
        ("ask", "bribe", "Bitte wählen Sie eine der Möglichkeiten."),
        ("your_name", 42, "Diese Eingabe konnte nicht gelesen werden; bitte geben Sie sie noch einmal ein."),
        ("contact_form", "vorname", None),  # with du: fine
    ],
)
def test_bad_input_gets_a_localized_error_at_its_field(field: str, value: object, error_de: str | None) -> None:
    result = run(SHEET.id, {**GERMAN, field: value}, "de")
    if error_de is None:
        assert result["ok"] is True
        return
    assert result["ok"] is False
    assert result["errors"] == {field: error_de}
    assert result["outputs"] == []


def test_errors_follow_the_page_language_not_the_message_language() -> None:
    result = run(SHEET.id, {**GERMAN, "your_name": ""}, "en")
    assert result["errors"] == {"your_name": "Please fill in this field."}


@pytest.mark.parametrize(
    ("changes", "field", "error_en"),
    [
        (
            {"contact_form": "vorname", "contact_register": "sie"},
            "contact_form",
            "First name only goes with the informal register; choose informal or another form of address.",
        ),
        ({"target_form": "frau", "target_last": ""}, "target_last", "This form of address needs a last name."),
        ({"target_form": "neutral", "target_first": ""}, "target_first", "This form of address needs a first name."),
        ({"contact_register": "du", "contact_first": ""}, "contact_first", "This form of address needs a first name."),
    ],
)
def test_forms_of_address_need_their_names(changes: dict[str, str], field: str, error_en: str) -> None:
    result = run(SHEET.id, {**ENGLISH, **changes}, "en")
    assert result["errors"][field] == error_en


def test_a_url_without_scheme_is_completed() -> None:
    result = run(SHEET.id, {**GERMAN, "link": "example.org/jana"}, "de")
    blurb = next(output for output in result["outputs"] if output["id"] == "blurb")
    assert "Mehr über mich: https://example.org/jana" in blurb["body"]


@pytest.mark.parametrize(
    ("person", "language", "tone", "expected_salutation", "expected_closing"),
    [
        (
            Person("Kim", "Weber", "frau", "dr", "sie"),
            "de",
            "formal",
            "Sehr geehrte Frau Dr. Weber,",
            "Mit freundlichen Grüßen",
        ),
        (
            Person("Kim", "Weber", "herr", "prof", "sie"),
            "de",
            "formal",
            "Sehr geehrter Herr Prof. Weber,",
            "Mit freundlichen Grüßen",
        ),
        (Person("Kim", "Weber", "frau", "", "sie"), "de", "warm", "Liebe Frau Weber,", "Herzliche Grüße"),
        (Person("Kim", "Weber", "herr", "", "sie"), "de", "warm", "Lieber Herr Weber,", "Herzliche Grüße"),
        (
            Person("Kim", "Weber", "neutral", "", "sie"),
            "de",
            "formal",
            "Guten Tag Kim Weber,",
            "Mit freundlichen Grüßen",
        ),
        (
            Person("Kim", "Weber", "neutral", "dr", "sie"),
            "de",
            "formal",
            "Guten Tag Dr. Kim Weber,",
            "Mit freundlichen Grüßen",
        ),
        (Person("Anna", "", "frau", "", "du"), "de", "warm", "Liebe Anna,", "Viele Grüße"),
        (Person("Jonas", "", "herr", "", "du"), "de", "warm", "Lieber Jonas,", "Viele Grüße"),
        # A first name that reads like a form of address is still a first name.
        (Person("Herr", "Weber", "herr", "", "du"), "de", "warm", "Lieber Herr,", "Viele Grüße"),
        (Person("Kim", "", "vorname", "", "du"), "de", "warm", "Hallo Kim,", "Viele Grüße"),
        (Person("Kim", "Weber", "frau", "", "sie"), "en", "formal", "Dear Ms Weber,", "Kind regards,"),
        (Person("Kim", "Weber", "herr", "", "sie"), "en", "warm", "Dear Mr Weber,", "Best regards,"),
        (Person("Kim", "Weber", "neutral", "dr", "sie"), "en", "formal", "Dear Dr Weber,", "Kind regards,"),
        (Person("Kim", "Weber", "frau", "prof", "sie"), "en", "formal", "Dear Professor Weber,", "Kind regards,"),
        (Person("Kim", "Weber", "neutral", "", "sie"), "en", "formal", "Dear Kim Weber,", "Kind regards,"),
        (Person("Kim", "", "vorname", "", "du"), "en", "warm", "Hi Kim,", "Best,"),
    ],
)
def test_salutation_and_closing_match(
    person: Person, language: str, tone: str, expected_salutation: str, expected_closing: str
) -> None:
    assert salutation(person, language, tone) == expected_salutation  # type: ignore[arg-type]
    assert closing(person, language, tone) == expected_closing  # type: ignore[arg-type]


def test_german_text_after_the_salutation_starts_in_lower_case() -> None:
    messages = [output for output in run(SHEET.id, GERMAN, "de")["outputs"] if output["kind"] == "message"]
    assert [output["id"] for output in messages] == ["note", "blurb"]
    for output in messages:
        lines = output["body"].split("\n")
        assert lines[0].endswith(",")
        assert lines[1] == ""
        assert lines[2][0].islower(), output["id"]
        assert lines[-2] in ("Viele Grüße", "Mit freundlichen Grüßen", "Herzliche Grüße")
        assert lines[-1] == "Jana Schmidt"


def test_the_blurb_stays_within_about_120_words() -> None:
    for example, locale in ((GERMAN, "de"), (ENGLISH, "en")):
        blurb = next(o for o in run(SHEET.id, example, locale)["outputs"] if o["id"] == "blurb")
        assert len(blurb["body"].split()) <= 120


def test_message_language_is_independent_of_the_page_language() -> None:
    result = run(SHEET.id, ENGLISH, "de")
    assert result["message_locale"] == "en"
    assert result["outputs"][0]["title"] == "Nachricht an Ihren Kontakt"
    assert result["outputs"][0]["body"].startswith("Hi Anna,")


def test_a_channel_limit_gives_a_warning_and_a_short_version_never_a_silent_cut() -> None:
    result = run(SHEET.id, {**GERMAN, "channel": "linkedin_note"}, "de")
    outputs = {o["id"]: o for o in result["outputs"]}
    assert outputs["note"]["characters"] > 300
    assert outputs["note"]["subject"] == ""
    assert outputs["note_short"]["characters"] <= 300
    assert any(w["output"] == "note" and "300" in w["message"] for w in result["warnings"])


@pytest.mark.parametrize(("text", "limit"), [("eins zwei drei vier fünf", 12), ("a" * 50, 10), ("kurz", 10)])
def test_shorten_marks_every_cut(text: str, limit: int) -> None:
    short = shorten(text, limit)
    assert len(short) <= limit
    assert short == text or short.endswith("…")


def test_mailto_decodes_to_the_same_subject_and_body() -> None:
    body = "Liebe Anna,\n\nich – „Test“ & more?=\n\nViele Grüße\nJana"
    link = mailto("Bitte: Kontakt & Vorstellung", body)
    query = parse_qs(urlsplit(link).query, keep_blank_values=True)
    assert link.startswith("mailto:?")
    assert query["subject"] == ["Bitte: Kontakt & Vorstellung"]
    assert query["body"] == [body.replace("\n", "\r\n")]


def test_eml_parses_back_to_the_same_subject_and_body() -> None:
    body = "Guten Tag Dr. Kim Weber,\n\nmein Name ist Jana – „Grüße“ ü ß.\n\nMit freundlichen Grüßen\nJana"
    message = email.message_from_string(eml("Vorstellung: Jana – Stelle „Junior“", body), policy=email.policy.default)
    assert message["Subject"] == "Vorstellung: Jana – Stelle „Junior“"
    assert message.get_content().replace("\r\n", "\n").rstrip("\n") == body


def test_runs_leave_the_eml_out_and_the_eml_action_writes_it_for_an_output() -> None:
    values = {**SHEETS["introduction-request"].examples[0]}
    result = json.loads(handle(json.dumps({"sheet": "introduction-request", "values": values, "locale": "de"})))
    messages = [output for output in result["outputs"] if output["kind"] == "message"]
    assert messages
    for output in messages:
        assert "eml" not in output  # on every keystroke it would cost most of the run
        request = {"action": "eml", "subject": output["subject"], "body": output["body"], "locale": "de"}
        answer = json.loads(handle(json.dumps(request)))
        assert answer["eml"] == eml(output["subject"], output["body"])
        draft = email.message_from_string(answer["eml"], policy=email.policy.default)
        assert draft.get_content().replace("\r\n", "\n").rstrip("\n") == output["body"]


def test_the_eml_action_without_a_body_answers_with_a_crash_message() -> None:
    answer = json.loads(handle(json.dumps({"action": "eml", "subject": "x", "locale": "en"})))
    assert answer == {"ok": False, "crash": "Something went wrong while writing your messages."}


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Nachricht an Ihren Kontakt", "nachricht-an-ihren-kontakt.txt"),
        ("<script>/../ü", "script-ue.txt"),
        ("", "message.txt"),
    ],
)
def test_download_names_are_safe(title: str, expected: str) -> None:
    assert filename(title, "txt") == expected


def test_results_are_json_serialisable() -> None:
    result = run(SHEET.id, GERMAN, "de")
    assert json.loads(json.dumps(result)) == result


def test_adapter_answers_garbage_with_a_localized_crash_message() -> None:
    assert json.loads(handle("{")) == {
        "ok": False,
        "crash": "Beim Schreiben Ihrer Nachrichten ist ein Fehler aufgetreten.",
    }
    answer = json.loads(handle(json.dumps({"sheet": SHEET.id, "values": "oops", "locale": "en"})))
    assert answer == {"ok": False, "crash": "Something went wrong while writing your messages."}


def test_unknown_sheet_is_an_error_not_a_crash() -> None:
    assert run("nope", {}, "en")["errors"] == {"": "This worksheet does not exist."}


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Field("bad id", "text", "x"), "must be a Python identifier"),
        (lambda: Field("a", "select", "x"), "choices go with kind 'select'"),
        (lambda: Field("a", "text", "x", choices=(Choice("1", "one"),)), "choices go with kind 'select'"),
        (lambda: Field("a", "select", "x", choices=(Choice("1", "o"), Choice("1", "p"))), "duplicate choice"),
        (lambda: Field("a", "select", "x", choices=(Choice("1", "o"),), default="2"), "not one of its choices"),
        (
            lambda: Worksheet(
                "w",
                1,
                "t",
                "i",
                (Group("g", "l", (Field("a", "text", "x"), Field("a", "text", "y"))),),
                lambda values, language, _, locale: [],
            ),
            "duplicate field id(s) a",
        ),
        (
            lambda: Worksheet(
                "w",
                1,
                "t",
                "i",
                (Group("g", "l", (Field("a", "text", "x"),)),),
                lambda values, language, _, locale: [],
                examples=({"a": "1"},),
                example_locales=("de", "en"),
            ),
            "example_locales must name one locale per example",
        ),
    ],
)
def test_a_broken_spec_fails_with_the_key_and_the_reason(make: object, message: str) -> None:
    with pytest.raises(SpecError, match=message.replace("(", r"\(").replace(")", r"\)")):
        make()  # type: ignore[operator]


@pytest.mark.parametrize(
    ("sheet", "locale", "key", "value"),
    [
        ("introduction-request", "de", "message_language", "de"),
        ("introduction-request", "en", "message_language", "en"),
        ("contact-map", "de", "organisation", "Grünwerk Consulting"),
        ("contact-map", "en", "organisation", "Greenworks Consulting"),
        ("ready-check", "en", "cv_updated", True),  # one example serves both pages
    ],
)
def test_each_page_gets_the_example_of_its_language(sheet: str, locale: str, key: str, value: object) -> None:
    assert SHEETS[sheet].example(locale)[key] == value


def test_the_english_contact_map_page_shows_english_example_data() -> None:
    from macros.forms import render_worksheet

    html = render_worksheet(SHEETS["contact-map"], "en", "/assets/runtime/")
    assert "Alumni association" in html
    assert "someone in the HR team" in html
    assert "Alumniverein" not in html
    assert "HR-Team" not in html


@pytest.mark.parametrize("sheet", ["introduction-request", "thanks"])
def test_sheets_with_an_organisation_let_the_reader_choose_its_article(sheet: str) -> None:
    ids = [field.id for field in SHEETS[sheet].fields]
    assert ids[ids.index("organisation") + 1] == "organisation_article"
    control = SHEETS[sheet].field("organisation_article")
    assert control.default == "auto"
    assert control.help


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            "name,relation,strength,knows,last_contact\nZoe Adler,Verein,sehr eng,,longer\n",
            "Zeile 2, Spalte strength („Wie eng Sie sich kennen“): Dieser Wert ist hier nicht erlaubt; "
            "erlaubt sind: strong, good, loose.",
        ),
        (
            "name,relation,strength,knows,last_contact\nZoe Adler,,good,,gestern\n",
            "Zeile 2, Spalte last_contact („Wann Sie zuletzt miteinander gesprochen haben“): Dieser Wert ist hier "
            "nicht erlaubt; erlaubt sind: recent, year, longer.",
        ),
    ],
)
def test_an_import_error_names_the_line_the_column_and_the_allowed_values(text: str, error: str) -> None:
    from worksheets.engine import import_table

    assert import_table("contact-map", "contacts", text, "kontakte.csv", "de") == {"rows": [], "errors": [error]}
