"""Whole numbers as each locale writes them (2.104, 2,104, 2 104), from CLDR data compiled at build time."""

from __future__ import annotations

from worksheets.locale_data import formats_for


def group_digits(number: int, group: str, grouping: tuple[int, int]) -> str:
    """``number`` with ``group`` between digit groups: the last ``grouping[0]`` digits, then ``grouping[1]`` each."""
    digits = str(abs(number))
    primary, secondary = grouping
    parts = []
    if len(digits) > primary:
        parts.append(digits[-primary:])
        digits = digits[:-primary]
        while len(digits) > secondary:
            parts.append(digits[-secondary:])
            digits = digits[:-secondary]
    parts.append(digits)
    return ("-" if number < 0 else "") + group.join(reversed(parts))


def integer(number: int, locale: str) -> str:
    """A count as ``locale`` writes it in running text; plain digits where no data was compiled."""
    formats = formats_for(locale)
    if "group" not in formats:
        return str(number)
    primary, secondary = formats["grouping"]  # type: ignore[misc]
    return group_digits(number, str(formats["group"]), (int(primary), int(secondary)))
