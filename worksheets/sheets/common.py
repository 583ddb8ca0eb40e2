"""Fields, choices and text helpers that several worksheets share."""

from __future__ import annotations

import datetime as dt

from worksheets.channels import CHANNELS
from worksheets.i18n import N_
from worksheets.letters import Person, missing_name
from worksheets.spec import Choice, Field

FORMS = (
    Choice("neutral", N_("Full name, gender-neutral (Guten Tag Kim Weber)")),
    Choice("frau", N_("Ms (Frau)")),
    Choice("herr", N_("Mr (Herr)")),
    Choice("vorname", N_("First name only (du / first-name terms)")),
)
TITLES = (Choice("", N_("No title")), Choice("dr", N_("Dr.")), Choice("prof", N_("Prof.")))
REGISTERS = (Choice("sie", N_("Sie (formal)")), Choice("du", N_("du (informal)")))
LANGUAGES = (Choice("de", N_("German")), Choice("en", N_("English")))
CHANNEL_CHOICES = tuple(Choice(c.id, c.label) for c in CHANNELS.values())

_MONTHS_DE = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]
_MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def person_fields(prefix: str, register_default: str, form_default: str) -> tuple[Field, ...]:
    """Name, form of address, title and register of one person (shared as the unit ``prefix``)."""
    return (
        Field(f"{prefix}_first", "text", N_("First name"), max_length=60, shared=prefix),
        Field(f"{prefix}_last", "text", N_("Last name"), max_length=60, shared=prefix),
        Field(f"{prefix}_form", "select", N_("Form of address"), choices=FORMS, default=form_default, shared=prefix),
        Field(f"{prefix}_title", "select", N_("Academic title"), choices=TITLES, default="", shared=prefix),
        Field(
            f"{prefix}_register",
            "select",
            N_("Sie or du (German messages)"),
            help=N_("In German, Sie is right for a first contact; choose du only if you already use it."),
            choices=REGISTERS,
            default=register_default,
            shared=prefix,
        ),
    )


def your_name_field() -> Field:
    """The reader's own name, used to sign every message."""
    return Field("your_name", "text", N_("Your name"), required=True, max_length=80, shared="your_name")


def message_language_field() -> Field:
    """The language the messages are written in (independent of the page's)."""
    return Field(
        "message_language",
        "select",
        N_("Language of the messages"),
        choices=LANGUAGES,
        default="de",
        shared="message_language",
    )


def person(values: dict[str, object], prefix: str) -> Person:
    """The :class:`Person` described by the fields with ``prefix``."""
    return Person(
        first=str(values[f"{prefix}_first"]),
        last=str(values[f"{prefix}_last"]),
        form=values[f"{prefix}_form"],  # type: ignore[arg-type]
        title=values[f"{prefix}_title"],  # type: ignore[arg-type]
        register=values[f"{prefix}_register"],  # type: ignore[arg-type]
    )


def check_person(values: dict[str, object], prefix: str) -> dict[str, str]:
    """Errors (field id to msgid) when the form of address and the names do not fit."""
    errors: dict[str, str] = {}
    who = person(values, prefix)
    if who.form == "vorname" and values[f"{prefix}_register"] == "sie":
        errors[f"{prefix}_form"] = N_("Addressing someone by first name goes with du; choose du or another form.")
    missing = missing_name(who)
    if missing:
        errors[f"{prefix}_{missing}"] = N_("This form of address needs this name.")
    return errors


def sentence(text: object) -> str:
    """A reader's sentence, with a capital first letter and final punctuation."""
    value = str(text).strip()
    if not value:
        return ""
    value = value[0].upper() + value[1:]
    return value if value[-1] in '.!?…)“”"' else value + "."


def paragraphs(*parts: str) -> str:
    """Join the non-empty parts with one blank line between them."""
    return "\n\n".join(part for part in parts if part)


def long_date(day: dt.date, language: str) -> str:
    """A date as written in a letter: „3. Dezember 2026“ / “3 December 2026”."""
    if language == "de":
        return f"{day.day}. {_MONTHS_DE[day.month - 1]} {day.year}"
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"
