"""Validate and normalise the values a reader typed, with localized errors."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from worksheets.i18n import Translator
from worksheets.numbers import integer
from worksheets.spec import Field, Worksheet

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
EARLIEST = dt.date(1990, 1, 1)
LATEST = dt.date(2100, 12, 31)


# Control characters (Unicode's category Cc, which the standard fixes at U+0000-U+001F and
# U+007F-U+009F) other than a line break and a tab, and the bidi overrides, which can make a
# message read differently from what it says. One regular expression, not a loop over the
# characters: it ran on every field at every keystroke.
_ALLOWED_CONTROLS = "\n\t"
_BIDI_OVERRIDES = "\u202d\u202e"
_CONTROL_CHARACTERS = "".join(chr(code) for code in (*range(0x20), *range(0x7F, 0xA0)))
_FORBIDDEN = re.compile(
    "[" + re.escape("".join(ch for ch in _CONTROL_CHARACTERS if ch not in _ALLOWED_CONTROLS) + _BIDI_OVERRIDES) + "]"
)


def _has_control_characters(text: str) -> bool:
    return _FORBIDDEN.search(text) is not None


def _normalise_text(text: str, multiline: bool) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        return " ".join(text.split())
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _check_url(value: str, _: Translator) -> tuple[str, str]:
    candidate = value.strip()
    if not _SCHEME.match(candidate):
        candidate = "https://" + candidate
    scheme, _sep, rest = candidate.partition("://")
    host = rest.split("/", 1)[0].split(":", 1)[0].lower()
    if scheme.lower() not in ("http", "https") or not _sep or " " in candidate or not _HOST.match(host):
        return value, _("Please enter a web address such as https://example.org/your-profile.")
    return candidate, ""


def _check_field(spec: Field, raw: object, _: Translator) -> tuple[object, str]:
    """Return (clean value, error message or "")."""
    if spec.kind == "checkbox":
        return raw is True or raw in ("on", "true", "1"), ""
    if raw is None:
        raw = spec.default
    if not isinstance(raw, str):
        return spec.default if spec.kind == "select" else "", _("This value could not be read; please enter it again.")
    if spec.kind == "select":
        # Always one of the choices, so that later checks and texts can rely on it.
        if raw == "" and not spec.required:
            return spec.default, ""
        if raw not in {choice.value for choice in spec.choices}:
            return spec.default, _("Please choose one of the options.")
        return raw, ""
    if _has_control_characters(raw):
        return raw, _("Please remove the invisible control characters from this field.")
    value = _normalise_text(raw, multiline=spec.kind == "textarea")
    if not value:
        return "", _("Please fill in this field.") if spec.required else ""
    if spec.max_length is not None and len(value) > spec.max_length:
        return value, _("Please shorten this to at most {limit} characters (now {count}).").format(
            limit=integer(spec.max_length, _.locale), count=integer(len(value), _.locale)
        )
    if spec.kind == "url":
        return _check_url(value, _)
    if spec.kind == "email" and not _EMAIL.match(value):
        return value, _("Please enter an email address such as name@example.org.")
    if spec.kind == "date":
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return value, _("Please enter a date (day, month, year).")
        if not EARLIEST <= day <= LATEST:
            return value, _("Please enter a date between 1990 and 2100.")
    return value, ""


def _row_is_empty(spec: Field, row: Mapping[str, object]) -> bool:
    return all(
        not str(row.get(column.id) or "").strip() for column in spec.columns if column.kind in ("text", "textarea")
    )


def check_table(spec: Field, raw: object, _: Translator) -> tuple[list[dict[str, object]], dict[str, str]]:
    """Clean the rows of a table field; errors are keyed ``<field>.<row>.<column>``.

    Rows whose text cells are all empty are dropped; row numbers in errors
    count from 1, as a reader counts them.
    """
    if raw is None or raw == "":
        raw = []
    if not isinstance(raw, list) or not all(isinstance(row, Mapping) for row in raw):
        return [], {spec.id: _("This value could not be read; please enter it again.")}
    rows: list[dict[str, object]] = []
    errors: dict[str, str] = {}
    for number, row in enumerate(raw, start=1):
        if _row_is_empty(spec, row):
            continue
        clean: dict[str, object] = {}
        for column in spec.columns:
            value, error = _check_field(column, row.get(column.id), _)
            clean[column.id] = value
            if error:
                errors[f"{spec.id}.{number}.{column.id}"] = error
        rows.append(clean)
    if len(rows) > spec.max_rows:
        errors[spec.id] = _("Please keep to at most {limit} rows (now {count}).").format(
            limit=integer(spec.max_rows, _.locale), count=integer(len(rows), _.locale)
        )
    elif spec.required and not rows:
        errors[spec.id] = _("Please fill in at least one row.")
    return rows, errors


def validate(sheet: Worksheet, values: Mapping[str, object], _: Translator) -> tuple[dict[str, object], dict[str, str]]:
    """Clean every field of ``sheet``; return (values, errors by field id)."""
    clean: dict[str, object] = {}
    errors: dict[str, str] = {}
    for spec in sheet.fields:
        if spec.kind == "table":
            clean[spec.id], table_errors = check_table(spec, values.get(spec.id), _)
            errors.update(table_errors)
            continue
        value, error = _check_field(spec, values.get(spec.id), _)
        clean[spec.id] = value
        if error:
            errors[spec.id] = error
    if sheet.cross_check is not None:
        for field_id, message in sheet.cross_check(clean).items():
            errors.setdefault(field_id, _(message))
    return clean, errors
