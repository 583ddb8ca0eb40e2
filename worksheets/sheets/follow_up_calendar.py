"""The follow-up's reminders: one calendar event per follow-up still to come.

Summary and description are in the message language; they carry only what
the reader typed (the contact's name and the topic) and the dates.
"""

from __future__ import annotations

import datetime as dt

from worksheets.calendar_file import Event
from worksheets.sheets.common import long_date

_WEEKDAYS = {
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def weekday_date(day: dt.date, language: str) -> str:
    """„Mittwoch, 9. Dezember 2026“ / “Wednesday, 9 December 2026”."""
    names = _WEEKDAYS["de" if language == "de" else "en"]
    return f"{names[day.weekday()]}, {long_date(day, language)}"


def _contact(values: dict[str, object]) -> str:
    return " ".join(part for part in (str(values["contact_first"]), str(values["contact_last"])) if part)


def _texts(values: dict[str, object], attempt: int, total: int, language: str) -> tuple[str, str]:
    contact, topic = _contact(values), str(values["topic"])
    sent = long_date(dt.date.fromisoformat(str(values["sent_on"])), language)
    if language == "de":
        summary = f"Bei {contact} nachfassen: {topic} (Versuch {attempt} von {total})"
        description = (
            f"Kurze Nachfrage im selben Verlauf zu Ihrer Nachricht vom {sent}. "
            "Den Text schreibt Ihnen das Arbeitsblatt „Nachfassen“."
        )
        last = " Danach lassen Sie die Sache ruhen."
    else:
        summary = f"Follow up with {contact}: {topic} (attempt {attempt} of {total})"
        description = (
            f"A short follow-up on the same thread to your message of {sent}. "
            "The worksheet “Following up” writes it for you."
        )
        last = " After this one, let it rest."
    return summary, description + (last if attempt == total else "")


def reminders(values: dict[str, object], days: list[dt.date], total: int, language: str) -> list[Event]:
    """One event per proposed day; the first is attempt ``total - len(days) + 1``."""
    first = total - len(days) + 1
    events = []
    for attempt, day in enumerate(days, start=first):
        summary, description = _texts(values, attempt, total, language)
        key = "|".join(("follow-up", str(values["sent_on"]), str(values["topic"]), _contact(values), str(attempt)))
        events.append(Event(day, summary, description, key))
    return events


def reminders_preview(values: dict[str, object], days: list[dt.date], total: int, language: str) -> str:
    """The events as the page shows them: one line per day."""
    return "\n".join(
        f"{weekday_date(event.day, language)} – {event.summary}" for event in reminders(values, days, total, language)
    )
