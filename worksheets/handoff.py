"""From one worksheet to the next with the reader's details: a ranked contact to the request.

A link carries the values the other worksheet's form is opened with; the
page script puts them into that worksheet's draft (docs/assets/js/shared-details.js).
Every value is worked out here, so the script only moves strings.
"""

from __future__ import annotations

from collections.abc import Callable

from worksheets.sheets.introduction_request import SHEET as INTRODUCTION_REQUEST
from worksheets.spec import Worksheet

# Words that start a surname: "Ursula von der Leyen", "Jan van den Berg", "Lorenzo de' Medici".
PARTICLES = frozenset(
    {"von", "van", "vom", "zu", "zum", "zur", "der", "den", "des", "de", "de'", "del", "della", "di", "da", "du"}
    | {"dos", "la", "le", "ten", "ter", "y"}
)
TITLES = {"dr": "dr", "dr.": "dr", "prof": "prof", "prof.": "prof"}
HANDED_UNITS = ("contact", "organisation")


def split_name(full: str) -> tuple[str, str, str]:
    """(title, first name, last name) of a name as a reader writes it: "Prof. Dr. Kim Weber"."""
    words = full.split()
    title = ""
    while words and words[0].casefold() in TITLES:
        # "Prof. Dr." is addressed as "Prof."
        title = "prof" if "prof" in (title, TITLES[words[0].casefold()]) else "dr"
        words.pop(0)
    if len(words) <= 1:
        return title, " ".join(words), ""
    for index in range(1, len(words)):
        if words[index].casefold() in PARTICLES:
            return title, " ".join(words[:index]), " ".join(words[index:])
    return title, " ".join(words[:-1]), words[-1]


def _page(sheet: Worksheet) -> str:
    # Every worksheet page is docs/worksheets/<id>.md, so from one to another is "../<id>/".
    return f"../{sheet.id}/"


def _unit_values(sheet: Worksheet, given: dict[str, object]) -> dict[str, object]:
    """Every field of the handed units: what is given, else the field's default."""
    return {
        field.id: given.get(field.id, field.default)
        for field in sheet.fields
        if field.shared in HANDED_UNITS and field.kind != "table"
    }


def introduction_links(names: list[str], source: dict[str, object], _: Callable[[str], str]) -> list[dict[str, object]]:
    """For each contact name, a link that opens the introduction request with that contact and the organisation."""
    organisation = {
        key: value for key, value in source.items() if key == "organisation" or key.startswith("organisation_")
    }
    links = []
    for name in names:
        title, first, last = split_name(name)
        given = {**organisation, "contact_first": first, "contact_last": last, "contact_title": title}
        links.append(
            {
                "label": _("Ask {name} for an introduction").format(name=name),
                "sheet": INTRODUCTION_REQUEST.id,
                "version": INTRODUCTION_REQUEST.version,
                "href": _page(INTRODUCTION_REQUEST),
                "values": _unit_values(INTRODUCTION_REQUEST, given),
                "units": list(HANDED_UNITS),
            }
        )
    return links
