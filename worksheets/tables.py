"""Import and export the rows of a table field as CSV or JSON, all in the browser.

An import is checked completely before anything changes: a malformed file
gives errors naming the row and the column, and no rows.
"""

from __future__ import annotations

import csv
import io
import json

from worksheets.i18n import Translator
from worksheets.spec import Field
from worksheets.validation import check_table

MAX_IMPORT_BYTES = 200_000

# A spreadsheet runs a cell that begins with one of these as a formula (OWASP,
# "CSV Injection"): such a cell is exported with a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def _needs_escape(text: str) -> bool:
    # A cell that already begins with the apostrophe before such a start gets one
    # more, so that the import, which removes one, gives back exactly what was typed.
    return text.startswith(FORMULA_STARTS) or (text.startswith(ESCAPE) and _needs_escape(text[1:]))


def escape_cell(value: object) -> object:
    """A cell as a spreadsheet may open it: a formula-like text gets a leading apostrophe."""
    return ESCAPE + value if isinstance(value, str) and _needs_escape(value) else value


def unescape_cell(text: str) -> str:
    """The reverse of ``escape_cell`` for an imported CSV cell."""
    return text[1:] if text.startswith(ESCAPE) and _needs_escape(text[1:]) else text


def export_csv(spec: Field, rows: list[dict[str, object]]) -> str:
    """The rows as CSV with a header of column ids; formula-like cells are escaped (``escape_cell``)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[c.id for c in spec.columns], lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c.id: escape_cell(row.get(c.id, "")) for c in spec.columns})
    return buffer.getvalue()


def export_json(spec: Field, rows: list[dict[str, object]]) -> str:
    """The rows as a JSON document ``{"<field>": [...]}``."""
    return json.dumps({spec.id: rows}, ensure_ascii=False, indent=2) + "\n"


def _parse_csv(text: str, spec: Field, _: Translator) -> tuple[list[dict[str, object]], dict[str, str]]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return [], {spec.id: _("The file is empty.")}
    known = {c.id for c in spec.columns}
    header = [name.strip() for name in header]
    unknown = [name for name in header if name not in known]
    if unknown or ("name" in known and "name" not in header):
        return [], {
            spec.id: _("Line 1: the header must name the columns {columns}.").format(columns=", ".join(sorted(known)))
        }
    rows: list[dict[str, object]] = []
    errors: dict[str, str] = {}
    try:
        for line, cells in enumerate(reader, start=2):
            if len(cells) != len(header):
                errors[spec.id] = _("Line {line}: expected {expected} values, found {found}.").format(
                    line=line, expected=len(header), found=len(cells)
                )
                break
            rows.append(dict(zip(header, map(unescape_cell, cells), strict=True)))
    except csv.Error as error:
        errors[spec.id] = _("The CSV file could not be read: {reason}.").format(reason=str(error))
    return rows, errors


def _parse_json(text: str, spec: Field, _: Translator) -> tuple[list[object], dict[str, str]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return [], {spec.id: _("Line {line}: this is not valid JSON.").format(line=error.lineno)}
    rows = data.get(spec.id) if isinstance(data, dict) else data
    if not isinstance(rows, list):
        return [], {spec.id: _("The JSON file must contain a list of rows.")}
    return rows, {}


def import_rows(spec: Field, text: str, filename: str, _: Translator) -> tuple[list[dict[str, object]], dict[str, str]]:
    """Parse and check an imported file; (rows, {}) or ([], errors)."""
    if len(text.encode("utf-8")) > MAX_IMPORT_BYTES:
        return [], {spec.id: _("The file is too large (at most 200 kB).")}
    text = text.removeprefix("\ufeff")
    is_json = filename.lower().endswith(".json") or text.lstrip().startswith(("[", "{"))
    raw, errors = _parse_json(text, spec, _) if is_json else _parse_csv(text, spec, _)
    if errors:
        return [], errors
    if any(not isinstance(row, dict) for row in raw):
        return [], {spec.id: _("The JSON file must contain a list of rows.")}
    unknown = sorted({key for row in raw for key in row} - {c.id for c in spec.columns})  # type: ignore[union-attr]
    if unknown:
        return [], {spec.id: _("Unknown column(s): {columns}.").format(columns=", ".join(unknown))}
    rows, errors = check_table(spec, raw, _)
    return ([], errors) if errors else (rows, {})
