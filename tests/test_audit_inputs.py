"""Bad input in every field of every worksheet, in CPython: a correct message or a localized error.

The matrix (every worksheet x field x payload x locale) and its rules live in
audit/inputs.py, shared with ``python -m audit``; here each cell is one test.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import LOCALES

from audit.inputs import FIELD_ERRORS, Case, cases, check, example, output_problems
from audit.payloads import BY_ID, PAYLOADS
from worksheets import run
from worksheets.adapter import handle
from worksheets.engine import import_table
from worksheets.i18n import translator
from worksheets.sheets import SHEETS

CASES = list(cases())
TRACEBACK_SIGNS = ("Traceback", 'File "', "KeyError", "TypeError", "ValueError")


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_gets_a_correct_answer(case: Case) -> None:
    outcome = check(case)
    assert outcome.problems == [], f"{case.payload.what}: " + "; ".join(outcome.problems)


def test_the_matrix_covers_every_field_payload_and_locale() -> None:
    fields = {(sheet.id, spec.id) for sheet in SHEETS.values() for spec in sheet.fields}
    covered = {(case.target.sheet.id, case.target.table or case.target.spec.id) for case in CASES}
    assert covered == fields
    assert {case.locale for case in CASES} == set(LOCALES)
    assert {case.payload.id for case in CASES} == set(BY_ID)


def test_the_payloads_are_what_the_issue_names() -> None:
    assert len(BY_ID["huge"].text) == 100_000
    assert len(BY_ID["word-500"].text) == 500
    assert " " not in BY_ID["word-500"].text
    assert "\x00" in BY_ID["nul"].text
    assert BY_ID["nul"].has_control_characters
    assert BY_ID["controls"].has_control_characters
    assert not BY_ID["header-lines"].has_control_characters  # a newline is allowed in a textarea
    assert all(BY_ID[name].blank for name in ("empty", "whitespace", "blank-lines"))
    assert "\u200d" in BY_ID["emoji-zwj"].text
    markup = [payload for payload in PAYLOADS if payload.markup]
    assert len(markup) >= 5
    assert all(len(payload.text) <= 60 for payload in markup), "markup payloads must fit the shortest field"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_field_error_is_translated(locale: str) -> None:
    _ = translator(locale)
    for msgid in FIELD_ERRORS:
        text = _(msgid)
        assert text.strip()
        if locale == "de":
            assert text != msgid, f"not translated into German: {msgid!r}"


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("payload", PAYLOADS, ids=[payload.id for payload in PAYLOADS])
def test_the_browser_seam_never_answers_with_a_traceback(payload: object, locale: str) -> None:
    """What the worker passes to the page: JSON, and a localized sentence when something fails."""
    text = payload.text  # type: ignore[attr-defined]
    crash = translator(locale)("Something went wrong while writing your messages.")
    requests = [
        {"sheet": "introduction-request", "values": {"your_name": text, "pitch": text}, "locale": locale},
        {"sheet": text, "values": {}, "locale": locale},
        {"sheet": "thanks", "values": [text], "locale": locale},
        {"action": "import", "sheet": "contact-map", "field": "contacts", "text": text, "filename": "x.csv"},
    ]
    for request in requests:
        answer = handle(json.dumps(request))
        data = json.loads(answer)
        assert isinstance(data, dict)
        if "crash" in data:
            assert data["crash"] == crash or request.get("action") == "import"
        assert not any(sign in answer for sign in TRACEBACK_SIGNS), answer


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("payload", PAYLOADS, ids=[payload.id for payload in PAYLOADS])
def test_an_imported_table_with_bad_cells_is_refused_or_runs(payload: object, locale: str) -> None:
    """A CSV file with the payload in every text column: refused with sentences, or rows the engine can use."""
    text = payload.text  # type: ignore[attr-defined]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["name", "relation", "strength", "knows", "last_contact"])
    writer.writerow([text, text, "good", text, "recent"])
    answer = import_table("contact-map", "contacts", buffer.getvalue(), "contacts.csv", locale)
    assert set(answer) == {"rows", "errors"}
    if answer["errors"]:
        assert answer["rows"] == []
        assert all(isinstance(message, str) and message for message in answer["errors"])
        return
    values = {**example(SHEETS["contact-map"], locale), "contacts": answer["rows"]}
    result = run("contact-map", values, locale)
    assert result["ok"], result["errors"]
    assert output_problems(result, None, None) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_an_imported_row_with_empty_choices_runs(locale: str) -> None:
    """An exported file edited in a spreadsheet may leave a choice column empty."""
    text = "name,relation,strength,knows,last_contact\r\nAnna Becker,,,,\r\n"
    answer = import_table("contact-map", "contacts", text, "contacts.csv", locale)
    values = {**example(SHEETS["contact-map"], locale), "contacts": answer["rows"]}
    if answer["errors"]:
        return  # refused with a reason: fine
    result = run("contact-map", values, locale)
    assert result["ok"], result["errors"]
