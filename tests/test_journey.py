"""One journey through the worksheets: shared fields, hand-offs, next steps and the follow-up's calendar file."""

from __future__ import annotations

import datetime as dt
import json

import icalendar
import pytest

from worksheets import get_sheet, run
from worksheets.adapter import handle
from worksheets.engine import write_file
from worksheets.handoff import split_name
from worksheets.sheets import SHEETS

FOLLOW_UP = {
    "topic": "die Vorstellung bei Dr. Kim Weber",
    "sent_on": "2026-12-02",  # a Wednesday
    "follow_ups": "0",
    "today": "2026-12-03",
    "contact_first": "Anna",
    "contact_last": "Müller-Lüdenscheidt",
    "contact_form": "frau",
    "contact_register": "du",
    "your_name": "Jana Schmidt",
    "message_language": "de",
}
NOW = dt.datetime(2026, 12, 3, 8, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("unit", "sheets"),
    [
        ("your_name", {"introduction-request", "follow-up", "thanks"}),
        ("pitch", {"introduction-request"}),
        ("link", {"introduction-request"}),
        ("contact", {"introduction-request", "follow-up", "thanks"}),
        ("target", {"introduction-request", "thanks"}),
        ("organisation", {"contact-map", "introduction-request", "thanks"}),
        ("message_language", {"introduction-request", "follow-up", "thanks"}),
    ],
)
def test_the_details_that_mean_the_same_are_shared(unit: str, sheets: set[str]) -> None:
    assert {sheet.id for sheet in SHEETS.values() for field in sheet.fields if field.shared == unit} == sheets


def test_a_shared_unit_has_the_same_fields_wherever_it_appears() -> None:
    units: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {}
    for sheet in SHEETS.values():
        for field in sheet.fields:
            if field.shared:
                kind = (field.kind, tuple(choice.value for choice in field.choices))
                units.setdefault(field.shared, {}).setdefault(field.id, kind)
                # Same id, same kind and choices: a value from one sheet fits the other.
                assert units[field.shared][field.id] == kind, (sheet.id, field.id)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Anna Becker", ("", "Anna", "Becker")),
        ("Anna", ("", "Anna", "")),
        ("Anna Lena Schmidt", ("", "Anna Lena", "Schmidt")),
        ("Ursula von der Leyen", ("", "Ursula", "von der Leyen")),
        ("Jan-Peter van den Berg", ("", "Jan-Peter", "van den Berg")),
        ("Dr. Kim Weber", ("dr", "Kim", "Weber")),
        ("Prof. Dr. Jürgen Groß", ("prof", "Jürgen", "Groß")),
        ("  Zoë   Ćosić  ", ("", "Zoë", "Ćosić")),
        ("", ("", "", "")),
    ],
)
def test_split_name(name: str, expected: tuple[str, str, str]) -> None:
    assert split_name(name) == expected


@pytest.mark.parametrize("locale", ["de", "en"])
def test_each_ranked_contact_links_to_a_filled_request_that_validates(locale: str) -> None:
    example = dict(get_sheet("contact-map").examples[0])
    example["contacts"] = [*example["contacts"], {"name": "Dr. Jan van der Berg", "strength": "strong"}]
    result = run("contact-map", example, locale)
    (ranking,) = [output for output in result["outputs"] if output["id"] == "ranking"]
    links = ranking["links"]
    assert [link["values"]["contact_first"] for link in links] == ["Anna", "Jan", "Lea", "Tom"]
    jan = links[1]
    assert (
        jan["label"]
        == {
            "de": "Dr. Jan van der Berg um eine Vorstellung bitten",
            "en": "Ask Dr. Jan van der Berg for an introduction",
        }[locale]
    )
    assert jan["values"]["contact_last"] == "van der Berg"
    assert jan["values"]["contact_title"] == "dr"
    assert jan["values"]["organisation"] == "Grünwerk Consulting"
    assert jan["sheet"] == "introduction-request"
    assert jan["href"] == "../introduction-request/"
    assert jan["version"] == get_sheet("introduction-request").version
    # What the link fills in is valid in the request: only the request's own fields are left to fill.
    request = run("introduction-request", jan["values"], locale)
    assert not set(request["errors"]) & set(jan["values"])


@pytest.mark.parametrize(
    ("sheet", "values", "expected"),
    [
        (
            "follow-up",
            FOLLOW_UP,
            {"de": "Fassen Sie am Freitag, 11. Dezember 2026 nach.", "en": "Follow up on Friday, 11 December 2026."},
        ),
        (
            "follow-up",
            {**FOLLOW_UP, "today": "2026-12-11"},
            {"de": "Fassen Sie jetzt nach (Versuch 1 von 3).", "en": "Follow up now (attempt 1 of 3)."},
        ),
        (
            "follow-up",
            {**FOLLOW_UP, "follow_ups": "3", "last_follow_up": "2026-12-20"},
            {
                "de": (
                    "Lassen Sie die Sache ruhen, und bleiben Sie auf anderen Wegen "
                    "mit Anna Müller-Lüdenscheidt in Kontakt."
                ),
                "en": "Let it rest, and stay in touch with Anna Müller-Lüdenscheidt in other ways.",
            },
        ),
        (
            "contact-map",
            dict(SHEETS["contact-map"].examples[0]),
            {
                "de": "Bitten Sie zuerst Anna Becker um eine Vorstellung.",
                "en": "Ask Anna Becker for an introduction first.",
            },
        ),
        (
            "ready-check",
            dict(SHEETS["ready-check"].examples[0]),
            {
                "de": "Arbeiten Sie Ihre Liste in „Bin ich bereit?“ ab.",
                "en": "Work through your to-do list in “Am I ready?”.",
            },
        ),
    ],
)
def test_the_next_step_comes_in_every_locale(sheet: str, values: dict[str, object], expected: dict[str, str]) -> None:
    for page in ("de", "en"):
        result = run(sheet, values, page)
        assert result["ok"], result["errors"]
        assert {locale: result["next_step"][locale] for locale in ("de", "en")} == expected


def test_no_next_step_while_the_values_are_not_valid() -> None:
    result = run("follow-up", {**FOLLOW_UP, "sent_on": ""}, "de")
    assert not result["ok"]
    assert result["next_step"] is None


def parse(text: str) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(text).walk("VEVENT"))


@pytest.mark.parametrize(
    ("changes", "days"),
    [
        ({}, [dt.date(2026, 12, 11), dt.date(2026, 12, 22), dt.date(2026, 12, 31)]),
        (
            {"follow_ups": "1", "last_follow_up": "2026-12-09", "today": "2026-12-10"},
            [dt.date(2026, 12, 18), dt.date(2026, 12, 29)],
        ),
        ({"follow_ups": "2", "last_follow_up": "2026-12-16", "today": "2026-12-28"}, [dt.date(2026, 12, 28)]),
        ({"follow_ups": "3", "last_follow_up": "2026-12-23"}, []),
    ],
)
def test_the_calendar_file_has_one_all_day_event_per_follow_up_to_come(
    changes: dict[str, str], days: list[dt.date]
) -> None:
    answer = write_file("follow-up", "calendar", {**FOLLOW_UP, **changes}, "en", NOW)
    events = parse(answer["file"])  # type: ignore[arg-type]
    assert [event.decoded("DTSTART") for event in events] == days
    assert all(event.decoded("DTSTART").weekday() < 5 for event in events)
    assert all(event.decoded("DTSTAMP") == NOW for event in events)
    first = 3 - len(days) + 1
    summaries = [str(event["SUMMARY"]) for event in events]
    assert summaries == [
        f"Bei Anna Müller-Lüdenscheidt nachfassen: die Vorstellung bei Dr. Kim Weber (Versuch {n} von 3)"
        for n in range(first, 4)
    ]
    if events:
        assert "2. Dezember 2026" in str(events[0]["DESCRIPTION"])


def test_the_calendar_speaks_the_message_language() -> None:
    values = {
        **FOLLOW_UP,
        "message_language": "en",
        "topic": "the introduction to Dr Kim Weber, Imperial College London",
    }
    (first, *_rest) = parse(write_file("follow-up", "calendar", values, "de", NOW)["file"])  # type: ignore[arg-type]
    assert str(first["SUMMARY"]) == (
        "Follow up with Anna Müller-Lüdenscheidt: the introduction to Dr Kim Weber, "
        "Imperial College London (attempt 1 of 3)"
    )
    assert first["SUMMARY"].params["LANGUAGE"] == "en"
    assert "2 December 2026" in str(first["DESCRIPTION"])


def test_the_calendar_file_is_refused_for_invalid_values_and_unknown_outputs() -> None:
    assert "sent_on" in write_file("follow-up", "calendar", {**FOLLOW_UP, "sent_on": "tomorrow"}, "en", NOW)["errors"]
    assert write_file("follow-up", "nudge", FOLLOW_UP, "en", NOW)["errors"]
    assert write_file("nope", "calendar", FOLLOW_UP, "en", NOW)["errors"]


def test_the_browser_asks_for_the_file_through_the_adapter() -> None:
    request = {"action": "file", "sheet": "follow-up", "output": "calendar", "values": FOLLOW_UP, "locale": "de"}
    answer = json.loads(handle(json.dumps(request)))
    assert len(parse(answer["file"])) == 3
    assert answer["file"].endswith("END:VCALENDAR\r\n")


def test_the_page_shows_the_days_and_offers_the_file_on_demand() -> None:
    result = run("follow-up", FOLLOW_UP, "de")
    (calendar,) = [output for output in result["outputs"] if output["id"] == "calendar"]
    assert calendar["kind"] == "file"
    assert calendar["on_demand"]
    assert calendar["filename"] == "follow-up.ics"
    assert calendar["mime"] == "text/calendar;charset=utf-8"
    assert calendar["body"].splitlines()[0].startswith("Freitag, 11. Dezember 2026 – Bei Anna")
