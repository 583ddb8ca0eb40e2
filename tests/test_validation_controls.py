"""The control-character check refuses what Unicode calls a control (less tab and newline) and the bidi overrides."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from worksheets.validation import _has_control_characters


def refused_by_unicode(ch: str) -> bool:
    """The rule, read from Unicode's own data rather than from a list of code points."""
    return (unicodedata.category(ch) == "Cc" and ch not in "\t\n") or ch in "\u202d\u202e"


def test_every_code_point_is_judged_as_unicode_defines_it() -> None:
    wrong = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if _has_control_characters(chr(code)) != refused_by_unicode(chr(code))
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("Technische Universität München", False),
        ("Zeile eins\nZeile zwei\tmit Tab", False),
        ("Ende mit Wagenrücklauf\r", True),
        ("Null\x00 mittendrin", True),
        ("C1 \x85 (NEXT LINE)", True),
        ("gespiegelt \u202eabc", True),
        ("ohne Richtungszeichen \u200f (RLM ist erlaubt)", False),
        ("", False),
    ],
)
def test_texts_with_and_without_controls(text: str, refused: bool) -> None:
    assert _has_control_characters(text) is refused
