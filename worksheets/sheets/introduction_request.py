"""Asking a contact for an introduction: a note to the contact and a forwardable blurb.

Double opt-in: the reader sends the contact a short personal note plus a
separate, self-contained text written to the target person, which the contact
can forward unchanged after asking the target. The message texts are written
per message language (German, English); the form's labels and the output
titles are UI strings and go through the catalogs.
"""

from __future__ import annotations

from collections.abc import Callable

from worksheets.channels import CHANNELS, shorten
from worksheets.i18n import N_
from worksheets.letters import Person, closing, reference, salutation
from worksheets.result import Output
from worksheets.sheets.common import (
    CHANNEL_CHOICES,
    check_person,
    message_language_field,
    paragraphs,
    person,
    person_fields,
    sentence,
    your_name_field,
)
from worksheets.spec import Choice, Field, Group, Worksheet

ASKS = (
    Choice("call", N_("A 15 to 20 minute call")),
    Choice("advice", N_("Advice by email")),
    Choice("good_word", N_("A good word for an application I have already sent")),
    Choice("programme", N_("A question about a study programme")),
)
TARGET_KINDS = (Choice("job", N_("A job")), Choice("programme", N_("A study programme")))


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
                N_("Why you ask this contact (optional, one sentence)"),
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
            Field("organisation", "text", N_("Organisation"), required=True, max_length=120, shared="organisation"),
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


def _what_de(values: dict[str, object], case: str = "acc") -> str:
    """The job or programme in German: accusative ("die Stelle …"), dative ("zur Stelle …") or a subject line."""
    job = values["target_kind"] == "job"
    noun = {
        "acc": "die Stelle" if job else "den Studiengang",
        "dat": "zur Stelle" if job else "zum Studiengang",
        "subject": "Stelle" if job else "Studiengang",
    }[case]
    # "bei <company>" reads naturally; a university needs its own article
    # ("an der Universität …"), which free text cannot give us: name it in brackets.
    where = f" bei {values['organisation']}" if job else f" ({values['organisation']})"
    return f"{noun} „{values['role']}“" + ("" if case == "subject" else where)


def _note_ask_de(values: dict[str, object]) -> str:
    match values["ask"]:
        case "call":
            return f"Mir geht es um ein kurzes Gespräch von 15 bis 20 Minuten über {_what_de(values)}."
        case "advice":
            return f"Mir geht es um ein paar Ratschläge per E-Mail {_what_de(values, 'dat')}."
        case "good_word":
            return f"Ich habe mich bereits auf {_what_de(values)} beworben und würde mich über ein gutes Wort freuen."
        case _:
            return f"Ich habe eine kurze Frage {_what_de(values, 'dat')}."


def _ask_de(values: dict[str, object], du: bool) -> str:
    what = _what_de(values)
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
            return f"Ich interessiere mich für {what}. {darf}"


def _note_de(values: dict[str, object], contact: Person, target: Person) -> tuple[str, str]:
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
        f"{opener} Ich habe eine kleine Bitte: Ich würde gern {target_name} ({values['organisation']}) kennenlernen. "
        + sentence(values["contact_reason"]),
        _note_ask_de(values),
        f"Unten steht ein kurzer Text über mich, den {du_} unverändert an {target_name} weiterleiten {kannst}. "
        f"Am besten {fragst} {du_} vorher kurz nach, ob eine Vorstellung willkommen ist. "
        f"Wenn {du_} etwas anders formulieren {moechtest}, passe ich den Text gern an.",
        f"Falls es gerade nicht passt, ist das überhaupt kein Problem – {sag}. Danke {dir_} schon jetzt!",
        f"{closing(contact, 'de', tone)}\n{values['your_name']}",
    )
    subject = f"Kurze Bitte: Kontakt zu {target_name} ({values['organisation']})"
    return subject, body.strip()


def _short_note_de(values: dict[str, object], contact: Person, target: Person) -> tuple[str, str, str]:
    du = contact.informal
    question = "Darf ich dir" if du else "Darf ich Ihnen"
    return (
        salutation(contact, "de", "warm"),
        f"ich würde gern {reference(target, 'de')} ({values['organisation']}) kennenlernen – es geht um "
        f"{_what_de(values)}. {question} einen kurzen Text schicken, den man weiterleiten kann?",
        f"{closing(contact, 'de', 'warm')}\n{values['your_name']}",
    )


def _blurb_de(values: dict[str, object], target: Person) -> tuple[str, str]:
    du = target.informal
    link = f"Mehr über mich: {values['link']}" if values["link"] else ""
    polite = (
        "Wenn es gerade nicht passt, verstehe ich das natürlich."
        if not du
        else "Wenn es gerade nicht passt, ist das natürlich völlig in Ordnung."
    )
    body = paragraphs(
        salutation(target, "de", "formal"),
        f"mein Name ist {values['your_name']}. {sentence(values['pitch'])}",
        sentence(values["why_target"]),
        _ask_de(values, du),
        link,
        polite,
        f"{closing(target, 'de', 'formal')}\n{values['your_name']}",
    )
    subject = f"Vorstellung: {values['your_name']} – {_what_de(values, 'subject')}"
    return subject, body


# --- English ----------------------------------------------------------------


def _what_en(values: dict[str, object], subject: bool = False) -> str:
    kind = "role" if values["target_kind"] == "job" else "programme"
    if subject:
        return f"{values['role']} {kind}"
    return f"the {values['role']} {kind} at {values['organisation']}"


def _note_ask_en(values: dict[str, object]) -> str:
    what = _what_en(values)
    match values["ask"]:
        case "call":
            return f"I’m hoping for a short 15 to 20 minute call about {what}."
        case "advice":
            return f"I’m hoping for a little advice by email about {what}."
        case "good_word":
            return f"I have already applied for {what} and would be grateful for a good word."
        case _:
            return f"I have a short question about {what}."


def _ask_en(values: dict[str, object]) -> str:
    what = _what_en(values)
    match values["ask"]:
        case "call":
            return (
                f"Would you have 15 to 20 minutes in the next few weeks for a short call about {what}? "
                "I’m happy to work around your schedule."
            )
        case "advice":
            return f"I’d be very grateful for a little advice by email on how best to position myself for {what}."
        case "good_word":
            return (
                f"I have already applied for {what}. If you find my application convincing, "
                "a good word with the people in charge would mean a lot to me."
            )
        case _:
            return f"I’m interested in {what}. Would it be all right if I sent you a short question about it by email?"


def _note_en(values: dict[str, object], contact: Person, target: Person) -> tuple[str, str]:
    target_name = reference(target, "en")
    body = paragraphs(
        salutation(contact, "en", "warm"),
        f"I hope you’re doing well! I have a small favour to ask: I’d love to meet {target_name} "
        f"at {values['organisation']}. " + sentence(values["contact_reason"]),
        _note_ask_en(values),
        f"Below is a short note about me that you can forward to {target_name} as is—ideally after checking "
        "that an introduction is welcome. If you’d like me to change anything, I’m happy to adjust it.",
        "And if now isn’t a good time, that’s completely fine—just let me know. Thank you so much!",
        f"{closing(contact, 'en', 'warm')}\n{values['your_name']}",
    )
    subject = f"A small favour: an introduction to {target_name} ({values['organisation']})"
    return subject, body.strip()


def _short_note_en(values: dict[str, object], contact: Person, target: Person) -> tuple[str, str, str]:
    return (
        salutation(contact, "en", "warm"),
        f"I’d love to meet {reference(target, 'en')} at {values['organisation']} about {_what_en(values)}. "
        "May I send you a short note you could forward?",
        f"{closing(contact, 'en', 'warm')}\n{values['your_name']}",
    )


def _blurb_en(values: dict[str, object], target: Person) -> tuple[str, str]:
    link = f"More about me: {values['link']}" if values["link"] else ""
    body = paragraphs(
        salutation(target, "en", "formal"),
        f"My name is {values['your_name']}. {sentence(values['pitch'])}",
        sentence(values["why_target"]),
        _ask_en(values),
        link,
        "If now isn’t a good time, I completely understand.",
        f"{closing(target, 'en', 'formal')}\n{values['your_name']}",
    )
    subject = f"Introduction: {values['your_name']} ({_what_en(values, subject=True)})"
    return subject, body


def generate(values: dict[str, object], language: str, _: Callable[[str], str], locale: str) -> list[Output]:
    """The note to the contact and the forwardable blurb (plus a short note where the channel needs one)."""
    contact, target = person(values, "contact"), person(values, "target")
    channel = CHANNELS[str(values["channel"])]
    if language == "de":
        note_subject, note = _note_de(values, contact, target)
        blurb_subject, blurb = _blurb_de(values, target)
        short = _short_note_de(values, contact, target)
    else:
        note_subject, note = _note_en(values, contact, target)
        blurb_subject, blurb = _blurb_en(values, target)
        short = _short_note_en(values, contact, target)
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
        hello, middle, signature = short
        # Shorten the middle only: the note keeps its salutation and signature.
        budget = max(channel.limit - len(paragraphs(hello, "", signature)) - 2, 40)
        fitted = shorten(middle, budget)
        outputs.insert(
            1,
            Output(
                "note_short",
                _("Short note that fits the limit"),
                paragraphs(hello, fitted, signature),
                limit=channel.limit,
                shortened=fitted != middle,
            ),
        )
    return outputs


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
