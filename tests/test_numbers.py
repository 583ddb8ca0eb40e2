"""Counts in every locale: CLDR's digit groups (Babel at build time), applied without Babel at run time."""

from __future__ import annotations

import pytest
from babel.numbers import format_decimal
from conftest import LOCALES

from macros.cldr import NUMBER_SAMPLES, cldr_locale, formats
from worksheets import locale_data
from worksheets.engine import run
from worksheets.numbers import group_digits, integer


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("number", NUMBER_SAMPLES)
def test_every_site_locale_writes_counts_as_babel_does(locale: str, number: int) -> None:
    assert integer(number, locale) == format_decimal(number, locale=cldr_locale(locale))


@pytest.mark.parametrize(
    ("locale", "written"),
    [
        ("de", "1.234.567"),
        ("en", "1,234,567"),
        ("fr", "1\u202f234\u202f567"),  # a narrow no-break space
        ("de-CH", "1’234’567"),
        ("hi", "12,34,567"),  # Indian grouping: three digits, then two
    ],
)
def test_group_symbols_and_sizes_of_other_locales(locale: str, written: str) -> None:
    data = formats(locale)
    grouping = data["grouping"]
    assert group_digits(1234567, str(data["group"]), (grouping[0], grouping[1])) == written  # type: ignore[index]


@pytest.mark.parametrize(("number", "written"), [(0, "0"), (999, "999"), (1000, "1.000"), (-2104, "-2.104")])
def test_group_boundaries(number: int, written: str) -> None:
    assert group_digits(number, ".", (3, 3)) == written


def test_without_compiled_data_a_count_is_plain_digits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(locale_data, "FORMATS", {})
    assert integer(2104, "de") == "2104"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("de", "Bitte kürzen Sie auf höchstens 400 Zeichen (jetzt 2.104)."),
        ("en", "Please shorten this to at most 400 characters (now 2,104)."),
    ],
)
def test_a_too_long_field_names_its_counts_in_the_readers_locale(locale: str, expected: str) -> None:
    values = {"why_target": "x" * 2104}
    errors = run("introduction-request", values, locale)["errors"]
    assert errors.get("why_target") == expected, errors  # type: ignore[union-attr]
