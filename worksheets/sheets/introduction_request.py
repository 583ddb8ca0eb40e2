"""Asking a contact for an introduction: a note to the contact and a forwardable blurb.

Double opt-in: the reader sends the contact a short personal note plus a
separate, self-contained text written to the target person, which the contact
can forward unchanged after asking the target. The message texts are written
per message language (German, English); the form's labels and the output
titles are UI strings and go through the catalogs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from worksheets.channels import CHANNELS, shorten
from worksheets.i18n import N_
from worksheets.letters import Person, closing, reference, salutation
from worksheets.organisations import Organisation
from worksheets.result import Output
from worksheets.sheets.common import (
    CHANNEL_CHOICES,
    check_person,
    full_stop,
    message_language_field,
    organisation,
    organisation_fields,
    organisation_hint,
    paragraphs,
    person,
    person_fields,
    sentence,
    words,
    your_name_field,
)
from worksheets.spec import Choice, Field, Group, Worksheet

ASKS = (
    Choice("call", N_("A 15- to 20-minute call")),
    Choice("advice", N_("Advice by email")),
    Choice("good_word", N_("A good word for an application I have already sent")),
    Choice("programme", N_("A question about a study programme")),
)
TARGET_KINDS = (Choice("job", N_("A job")), Choice("programme", N_("A study programme")))


class ShortNote(NamedTuple):
    """The parts of a note for a channel with a character limit."""

    hello: str
    leads: tuple[str, ...]  # whom and what, from the full sentence to the shortest complete one
    question: str  # the request itself: never shortened
    signature: str


SHEET_GROUPS = (
    Group(
        "you",
        N_("About you"),
        (
            your_name_field(),
            Field(
                "pitch",
                "textarea",
                N_("Who you are, in one sentence"),
                help=N_("Written in the message language, e.g. your degree or current role and your focus."),
                required=True,
                max_length=240,
                shared="pitch",
            ),
            Field(
                "link",
                "url",
                N_("One link about you (optional)"),
                help=N_("Your professional profile, CV or portfolio. Send no attachments."),
                max_length=200,
                shared="link",
            ),
        ),
    ),
    Group(
        "contact",
        N_("Your contact, who makes the introduction"),
        (
            *person_fields("contact", "du", "vorname"),
            Field(
                "contact_reason",
                "textarea",
                N_("Why you are asking this contact (optional, one sentence)"),
                help=N_("For example how your contact knows the person you want to meet."),
                max_length=240,
            ),
        ),
    ),
    Group(
        "target",
        N_("The person you want to meet"),
        (
            *person_fields("target", "sie", "neutral"),
            *organisation_fields(),
            Field("target_kind", "select", N_("What it is about"), choices=TARGET_KINDS, default="job"),
            Field(
                "role",
                "text",
                N_("Job or study programme"),
                help=N_("The name of the position or programme, e.g. Junior Consultant Sustainability."),
                required=True,
                max_length=120,
            ),
            Field(
                "why_target",
                "textarea",
                N_("Why this person, in one or two sentences"),
                help=N_("Written to that person, in the message language."),
                required=True,
                max_length=400,
            ),
        ),
    ),
    Group(
        "ask",
        N_("Your request and how you send it"),
        (
            Field("ask", "select", N_("What you ask for"), choices=ASKS, default="call"),
            message_language_field(),
            Field(
                "channel",
                "select",
                N_("How you write to your contact"),
                help=N_("The blurb for the other person is always written as an email your contact can forward."),
                choices=CHANNEL_CHOICES,
                default="email",
            ),
        ),
    ),
)


def cross_check(values: dict[str, object]) -> dict[str, str]:
    """Errors that concern several fields: the names a form of address needs."""
    return {**check_person(values, "contact"), **check_person(values, "target")}


# --- German -----------------------------------------------------------------


def _what_de(values: dict[str, object], org: Organisation, case: str = "acc", where: bool = True) -> str:
    """The job or programme in German: accusative („die Stelle …“), dative („zur Stelle …“) or a subject line.

    ``where`` adds the organisation („bei der Siemens AG“, „an der Universität
    Freiburg“), or names it in brackets when no article rule is certain.
    """
    job = values["target_kind"] == "job"
    noun = {
        "acc": "die Stelle" if job else "den Studiengang",
        "dat": "zur Stelle" if job else "zum Studiengang",
        "subject": "Stelle" if job else "Studiengang",
    }[case]
    what = f"{noun} „{values['role']}“"
    if case == "subject" or not where:
        return what
    at = org.phrase("at", "de")
    return f"{what} {at}" if at else f"{what} ({org.name})"


def _target_de(target: Person, org: Organisation) -> str:
    """The target person with the organisation: „Dr. Kim Weber von der Siemens AG“ (accusative)."""
    name = reference(target, "de")
    origin = org.phrase("from", "de")
    return f"{name} {origin}" if origin else f"{name} ({org.name})"


def _note_ask_de(values: dict[str, object], org: Organisation) -> str:
    what = _what_de(values, org, where=False)
    match values["ask"]:
        case "call":
            return f"Mir geht es um ein kurzes Gespräch von 15 bis 20 Minuten über {what}."
        case "advice":
            return f"Mir geht es um ein paar Ratschläge per E-Mail {_what_de(values, org, 'dat', where=False)}."
        case "good_word":
            return f"Ich habe mich bereits auf {what} beworben und würde mich über ein gutes Wort freuen."
        case _:
            return f"Ich habe eine kurze Frage {_what_de(values, org, 'dat', where=False)}."


def _ask_de(values: dict[str, object], org: Organisation, du: bool) -> str:
    what = _what_de(values, org)
    ihnen, ihrem, sie = ("dir", "deinem", "du") if du else ("Ihnen", "Ihrem", "Sie")
    match values["ask"]:
        case "call":
            verb = "Hättest" if du else "Hätten"
            return (
                f"{verb} {sie} in den nächsten Wochen 15 bis 20 Minuten Zeit für ein kurzes Gespräch über {what}? "
                f"Ich richte mich ganz nach {ihrem} Kalender."
            )
        case "advice":
            return (
                f"Über ein, zwei Ratschläge per E-Mail, wie ich mich für {what} am besten aufstelle, "
                "würde ich mich sehr freuen."
            )
        case "good_word":
            halten = "hältst" if du else "halten"
            return (
                f"Ich habe mich bereits auf {what} beworben. Wenn {sie} meine Bewerbung für überzeugend {halten}, "
                "würde ich mich über ein gutes Wort bei den Verantwortlichen sehr freuen."
            )
        case _:
            darf = f"Darf ich {ihnen} dazu eine kurze Frage per E-Mail stellen?"
            return f"{full_stop(f'Ich interessiere mich für {what}')} {darf}"


def _note_de(values: dict[str, object], contact: Person, target: Person, org: Organisation) -> tuple[str, str]:
    du = contact.informal
    tone = "warm"
    target_name = reference(target, "de")
    dir_, du_, kannst, moechtest, fragst, sag = (
        ("dir", "du", "kannst", "möchtest", "fragst", "sag einfach Bescheid")
        if du
        else ("Ihnen", "Sie", "können", "möchten", "fragen", "sagen Sie einfach Bescheid")
    )
    opener = "ich hoffe, es geht dir gut!" if du else "ich hoffe, es geht Ihnen gut!"
    body = paragraphs(
        salutation(contact, "de", tone),
        words(
            f"{opener} Ich habe eine kleine Bitte: Ich würde gern {_target_de(target, org)} kennenlernen.",
            sentence(values["contact_reason"]),
        ),
        _note_ask_de(values, org),
        f"Unten steht ein kurzer Text über mich, den {du_} unverändert an {target_name} weiterleiten {kannst}. "
        f"Am besten {fragst} {du_} vorher kurz nach, ob eine Vorstellung willkommen ist. "
        f"Wenn {du_} etwas anders formulieren {moechtest}, passe ich den Text gern an.",
        f"Falls es gerade nicht passt, ist das überhaupt kein Problem – {sag}. Danke {dir_} schon jetzt!",
        f"{closing(contact, 'de', tone)}\n{values['your_name']}",
    )
    subject = f"Kurze Bitte: Kontakt zu {target_name} ({org.name})"
    return subject, body


def _short_note_de(values: dict[str, object], contact: Person, target: Person, org: Organisation) -> ShortNote:
    du_, kannst = ("du", "kannst") if contact.informal else ("Sie", "können")
    question = "Darf ich dir" if contact.informal else "Darf ich Ihnen"
    return ShortNote(
        salutation(contact, "de", "warm"),
        (
            f"ich würde gern {_target_de(target, org)} kennenlernen – es geht um {_what_de(values, org, where=False)}.",
            f"ich würde gern {_target_de(target, org)} kennenlernen.",
            f"ich würde gern {reference(target, 'de')} kennenlernen.",
        ),
        f"{question} einen kurzen Text schicken, den {du_} weiterleiten {kannst}?",
        f"{closing(contact, 'de', 'warm')}\n{values['your_name']}",
    )


def _blurb_de(values: dict[str, object], target: Person, org: Organisation) -> tuple[str, str]:
    du = target.informal
    link = f"Mehr über mich: {values['link']}" if values["link"] else ""
    polite = (
        "Wenn es gerade nicht passt, verstehe ich das natürlich."
        if not du
        else "Wenn es gerade nicht passt, ist das natürlich völlig in Ordnung."
    )
    body = paragraphs(
        salutation(target, "de", "formal"),
        words(f"mein Name ist {values['your_name']}.", sentence(values["pitch"])),
        sentence(values["why_target"]),
        _ask_de(values, org, du),
        link,
        polite,
        f"{closing(target, 'de', 'formal')}\n{values['your_name']}",
    )
    subject = f"Vorstellung: {values['your_name']} – {_what_de(values, org, 'subject')}"
    return subject, body


# --- English ----------------------------------------------------------------


def _what_en(values: dict[str, object], org: Organisation, subject: bool = False, where: bool = True) -> str:
    kind = "role" if values["target_kind"] == "job" else "programme"
    if subject:
        return f"{values['role']} {kind}"
    what = f"the {values['role']} {kind}"
    if not where:
        return what
    at = org.phrase("at", "en")
    return f"{what} {at}" if at else f"{what} ({org.name})"


def _target_en(target: Person, org: Organisation) -> str:
    """The target person with the organisation: "Dr Kim Weber at the University of Edinburgh"."""
    name = reference(target, "en")
    at = org.phrase("at", "en")
    return f"{name} {at}" if at else f"{name} ({org.name})"


def _note_ask_en(values: dict[str, object], org: Organisation) -> str:
    what = _what_en(values, org, where=False)
    match values["ask"]:
        case "call":
            return f"I’m hoping for a short 15- to 20-minute call about {what}."
        case "advice":
            return f"I’m hoping for a little advice by email about {what}."
        case "good_word":
            return f"I have already applied for {what} and would be grateful for a good word."
        case _:
            return f"I have a short question about {what}."


def _ask_en(values: dict[str, object], org: Organisation) -> str:
    what = _what_en(values, org)
    match values["ask"]:
        case "call":
            return (
                f"Would you have 15 to 20 minutes in the next few weeks for a short call about {what}? "
                "I’m happy to work around your schedule."
            )
        case "advice":
            return full_stop(
                f"I’d be very grateful for a little advice by email on how best to position myself for {what}"
            )
        case "good_word":
            return (
                f"{full_stop(f'I have already applied for {what}')} If you find my application convincing, "
                "a good word with the people in charge would mean a lot to me."
            )
        case _:
            question = "Would it be all right if I sent you a short question about it by email?"
            return f"{full_stop(f'I’m interested in {what}')} {question}"


def _note_en(values: dict[str, object], contact: Person, target: Person, org: Organisation) -> tuple[str, str]:
    target_name = reference(target, "en")
    body = paragraphs(
        salutation(contact, "en", "warm"),
        words(
            full_stop(
                f"I hope you’re doing well! I have a small favour to ask: I’d love to meet {_target_en(target, org)}"
            ),
            sentence(values["contact_reason"]),
        ),
        _note_ask_en(values, org),
        f"Below is a short note about me that you can forward to {target_name} as it is – ideally after checking "
        "that an introduction is welcome. If you’d like me to change anything, I’m happy to adjust it.",
        "And if now isn’t a good time, that’s completely fine – just let me know. Thank you so much!",
        f"{closing(contact, 'en', 'warm')}\n{values['your_name']}",
    )
    subject = f"A small favour: an introduction to {target_name} ({org.name})"
    return subject, body


def _short_note_en(values: dict[str, object], contact: Person, target: Person, org: Organisation) -> ShortNote:
    return ShortNote(
        salutation(contact, "en", "warm"),
        (
            f"I’d love to meet {_target_en(target, org)} about {_what_en(values, org, where=False)}.",
            full_stop(f"I’d love to meet {_target_en(target, org)}"),
            full_stop(f"I’d love to meet {reference(target, 'en')}"),
        ),
        "May I send you a short note you could forward?",
        f"{closing(contact, 'en', 'warm')}\n{values['your_name']}",
    )


def _blurb_en(values: dict[str, object], target: Person, org: Organisation) -> tuple[str, str]:
    link = f"More about me: {values['link']}" if values["link"] else ""
    body = paragraphs(
        salutation(target, "en", "formal"),
        words(f"My name is {values['your_name']}.", sentence(values["pitch"])),
        sentence(values["why_target"]),
        _ask_en(values, org),
        link,
        "If now isn’t a good time, I completely understand.",
        f"{closing(target, 'en', 'formal')}\n{values['your_name']}",
    )
    subject = f"Introduction: {values['your_name']} ({_what_en(values, org, subject=True)})"
    return subject, body


def _fit(short: ShortNote, limit: int) -> tuple[str, bool]:
    """The short note within ``limit`` and whether anything was left out.

    The question is always kept whole; the first sentence gives way, first
    to a shorter complete sentence and only then to a cut marked with "…".
    """
    frame = len(paragraphs(short.hello, "x", short.signature)) - 1  # the note without its middle
    budget = limit - frame - len(short.question) - 1
    lead = next((candidate for candidate in short.leads if len(candidate) <= budget), None)
    if lead is None:
        lead = shorten(short.leads[-1], max(budget, 20))
    return paragraphs(short.hello, f"{lead} {short.question}", short.signature), lead != short.leads[0]


def generate(values: dict[str, object], language: str, _: Callable[[str], str], locale: str) -> list[Output]:
    """The note to the contact and the forwardable blurb (plus a short note where the channel needs one)."""
    contact, target, org = person(values, "contact"), person(values, "target"), organisation(values)
    channel = CHANNELS[str(values["channel"])]
    if language == "de":
        note_subject, note = _note_de(values, contact, target, org)
        blurb_subject, blurb = _blurb_de(values, target, org)
        short = _short_note_de(values, contact, target, org)
    else:
        note_subject, note = _note_en(values, contact, target, org)
        blurb_subject, blurb = _blurb_en(values, target, org)
        short = _short_note_en(values, contact, target, org)
    outputs = [
        Output(
            "note",
            _("Note to your contact"),
            note,
            subject=note_subject if channel.has_subject else "",
            limit=channel.limit,
        ),
        Output("blurb", _("Text your contact can forward"), blurb, subject=blurb_subject),
    ]
    if channel.limit is not None and len(note) > channel.limit:
        fitted, shortened = _fit(short, channel.limit)
        outputs.insert(
            1,
            Output(
                "note_short",
                _("Short note within the character limit"),
                fitted,
                limit=channel.limit,
                shortened=shortened,
            ),
        )
    return outputs + organisation_hint(org, language, _)


SHEET = Worksheet(
    id="introduction-request",
    version=1,
    title=N_("Asking for an introduction"),
    intro=N_("Fill in the fields; your two messages appear below as you type."),
    groups=SHEET_GROUPS,
    generate=generate,
    cross_check=cross_check,
    message_locale_field="message_language",
    examples=(
        {
            "your_name": "Jana Schmidt",
            "pitch": "Ich schließe gerade meinen Master in Umweltökonomie ab und habe zwei Jahre in der "
            "Nachhaltigkeitsberatung gearbeitet.",
            "link": "https://example.org/jana-schmidt",
            "contact_first": "Anna",
            "contact_last": "Becker",
            "contact_form": "frau",
            "contact_register": "du",
            "contact_reason": "Du hast ja jahrelang mit ihr im Vorstand des Alumnivereins gesessen.",
            "target_first": "Kim",
            "target_last": "Weber",
            "target_form": "neutral",
            "target_title": "dr",
            "target_register": "sie",
            "organisation": "Grünwerk Consulting",
            "target_kind": "job",
            "role": "Junior Consultant Nachhaltigkeit",
            "why_target": "Sie leiten bei Grünwerk Consulting das Team für Kreislaufwirtschaft – "
            "genau in diesem Bereich möchte ich arbeiten.",
            "ask": "call",
            "message_language": "de",
            "channel": "email",
        },
        {
            "your_name": "Jana Schmidt",
            "pitch": "I’m finishing my master’s in environmental economics and have two years of experience "
            "in sustainability consulting.",
            "link": "https://example.org/jana-schmidt",
            "contact_first": "Anna",
            "contact_last": "Becker",
            "contact_form": "frau",
            "contact_register": "du",
            "contact_reason": "You served on the alumni association’s board with Kim for years.",
            "target_first": "Kim",
            "target_last": "Weber",
            "target_form": "neutral",
            "target_title": "dr",
            "target_register": "sie",
            "organisation": "Greenworks Consulting",
            "target_kind": "job",
            "role": "Junior Sustainability Consultant",
            "why_target": "You lead the circular economy team at Greenworks, which is exactly the field "
            "I want to work in.",
            "ask": "call",
            "message_language": "en",
            "channel": "email",
        },
    ),
)
