"""The bad-input matrix in CPython: every worksheet x field x payload x locale.

Each case starts from the sheet's own example for the page language (a valid
form), puts one payload into one field (a table cell goes into the first row)
and runs :func:`worksheets.run`. A correct answer

- is a JSON-ready dict, never an exception;
- has either no errors or exactly one, at that field, in the page's language;
- has the error the issue demands where it demands one: control characters
  and NUL, over-long text, ``javascript:``/``data:`` and other non-web
  addresses, dates out of range or malformed;
- when it writes messages, carries the payload as plain text (verbatim, never
  HTML-escaped, never format-expanded), with safe file names, MIME types,
  ``mailto:`` links and mail headers.
"""

from __future__ import annotations

import copy
import csv
import email
import email.policy
import io
import json
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from babel.numbers import format_decimal

from audit.payloads import PAYLOADS, Payload
from macros.cldr import cldr_locale
from macros.locales import site_languages
from worksheets import run
from worksheets.adapter import handle
from worksheets.i18n import translator
from worksheets.sheets import SHEETS
from worksheets.spec import Field, Worksheet

ROOT = Path(__file__).resolve().parent.parent
# Every locale the site is built in, and the root of its pages ("" or "en/"), from mkdocs.yml.
LOCALE_ROOTS = {language.locale: language.prefix for language in site_languages(ROOT / "mkdocs.yml")}
LOCALES = tuple(LOCALE_ROOTS)

# The msgids of the field errors (worksheets/validation.py and the sheets' cross-checks).
FILL = "Please fill in this field."
CONTROL = "Please remove the invisible control characters from this field."
MAX = "Please shorten this to at most {limit} characters (now {count})."
CHOOSE = "Please choose one of the options."
URL = "Please enter a web address such as https://example.org/your-profile."
DATE = "Please enter a date (day, month, year)."
RANGE = "Please enter a date between 1990 and 2100."
NAME_FIRST = "This form of address needs a first name."
NAME_LAST = "This form of address needs a last name."
BEFORE = "Your last follow-up cannot be before your request."
READ = "This value could not be read; please enter it again."
ROWS = "Please fill in at least one row."
FIELD_ERRORS = (FILL, CONTROL, MAX, CHOOSE, URL, DATE, RANGE, NAME_FIRST, NAME_LAST, BEFORE, READ, ROWS)

FILENAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.(?:txt|csv|json|ics)$")
MAILTO = re.compile(r"^mailto:\?(?:subject=[A-Za-z0-9%._~-]*&)?body=[A-Za-z0-9%._~-]*$")
MIME_TYPES = frozenset(
    {"text/plain;charset=utf-8", "text/csv;charset=utf-8", "application/json", "text/calendar;charset=utf-8"}
)
EML_HEADERS = frozenset({"subject", "x-unsent", "content-type", "content-transfer-encoding", "mime-version"})
OUTPUT_KINDS = frozenset({"message", "advice", "file"})
ECHO_MARKER = "Qzxvmarker"


@dataclass(frozen=True)
class Target:
    """One field of a worksheet, or one column of its table field (first row)."""

    sheet: Worksheet
    spec: Field
    table: str = ""

    @property
    def key(self) -> str:
        """The field id errors are reported under (``<table>.1.<column>`` for a cell)."""
        return f"{self.table}.1.{self.spec.id}" if self.table else self.spec.id

    @property
    def id(self) -> str:
        """``<sheet>:<key>``."""
        return f"{self.sheet.id}:{self.key}"


def targets() -> list[Target]:
    """Every field of every worksheet; a table field and each of its columns."""
    found: list[Target] = []
    for sheet in SHEETS.values():
        for spec in sheet.fields:
            found.append(Target(sheet, spec))
            if spec.kind == "table":
                found.extend(Target(sheet, column, spec.id) for column in spec.columns)
    return found


def example(sheet: Worksheet, locale: str) -> dict[str, object]:
    """A copy of the sheet's example for a page language, chosen as the page's build-time example is."""
    return copy.deepcopy(dict(sheet.example(locale)))


def values_with(target: Target, text: str, locale: str) -> dict[str, object]:
    """The example values with ``text`` in the target field."""
    values = example(target.sheet, locale)
    if target.table:
        rows = values[target.table]
        assert isinstance(rows, list), f"{target.sheet.id}: the example's {target.table} is not a list of rows"
        assert rows, f"{target.sheet.id}: the example has no {target.table} rows"
        rows[0][target.spec.id] = text
    else:
        values[target.spec.id] = text
    return values


def message(msgid: str, locale: str, **values: object) -> str:
    """An error message as the page in ``locale`` shows it."""
    text = translator(locale)(msgid)
    return text.format(**values) if values else text


@dataclass(frozen=True)
class Expectation:
    """What a correct answer is: one exact error (``must``), or any of ``allowed`` (None: no error)."""

    must: str | None = None
    allowed: frozenset[str | None] = frozenset({None})


def _is_name(spec: Field) -> bool:
    return spec.id.endswith(("_first", "_last"))


def expect(target: Target, payload: Payload, locale: str) -> Expectation:
    """The correct answer to ``payload`` in ``target``, from what the payload is and what the field is."""
    spec = target.spec

    def must(msgid: str, **values: object) -> Expectation:
        return Expectation(must=message(msgid, locale, **values))

    def allowed(*msgids: str | None) -> Expectation:
        return Expectation(allowed=frozenset(message(m, locale) if m else None for m in msgids))

    if spec.kind == "checkbox":
        return allowed(None)  # any text is read as "not ticked" or "ticked"
    if spec.kind == "table":
        return must(ROWS) if payload.text == "" else must(READ)
    if spec.kind == "select":
        # A select's value is one of its choices or nothing (the default); anything else,
        # control characters included, is a request to choose.
        if payload.text == "":
            return allowed(None)
        return allowed(None) if payload.text in {c.value for c in spec.choices} else must(CHOOSE)
    if payload.has_control_characters:
        return must(CONTROL)
    if payload.blank:
        if spec.required:
            return must(FILL)
        return allowed(None, NAME_FIRST, NAME_LAST) if _is_name(spec) else allowed(None)
    length = len(payload.one_line)
    if spec.max_length is not None and not payload.multiline and length > spec.max_length:
        # Counts as Babel writes them in this locale (2.104, 2,104): an oracle apart from worksheets/numbers.py.
        cldr = cldr_locale(locale)
        return must(MAX, limit=format_decimal(spec.max_length, locale=cldr), count=format_decimal(length, locale=cldr))
    if spec.kind == "url":
        return allowed(None) if payload.url_ok else must(URL)
    if spec.kind == "date":
        if payload.date == "in_range":
            return allowed(None, BEFORE)
        return must(RANGE) if payload.date == "out_of_range" else must(DATE)
    if spec.kind in ("text", "textarea"):
        return allowed(None)
    raise AssertionError(f"{target.id}: no expectation for kind {spec.kind!r}")


@cache
def echoes(sheet_id: str, key: str, locale: str) -> bool:
    """True when a value typed into the field shows up in the sheet's outputs (for the example values)."""
    target = next(t for t in targets() if t.sheet.id == sheet_id and t.key == key)
    if target.spec.kind not in ("text", "textarea", "url"):
        return False
    marker = f"https://{ECHO_MARKER.lower()}.example/" if target.spec.kind == "url" else ECHO_MARKER
    result = run(sheet_id, values_with(target, marker, locale), locale)
    return any(marker in str(o["body"]) + str(o["subject"]) for o in result["outputs"])  # type: ignore[union-attr]


def _as_typed(target: Target, payload: Payload) -> str:
    """The payload as the field keeps it (whitespace folded; line breaks only in a textarea)."""
    if target.spec.kind == "textarea":
        lines = [" ".join(line.split()) for line in payload.text.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return payload.one_line


def output_problems(result: Mapping[str, object], target: Target | None, payload: Payload | None) -> list[str]:
    """What is wrong with the outputs of a successful run (file names, links, mail, text)."""
    problems: list[str] = []
    outputs: list[dict[str, object]] = result["outputs"]  # type: ignore[assignment]
    if not outputs:
        problems.append("ok but no outputs")
    texts = []
    for output in outputs:
        name = f"output {output['id']}"
        kind, body, subject = output["kind"], str(output["body"]), str(output["subject"])
        texts.append(body + "\n" + subject + "\n" + _file_cells(str(output["filename"]), body))
        if kind not in OUTPUT_KINDS:
            problems.append(f"{name}: unknown kind {kind!r}")
        if not FILENAME.match(str(output["filename"])):
            problems.append(f"{name}: unsafe file name {output['filename']!r}")
        if output["mime"] not in MIME_TYPES:
            problems.append(f"{name}: unexpected MIME type {output['mime']!r}")
        if "\n" in subject or "\r" in subject:
            problems.append(f"{name}: the subject has a line break")
        if kind == "message":
            problems.extend(f"{name}: {p}" for p in _mail_problems(output))
        if payload is not None and payload.markup and "&lt;" in body + subject:
            problems.append(f"{name}: the engine HTML-escaped the text (escaping is the page's job)")
    if target is not None and payload is not None and echoes(target.sheet.id, target.key, str(result["locale"])):
        typed = _as_typed(target, payload)
        if typed and not any(typed[1:] in text for text in texts):
            problems.append(f"the typed text does not appear verbatim in any output: {typed[:60]!r}")
    return problems


def _file_cells(filename: str, body: str) -> str:
    """The cell values of a CSV or JSON export, one a line (quoting undone); "" for other outputs."""
    try:
        if filename.endswith(".csv"):
            return "\n".join(cell for row in csv.reader(io.StringIO(body)) for cell in row)
        if filename.endswith(".json"):
            data = json.loads(body)
            rows = [row for rows in data.values() for row in rows] if isinstance(data, dict) else data
            return "\n".join(str(value) for row in rows for value in row.values())
    except (csv.Error, ValueError, AttributeError, TypeError) as error:
        return f"(unreadable export: {error})"
    return ""


def _mail_problems(output: Mapping[str, object]) -> list[str]:
    problems = []
    if not MAILTO.match(str(output["mailto"])):
        problems.append(f"unsafe mailto link {str(output['mailto'])[:80]!r}")
    # The .eml is written on demand, as the page asks for it.
    request = {"action": "eml", "subject": output["subject"], "body": output["body"], "locale": "de"}
    draft = json.loads(handle(json.dumps(request)))["eml"]
    mail = email.message_from_string(draft, policy=email.policy.default)
    extra = sorted({key.lower() for key in mail} - EML_HEADERS)
    if extra:
        problems.append(f".eml has extra headers {extra}")
    # Python's parser keeps the space of a fold right after "Subject:"; mail programs drop it.
    if output["subject"] and str(mail["subject"]).strip() != output["subject"]:
        problems.append(f".eml subject {mail['subject']!r} is not the subject")
    content = mail.get_content() if not mail.is_multipart() else ""
    if content.replace("\r\n", "\n").removesuffix("\n") != output["body"]:
        problems.append(".eml body is not the body")
    return problems


@dataclass(frozen=True)
class Case:
    """One cell of the matrix."""

    target: Target
    payload: Payload
    locale: str

    @property
    def id(self) -> str:
        """``<sheet>:<field>:<payload>:<locale>``, for test ids and reports."""
        return f"{self.target.id}:{self.payload.id}:{self.locale}"


def cases() -> Iterator[Case]:
    """The whole matrix."""
    for target in targets():
        for payload in PAYLOADS:
            for locale in LOCALES:
                yield Case(target, payload, locale)


@dataclass
class Outcome:
    """The answer to one case and what is wrong with it."""

    case: Case
    result: dict[str, object] | None
    problems: list[str] = field(default_factory=list)

    @property
    def answer(self) -> str:
        """``ok``, ``error`` or ``exception``, for the tally."""
        if self.result is None:
            return "exception"
        return "ok" if self.result.get("ok") else "error"


def check(case: Case) -> Outcome:
    """Run one case through ``worksheets.run`` and judge the answer."""
    target, payload, locale = case.target, case.payload, case.locale
    try:
        result = run(target.sheet.id, values_with(target, payload.text, locale), locale)
    except Exception as error:  # the finding itself: the engine must answer, not raise
        return Outcome(case, None, [f"raised {type(error).__name__}: {error}"])
    outcome = Outcome(case, result)
    try:
        json.dumps(result, ensure_ascii=False)
    except (TypeError, ValueError) as error:
        outcome.problems.append(f"the result is not JSON: {error}")
    missing = {"ok", "errors", "outputs", "warnings"} - set(result)
    if missing:
        outcome.problems.append(f"the result lacks {sorted(missing)}")
        return outcome
    errors: dict[str, str] = result["errors"]  # type: ignore[assignment]
    expectation = expect(target, payload, locale)
    if expectation.must is not None:
        if errors != {target.key: expectation.must}:
            outcome.problems.append(f"expected only {{{target.key!r}: {expectation.must!r}}}, got {errors!r}")
    elif errors:
        if set(errors) != {target.key} or errors[target.key] not in expectation.allowed:
            outcome.problems.append(
                f"expected no error or one of {sorted(map(str, expectation.allowed))}, got {errors!r}"
            )
    elif None not in expectation.allowed:
        outcome.problems.append("expected an error, got none")
    if result["ok"]:
        outcome.problems.extend(output_problems(result, target, payload))
    return outcome


@dataclass
class Tally:
    """The matrix in numbers."""

    cases: int = 0
    answers: Counter[str] = field(default_factory=Counter)
    failures: list[Outcome] = field(default_factory=list)


def run_matrix() -> Tally:
    """Check every case; keep the ones that failed."""
    tally = Tally()
    for case in cases():
        outcome = check(case)
        tally.cases += 1
        tally.answers[outcome.answer] += 1
        if outcome.problems:
            tally.failures.append(outcome)
    return tally
