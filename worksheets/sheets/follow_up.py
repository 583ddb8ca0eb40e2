"""Following up: is it time yet, and a one-line nudge on the same thread.

For a networking request, wait seven business days (Monday to Friday) before
following up, and again after each follow-up; after the third follow-up, let
it rest. A proposed date never falls on a Saturday or Sunday. The advice is
for the reader (page language); the nudge is in the message language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from worksheets.business_days import add_business_days, is_business_day, next_business_day
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

WAIT_BUSINESS_DAYS = 7  # Steve Dalton, "The 2-Hour Job Search": seven business days
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
                help=N_("Written in the message language, e.g. the introduction to Dr Kim Weber."),
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
    """The German nudge; each attempt is worded differently, the last says it is the last."""
    du = contact.informal
    dir_, du_, hattest, danke = (
        ("dir", "du", "Hattest", "danke dir") if du else ("Ihnen", "Sie", "Hatten", "herzlichen Dank")
    )
    when = f"vom {long_date(since, 'de')} ({topic})"
    line = {
        1: f"kurze Nachfrage zu meiner Nachricht {when}: {hattest} {du_} schon Gelegenheit, einen Blick darauf "
        "zu werfen? Wenn es gerade nicht passt, ist das völlig in Ordnung.",
        2: f"ich komme noch einmal auf meine Nachricht {when} zurück. Ich weiß, dass gerade viel los ist – "
        f"passt es {dir_} vielleicht in den nächsten Wochen besser? Wenn nicht, ist das auch in Ordnung.",
        3: f"ich melde mich ein letztes Mal wegen meiner Nachricht {when}. Passt es {dir_} noch, oder soll ich "
        f"die Sache ruhen lassen? Beides ist völlig in Ordnung – {danke} in jedem Fall!",
    }[attempt]
    return paragraphs(salutation(contact, "de", "warm"), line, f"{closing(contact, 'de', 'warm')}\n{name}")


def _nudge_en(contact: Person, topic: str, since: dt.date, attempt: int, name: str) -> str:
    """The English nudge; each attempt is worded differently, the last says it is the last."""
    message = f"my message of {long_date(since, 'en')} about {topic}"
    line = {
        1: f"Just following up on {message}. Have you had a chance to look at it? "
        "If now isn’t a good time, that’s completely fine.",
        2: f"I’m coming back once more to {message}. I know things are busy – would the next few weeks "
        "suit you better? If not, that’s fine too.",
        3: f"I’m getting in touch one last time about {message}. Would it still suit you, or shall I leave it "
        "there? Either is completely fine – thank you either way!",
    }[attempt]
    return paragraphs(salutation(contact, "en", "warm"), line, f"{closing(contact, 'en', 'warm')}\n{name}")


def today_of(values: dict[str, object]) -> dt.date:
    """The date the reader entered as today's, or this device's."""
    return dt.date.fromisoformat(str(values["today"])) if values["today"] else dt.date.today()


def due_date(values: dict[str, object]) -> dt.date:
    """The first day a follow-up is due: seven business days after the request or the last follow-up."""
    sent = dt.date.fromisoformat(str(values["sent_on"]))
    last = dt.date.fromisoformat(str(values["last_follow_up"])) if values["last_follow_up"] else sent
    return add_business_days(last, WAIT_BUSINESS_DAYS)


def proposed_days(values: dict[str, object]) -> list[dt.date]:
    """The days of the follow-ups still to come: the next one when due (on a business day, today at the
    earliest), each later one seven business days after the one before."""
    days: list[dt.date] = []
    for _attempt in range(int(str(values["follow_ups"])), MAX_FOLLOW_UPS):
        if days:
            days.append(add_business_days(days[-1], WAIT_BUSINESS_DAYS))
        else:
            days.append(max(due_date(values), next_business_day(today_of(values))))
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
    """The advice (wait, follow up, or let it rest), when it is time the nudge, and the days as a calendar file."""
    today = today_of(values)
    sent = dt.date.fromisoformat(str(values["sent_on"]))
    done = int(str(values["follow_ups"]))
    due = due_date(values)
    if done >= MAX_FOLLOW_UPS:
        advice = _(
            "You have followed up three times. Let it rest now: your contact has heard you, and a polite "
            "silence is an answer too. Do not come back to this request; stay in touch in other ways."
        )
        return [Output("advice", _("What to do now"), advice, kind="advice")]
    if today < due:
        advice = _("Give it a little more time: follow up on {date} (seven business days after your last message).")
        advice = advice.format(date=long_date(due, locale))
        return [Output("advice", _("What to do now"), advice, kind="advice"), calendar_output(values, language, _)]
    attempt = done + 1
    if is_business_day(today):
        advice = _(
            "Now is a good time for a short follow-up (attempt {attempt} of {max}). Reply on the same thread."
        ).format(attempt=attempt, max=MAX_FOLLOW_UPS)
    else:
        advice = _(
            "It is time for a short follow-up (attempt {attempt} of {max}); send it on a business day, "
            "for example on {date}. Reply on the same thread."
        ).format(attempt=attempt, max=MAX_FOLLOW_UPS, date=long_date(next_business_day(today), locale))
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
            "topic": "meine Bitte, mich Dr. Kim Weber vorzustellen",
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
            "topic": "the introduction to Dr Kim Weber",
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
