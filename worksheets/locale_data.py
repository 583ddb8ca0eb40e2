"""Each locale's CLDR conventions (dates, numbers), compiled from Babel at build time.

Babel is too big to ship to the browser, so the build (``macros/cldr.py``)
writes what ``worksheets/dates.py`` and ``worksheets/numbers.py`` need into the
generated module ``worksheets/cldr_data.py``. Without that module (sources that
were never built) ``FORMATS`` is empty, and those modules fall back to forms
every reader can read (ISO 8601 dates, ungrouped digits).
"""

from __future__ import annotations

import re

# Locale -> {"long_date": pattern, "months": 12 names, "group": symbol, "grouping": [primary, secondary]};
# filled in place by the build (macros/cldr.py).
FORMATS: dict[str, dict[str, object]] = {}
try:
    from worksheets.cldr_data import FORMATS as _COMPILED

    FORMATS.update(_COMPILED)
except ImportError:  # sources that were never built
    pass


def formats_for(locale: str) -> dict[str, object]:
    """The compiled conventions of ``locale`` or of its language (``de-AT`` -> ``de``); empty if none."""
    return FORMATS.get(locale) or FORMATS.get(re.split(r"[-_]", locale)[0]) or {}
