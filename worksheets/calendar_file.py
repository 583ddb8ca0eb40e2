"""A small iCalendar (RFC 5545) writer: all-day events with a reminder, nothing else.

The follow-up worksheet offers its proposed days as a ``.ics`` file. The
format is tiny for this use, so it is written here rather than pulled into
Pyodide as a library: lines end in CRLF, lines over 75 octets are folded
(never inside a UTF-8 character), and text values escape backslash, comma,
semicolon and line breaks (RFC 5545, 3.1 and 3.3.11).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

LINE_OCTETS = 75  # RFC 5545, 3.1: "Lines of text SHOULD NOT be longer than 75 octets"
PRODUCT = "-//Netzwerk-Leitfaden//Arbeitsblaetter//DE"
# Names the UIDs' namespace; the same event downloaded twice keeps its UID, so
# importing the file again updates the event instead of adding a second one.
_UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "arbeitsblaetter.netzwerk-leitfaden.invalid")
REMINDER_HOUR = 9  # the reminder rings at 9:00 on the day (floating local time)


@dataclass(frozen=True)
class Event:
    """One all-day event: its day, a short summary and a longer description."""

    day: dt.date
    summary: str
    description: str
    key: str  # what makes the event unique (turned into its UID, not written as such)


def escape_text(value: str) -> str:
    """A TEXT value with ``\\``, ``;``, ``,`` and line breaks escaped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line, folded into pieces of at most 75 octets joined by CRLF and a space."""
    pieces: list[str] = []
    current, size = "", 0
    limit = LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            pieces.append(current)
            # A continuation line starts with the space, which counts towards its 75 octets.
            current, size, limit = "", 0, LINE_OCTETS - 1
        current += char
        size += octets
    pieces.append(current)
    return "\r\n ".join(pieces)


def uid(key: str) -> str:
    """A stable UID for an event: a name-based UUID, so the key itself is not readable in it."""
    return f"{uuid.uuid5(_UID_NAMESPACE, key)}@netzwerk-leitfaden.invalid"


def _utc(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("the time stamp must carry a time zone")
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _event_lines(event: Event, language: str, stamp: str) -> list[str]:
    text = f";LANGUAGE={language}:"
    return [
        "BEGIN:VEVENT",
        f"UID:{uid(event.key)}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{event.day + dt.timedelta(days=1):%Y%m%d}",
        f"SUMMARY{text}{escape_text(event.summary)}",
        f"DESCRIPTION{text}{escape_text(event.description)}",
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"TRIGGER;RELATED=START:PT{REMINDER_HOUR}H",
        f"DESCRIPTION{text}{escape_text(event.summary)}",
        "END:VALARM",
        "END:VEVENT",
    ]


def calendar(events: Iterable[Event], language: str, stamp: dt.datetime) -> str:
    """A VCALENDAR with one all-day VEVENT per event; ``stamp`` (aware) becomes each DTSTAMP."""
    when = _utc(stamp)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODUCT}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for event in events:
        lines.extend(_event_lines(event, language, when))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
