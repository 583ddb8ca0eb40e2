"""Run a worksheet: validate the values, write the messages, report limits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from worksheets import export
from worksheets.i18n import translator
from worksheets.next_steps import next_step
from worksheets.numbers import integer
from worksheets.result import Notice, Output, Result
from worksheets.sheets import SHEETS
from worksheets.spec import Worksheet
from worksheets.tables import import_rows
from worksheets.validation import validate

MESSAGE_LANGUAGES = ("de", "en")


def get_sheet(sheet_id: str) -> Worksheet:
    """The worksheet with ``sheet_id``; KeyError if there is none."""
    return SHEETS[sheet_id]


def _finish(output: Output, locale: str, result: Result) -> None:
    _ = translator(locale)
    if output.kind == "file":
        return
    output.filename = export.filename(output.title, "txt")
    if output.kind == "message":
        # The .eml costs most of a run, so it is written only when the reader
        # asks for it (adapter action "eml"), not on every keystroke.
        output.mailto = export.mailto(output.subject, output.body)
    if output.limit is not None and output.characters > output.limit:
        result.warnings.append(
            Notice(
                _("This text has {count} characters; the channel allows {limit}. Use the short version.").format(
                    count=integer(output.characters, locale), limit=integer(output.limit, locale)
                ),
                output=output.id,
            )
        )
    if output.shortened:
        result.warnings.append(
            Notice(_("This text was shortened to fit the limit; read it before you send it."), output=output.id)
        )


def run(sheet_id: str, values: Mapping[str, object], locale: str) -> dict[str, object]:
    """Validate ``values`` for the worksheet ``sheet_id`` and write its messages; a JSON-ready dict.

    ``locale`` is the page's language (labels, errors, warnings); the messages
    are written in the sheet's message language field when it has one.
    """
    sheet = SHEETS.get(sheet_id)
    if sheet is None:
        _ = translator(locale)
        return Result(sheet_id, locale, locale, errors={"": _("This worksheet does not exist.")}).to_dict()
    return run_sheet(sheet, values, locale)


def run_sheet(sheet: Worksheet, values: Mapping[str, object], locale: str) -> dict[str, object]:
    """Like :func:`run`, for a worksheet object."""
    _ = translator(locale)
    clean, errors = validate(sheet, values, _)
    language = str(clean.get(sheet.message_locale_field or "", "") or locale)
    if language not in MESSAGE_LANGUAGES:
        language = "de"
    result = Result(sheet.id, locale, language, errors=errors)
    if errors:
        return result.to_dict()
    result.outputs = sheet.generate(clean, language, _, locale)
    for output in result.outputs:
        _finish(output, locale, result)
    result.next_step = next_step(sheet.id, clean)
    return result.to_dict()


def write_file(
    sheet_id: str, output_id: str, values: Mapping[str, object], locale: str, now: dt.datetime | None = None
) -> dict[str, object]:
    """The file of an on-demand output (``{"file": text}``), or ``{"errors": ...}`` when the values are not valid.

    ``now`` (default: this moment, UTC) is when the file is made; a calendar
    file names it as each event's time stamp.
    """
    _ = translator(locale)
    sheet = SHEETS.get(sheet_id)
    writer = sheet.files.get(output_id) if sheet else None
    if sheet is None or writer is None:
        return {"errors": {"": _("This worksheet does not exist.")}}
    clean, errors = validate(sheet, values, _)
    if errors:
        return {"errors": errors}
    language = str(clean.get(sheet.message_locale_field or "", "") or locale)
    if language not in MESSAGE_LANGUAGES:
        language = "de"
    return {"file": writer(clean, language, now or dt.datetime.now(dt.UTC))}


def import_table(sheet_id: str, field_id: str, text: str, filename: str, locale: str) -> dict[str, object]:
    """Check an imported CSV/JSON file for a table field: ``{"rows": [...]}`` or ``{"errors": [...]}``.

    Errors are whole sentences in the page's language, naming row and column.
    """
    _ = translator(locale)
    sheet = SHEETS.get(sheet_id)
    spec = next((f for f in sheet.fields if f.id == field_id and f.kind == "table"), None) if sheet else None
    if spec is None:
        return {"rows": [], "errors": [_("This worksheet does not exist.")]}
    rows, errors = import_rows(spec, text, filename, _)
    is_csv = not filename.lower().endswith(".json") and not text.lstrip().startswith(("[", "{"))
    messages = []
    for key, message in errors.items():
        parts = key.split(".")
        if len(parts) == 3:
            column = next(c for c in spec.columns if c.id == parts[2])
            if column.kind == "select":
                # A file names a choice by its value, not by the form's label: say which values it may use.
                allowed = ", ".join(choice.value for choice in column.choices)
                message = _("This value is not allowed here; allowed values: {values}.").format(values=allowed)
            # Name the column as the file does (its id) and as the form does (its label);
            # a CSV file counts lines, with the header as line 1.
            where = (
                _("Line {line}, column {column_id} (“{column}”): {message}")
                if is_csv
                else _("Entry {row}, column {column_id} (“{column}”): {message}")
            )
            message = where.format(
                line=int(parts[1]) + 1, row=parts[1], column_id=column.id, column=_(column.label), message=message
            )
        messages.append(message)
    return {"rows": rows if not messages else [], "errors": messages}
