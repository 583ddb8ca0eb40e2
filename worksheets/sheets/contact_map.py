"""Who can open the door? A contact map that ranks whom to ask first.

A contact who knows someone at the target organisation comes first; then the
closer and more recent the relationship, the better. Every rank comes with its
reasons. The list can be exported and imported as CSV or JSON.
"""

from __future__ import annotations

from collections.abc import Callable

from worksheets.handoff import introduction_links
from worksheets.i18n import N_
from worksheets.result import Output
from worksheets.spec import Choice, Field, Group, Worksheet
from worksheets.tables import export_csv, export_json

STRENGTHS = (
    Choice("strong", N_("Close")),
    Choice("good", N_("Good")),
    Choice("loose", N_("Loose")),
)
RECENCY = (
    Choice("recent", N_("In the last three months")),
    Choice("year", N_("Within the last twelve months")),
    Choice("longer", N_("More than a year ago")),
)
STRENGTH_POINTS = {"strong": 2, "good": 1, "loose": 0}
RECENCY_POINTS = {"recent": 1, "year": 0, "longer": -1}
KNOWS_POINTS = 3

CONTACTS = Field(
    "contacts",
    "table",
    N_("Your contacts"),
    help=N_("One row per person. Empty rows are ignored."),
    required=True,
    columns=(
        Field("name", "text", N_("Name"), required=True, max_length=80),
        Field("relation", "text", N_("How you know each other"), max_length=120),
        Field("strength", "select", N_("How close you are"), choices=STRENGTHS, default="good"),
        Field(
            "knows",
            "text",
            N_("Whom they know at your target (leave empty if nobody)"),
            max_length=160,
        ),
        Field("last_contact", "select", N_("When you last spoke"), choices=RECENCY, default="year"),
    ),
    rows=3,
    max_rows=50,
)

SHEET_GROUPS = (
    Group(
        "target",
        N_("Your target"),
        (
            Field(
                "organisation",
                "text",
                N_("Organisation or university"),
                required=True,
                max_length=120,
                shared="organisation",
            ),
        ),
    ),
    Group("contacts", N_("Your contacts"), (CONTACTS,)),
)


def score(row: dict[str, object]) -> int:
    """Points for one contact: knowing someone at the target counts most."""
    knows = KNOWS_POINTS if str(row["knows"]).strip() else 0
    return knows + STRENGTH_POINTS[str(row["strength"])] + RECENCY_POINTS[str(row["last_contact"])]


def _reasons(row: dict[str, object], _: Callable[[str], str]) -> str:
    # The heading names the organisation once (after a colon, so it needs no
    # article); the reasons say "there" instead of repeating it on every line.
    reasons = []
    if str(row["knows"]).strip():
        reasons.append(_("knows someone there ({person})").format(person=row["knows"]))
    else:
        reasons.append(_("knows nobody there that you know of: ask whom they know"))
    reasons.append(
        {
            "strong": _("a close relationship"),
            "good": _("a good relationship"),
            "loose": _("a loose relationship: a warm-up message first helps"),
        }[str(row["strength"])]
    )
    reasons.append(
        {
            "recent": _("you spoke recently"),
            "year": _("you spoke within the last twelve months"),
            "longer": _("you have not spoken for over a year: reconnect before you ask"),
        }[str(row["last_contact"])]
    )
    return "; ".join(reasons)


def ranked(values: dict[str, object]) -> list[dict[str, object]]:
    """The contacts, the one to ask first first."""
    rows: list[dict[str, object]] = values["contacts"]  # type: ignore[assignment]
    return sorted(rows, key=lambda row: (-score(row), str(row["name"]).casefold()))


def generate(values: dict[str, object], language: str, _: Callable[[str], str], locale: str) -> list[Output]:
    """The ranking with reasons (each contact with a link to the request), and the list as CSV and JSON files."""
    rows: list[dict[str, object]] = values["contacts"]  # type: ignore[assignment]
    organisation = str(values["organisation"])
    order = ranked(values)
    lines = [f"{rank}. {row['name']} – {_reasons(row, _)}." for rank, row in enumerate(order, start=1)]
    ranking = "\n".join(
        [_("Whom to ask first (your target: {organisation}):").format(organisation=organisation), "", *lines]
    )
    links = introduction_links([str(row["name"]) for row in order], values, _)
    return [
        Output("ranking", _("Whom to ask first"), ranking, kind="advice", links=links),
        Output(
            "csv",
            _("Your contacts as CSV"),
            export_csv(CONTACTS, rows),
            kind="file",
            filename="contacts.csv",
            mime="text/csv;charset=utf-8",
        ),
        Output(
            "json",
            _("Your contacts as JSON"),
            export_json(CONTACTS, rows),
            kind="file",
            filename="contacts.json",
            mime="application/json",
        ),
    ]


SHEET = Worksheet(
    id="contact-map",
    version=1,
    title=N_("Who can open the door?"),
    intro=N_("List the people you could ask; the ranking below shows whom to ask first, and why."),
    groups=SHEET_GROUPS,
    generate=generate,
    submit_label=N_("Rank my contacts"),
    output_heading=N_("Your ranking"),
    example_locales=("de", "en"),
    examples=(
        {
            "organisation": "Grünwerk Consulting",
            "contacts": [
                {
                    "name": "Anna Becker",
                    "relation": "Alumniverein",
                    "strength": "strong",
                    "knows": "Dr. Kim Weber",
                    "last_contact": "recent",
                },
                {
                    "name": "Tom Richter",
                    "relation": "Praktikum 2023",
                    "strength": "good",
                    "knows": "",
                    "last_contact": "year",
                },
                {
                    "name": "Lea Braun",
                    "relation": "Studium",
                    "strength": "loose",
                    "knows": "jemand aus dem HR-Team",
                    "last_contact": "longer",
                },
            ],
        },
        {
            "organisation": "Greenworks Consulting",
            "contacts": [
                {
                    "name": "Anna Becker",
                    "relation": "Alumni association",
                    "strength": "strong",
                    "knows": "Dr Kim Weber",
                    "last_contact": "recent",
                },
                {
                    "name": "Tom Richter",
                    "relation": "Internship 2023",
                    "strength": "good",
                    "knows": "",
                    "last_contact": "year",
                },
                {
                    "name": "Lea Braun",
                    "relation": "University",
                    "strength": "loose",
                    "knows": "someone in the HR team",
                    "last_contact": "longer",
                },
            ],
        },
    ),
)
