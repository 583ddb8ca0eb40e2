"""Following up: is it time yet, and a one-line nudge on the same thread.

For a networking request, wait about a week before following up, and again a
week after each follow-up; after the third follow-up, let it go. The advice is
for the reader (page language); the nudge is in the message language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from worksheets.calendar_file import calendar
from worksheets.i18n import N_
from worksheets.letters import Person, closing, salutation
from worksheets.result import Output
from worksheets.sheets.common import (
    check_person,
    long_date,
    message_language_field,
    paragraphs,
    person,
    person_fields,
    your_name_field,
)
from worksheets.sheets.follow_up_calendar import reminders, reminders_preview
from worksheets.spec import Choice, Field, Group, Worksheet

WAIT_DAYS = 7
MAX_FOLLOW_UPS = 3

ATTEMPTS = (
    Choice("0", N_("Not yet")),
    Choice("1", N_("Once")),
    Choice("2", N_("Twice")),
    Choice("3", N_("Three times or more")),
)

SHEET_GROUPS = (
    Group(
        "request",
        N_("Your request"),
        (
            Field(
                "topic",
                "text",
                N_("What you asked for, in a few words"),
                help=N_("Written in the message language, e.g. the introduction to Dr. Kim Weber."),
                required=True,
                max_length=120,
            ),
            Field("sent_on", "date", N_("When you sent it"), required=True),
            Field("follow_ups", "select", N_("How often you have followed up"), choices=ATTEMPTS, default="0"),
            Field(
                "last_follow_up",
                "date",
                N_("Date of your last follow-up (if any)"),
            ),
            Field(
                "today",
                "date",
                N_("Today's date"),
                help=N_("Leave empty to use today's date on this device."),
            ),
        ),
    ),
    Group("contact", N_("Whom you asked"), person_fields("contact", "du", "vorname")),
    Group("you", N_("Signature and language"), (your_name_field(), message_language_field())),
)


def cross_check(values: dict[str, object]) -> dict[str, str]:
    """The contact's names must fit the form of address; dates must be in order."""
    errors = check_person(values, "contact")
    sent, last = values["sent_on"], values["last_follow_up"]
    if isinstance(sent, str) and isinstance(last, str) and sent and last and last < sent:
        errors["last_follow_up"] = N_("Your last follow-up cannot be before your request.")
    if values["follow_ups"] != "0" and not last and values["sent_on"]:
        errors["last_follow_up"] = N_("Please enter the date of your last follow-up.")
    return errors


def _nudge_de(contact: Person, topic: str, since: dt.date, attempt: int, name: str) -> str:
    du = contact.informal
    if du:
        ask = "Hattest du schon Gelegenheit, einen Blick darauf zu werfen?"
        fine = "Wenn es gerade nicht passt, ist das völlig in Ordnung."
        last = "Ich melde mich danach nicht mehr dazu – danke dir in jedem Fall!"
    else:
        ask = "Hatten Sie schon Gelegenheit, einen Blick darauf zu werfen?"
        fine = "Wenn es gerade nicht passt, ist das völlig in Ordnung."
        last = "Ich melde mich danach nicht mehr dazu – herzlichen Dank in jedem Fall!"
    line = f"kurze Nachfrage zu meiner Nachricht vom {long_date(since, 'de')} ({topic}): {ask} {fine}"
    if attempt == MAX_FOLLOW_UPS:
        line += f" {last}"
    return paragraphs(salutation(contact, "de", "warm"), line, f"{closing(contact, 'de', 'warm')}\n{name}")


def _nudge_en(contact: Person, topic: str, since: dt.date, attempt: int, name: str) -> str:
    line = (
        f"Just following up on my message of {long_date(since, 'en')} about {topic}. "
        "Have you had a chance to look at it? If now isn’t a good time, that’s completely fine."
    )
    if attempt == MAX_FOLLOW_UPS:
        line += " I won’t chase this any further—thank you either way!"
    return paragraphs(salutation(contact, "en", "warm"), line, f"{closing(contact, 'en', 'warm')}\n{name}")


def today_of(values: dict[str, object]) -> dt.date:
    """The date the reader entered as today's, or this device's."""
    return dt.date.fromisoformat(str(values["today"])) if values["today"] else dt.date.today()


def due_date(values: dict[str, object]) -> dt.date:
    """The day the next follow-up is due: a week after the request or the last follow-up."""
    sent = dt.date.fromisoformat(str(values["sent_on"]))
    last = dt.date.fromisoformat(str(values["last_follow_up"])) if values["last_follow_up"] else sent
    return last + dt.timedelta(days=WAIT_DAYS)


def proposed_days(values: dict[str, object]) -> list[dt.date]:
    """The days of the follow-ups still to come: the next one (today at the earliest), then a week apart."""
    days: list[dt.date] = []
    for _attempt in range(int(str(values["follow_ups"])), MAX_FOLLOW_UPS):
        days.append(max(due_date(values), today_of(values)) if not days else days[-1] + dt.timedelta(days=WAIT_DAYS))
    return days


def calendar_output(values: dict[str, object], language: str, _: Callable[[str], str]) -> Output:
    """The proposed days as a calendar file; the page shows them, the file is written on download."""
    days = proposed_days(values)
    preview = reminders_preview(values, days, MAX_FOLLOW_UPS, language)
    return Output(
        "calendar",
        _("Your follow-up days for your calendar"),
        preview,
        kind="file",
        filename="follow-up.ics",
        mime="text/calendar;charset=utf-8",
        on_demand=True,
    )


def calendar_file(values: dict[str, object], language: str, now: dt.datetime) -> str:
    """The ``.ics`` file: one all-day event per follow-up still to come."""
    return calendar(reminders(values, proposed_days(values), MAX_FOLLOW_UPS, language), language, now)


def generate(values: dict[str, object], language: str, _: Callable[[str], str], locale: str) -> list[Output]:
    """The advice (wait, follow up, or let go), when it is time the nudge, and the days as a calendar file."""
    today = today_of(values)
    sent = dt.date.fromisoformat(str(values["sent_on"]))
    done = int(str(values["follow_ups"]))
    due = due_date(values)
    if done >= MAX_FOLLOW_UPS:
        advice = _(
            "You have followed up three times. Let it go now: your contact has heard you, and a polite "
            "silence is an answer too. Thank them anyway and keep in touch."
        )
        return [Output("advice", _("What to do now"), advice, kind="advice")]
    if today < due:
        advice = _("Give it a little more time: follow up on {date}.").format(date=long_date(due, locale))
        return [Output("advice", _("What to do now"), advice, kind="advice"), calendar_output(values, language, _)]
    attempt = done + 1
    advice = _(
        "Now is a good time for a short follow-up (attempt {attempt} of {max}). Reply on the same thread."
    ).format(attempt=attempt, max=MAX_FOLLOW_UPS)
    contact = person(values, "contact")
    writer = _nudge_de if language == "de" else _nudge_en
    nudge = writer(contact, str(values["topic"]), sent, attempt, str(values["your_name"]))
    return [
        Output("advice", _("What to do now"), advice, kind="advice"),
        Output("nudge", _("Your follow-up"), nudge),
        calendar_output(values, language, _),
    ]


SHEET = Worksheet(
    id="follow-up",
    version=1,
    title=N_("Following up"),
    intro=N_("Enter when you sent your request; the advice and your follow-up appear below."),
    groups=SHEET_GROUPS,
    generate=generate,
    submit_label=N_("Check and write my follow-up"),
    output_heading=N_("Your advice and follow-up"),
    cross_check=cross_check,
    message_locale_field="message_language",
    files={"calendar": calendar_file},
    examples=(
        {
            "topic": "die Vorstellung bei Dr. Kim Weber",
            "sent_on": "2026-11-02",
            "follow_ups": "0",
            "today": "2026-11-12",
            "contact_first": "Anna",
            "contact_form": "frau",
            "contact_register": "du",
            "your_name": "Jana Schmidt",
            "message_language": "de",
        },
        {
            "topic": "the introduction to Dr. Kim Weber",
            "sent_on": "2026-11-02",
            "follow_ups": "0",
            "today": "2026-11-12",
            "contact_first": "Anna",
            "contact_form": "frau",
            "contact_register": "du",
            "your_name": "Jana Schmidt",
            "message_language": "en",
        },
    ),
)
