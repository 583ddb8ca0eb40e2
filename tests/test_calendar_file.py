"""The .ics writer: what a calendar program's parser (the icalendar package) reads back."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from worksheets.calendar_file import LINE_OCTETS, Event, calendar, escape_text, fold, uid

STAMP = dt.datetime(2026, 12, 2, 7, 45, 12, tzinfo=dt.UTC)

TEXTS = [
    "Bei Anna nachfassen",
    "Komma, Semikolon; Backslash \\ und „Anführungszeichen“",
    "Zeile eins\nZeile zwei\r\nZeile drei",
    "Ärger über Öl und Übermut " * 12,  # long, with two-octet characters
    "😀 " * 40,  # four-octet characters: a fold must never split one
    "Ms Dr Kim Weber-Lüdenscheid, Max-Planck-Institut für Informatik",
]


def parse(text: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(text)


@pytest.mark.parametrize("text", TEXTS)
def test_summary_and_description_come_back_unchanged(text: str) -> None:
    ics = calendar([Event(dt.date(2026, 12, 9), text, text + "\n" + text, "k")], "de", STAMP)
    (event,) = parse(ics).walk("VEVENT")
    expected = text.replace("\r\n", "\n")
    assert str(event["SUMMARY"]) == expected
    assert str(event["DESCRIPTION"]) == expected + "\n" + expected
    assert event["SUMMARY"].params["LANGUAGE"] == "de"


@pytest.mark.parametrize("text", TEXTS)
def test_every_line_ends_in_crlf_and_has_at_most_75_octets(text: str) -> None:
    ics = calendar([Event(dt.date(2026, 12, 9), text, text, "k")], "en", STAMP)
    assert ics.endswith("\r\n")
    lines = ics.split("\r\n")[:-1]
    assert all("\n" not in line and "\r" not in line for line in lines)
    assert max(len(line.encode("utf-8")) for line in lines) <= LINE_OCTETS
    ics.encode("utf-8").decode("utf-8")  # no character was cut in two


def test_one_all_day_event_per_day_with_stamp_uid_and_reminder() -> None:
    days = [dt.date(2026, 12, 9), dt.date(2026, 12, 18), dt.date(2026, 12, 29)]
    events = [Event(day, f"Nachfassen {n}", "Text", f"key-{n}") for n, day in enumerate(days, 1)]
    cal = parse(calendar(events, "de", STAMP))
    assert str(cal["VERSION"]) == "2.0"
    assert cal["PRODID"]
    found = cal.walk("VEVENT")
    assert [event.decoded("DTSTART") for event in found] == days
    assert [event.decoded("DTEND") - event.decoded("DTSTART") for event in found] == [dt.timedelta(days=1)] * 3
    assert all(not isinstance(event.decoded("DTSTART"), dt.datetime) for event in found)  # dates, not times
    assert all(event.decoded("DTSTAMP") == STAMP for event in found)
    uids = [str(event["UID"]) for event in found]
    assert len(set(uids)) == 3
    assert all("key" not in value for value in uids)
    alarms = [alarm for event in found for alarm in event.walk("VALARM")]
    assert [alarm.decoded("TRIGGER") for alarm in alarms] == [dt.timedelta(hours=9)] * 3


def test_the_same_key_keeps_its_uid() -> None:
    assert uid("a") == uid("a") != uid("b")


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [("a,b", "a\\,b"), ("a;b", "a\\;b"), ("a\\b", "a\\\\b"), ("a\nb", "a\\nb"), ("a\r\nb", "a\\nb"), ("äö", "äö")],
)
def test_text_escaping(raw: str, escaped: str) -> None:
    assert escape_text(raw) == escaped


def test_folding_continues_with_one_space() -> None:
    line = "DESCRIPTION:" + "x" * 200
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join(part.removeprefix(" ") if i else part for i, part in enumerate(parts)) == line


def test_a_naive_time_stamp_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        calendar([], "de", dt.datetime(2026, 12, 2, 8, 0))
