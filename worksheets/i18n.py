"""Reader-visible strings: gettext catalogs compiled into the package.

``N_`` marks a string for extraction without translating it (used in specs);
``translator(locale)`` returns the ``_`` of one locale, which also knows its
locale (for the numbers in a message). The catalogs
are the project's ``locales/<locale>/LC_MESSAGES/ui.po``, compiled to
``worksheets/locale`` by the build.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "ui"
SOURCE_LOCALE = "de"  # the site's default locale, also when no catalog is compiled


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark ``message`` for the catalog; translation happens later."""
    return message


@cache
def _translations(locale: str) -> gettext.NullTranslations:
    try:
        return gettext.translation(DOMAIN, LOCALE_DIR, languages=[locale])
    except FileNotFoundError:
        return gettext.NullTranslations()


class Translator:
    """The ``gettext`` function of one locale (``_``), with that locale beside it."""

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self._gettext: Callable[[str], str] = _translations(locale).gettext

    def __call__(self, message: str) -> str:
        """``message`` in this locale (the msgid itself when untranslated)."""
        return self._gettext(message)


@cache
def translator(locale: str) -> Translator:
    """The ``gettext`` function for ``locale`` (the msgid itself when untranslated)."""
    return Translator(locale)


@cache
def compiled_locales() -> list[str]:
    """The locales with a compiled catalog, and the source locale.

    Kept in memory after the first call: a worksheet restored from a memory
    snapshot (made after adapter.warm_up) has its catalogs in memory but not
    necessarily their files.
    """
    found = {path.name for path in LOCALE_DIR.iterdir() if path.is_dir()} if LOCALE_DIR.exists() else set()
    return sorted(found | {SOURCE_LOCALE})


def reset() -> None:
    """Forget loaded catalogs (after the build recompiled them)."""
    _translations.cache_clear()
    translator.cache_clear()
    compiled_locales.cache_clear()
