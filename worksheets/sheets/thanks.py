"""Thanks and giving back: right away, after the meeting, and with the outcome.

The article: thank your contact, keep them posted, offer something in return
(a coffee, an introduction). Every message to the contact carries the offer;
the outcome is reported whether it was a yes or a no.
"""

from __future__ import annotations

from collections.abc import Callable

from worksheets.i18n import N_
from worksheets.letters import Person, closing, reference, salutation
from worksheets.result import Output
from worksheets.sheets.common import (
    check_person,
    message_language_field,
    paragraphs,
    person,
    person_fields,
    sentence,
    your_name_field,
)
from worksheets.spec import Choice, Field, Group, Worksheet

STAGES = (
    Choice("introduced", N_("Your contact has just introduced you")),
    Choice("met", N_("You have had the conversation")),
    Choice("outcome", N_("You know how it turned out")),
)
OUTCOMES = (
    Choice("pending", N_("Still open")),
    Choice("yes", N_("A yes: an offer or an admission")),
    Choice("no", N_("A no")),
)
OFFERS = (
    Choice("coffee", N_("Invite them for a coffee")),
    Choice("introduction", N_("Offer an introduction from your own network")),
    Choice("help", N_("Offer your help")),
    Choice("none", N_("No offer this time")),
)

SHEET_GROUPS = (
    Group(
        "stage",
        N_("Where you are"),
        (
            Field("stage", "select", N_("What has happened"), choices=STAGES, default="introduced"),
            Field(
                "outcome",
                "select",
                N_("The outcome"),
                help=N_("Only used once you know how it turned out."),
                choices=OUTCOMES,
                default="pending",
            ),
        ),
    ),
    Group("contact", N_("Your contact, who introduced you"), person_fields("contact", "du", "vorname")),
    Group(
        "target",
        N_("The person you were introduced to"),
        (
            *person_fields("target", "sie", "neutral"),
            Field("organisation", "text", N_("Organisation"), required=True, max_length=120, shared="organisation"),
        ),
    ),
    Group(
        "meeting",
        N_("The conversation"),
        (
            Field(
                "learned",
                "textarea",
                N_("What you took away, in one sentence (optional)"),
                help=N_("Written in the message language; it makes your thanks personal."),
                max_length=240,
            ),
            Field(
                "next_step",
                "textarea",
                N_("Your next step, in one sentence (optional)"),
                help=N_("Written in the message language, e.g. that you will apply by the end of the month."),
                max_length=240,
            ),
        ),
    ),
    Group(
        "offer",
        N_("Giving back"),
        (
            Field("offer", "select", N_("What you offer in return"), choices=OFFERS, default="coffee"),
            Field(
                "offer_detail",
                "textarea",
                N_("Your offer in your own words (optional, one sentence)"),
                help=N_("Written in the message language, e.g. whom you could introduce them to."),
                max_length=240,
            ),
        ),
    ),
    Group("you", N_("Signature and language"), (your_name_field(), message_language_field())),
)


def cross_check(values: dict[str, object]) -> dict[str, str]:
    """The names must fit the chosen forms of address."""
    return {**check_person(values, "contact"), **check_person(values, "target")}


def _offer_de(values: dict[str, object], du: bool) -> str:
    sie, ihnen, sagen = ("dich", "dir", "sag") if du else ("Sie", "Ihnen", "sagen Sie")
    lines = {
        "coffee": f"Darf ich {sie} als kleines Dankeschön bald auf einen Kaffee einladen?",
        "introduction": (
            f"Und wenn ich {ihnen} einmal jemanden aus meinem Netzwerk vorstellen kann, {sagen} einfach Bescheid."
        ),
        "help": f"Wenn ich {ihnen} irgendwann helfen kann, {sagen} einfach Bescheid.",
        "none": "",
    }
    return " ".join(part for part in (lines[str(values["offer"])], sentence(values["offer_detail"])) if part)


def _offer_en(values: dict[str, object]) -> str:
    lines = {
        "coffee": "May I buy you a coffee soon as a small thank-you?",
        "introduction": "And if I can ever introduce you to someone in my network, just let me know.",
        "help": "If I can ever help you with anything, just let me know.",
        "none": "",
    }
    return " ".join(part for part in (lines[str(values["offer"])], sentence(values["offer_detail"])) if part)


def _sign(contact: Person, language: str, tone: str, name: object) -> str:
    return f"{closing(contact, language, tone)}\n{name}"  # type: ignore[arg-type]


def _german(values: dict[str, object], contact: Person, target: Person) -> list[tuple[str, str, str]]:
    """(output id, subject, body) of each German message for the stage."""
    du, target_du = contact.informal, target.informal
    dir_, dich, du_, hast = ("dir", "dich", "du", "hast") if du else ("Ihnen", "Sie", "Sie", "haben")
    introduced = f"dass {du_} mich {reference(target, 'de')} vorgestellt {hast}"
    who, org, name = reference(target, "de"), values["organisation"], values["your_name"]
    offer = _offer_de(values, du)
    learned, next_step = sentence(values["learned"]), sentence(values["next_step"])
    hello = salutation(contact, "de", "warm")
    stage, outcome = values["stage"], values["outcome"]
    if stage == "introduced":
        body = paragraphs(
            hello,
            f"vielen Dank, {introduced}! Ich melde mich jetzt direkt bei {who} und halte {dich} auf dem Laufenden.",
            offer,
            _sign(contact, "de", "warm", name),
        )
        return [("thanks_contact", f"Danke für die Vorstellung bei {who}", body)]
    if stage == "met":
        t_dein, t_dich = ("deine", "dich") if target_du else ("Ihre", "Sie")
        to_target = paragraphs(
            salutation(target, "de", "formal"),
            f"vielen Dank für das Gespräch und für {t_dein} Zeit! {learned}".strip(),
            next_step,
            f"Ich halte {t_dich} gern auf dem Laufenden, wie es weitergeht.",
            _sign(target, "de", "formal", name),
        )
        to_contact = paragraphs(
            hello,
            f"ich habe inzwischen mit {who} gesprochen – danke noch einmal, dass {du_} mich vorgestellt {hast}! "
            f"{learned}".strip(),
            next_step,
            offer,
            _sign(contact, "de", "warm", name),
        )
        return [
            ("thanks_target", "Vielen Dank für das Gespräch", to_target),
            ("update_contact", f"Mein Gespräch mit {who}", to_contact),
        ]
    news = {
        "yes": f"ich habe gute Nachrichten: Ich habe eine Zusage von {org} bekommen! Dass {du_} mich {who} "
        f"vorgestellt {hast}, hat dazu beigetragen – vielen Dank dafür.",
        "no": f"ich wollte {dir_} noch Bescheid geben, wie es ausgegangen ist: Bei {org} hat es diesmal leider "
        f"nicht geklappt. Das Gespräch mit {who} hat mir trotzdem sehr geholfen, und ich bin {dir_} sehr "
        f"dankbar, dass {du_} mich vorgestellt {hast}.",
        "pending": f"kurzer Zwischenstand: Bei {org} steht die Entscheidung noch aus. Ich melde mich, sobald ich "
        f"mehr weiß – und danke {dir_} noch einmal, {introduced}!",
    }[str(outcome)]
    messages = [
        (
            "outcome_contact",
            f"Wie es bei {org} ausgegangen ist",
            paragraphs(hello, news, offer, _sign(contact, "de", "warm", name)),
        )
    ]
    if outcome in ("yes", "no"):
        t_ihnen = "dir" if target_du else "Ihnen"
        t_stay = "Ich würde mich freuen, wenn wir in Kontakt bleiben."
        line = (
            f"ich wollte {t_ihnen} kurz Bescheid geben: Ich habe eine Zusage von {org} bekommen. "
            "Unser Gespräch hat mir bei der Vorbereitung sehr geholfen – vielen Dank dafür!"
            if outcome == "yes"
            else f"ich wollte {t_ihnen} kurz Bescheid geben: Es hat diesmal leider nicht geklappt. "
            f"Unser Gespräch hat mir trotzdem sehr geholfen – vielen Dank dafür! {t_stay}"
        )
        messages.append(
            (
                "outcome_target",
                "Kurze Rückmeldung",
                paragraphs(salutation(target, "de", "formal"), line, _sign(target, "de", "formal", name)),
            )
        )
    return messages


def _english(values: dict[str, object], contact: Person, target: Person) -> list[tuple[str, str, str]]:
    """(output id, subject, body) of each English message for the stage."""
    who, org, name = reference(target, "en"), values["organisation"], values["your_name"]
    offer = _offer_en(values)
    learned, next_step = sentence(values["learned"]), sentence(values["next_step"])
    hello = salutation(contact, "en", "warm")
    stage, outcome = values["stage"], values["outcome"]
    if stage == "introduced":
        body = paragraphs(
            hello,
            f"Thank you so much for introducing me to {who}! I’ll get in touch with {who} directly "
            "and keep you posted.",
            offer,
            _sign(contact, "en", "warm", name),
        )
        return [("thanks_contact", f"Thank you for the introduction to {who}", body)]
    if stage == "met":
        to_target = paragraphs(
            salutation(target, "en", "formal"),
            f"Thank you for the conversation and for your time! {learned}".strip(),
            next_step,
            "I’d be glad to keep you posted on how things go.",
            _sign(target, "en", "formal", name),
        )
        to_contact = paragraphs(
            hello,
            f"I’ve now spoken with {who}—thanks again for the introduction! {learned}".strip(),
            next_step,
            offer,
            _sign(contact, "en", "warm", name),
        )
        return [
            ("thanks_target", "Thank you for the conversation", to_target),
            ("update_contact", f"My conversation with {who}", to_contact),
        ]
    news = {
        "yes": f"I have good news: {org} has said yes! Your introduction to {who} helped—thank you so much.",
        "no": f"I wanted to let you know how it turned out: it didn’t work out with {org} this time. "
        f"The conversation with {who} was still a great help, and I’m very grateful for your introduction.",
        "pending": f"A quick update: {org} hasn’t decided yet. I’ll let you know as soon as I hear more—and thanks "
        f"again for introducing me to {who}!",
    }[str(outcome)]
    messages = [
        (
            "outcome_contact",
            f"How it turned out with {org}",
            paragraphs(hello, news, offer, _sign(contact, "en", "warm", name)),
        )
    ]
    if outcome in ("yes", "no"):
        line = (
            f"I wanted to let you know that {org} has said yes. Our conversation helped me prepare—thank you!"
            if outcome == "yes"
            else "I wanted to let you know that it didn’t work out this time. Our conversation was still a great "
            "help—thank you! I’d be glad to stay in touch."
        )
        messages.append(
            (
                "outcome_target",
                "A short update",
                paragraphs(salutation(target, "en", "formal"), line, _sign(target, "en", "formal", name)),
            )
        )
    return messages


TITLES = {
    "thanks_contact": N_("Thank-you to your contact"),
    "thanks_target": N_("Thank-you after the conversation"),
    "update_contact": N_("Update for your contact"),
    "outcome_contact": N_("Outcome for your contact"),
    "outcome_target": N_("Outcome for the person you met"),
}


def generate(values: dict[str, object], language: str, _: Callable[[str], str], locale: str) -> list[Output]:
    """The messages that fit the stage, in the message language."""
    contact, target = person(values, "contact"), person(values, "target")
    writer = _german if language == "de" else _english
    return [
        Output(key, _(TITLES[key]), body, subject=subject) for key, subject, body in writer(values, contact, target)
    ]


SHEET = Worksheet(
    id="thanks",
    version=1,
    title=N_("Thanks and giving back"),
    intro=N_("Choose where you are; the messages for this moment appear below."),
    groups=SHEET_GROUPS,
    generate=generate,
    cross_check=cross_check,
    message_locale_field="message_language",
    examples=(
        {
            "stage": "met",
            "contact_first": "Anna",
            "contact_form": "frau",
            "contact_register": "du",
            "target_first": "Kim",
            "target_last": "Weber",
            "target_title": "dr",
            "organisation": "Grünwerk Consulting",
            "learned": "Der Hinweis, mich auf Projekte zur Kreislaufwirtschaft zu konzentrieren, hilft mir sehr.",
            "next_step": "Ich bewerbe mich bis Ende des Monats auf die Stelle.",
            "offer": "coffee",
            "your_name": "Jana Schmidt",
            "message_language": "de",
        },
        {
            "stage": "met",
            "contact_first": "Anna",
            "contact_form": "frau",
            "contact_register": "du",
            "target_first": "Kim",
            "target_last": "Weber",
            "target_title": "dr",
            "organisation": "Greenworks Consulting",
            "learned": "The advice to focus on circular economy projects helps me a lot.",
            "next_step": "I’ll apply for the role by the end of the month.",
            "offer": "coffee",
            "your_name": "Jana Schmidt",
            "message_language": "en",
        },
    ),
)
