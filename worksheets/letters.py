"""Salutations and closings that match, in German and English.

German rules (DESIGN §4): Sie by default, du only when chosen; the salutation
and the closing go together; academic titles are kept; the gender-neutral
form uses the full name; no punctuation after the closing. English closings
take a comma, as English letters do; English titles follow British usage
(Ms, Mr, Dr without a full stop), like the rest of the English site.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Form = Literal["frau", "herr", "neutral", "vorname"]
Title = Literal["", "dr", "prof"]
Register = Literal["sie", "du"]
Tone = Literal["formal", "warm"]

_TITLE_DE = {"": "", "dr": "Dr. ", "prof": "Prof. "}
_TITLE_EN = {"": "", "dr": "Dr", "prof": "Professor"}


@dataclass(frozen=True)
class Person:
    """Whom a message is addressed to, and how."""

    first: str
    last: str
    form: Form = "neutral"
    title: Title = ""
    register: Register = "sie"

    @property
    def full_name(self) -> str:
        """First and last name."""
        return " ".join(part for part in (self.first, self.last) if part)

    @property
    def informal(self) -> bool:
        """True when the reader writes with du / on first-name terms."""
        return self.register == "du" or self.form == "vorname"


def missing_name(person: Person) -> Literal["first", "last", ""]:
    """Which name the chosen form of address needs but lacks ("" when complete)."""
    if (person.informal or person.form == "neutral") and not person.first:
        return "first"
    if not person.informal and not person.last:
        return "last"
    return ""


def salutation_de(person: Person, tone: Tone) -> str:
    """The German salutation line, ending in a comma."""
    title = _TITLE_DE[person.title]
    if person.informal:
        if person.form == "frau":
            return f"Liebe {person.first},"
        if person.form == "herr":
            return f"Lieber {person.first},"
        return f"Hallo {person.first},"
    if person.form == "neutral":
        return f"Guten Tag {title}{person.full_name},"
    if tone == "formal":
        lead = "Sehr geehrte Frau" if person.form == "frau" else "Sehr geehrter Herr"
    else:
        lead = "Liebe Frau" if person.form == "frau" else "Lieber Herr"
    return f"{lead} {title}{person.last},"


def closing_de(person: Person, tone: Tone) -> str:
    """The German closing that matches :func:`salutation_de` (no punctuation)."""
    if person.informal:
        return "Viele Grüße"
    if tone == "formal":
        return "Mit freundlichen Grüßen"
    return "Herzliche Grüße" if person.form in ("frau", "herr") else "Viele Grüße"


def salutation_en(person: Person, tone: Tone) -> str:
    """The English salutation line, ending in a comma."""
    if person.informal:
        return f"Hi {person.first},"
    title = _TITLE_EN[person.title]
    if title:
        return f"Dear {title} {person.last},"
    if person.form == "frau":
        return f"Dear Ms {person.last},"
    if person.form == "herr":
        return f"Dear Mr {person.last},"
    return f"Dear {person.full_name},"


def closing_en(person: Person, tone: Tone) -> str:
    """The English closing that matches :func:`salutation_en`."""
    if person.informal:
        return "Best,"
    return "Kind regards," if tone == "formal" else "Best regards,"


def salutation(person: Person, language: str, tone: Tone) -> str:
    """Salutation line in ``language`` ("de" or "en")."""
    return salutation_de(person, tone) if language == "de" else salutation_en(person, tone)


def closing(person: Person, language: str, tone: Tone) -> str:
    """Closing line in ``language`` that matches the salutation."""
    return closing_de(person, tone) if language == "de" else closing_en(person, tone)


Case = Literal["nom", "obj"]


def reference(person: Person, language: str, case: Case = "obj") -> str:
    """How a message mentions the person in passing, in running text.

    With a first name: the full name, with the title when formal („Dr. Kim
    Weber“). Without one, Frau/Herr and the surname: „Frau Weber“, „Herrn
    Weber“ in the dative and accusative (``case`` "obj", the default) and
    „Herr Weber“ as subject ("nom"); English "Ms Weber", "Mr Weber", "Dr
    Weber". Names are kept exactly as typed (particles, hyphens, diacritics).
    """
    if person.informal or (not person.title and person.first):
        return person.full_name
    if person.first:
        if language == "de":
            return f"{_TITLE_DE[person.title]}{person.full_name}"
        return f"{_TITLE_EN[person.title]} {person.full_name}"
    if language == "de":
        lead = {"frau": "Frau ", "herr": "Herrn " if case == "obj" else "Herr "}.get(person.form, "")
        return f"{lead}{_TITLE_DE[person.title]}{person.last}"
    if person.title:
        return f"{_TITLE_EN[person.title]} {person.last}"
    lead = {"frau": "Ms ", "herr": "Mr "}.get(person.form, "")
    return f"{lead}{person.last}"
