"""Golden files: the exact messages for a table of inputs, in both languages.

Each case writes its outputs to ``tests/golden/<case>.txt``. The files were
read by a person before they were committed; a change in wording shows up as
a diff to be read again. Regenerate with ``UPDATE_GOLDEN=1 pytest
tests/test_messages_golden.py`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from worksheets import run
from worksheets.sheets import SHEETS

GOLDEN = Path(__file__).with_name("golden")
INTRO_DE = dict(SHEETS["introduction-request"].examples[0])
INTRO_EN = dict(SHEETS["introduction-request"].examples[1])
FOLLOW_DE = dict(SHEETS["follow-up"].examples[0])
FOLLOW_EN = dict(SHEETS["follow-up"].examples[1])
THANKS_DE = dict(SHEETS["thanks"].examples[0])
THANKS_EN = dict(SHEETS["thanks"].examples[1])
SIE_HERR = {
    "contact_first": "Jonas",
    "contact_last": "Keller",
    "contact_form": "herr",
    "contact_register": "sie",
    "contact_reason": "Sie kennen Frau Prof. Roth ja aus dem Beirat der Hochschule.",
}
SIE_FRAU_PROF = {
    "target_first": "Sabine",
    "target_last": "Roth",
    "target_form": "frau",
    "target_title": "prof",
    "target_register": "sie",
}

CASES: dict[str, tuple[str, dict[str, object], str]] = {
    "intro-de-du-neutral-dr": ("introduction-request", INTRO_DE, "de"),
    "intro-de-sie-herr-prof-frau-advice": (
        "introduction-request",
        {**INTRO_DE, **SIE_HERR, **SIE_FRAU_PROF, "ask": "advice", "link": ""},
        "de",
    ),
    "intro-de-du-vorname-programme": (
        "introduction-request",
        {
            **INTRO_DE,
            "contact_form": "vorname",
            "target_first": "Kim",
            "target_last": "",
            "target_form": "vorname",
            "target_register": "du",
            "target_kind": "programme",
            "role": "Master Umweltökonomie",
            "organisation": "Universität Freiburg",
            "ask": "programme",
            "why_target": "Du koordinierst den Studiengang, und genau dieses Fach möchte ich studieren.",
        },
        "de",
    ),
    "intro-de-good-word-linkedin-note": (
        "introduction-request",
        {**INTRO_DE, "ask": "good_word", "channel": "linkedin_note"},
        "de",
    ),
    "intro-en-informal": ("introduction-request", INTRO_EN, "en"),
    "intro-en-formal-prof-advice": (
        "introduction-request",
        {
            **INTRO_EN,
            **SIE_HERR,
            **SIE_FRAU_PROF,
            "contact_reason": "You know Professor Roth from the university’s advisory board.",
            "ask": "advice",
            "channel": "xing",
        },
        "en",
    ),
    "follow-up-de-first": ("follow-up", FOLLOW_DE, "de"),
    "follow-up-de-sie-third": (
        "follow-up",
        {**FOLLOW_DE, **SIE_HERR, "follow_ups": "2", "last_follow_up": "2026-11-09", "today": "2026-11-20"},
        "de",
    ),
    "follow-up-de-too-early": ("follow-up", {**FOLLOW_DE, "today": "2026-11-05"}, "de"),
    "follow-up-de-let-go": ("follow-up", {**FOLLOW_DE, "follow_ups": "3", "last_follow_up": "2026-11-09"}, "de"),
    "follow-up-en-third": (
        "follow-up",
        {**FOLLOW_EN, "follow_ups": "2", "last_follow_up": "2026-11-09", "today": "2026-11-20"},
        "en",
    ),
    "thanks-de-introduced": ("thanks", {**THANKS_DE, "stage": "introduced", "offer": "introduction"}, "de"),
    "thanks-de-met": ("thanks", THANKS_DE, "de"),
    "thanks-de-sie-outcome-yes": ("thanks", {**THANKS_DE, **SIE_HERR, "stage": "outcome", "outcome": "yes"}, "de"),
    "thanks-de-outcome-no-help": ("thanks", {**THANKS_DE, "stage": "outcome", "outcome": "no", "offer": "help"}, "de"),
    "thanks-de-outcome-pending": ("thanks", {**THANKS_DE, "stage": "outcome", "outcome": "pending"}, "de"),
    "thanks-en-met": ("thanks", THANKS_EN, "en"),
    "thanks-en-outcome-no": ("thanks", {**THANKS_EN, "stage": "outcome", "outcome": "no", "offer": "none"}, "en"),
    # Real organisations in their grammatical slots, and people without a first name.
    "intro-de-tum-herr-without-first-name": (
        "introduction-request",
        {
            **INTRO_DE,
            **SIE_HERR,
            "target_first": "",
            "target_last": "von der Heydt",
            "target_form": "herr",
            "target_title": "prof",
            "organisation": "Technische Universität München",
            "target_kind": "programme",
            "role": "Master Informatik",
            "ask": "programme",
            "contact_reason": "",
        },
        "de",
    ),
    "intro-de-siemens-linkedin-free": (
        "introduction-request",
        {**INTRO_DE, "organisation": "Siemens AG", "channel": "linkedin_note_free"},
        "de",
    ),
    "intro-de-charite-uncertain": (
        "introduction-request",
        {**INTRO_DE, "organisation": "Charité – Universitätsmedizin Berlin"},
        "de",
    ),
    "intro-de-charite-chosen-article": (
        "introduction-request",
        {**INTRO_DE, "organisation": "Charité – Universitätsmedizin Berlin", "organisation_article": "f"},
        "de",
    ),
    "intro-en-edinburgh-ms-without-first-name": (
        "introduction-request",
        {
            **INTRO_EN,
            "target_first": "",
            "target_last": "García-Møller",
            "target_form": "frau",
            "target_title": "",
            "organisation": "University of Edinburgh",
            "contact_reason": "",
            "channel": "linkedin_note",
        },
        "en",
    ),
    "thanks-de-outcome-no-deutsche-bank": (
        "thanks",
        {**THANKS_DE, "stage": "outcome", "outcome": "no", "organisation": "Deutsche Bank"},
        "de",
    ),
    "thanks-de-outcome-yes-google-herr": (
        "thanks",
        {
            **THANKS_DE,
            "target_first": "",
            "target_last": "de la Cruz",
            "target_form": "herr",
            "target_title": "",
            "stage": "outcome",
            "outcome": "yes",
            "organisation": "Google",
        },
        "de",
    ),
    "thanks-de-outcome-pending-mpi": (
        "thanks",
        {**THANKS_DE, "stage": "outcome", "outcome": "pending", "organisation": "Max-Planck-Institut für Informatik"},
        "de",
    ),
    "thanks-en-outcome-yes-edinburgh": (
        "thanks",
        {**THANKS_EN, "stage": "outcome", "outcome": "yes", "organisation": "University of Edinburgh"},
        "en",
    ),
    "thanks-en-introduced-imperial": (
        "thanks",
        {**THANKS_EN, "stage": "introduced", "organisation": "Imperial College London", "learned": ""},
        "en",
    ),
    "follow-up-de-second": (
        "follow-up",
        {**FOLLOW_DE, "follow_ups": "1", "last_follow_up": "2026-11-12", "today": "2026-11-23"},
        "de",
    ),
    "follow-up-en-due-on-a-saturday": ("follow-up", {**FOLLOW_EN, "today": "2026-11-14"}, "en"),
    "ready-check-de-only-helpful-missing": (
        "ready-check",
        {**dict.fromkeys(dict(SHEETS["ready-check"].examples[0]), True), "link_ready": False},
        "de",
    ),
    "contact-map-en": ("contact-map", dict(SHEETS["contact-map"].example("en")), "en"),
    "ready-check-de": ("ready-check", dict(SHEETS["ready-check"].examples[0]), "de"),
    "ready-check-en-all": ("ready-check", dict.fromkeys(dict(SHEETS["ready-check"].examples[0]), True), "en"),
    "contact-map-de": ("contact-map", dict(SHEETS["contact-map"].examples[0]), "de"),
}


def render(sheet: str, values: dict[str, object], locale: str) -> str:
    """All outputs of one run as plain text, for a person to read."""
    result = run(sheet, values, locale)
    assert result["ok"], result["errors"]
    parts = [f"# {sheet}, page {locale}, messages {result['message_locale']}"]
    for output in result["outputs"]:  # type: ignore[union-attr]
        parts.append(f"## {output['title']}")
        if output["subject"]:
            parts.append(f"Subject: {output['subject']}")
        parts.append(str(output["body"]).rstrip("\n"))
    for warning in result["warnings"]:  # type: ignore[union-attr]
        parts.append(f"! {warning['output']}: {warning['message']}")
    return "\n\n".join(parts) + "\n"


@pytest.mark.parametrize("case", sorted(CASES))
def test_messages_match_the_reviewed_golden_file(case: str) -> None:
    sheet, values, locale = CASES[case]
    text = render(sheet, values, locale)
    path = GOLDEN / f"{case}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"missing golden file {path.name}: run with UPDATE_GOLDEN=1 and review it"
    assert text == path.read_bytes().decode("utf-8")
