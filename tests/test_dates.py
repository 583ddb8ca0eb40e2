"""Dates in every locale: CLDR's long date pattern (Babel at build time), applied without Babel at run time."""

from __future__ import annotations

import datetime as dt

import pytest
from babel.dates import format_date
from conftest import LOCALES

from macros.cldr import cldr_locale, formats
from worksheets import locale_data
from worksheets.dates import format_pattern, long_date

DAY = dt.date(2026, 12, 3)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_site_locale_writes_dates_as_babel_does(locale: str) -> None:
    assert long_date(DAY, locale) == format_date(DAY, "long", locale=cldr_locale(locale))


@pytest.mark.parametrize(
    ("locale", "written"),
    [
        ("de", "3. Dezember 2026"),
        ("en", "3 December 2026"),  # the house style is British English, not CLDR's "December 3, 2026"
        ("fr", "3 décembre 2026"),
        ("es", "3 de diciembre de 2026"),
        ("pl", "3 grudnia 2026"),  # the month in the genitive, as in a date
        ("ja", "2026年12月3日"),
        ("hu", "2026. december 3."),
    ],
)
def test_patterns_of_other_locales(locale: str, written: str) -> None:
    data = formats(locale)
    assert format_pattern(DAY, str(data["long_date"]), list(data["months"])) == written  # type: ignore[call-overload]


def test_a_locale_without_its_own_data_takes_its_language() -> None:
    assert str(cldr_locale("en-XA")) == "en_GB"
    assert long_date(DAY, "de-AT") == long_date(DAY, "de")


def test_a_pattern_letter_it_cannot_write_fails_by_name() -> None:
    with pytest.raises(ValueError, match="uses 'G'"):
        format_pattern(DAY, "d MMMM y G", ["x"] * 12)


def test_quoted_literals_and_quotes() -> None:
    assert format_pattern(DAY, "d 'de' MMMM 'o''clock' yyyy", [str(m) for m in range(1, 13)]) == "3 de 12 o'clock 2026"


def test_without_compiled_data_a_date_is_written_in_iso_8601(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(locale_data, "FORMATS", {})
    assert long_date(DAY, "de") == "2026-12-03"
