"""Dates as each locale writes them in running text, from CLDR data (Babel) compiled at build time.

The build writes each site locale's long date pattern and month names
(``worksheets/locale_data.py``); this module only applies them. Without them
(sources that were never built) a date is written in ISO 8601, which every
reader can still read.
"""

from __future__ import annotations

import datetime as dt
import re

from worksheets.locale_data import formats_for

# A CLDR date pattern: quoted literals ('de', '' for a quote), runs of one letter, anything else as is.
_TOKEN = re.compile(r"'(?:[^']|'')*'|([A-Za-z])\1*|[^A-Za-z']+")


def format_pattern(day: dt.date, pattern: str, months: list[str]) -> str:
    """``day`` written by a CLDR pattern that uses days (d, dd), months (M to MMMM) and years (y, yyyy)."""
    parts = []
    for match in _TOKEN.finditer(pattern):
        token = match.group(0)
        if token.startswith("'"):
            parts.append(token[1:-1].replace("''", "'") if token != "''" else "'")
        elif token in ("d", "dd"):
            parts.append(f"{day.day:0{len(token)}d}")
        elif token in ("M", "MM"):
            parts.append(f"{day.month:0{len(token)}d}")
        elif token == "MMMM":
            parts.append(months[day.month - 1])
        elif token in ("y", "yyyy"):
            parts.append(str(day.year))
        elif match.group(1):  # a pattern letter this module does not know
            raise ValueError(f"the date pattern {pattern!r} uses {token!r}, which worksheets/dates.py cannot write")
        else:
            parts.append(token)
    return "".join(parts)


def long_date(day: dt.date, locale: str) -> str:
    """A date as ``locale`` writes it in a letter: „3. Dezember 2026“, “3 December 2026”, « 3 décembre 2026 »."""
    formats = formats_for(locale)
    if "long_date" not in formats:
        return day.isoformat()
    return format_pattern(day, str(formats["long_date"]), list(formats["months"]))  # type: ignore[call-overload]
