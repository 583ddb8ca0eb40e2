"""Thanks and giving back: right away, after the meeting, and with the outcome.

The article: thank your contact, keep them posted, offer something in return
(a coffee, an introduction). Every message to the contact carries the offer;
the outcome is reported whether it was a yes or a no.
"""

from __future__ import annotations

from collections.abc import Callable

from worksheets.i18n import N_
from worksheets.letters import Person, closing, reference, salutation
from worksheets.organisations import Organisation
from worksheets.result import Output
from worksheets.sheets.common import (
    check_person,
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

Message = tuple[str, str, str]  # (output id, subject, body)

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
            *organisation_fields(),
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


def _german(values: dict[str, object], contact: Person, target: Person, org: Organisation) -> list[Message]:
    """(output id, subject, body) of each German message for the stage."""
    du, target_du = contact.informal, target.informal
    dir_, dich, du_, hast = ("dir", "dich", "du", "hast") if du else ("Ihnen", "Sie", "Sie", "haben")
    who, name = reference(target, "de"), values["your_name"]
    introduced = f"dass {du_} mich {who} vorgestellt {hast}"
    offer = _offer_de(values, du)
    learned, next_step = sentence(values["learned"]), sentence(values["next_step"])
    hello = salutation(contact, "de", "warm")
    stage, outcome = values["stage"], values["outcome"]
    if stage == "introduced":
        body = paragraphs(
            hello,
            f"vielen Dank, {introduced}! Ich antworte jetzt direkt und halte {dich} auf dem Laufenden.",
            offer,
            _sign(contact, "de", "warm", name),
        )
        return [("thanks_contact", f"Danke für die Vorstellung bei {who}", body)]
    if stage == "met":
        t_dein, t_dich = ("deine", "dich") if target_du else ("Ihre", "Sie")
        to_target = paragraphs(
            salutation(target, "de", "formal"),
            words(f"vielen Dank für das Gespräch und für {t_dein} Zeit!", learned),
            next_step,
            f"Ich halte {t_dich} gern auf dem Laufenden, wie es weitergeht.",
            _sign(target, "de", "formal", name),
        )
        # What the reader took away came from the conversation, not from the contact: say so.
        took_away = f"Mitgenommen habe ich vor allem das: {learned}" if learned else ""
        to_contact = paragraphs(
            hello,
            words(
                f"ich habe inzwischen mit {who} gesprochen – danke noch einmal, dass {du_} uns bekannt gemacht {hast}!",
                took_away,
            ),
            next_step,
            offer,
            _sign(contact, "de", "warm", name),
        )
        return [
            ("thanks_target", "Vielen Dank für das Gespräch", to_target),
            ("update_contact", f"Mein Gespräch mit {who}", to_contact),
        ]
    said = org.phrase("subject", "de", capital=True)
    if outcome == "yes":
        news = f"{said} hat mir zugesagt!" if said else f"Ich habe eine Zusage bekommen ({org.name})!"
        news = (
            f"ich habe gute Nachrichten: {news} Dass {du_} mich {who} vorgestellt {hast}, "
            "hat dazu beigetragen – vielen Dank dafür."
        )
    elif outcome == "no":
        news = (
            f"{said} hat mir diesmal leider abgesagt."
            if said
            else f"Es hat diesmal leider nicht geklappt ({org.name})."
        )
        news = (
            f"ich wollte {dir_} noch Bescheid geben, wie es ausgegangen ist: {news} Das Gespräch mit {who} hat mir "
            f"trotzdem sehr geholfen, und ich bin {dir_} sehr dankbar, dass {du_} mich vorgestellt {hast}."
        )
    else:
        news = f"{said} hat noch nicht entschieden." if said else f"Die Entscheidung steht noch aus ({org.name})."
        news = (
            f"kurzer Zwischenstand: {news} Ich melde mich, sobald ich mehr weiß – "
            f"und danke {dir_} noch einmal, {introduced}!"
        )
    subject = f"Kurzer Zwischenstand: {org.name}" if outcome == "pending" else f"Wie es ausgegangen ist: {org.name}"
    messages = [("outcome_contact", subject, paragraphs(hello, news, offer, _sign(contact, "de", "warm", name)))]
    if outcome in ("yes", "no"):
        t_ihnen = "dir" if target_du else "Ihnen"
        t_stay = "Ich würde mich freuen, wenn wir in Kontakt bleiben."
        origin = org.phrase("from", "de")
        if outcome == "yes":
            zusage = (
                f"Ich habe eine Zusage {origin} bekommen." if origin else f"Ich habe eine Zusage bekommen ({org.name})."
            )
            line = (
                f"ich wollte {t_ihnen} kurz Bescheid geben: {zusage} "
                "Unser Gespräch hat mir bei der Vorbereitung sehr geholfen – vielen Dank dafür!"
            )
        else:
            line = (
                f"ich wollte {t_ihnen} kurz Bescheid geben: Es hat diesmal leider nicht geklappt. "
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


def _english(values: dict[str, object], contact: Person, target: Person, org: Organisation) -> list[Message]:
    """(output id, subject, body) of each English message for the stage."""
    who, name = reference(target, "en"), values["your_name"]
    offer = _offer_en(values)
    learned, next_step = sentence(values["learned"]), sentence(values["next_step"])
    hello = salutation(contact, "en", "warm")
    stage, outcome = values["stage"], values["outcome"]
    if stage == "introduced":
        body = paragraphs(
            hello,
            f"Thank you so much for introducing me to {who}! I’ll reply directly and keep you posted.",
            offer,
            _sign(contact, "en", "warm", name),
        )
        return [("thanks_contact", f"Thank you for the introduction to {who}", body)]
    if stage == "met":
        to_target = paragraphs(
            salutation(target, "en", "formal"),
            words("Thank you for the conversation and for your time!", learned),
            next_step,
            "I’d be glad to keep you posted on how things go.",
            _sign(target, "en", "formal", name),
        )
        took_away = f"What I took away from it above all: {learned}" if learned else ""
        to_contact = paragraphs(
            hello,
            words(f"I’ve now spoken with {who} – thanks again for the introduction!", took_away),
            next_step,
            offer,
            _sign(contact, "en", "warm", name),
        )
        return [
            ("thanks_target", "Thank you for the conversation", to_target),
            ("update_contact", f"My conversation with {who}", to_contact),
        ]
    # British style: after a colon the sentence goes on in lower case ("good news: the University …").
    said = org.phrase("subject", "en")
    if outcome == "yes":
        news = f"{said} has said yes!" if said else f"I’ve had a yes ({org.name})!"
        news = f"I have good news: {news} Your introduction to {who} helped – thank you so much."
    elif outcome == "no":
        with_org = org.phrase("with", "en")
        news = (
            f"it didn’t work out {with_org} this time." if with_org else f"it didn’t work out this time ({org.name})."
        )
        news = (
            f"I wanted to let you know how it turned out: {news} The conversation with {who} was still a great help, "
            "and I’m very grateful for your introduction."
        )
    else:
        news = f"{said} hasn’t decided yet." if said else f"there’s no decision yet ({org.name})."
        news = (
            f"A quick update: {news} I’ll let you know as soon as I hear more – "
            f"and thanks again for introducing me to {who}!"
        )
    subject = f"A quick update: {org.name}" if outcome == "pending" else f"How it turned out: {org.name}"
    messages = [("outcome_contact", subject, paragraphs(hello, news, offer, _sign(contact, "en", "warm", name)))]
    if outcome in ("yes", "no"):
        if outcome == "yes":
            yes = f"{said} has said yes" if said else f"I’ve had a yes ({org.name})"
            line = f"I wanted to let you know that {yes}. Our conversation helped me prepare – thank you!"
        else:
            line = (
                "I wanted to let you know that it didn’t work out this time. Our conversation was still a great "
                "help – thank you! I’d be glad to stay in touch."
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
    contact, target, org = person(values, "contact"), person(values, "target"), organisation(values)
    writer = _german if language == "de" else _english
    messages = [
        Output(key, _(TITLES[key]), body, subject=subject)
        for key, subject, body in writer(values, contact, target, org)
    ]
    return messages + organisation_hint(org, language, _)


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
