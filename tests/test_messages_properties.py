"""Properties of every generated message, over many valid inputs (hypothesis)."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from worksheets import run

NAME = st.text(alphabet="ABCDEFGHKLMNOPRSTUVWZÄÖÜabcdefghiklmnoprstuvwzäöüß", min_size=2, max_size=14).map(
    str.capitalize
)
SENTENCE = st.lists(
    st.text(alphabet="abcdefghiklmnoprstuvwzäöü", min_size=1, max_size=10), min_size=1, max_size=12
).map(lambda words: " ".join(words))
ORG = st.lists(NAME, min_size=1, max_size=3).map(" ".join)
LANGUAGE = st.sampled_from(["de", "en"])

CLOSINGS = {
    "de": {
        "Sehr geehrte": {"Mit freundlichen Grüßen"},
        "Sehr geehrter": {"Mit freundlichen Grüßen"},
        "Liebe Frau": {"Herzliche Grüße"},
        "Lieber Herr": {"Herzliche Grüße"},
        "Guten Tag": {"Mit freundlichen Grüßen", "Viele Grüße"},
        "Liebe": {"Viele Grüße"},
        "Lieber": {"Viele Grüße"},
        "Hallo": {"Viele Grüße"},
    },
    "en": {"Dear": {"Kind regards,", "Best regards,"}, "Hi": {"Best,"}},
}


@st.composite
def person(draw: st.DrawFn, prefix: str) -> dict[str, str]:
    register = draw(st.sampled_from(["sie", "du"]))
    forms = ["frau", "herr", "neutral"] + (["vorname"] if register == "du" else [])
    return {
        f"{prefix}_first": draw(NAME),
        f"{prefix}_last": draw(NAME),
        f"{prefix}_form": draw(st.sampled_from(forms)),
        f"{prefix}_title": draw(st.sampled_from(["", "dr", "prof"])),
        f"{prefix}_register": register,
    }


def check_message(body: str, language: str, signer: str) -> None:
    assert "{" not in body
    assert "}" not in body
    assert "  " not in body
    assert "\n\n\n" not in body
    assert "MfG" not in body
    assert "LG" not in body.split()
    lines = body.split("\n")
    salutation, closing, name = lines[0], lines[-2], lines[-1]
    assert salutation.endswith(",")
    assert len(salutation) > 4
    assert lines[1] == ""
    assert name == signer
    # Whole words only: "Lieber Herr," is a first name ("Herr") after "Lieber", not "Lieber Herr" + surname.
    opener = max((key for key in CLOSINGS[language] if salutation.startswith(key + " ")), key=len)
    assert closing in CLOSINGS[language][opener], (salutation, closing)
    if language == "de":
        assert not closing.endswith((",", ".", "!"))
        assert lines[2][0].islower(), lines[2]


@settings(max_examples=150, deadline=None)
@given(
    contact=person("contact"),
    target=person("target"),
    name=NAME,
    pitch=SENTENCE,
    why=SENTENCE,
    org=ORG,
    role=ORG,
    ask=st.sampled_from(["call", "advice", "good_word", "programme"]),
    kind=st.sampled_from(["job", "programme"]),
    language=LANGUAGE,
    channel=st.sampled_from(["email", "linkedin_note", "linkedin_message", "xing"]),
    page=LANGUAGE,
)
# Found by CI: a first name that reads like a form of address ("Lieber Herr,").
@example(
    contact={
        "contact_first": "Aa",
        "contact_last": "Aa",
        "contact_form": "frau",
        "contact_title": "",
        "contact_register": "sie",
    },
    target={
        "target_first": "Herr",
        "target_last": "Aa",
        "target_form": "herr",
        "target_title": "",
        "target_register": "du",
    },
    name="Aa",
    pitch="a",
    why="a",
    org="Aa",
    role="Aa",
    ask="call",
    kind="job",
    language="de",
    channel="email",
    page="de",
)
def test_introduction_request_messages_are_well_formed(
    contact: dict[str, str],
    target: dict[str, str],
    name: str,
    pitch: str,
    why: str,
    org: str,
    role: str,
    ask: str,
    kind: str,
    language: str,
    channel: str,
    page: str,
) -> None:
    values = {
        **contact,
        **target,
        "your_name": name,
        "pitch": pitch,
        "why_target": why,
        "organisation": org,
        "role": role,
        "ask": ask,
        "target_kind": kind,
        "message_language": language,
        "channel": channel,
    }
    result = run("introduction-request", values, page)
    assert result["ok"], result["errors"]
    assert result["message_locale"] == language
    warned = {warning["output"] for warning in result["warnings"]}
    for output in result["outputs"]:
        if output["kind"] == "advice":
            assert output["id"] == "organisation"
            continue
        check_message(output["body"], language, name)
        if output["limit"] is not None and output["characters"] > output["limit"]:
            assert output["id"] in warned
        if output["id"] == "note_short":
            assert output["characters"] <= output["limit"]
            assert output["shortened"] == (output["id"] in warned)
    blurb = next(o for o in result["outputs"] if o["id"] == "blurb")
    if language == "de":
        assert re.search(r"\bmein Name ist\b", blurb["body"])
    else:
        assert "My name is" in blurb["body"]


@settings(max_examples=100, deadline=None)
@given(
    contact=person("contact"),
    target=person("target"),
    name=NAME,
    org=ORG,
    stage=st.sampled_from(["introduced", "met", "outcome"]),
    outcome=st.sampled_from(["pending", "yes", "no"]),
    offer=st.sampled_from(["coffee", "introduction", "help", "none"]),
    learned=st.one_of(st.just(""), SENTENCE),
    language=LANGUAGE,
)
def test_thanks_messages_are_well_formed(
    contact: dict[str, str],
    target: dict[str, str],
    name: str,
    org: str,
    stage: str,
    outcome: str,
    offer: str,
    learned: str,
    language: str,
) -> None:
    values = {
        **contact,
        **target,
        "your_name": name,
        "organisation": org,
        "stage": stage,
        "outcome": outcome,
        "offer": offer,
        "learned": learned,
        "message_language": language,
    }
    result = run("thanks", values, "de")
    assert result["ok"], result["errors"]
    messages = [output for output in result["outputs"] if output["kind"] == "message"]
    assert messages
    for output in messages:
        check_message(output["body"], language, name)


def _business_days_after(start: object, end: object) -> int:
    """Mondays to Fridays after ``start`` up to ``end``, counted one day at a time (independent of the code)."""
    import datetime as dt

    assert isinstance(start, dt.date)
    assert isinstance(end, dt.date)
    days = (start + dt.timedelta(days=k) for k in range(1, (end - start).days + 1))
    return sum(1 for day in days if day.isoweekday() <= 5)


@settings(max_examples=150, deadline=None)
@given(
    contact=person("contact"),
    name=NAME,
    topic=SENTENCE,
    sent=st.dates(),
    gap=st.integers(min_value=0, max_value=60),
    follow_ups=st.sampled_from(["0", "1", "2", "3"]),
    language=LANGUAGE,
)
def test_follow_up_is_due_after_seven_business_days_and_stops_after_three(
    contact: dict[str, str], name: str, topic: str, sent: object, gap: int, follow_ups: str, language: str
) -> None:
    import datetime as dt

    assert isinstance(sent, dt.date)
    if not dt.date(1990, 1, 1) <= sent <= dt.date(2100, 11, 1):
        return
    today = sent + dt.timedelta(days=gap)
    values = {
        **contact,
        "your_name": name,
        "topic": topic,
        "sent_on": sent.isoformat(),
        "follow_ups": follow_ups,
        "last_follow_up": sent.isoformat() if follow_ups != "0" else "",
        "today": today.isoformat(),
        "message_language": language,
    }
    result = run("follow-up", values, "en")
    assert result["ok"], result["errors"]
    ids = [output["id"] for output in result["outputs"]]
    advice = result["outputs"][0]["body"]
    if follow_ups == "3":
        assert ids == ["advice"]
    elif _business_days_after(sent, today) < 7:
        assert ids == ["advice", "calendar"]
    else:
        assert ids == ["advice", "nudge", "calendar"]
        check_message(result["outputs"][1]["body"], language, name)
    if follow_ups != "3":
        # One proposed day per follow-up still to come, each a business day.
        days = result["outputs"][-1]["body"].splitlines()
        assert len(days) == 3 - int(follow_ups)
        weekend = ("Saturday", "Sunday", "Samstag", "Sonntag")
        assert not [day for day in days if day.startswith(weekend)], days
    # A proposed date is never a Saturday or Sunday.
    for day in re.findall(r"\b(\d{1,2} \w+ \d{4})\b", advice):
        assert dt.datetime.strptime(day, "%d %B %Y").date().isoweekday() <= 5, advice
