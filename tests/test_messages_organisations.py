"""Every worksheet, both message languages, every organisation of the corpus: no slot left wrong.

For each generated text (body and subject) two independent checks run:

1. wherever the organisation's name appears, it stands in one of the phrases
   the hand-written corpus gives it for that language, or in brackets, or
   after a colon (the wordings that need no article);
2. none of the defects a review found appears anywhere: „bei Universität“,
   „bei Technische …“, „von Universität“, an article before a brand, "at
   University of", "University of … has" at a sentence start, double spaces,
   „:.“, empty brackets, trailing spaces.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import cache

import pytest

from tests.organisation_corpus import CORPUS, Case
from worksheets import run
from worksheets.sheets import SHEETS

LANGUAGES = ("de", "en")
COMMON_WORDS = {"Die Zeit"}
HEADS = (
    "Universität|Hochschule|Fachhochschule|Institut|Stiftung|Bank|Klinikum|Zentrum|Akademie|Schule|Ministerium|"
    "Bundesministerium|Amt|Verlag|Gruppe|Agentur|Kanzlei|University|College|School|Institute|Gesellschaft"
)
ADJECTIVES = (
    "Technische|Deutsche|Deutsches|Deutscher|Freie|Europäische|Auswärtiges|Statistisches|Bayerischer|Rheinische"
)
BRANDS = r"(Google|Zalando|SAP|McKinsey|Springer Nature|Siemens)(?! (AG|SE|GmbH|Stiftung))"
DEFECTS = {
    "de": [
        re.compile(rf"\b(bei|von|an|in|mit|zu|für) ({HEADS})\b"),  # the article is missing
        re.compile(rf"\b(bei|von|an|in|mit) ({ADJECTIVES})\b"),  # article and ending are missing
        re.compile(rf"\b(der|dem|den|am|im|beim|vom|zum|zur) ([\w-]+-)?({ADJECTIVES})\b"),  # ending not inflected
        re.compile(rf"\b(der|die|das|dem|den|beim|vom|zum|zur) ({BRANDS})\b"),  # a brand takes no article
        re.compile(r"\bbei (der|dem) (Universität|Hochschule)\b"),  # a university is „an der …“
    ],
    "en": [
        re.compile(r"\b(at|with|from|about|to) (University|Institute|Bank|Ministry|School) of\b(?! America)"),
        # After a colon (a subject line's keyword style) the bare name is the wording that needs no article.
        re.compile(r"(^|[.!?–]\s+)(University|Institute|Ministry) of\b", re.MULTILINE),
        re.compile(rf"\bthe ({BRANDS}|Imperial College|Harvard University|Siemens AG|Deutsche Bank)\b"),
        re.compile(r"\b(at|with) (Max-Planck-Institut|Universität|Hochschule|Technische Universität)\b"),
    ],
}
FORMAT_DEFECTS = [re.compile(p, re.MULTILINE) for p in (r"  ", r":\.", r"\(\s*\)", r" +$", r" [.,;:!?]", r"\.\.")]

PEOPLE = {
    "du-neutral": {
        "contact_first": "Anna",
        "contact_last": "Becker",
        "contact_form": "frau",
        "contact_register": "du",
        "target_first": "Kim",
        "target_last": "Weber",
        "target_form": "neutral",
        "target_title": "dr",
        "target_register": "sie",
    },
    "sie-herr-no-first-name": {
        "contact_first": "",
        "contact_last": "Keller",
        "contact_form": "herr",
        "contact_register": "sie",
        "target_first": "",
        "target_last": "von der Heydt",
        "target_form": "frau",
        "target_title": "prof",
        "target_register": "sie",
    },
}
INTRO_VARIANTS = [
    {"ask": ask, "target_kind": kind, "channel": channel}
    for ask, kind, channel in itertools.product(
        ["call", "advice", "good_word", "programme"], ["job", "programme"], ["email", "linkedin_note_free"]
    )
]
THANKS_VARIANTS = [
    {"stage": "introduced"},
    {"stage": "met"},
    {"stage": "outcome", "outcome": "pending"},
    {"stage": "outcome", "outcome": "yes"},
    {"stage": "outcome", "outcome": "no"},
]


def _texts(sheet: str, values: dict[str, object], locale: str) -> Iterator[tuple[str, str]]:
    result = run(sheet, values, locale)
    assert result["ok"], result["errors"]
    for output in result["outputs"]:  # type: ignore[union-attr]
        if output["kind"] == "file":
            continue
        yield output["id"], output["body"]
        if output["subject"]:
            yield output["id"] + ".subject", output["subject"]


def texts_for(case: Case, language: str) -> Iterator[tuple[str, str, str]]:
    """(where, output, text) of every text the worksheets write for one organisation in one message language."""
    intro = dict(SHEETS["introduction-request"].example(language))
    thanks = dict(SHEETS["thanks"].example(language))
    for person, variant in itertools.product(PEOPLE, INTRO_VARIANTS):
        values = {**intro, **PEOPLE[person], **variant, "organisation": case.name, "contact_reason": ""}
        for output, text in _texts("introduction-request", values, language):
            yield f"introduction-request {person} {variant}", output, text
    for person, variant in itertools.product(PEOPLE, THANKS_VARIANTS):
        values = {**thanks, **PEOPLE[person], **variant, "organisation": case.name}
        for output, text in _texts("thanks", values, language):
            yield f"thanks {person} {variant}", output, text
    contacts = dict(SHEETS["contact-map"].example(language))
    for output, text in _texts("contact-map", {**contacts, "organisation": case.name}, language):
        yield "contact-map", output, text


@cache
def all_texts() -> frozenset[str]:
    return frozenset(text for case in CORPUS for language in LANGUAGES for _w, _o, text in texts_for(case, language))


def _allowed(case: Case, language: str) -> list[str]:
    phrases = [case.de_at, case.de_from, case.de_subject] if language == "de" else [case.en_at, case.en_subject]
    return [phrase for phrase in phrases if phrase]


def _tail(case: Case) -> str:
    """The part of the name that stays the same in every case (after leading adjectives and a leading article)."""
    words = case.name.split()
    if words[0] in ("Die", "The") and len(words) > 1:
        words = words[1:]
    if re.fullmatch(ADJECTIVES + "|Pädagogische|Physikalisch-Technische", words[0]) and len(words) > 1:
        words = words[1:]
    return " ".join(words)


# A name that is also a common word of the messages („Die Zeit“) cannot be found by
# its words; its phrases are tested on their own in test_organisations.py.
MENTIONED = [case for case in CORPUS if case.name not in COMMON_WORDS]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", MENTIONED, ids=[case.name for case in MENTIONED])
def test_every_mention_of_the_organisation_is_in_a_correct_slot(case: Case, language: str) -> None:
    allowed = _allowed(case, language)
    tail = re.escape(_tail(case))
    checked = 0
    for where, output, text in texts_for(case, language):
        if output == "organisation":
            continue  # the hint quotes the phrases; it is checked below
        for match in re.finditer(tail, text):
            checked += 1
            # The whole name as typed, if this mention is part of it.
            start = text.rfind(case.name, 0, match.end())
            whole = start >= 0 and start + len(case.name) >= match.end()
            before, after = (text[:start], text[start + len(case.name) :]) if whole else ("", "")
            in_brackets = whole and before.endswith("(") and after.startswith(")")
            after_colon = whole and before.endswith(": ")
            in_phrase = any(
                phrase.casefold() in text[max(0, match.end() - len(phrase)) : match.end()].casefold()
                for phrase in allowed
            )
            assert in_brackets or after_colon or in_phrase, (where, output, text[max(0, match.start() - 60) :])
    assert checked, f"{case.name} never appears in a {language} text"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_text_of_any_worksheet_has_a_known_defect(language: str) -> None:
    for case in CORPUS:
        for where, output, text in texts_for(case, language):
            for pattern in DEFECTS[language] + FORMAT_DEFECTS:
                found = pattern.search(text)
                assert found is None, (case.name, where, output, found.group(0), text)


def test_every_worksheet_is_covered_and_the_corpus_writes_thousands_of_texts() -> None:
    sheets_with_organisation = {
        sheet.id for sheet in SHEETS.values() if any(f.id == "organisation" for f in sheet.fields)
    }
    assert sheets_with_organisation == {"introduction-request", "thanks", "contact-map"}
    assert len(all_texts()) >= 8_000


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_hint_shows_the_phrases_the_messages_use(language: str) -> None:
    intro = dict(SHEETS["introduction-request"].example(language))
    for case in CORPUS:
        result = run("introduction-request", {**intro, "organisation": case.name}, language)
        hint = next(o for o in result["outputs"] if o["id"] == "organisation")  # type: ignore[union-attr]
        at = case.de_at if language == "de" else case.en_at
        if at is None:
            assert "(" + case.name + ")" in result["outputs"][0]["body"]  # type: ignore[index]
            assert case.name in hint["body"]
            assert "brackets" in hint["body"] or "Klammern" in hint["body"]
        else:
            assert at in hint["body"]
            assert at in "\n".join(o["body"] for o in result["outputs"])  # type: ignore[union-attr]


@pytest.mark.parametrize("sheet", ["ready-check", "follow-up"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sheets_without_an_organisation_have_no_format_defects(sheet: str, language: str) -> None:
    spec = SHEETS[sheet]
    values = dict(spec.example(language))
    variants = (
        [dict.fromkeys(values, flag) for flag in (True, False)] + [values]
        if sheet == "ready-check"
        else [
            {**values, "follow_ups": str(n), "last_follow_up": "2026-11-03" if n else "", "today": today}
            for n in range(4)
            for today in ("2026-11-05", "2026-11-14", "2026-11-20")
        ]
    )
    for variant in variants:
        for _output, text in _texts(sheet, variant, language):
            for pattern in FORMAT_DEFECTS:
                assert pattern.search(text) is None, (variant, text)
