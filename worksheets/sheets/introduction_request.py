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
from worksheets.letters import Person, closing, missing_name, reference, salutation
from worksheets.result import Output
from worksheets.spec import Choice, Field, Group, Worksheet

FORMS = (
    Choice("neutral", N_("Full name, gender-neutral (Guten Tag Kim Weber)")),
    Choice("frau", N_("Ms (Frau)")),
    Choice("herr", N_("Mr (Herr)")),
    Choice("vorname", N_("First name only (du / first-name terms)")),
)
TITLES = (Choice("", N_("No title")), Choice("dr", N_("Dr.")), Choice("prof", N_("Prof.")))
REGISTERS = (Choice("sie", N_("Sie (formal)")), Choice("du", N_("du (informal)")))
ASKS = (
    Choice("call", N_("A 15 to 20 minute call")),
    Choice("advice", N_("Advice by email")),
    Choice("good_word", N_("A good word for an application I have already sent")),
    Choice("programme", N_("A question about a study programme")),
)
TARGET_KINDS = (Choice("job", N_("A job")), Choice("programme", N_("A study programme")))
LANGUAGES = (Choice("de", N_("German")), Choice("en", N_("English")))
CHANNEL_CHOICES = tuple(Choice(c.id, c.label) for c in CHANNELS.values())

BLURB_WORDS = 120


def _person_fields(prefix: str, register_default: str, form_default: str) -> tuple[Field, ...]:
    return (
        Field(f"{prefix}_first", "text", N_("First name"), max_length=60, example=""),
        Field(f"{prefix}_last", "text", N_("Last name"), max_length=60),
        Field(f"{prefix}_form", "select", N_("Form of address"), choices=FORMS, default=form_default),
        Field(f"{prefix}_title", "select", N_("Academic title"), choices=TITLES, default=""),
        Field(
            f"{prefix}_register",
            "select",
            N_("Sie or du (German messages)"),
            help=N_("In German, Sie is right for a first contact; choose du only if you already use it."),
            choices=REGISTERS,
            default=register_default,
        ),
    )


SHEET_GROUPS = (
    Group(
        "you",
        N_("About you"),
        (
            Field("your_name", "text", N_("Your name"), required=True, max_length=80),
            Field(
                "pitch",
                "textarea",
                N_("Who you are, in one sentence"),
                help=N_("Written in the message language, e.g. your degree or current role and your focus."),
                required=True,
                max_length=240,
            ),
            Field(
                "link",
                "url",
                N_("One link about you (optional)"),
                help=N_("Your professional profile, CV or portfolio. Send no attachments."),
                max_length=200,
            ),
        ),
    ),
    Group(
        "contact",
        N_("Your contact, who makes the introduction"),
        (
            *_person_fields("contact", "du", "vorname"),
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
            *_person_fields("target", "sie", "neutral"),
            Field("organisation", "text", N_("Organisation"), required=True, max_length=120),
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
            Field("message_language", "select", N_("Language of the messages"), choices=LANGUAGES, default="de"),
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


def _person(values: dict[str, object], prefix: str) -> Person:
    return Person(
        first=str(values[f"{prefix}_first"]),
        last=str(values[f"{prefix}_last"]),
        form=values[f"{prefix}_form"],  # type: ignore[arg-type]
        title=values[f"{prefix}_title"],  # type: ignore[arg-type]
        register=values[f"{prefix}_register"],  # type: ignore[arg-type]
    )


def cross_check(values: dict[str, object]) -> dict[str, str]:
    """Errors that concern several fields: the names a form of address needs."""
    errors: dict[str, str] = {}
    for prefix in ("contact", "target"):
        person = _person(values, prefix)
        if person.form == "vorname" and values[f"{prefix}_register"] == "sie":
            errors[f"{prefix}_form"] = N_("Addressing someone by first name goes with du; choose du or another form.")
        missing = missing_name(person)
        if missing:
            errors[f"{prefix}_{missing}"] = N_("This form of address needs this name.")
    return errors


def _sentence(text: object) -> str:
    """A reader's sentence, with a capital first letter and final punctuation."""
    value = str(text).strip()
    if not value:
        return ""
    value = value[0].upper() + value[1:]
    return value if value[-1] in '.!?…)“”"' else value + "."


def _paragraphs(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)


# --- German -----------------------------------------------------------------

_ASK_DE = {
    "call": "ein kurzes Gespräch von 15 bis 20 Minuten",
    "advice": "ein paar Ratschläge per E-Mail",
    "good_word": "ein gutes Wort für meine bereits eingereichte Bewerbung",
    "programme": "die Antwort auf eine Frage zum Studiengang",
}


def _what_de(values: dict[str, object]) -> str:
    noun = "die Stelle" if values["target_kind"] == "job" else "den Studiengang"
    return f"{noun} „{values['role']}“ bei {values['organisation']}"


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
    body = _paragraphs(
        salutation(contact, "de", tone),
        f"{opener} Ich habe eine kleine Bitte: Ich würde gern {target_name} ({values['organisation']}) kennenlernen. "
        + _sentence(values["contact_reason"]),
        f"Mir geht es um {_ASK_DE[str(values['ask'])]} – konkret um {_what_de(values)}.",
        f"Unten steht ein kurzer Text über mich, den {du_} unverändert an {target_name} weiterleiten {kannst}. "
        f"Am besten {fragst} {du_} vorher kurz nach, ob eine Vorstellung willkommen ist. "
        f"Wenn {du_} etwas anders formulieren {moechtest}, passe ich den Text gern an.",
        f"Falls es gerade nicht passt, ist das überhaupt kein Problem – {sag}. Danke {dir_} schon jetzt!",
        f"{closing(contact, 'de', tone)}\n{values['your_name']}",
    )
    subject = f"Kurze Bitte: Kontakt zu {target_name} ({values['organisation']})"
    return subject, body.strip()


def _short_note_de(values: dict[str, object], contact: Person, target: Person) -> str:
    du = contact.informal
    question = "Darf ich dir" if du else "Darf ich Ihnen"
    return _paragraphs(
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
    body = _paragraphs(
        salutation(target, "de", "formal"),
        f"mein Name ist {values['your_name']}. {_sentence(values['pitch'])}",
        _sentence(values["why_target"]),
        _ask_de(values, du),
        link,
        polite,
        f"{closing(target, 'de', 'formal')}\n{values['your_name']}",
    )
    subject = f"Vorstellung: {values['your_name']} – {_what_de(values)}"
    return subject, body


# --- English ----------------------------------------------------------------

_ASK_EN = {
    "call": "a short 15 to 20 minute call",
    "advice": "a little advice by email",
    "good_word": "a good word for the application I have already sent",
    "programme": "an answer to a question about the programme",
}


def _what_en(values: dict[str, object]) -> str:
    kind = "role" if values["target_kind"] == "job" else "programme"
    return f"the {values['role']} {kind} at {values['organisation']}"


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
    body = _paragraphs(
        salutation(contact, "en", "warm"),
        f"I hope you’re doing well! I have a small favour to ask: I’d love to meet {target_name} "
        f"at {values['organisation']}. " + _sentence(values["contact_reason"]),
        f"I’m hoping for {_ASK_EN[str(values['ask'])]} about {_what_en(values)}.",
        f"Below is a short note about me that you can forward to {target_name} as is — ideally after checking "
        "that an introduction is welcome. If you’d like me to change anything, I’m happy to adjust it.",
        "And if now isn’t a good time, that’s completely fine — just let me know. Thank you so much!",
        f"{closing(contact, 'en', 'warm')}\n{values['your_name']}",
    )
    subject = f"A small favour: an introduction to {target_name} ({values['organisation']})"
    return subject, body.strip()


def _short_note_en(values: dict[str, object], contact: Person, target: Person) -> str:
    return _paragraphs(
        salutation(contact, "en", "warm"),
        f"I’d love to meet {reference(target, 'en')} at {values['organisation']} about {_what_en(values)}. "
        "May I send you a short note you could forward?",
        f"{closing(contact, 'en', 'warm')}\n{values['your_name']}",
    )


def _blurb_en(values: dict[str, object], target: Person) -> tuple[str, str]:
    link = f"More about me: {values['link']}" if values["link"] else ""
    body = _paragraphs(
        salutation(target, "en", "formal"),
        f"My name is {values['your_name']}. {_sentence(values['pitch'])}",
        _sentence(values["why_target"]),
        _ask_en(values),
        link,
        "If now isn’t a good time, I completely understand.",
        f"{closing(target, 'en', 'formal')}\n{values['your_name']}",
    )
    subject = f"Introduction: {values['your_name']} — {_what_en(values)}"
    return subject, body


def generate(values: dict[str, object], language: str, _: Callable[[str], str]) -> list[Output]:
    """The note to the contact and the forwardable blurb (plus a short note where the channel needs one)."""
    contact, target = _person(values, "contact"), _person(values, "target")
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
        fitted = short if len(short) <= channel.limit else shorten(short, channel.limit)
        outputs.insert(1, Output("note_short", _("Short note that fits the limit"), fitted, limit=channel.limit))
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
