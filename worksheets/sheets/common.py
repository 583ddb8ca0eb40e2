"""Fields, choices and text helpers that several worksheets share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from worksheets import dates
from worksheets.channels import CHANNELS
from worksheets.i18n import N_
from worksheets.letters import Person, missing_name
from worksheets.organisations import Organisation, Slot
from worksheets.result import Output
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
ARTICLE_LABEL = N_("Article before the organisation’s name")
ARTICLES = (
    Choice("auto", N_("Automatic, from the name")),
    Choice("f", N_("die (like die Universität, die AG)")),
    Choice("m", N_("der (like der Verlag)")),
    Choice("n", N_("das (like das Institut)")),
    Choice("none", N_("No article (like Google)")),
    Choice("avoid", N_("Not sure: write the messages without an article")),
)


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


def organisation_fields(label: str = N_("Organisation")) -> tuple[Field, ...]:
    """The organisation's name and the article the messages give it."""
    return (
        Field("organisation", "text", label, required=True, max_length=120, shared="organisation"),
        Field(
            "organisation_article",
            "select",
            ARTICLE_LABEL,
            help=N_(
                "Below your messages you see how they name the organisation. With der, die or das, "
                "English messages write “the”."
            ),
            choices=ARTICLES,
            default="auto",
            shared="organisation",
        ),
    )


def organisation(values: dict[str, object]) -> Organisation:
    """The :class:`Organisation` the reader named, with the article they chose."""
    return Organisation(str(values["organisation"]), values.get("organisation_article") or "auto")  # type: ignore[arg-type]


def _sample(org: Organisation, slot: Slot, language: str) -> str:
    """A slot's phrase as the hint shows it; the subject with its verb („Die Universität Mannheim hat …“)."""
    if slot != "subject":
        return str(org.phrase(slot, language))
    verb = "hat" if language == "de" else "has"
    return f"{org.phrase(slot, language, capital=True)} {verb} …"


def organisation_hint(org: Organisation, language: str, _: Callable[[str], str]) -> list[Output]:
    """Advice that shows how the messages name the organisation (none when they do not name it)."""
    slots = org.used.get(language, [])
    if not slots:
        return []
    control = _(ARTICLE_LABEL)
    if org.article == "avoid":
        text = _("As you chose, your messages name “{name}” without an article, in brackets.").format(name=org.name)
    elif not org.certain(language):
        text = _(
            "The name “{name}” does not show which article it takes, so your messages name it without one, "
            "in brackets. For smoother sentences, choose the article under “{control}”."
        ).format(name=org.name, control=control)
    else:
        shown = [_sample(org, slot, language) for slot in slots]
        quoted = ", ".join(_("“{text}”").format(text=text) for text in shown)
        text = _("Your messages name the organisation like this: {phrases}. If that is not right, change “{control}”.")
        text = text.format(phrases=quoted, control=control)
    return [Output("organisation", _("How your messages name the organisation"), text, kind="advice")]


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
    if missing == "first":
        errors[f"{prefix}_first"] = N_("This form of address needs a first name.")
    elif missing == "last":
        errors[f"{prefix}_last"] = N_("This form of address needs a last name.")
    return errors


def sentence(text: object) -> str:
    """A reader's sentence, with a capital first letter and final punctuation ("" when empty).

    A trailing colon, semicolon, comma or dash gives way to the full stop, so
    no „:.“ appears.
    """
    value = str(text).strip().rstrip(":;,–—- ").strip()
    if not value:
        return ""
    value = value[0].upper() + value[1:]
    return value if value[-1] in '.!?…)“”"’' else value + "."


def full_stop(text: str) -> str:
    """``text`` ending in a full stop, without doubling one that a name brings („… Apple Inc.“)."""
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def words(*parts: str) -> str:
    """Join the non-empty parts with one space (no trailing space when an optional part is empty)."""
    return " ".join(part.strip() for part in parts if part and part.strip())


def paragraphs(*parts: str) -> str:
    """Join the non-empty parts with one blank line between them."""
    return "\n\n".join(part.strip(" ") for part in parts if part and part.strip())


def long_date(day: dt.date, language: str) -> str:
    """A date as written in a letter: „3. Dezember 2026“ / “3 December 2026”."""
    return dates.long_date(day, language)
