"""Bad inputs for every field, each with the facts a correct answer depends on.

A payload says what it *is* (blank, with control characters, a well-formed web
address, a date in or out of the supported range), not what the validator
does with it; :mod:`audit.inputs` turns these facts into the expected answer.

The markup payloads are canaries: if one were ever parsed as HTML it would add
an element with ``data-canary``, request a file under ``/__canary__/`` (allowed
by ``img-src 'self'``) or call ``window.__canary`` (see :mod:`audit.browser`).
All of them fit the shortest text field (60 characters), so they reach the
messages instead of stopping at a length error.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

DateClass = Literal["", "in_range", "out_of_range", "malformed"]
CANARY_PATH = "/__canary__/"
CANARY_ATTRIBUTE = "data-canary"


@dataclass(frozen=True)
class Payload:
    """One bad input.

    ``url_ok``: a web address the site should accept (http/https, a dotted
    host, no spaces); ``date``: how the text reads as an ISO date (``""`` when
    it is not meant as one); ``markup``: it would add elements if rendered
    as HTML.
    """

    id: str
    text: str
    what: str
    url_ok: bool = False
    date: DateClass = ""
    markup: bool = False

    @cached_property  # asked for every case of the matrix; "huge" is 100,000 characters
    def has_control_characters(self) -> bool:
        """True when it contains C0/C1 controls other than tab and newline (NUL included), or a
        bidi override (U+202D, U+202E), which can make a text read unlike what it says."""
        return any(
            ((ord(ch) < 32 or 127 <= ord(ch) < 160) and ch not in "\t\n") or ch in "\u202d\u202e" for ch in self.text
        )

    @cached_property
    def one_line(self) -> str:
        """The text with every run of whitespace made one space (what a one-line field keeps)."""
        return " ".join(self.text.split())

    @property
    def blank(self) -> bool:
        """True when nothing but whitespace was typed."""
        return not self.text.split()

    @property
    def multiline(self) -> bool:
        """True when the text has a line break (a one-line field folds it)."""
        return "\n" in self.text


HUGE = ("Netzwerk " * 11_112)[:100_000]

PAYLOADS: tuple[Payload, ...] = (
    Payload("empty", "", "nothing at all"),
    Payload("whitespace", "  \t \u00a0\u2003\u3000  ", "spaces, a tab, no-break and wide spaces only"),
    Payload("blank-lines", " \n \n\t\n ", "line breaks and spaces only"),
    Payload("huge", HUGE, "100 000 characters"),
    Payload("word-500", "x" * 500, "one word of 500 characters"),
    Payload("nul", "Jana\x00Beispiel", "a NUL character"),
    Payload("controls", "Jana\x01\x07\x08\x0b\x0c\x1b[31mrot\x7f\x85", "C0 and C1 control characters, an escape"),
    Payload("carriage-return", "Jana\rBcc: evil@example.org", "a bare carriage return before a header"),
    Payload("header-lines", "Jana\nBcc: evil@example.org\n\nHallo", "a line break and a mail header"),
    Payload("arabic", "مرحبا، أنا جنى من برلين", "right-to-left text (Arabic)"),
    Payload("mixed-direction", "Jana שלום Weber 2026 עולם (GmbH)", "mixed-direction text (Latin and Hebrew)"),
    Payload("bidi-controls", "Jana \u202eresU\u202c \u2067x\u2069", "bidi override and isolate characters"),
    Payload("emoji-zwj", "👩🏽‍💻 Jana 👨‍👩‍👧‍👦 🏳️‍🌈 🇩🇪", "emoji with joiners, skin tone, flags"),
    Payload("combining", "Jose\u0301 Mu\u0308ller Z\u0336\u0321\u0334a\u0335\u0327l\u0338g\u0337o", "combining marks"),
    Payload("zero-width", "Ja\u200bna\u200d We\ufeffber", "zero-width space, joiner and BOM inside words"),
    Payload("script-tag", "<script>__canary('script')</script>", "a script element", markup=True),
    Payload("img-onerror", "<img src=/__canary__/i.png data-canary onerror=__canary(1)>", "an image", markup=True),
    Payload("attribute-break", '"><svg data-canary onload=__canary(2)>', "breaking out of an attribute", markup=True),
    Payload("pre-break", "</pre><b data-canary>fett</b><pre>", "closing the message's <pre>", markup=True),
    Payload("iframe", "<iframe src=/__canary__/f.html data-canary></iframe>", "an iframe", markup=True),
    Payload("template", "{{7*7}} {organisation} {0} %s ${x} {% raw %}", "format and template syntax"),
    Payload("csv-formula", '=HYPERLINK("https://example.org","x")', "a spreadsheet formula"),
    Payload("javascript-url", "javascript:__canary(3)", "a javascript: URL"),
    Payload("javascript-url-case", " JaVaScRiPt:alert(1)", "a javascript: URL, mixed case, leading space"),
    Payload("javascript-url-tab", "java\tscript:alert(1)", "a javascript: URL split by a tab"),
    Payload("data-url", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "a data: URL"),
    Payload("data-url-html", "data:text/html,<b data-canary>x</b>", "a data: URL with markup", markup=True),
    Payload("vbscript-url", "vbscript:msgbox(1)", "a vbscript: URL"),
    Payload("file-url", "file:///etc/passwd", "a file: URL"),
    Payload("protocol-relative", "//127.0.0.1/__canary__/p.png", "a protocol-relative URL"),
    Payload(
        "url-with-markup",
        'https://example.org/"><svg/data-canary/onload=__canary(4)>',
        "a well-formed web address with markup in its path",
        url_ok=True,
        markup=True,
    ),
    Payload("url-idn", "https://xn--bcher-kva.example/%3Cscript%3E", "an IDN host, an encoded tag", url_ok=True),
    Payload("date-year-1", "0001-01-01", "the year 1", date="out_of_range"),
    Payload("date-1899", "1899-12-31", "before 1900", date="out_of_range"),
    Payload("date-1989", "1989-12-31", "a day before the supported range", date="out_of_range"),
    Payload("date-1990", "1990-01-01", "the first supported day", date="in_range"),
    Payload("date-2100", "2100-12-31", "the last supported day", date="in_range"),
    Payload("date-2101", "2101-01-01", "a day after the supported range", date="out_of_range"),
    Payload("date-9999", "9999-12-31", "the year 9999", date="out_of_range"),
    Payload("date-275760", "275760-09-13", "the last day a browser's date input takes", date="malformed"),
    Payload("date-feb-30", "2026-02-30", "a day that does not exist", date="malformed"),
)

BY_ID = {payload.id: payload for payload in PAYLOADS}
DATE_PAYLOADS = tuple(payload for payload in PAYLOADS if payload.date or payload.id in ("empty", "whitespace"))
MARKUP_PAYLOADS = tuple(payload for payload in PAYLOADS if payload.markup)
