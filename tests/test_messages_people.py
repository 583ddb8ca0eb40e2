"""People in running text: Frau/Herr inflected, titles kept, names intact (hypothesis over names)."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from worksheets import run
from worksheets.letters import Person, reference
from worksheets.sheets import SHEETS

PARTICLES = ["von", "van der", "de la", "zu", "von und zu", "O’", "di", "ten", "al-"]
PART = st.text(alphabet="abcdefghiklmnoprstuvwzäöüßéèñçø", min_size=2, max_size=9).map(str.capitalize)
LAST = st.one_of(
    PART,
    st.tuples(st.sampled_from(PARTICLES), PART).map(
        lambda p: p[0] + p[1] if p[0].endswith(("’", "-")) else " ".join(p)
    ),
    st.tuples(PART, PART).map("-".join),
    st.tuples(st.sampled_from(PARTICLES), PART, PART).map(lambda p: f"{p[0]} {p[1]}-{p[2]}"),
)
FIRST = st.one_of(st.just(""), PART, st.tuples(PART, PART).map("-".join))


def _vocabulary() -> frozenset[str]:
    """Every word the worksheets' own texts use, so that a generated surname is never one of them."""
    words: set[str] = set()
    for sheet in ("introduction-request", "thanks"):
        for language in ("de", "en"):
            for stage in ("introduced", "met", "outcome"):
                values = {**SHEETS[sheet].example(language), "stage": stage, "outcome": "yes"}
                for output in run(sheet, values, language)["outputs"]:  # type: ignore[union-attr]
                    words.update(re.findall(r"\w+", output["body"] + " " + output["subject"]))
    return frozenset(words)


VOCABULARY = _vocabulary()
PARTICLE_WORDS = {word for particle in PARTICLES for word in re.findall(r"\w+", particle)}


@pytest.mark.parametrize(
    ("person", "language", "case", "expected"),
    [
        (Person("", "Weber", "frau"), "de", "obj", "Frau Weber"),
        (Person("", "Weber", "herr"), "de", "obj", "Herrn Weber"),
        (Person("", "Weber", "herr"), "de", "nom", "Herr Weber"),
        (Person("", "von der Heydt", "herr", "prof"), "de", "obj", "Herrn Prof. von der Heydt"),
        (Person("", "Weber", "frau", "dr"), "de", "obj", "Frau Dr. Weber"),
        (Person("", "Weber", "frau"), "en", "obj", "Ms Weber"),
        (Person("", "de la Cruz", "herr"), "en", "obj", "Mr de la Cruz"),
        (Person("", "Weber", "herr", "dr"), "en", "obj", "Dr Weber"),
        (Person("", "Weber", "frau", "prof"), "en", "obj", "Professor Weber"),
        (Person("Kim", "Weber", "neutral", "dr"), "de", "obj", "Dr. Kim Weber"),
        (Person("Kim", "Weber", "neutral", "dr"), "en", "obj", "Dr Kim Weber"),
        (Person("Jörg", "Müller-Lüdenscheidt", "herr"), "de", "obj", "Jörg Müller-Lüdenscheidt"),
        (Person("Anna", "", "frau", "", "du"), "de", "obj", "Anna"),
    ],
)
def test_reference(person: Person, language: str, case: str, expected: str) -> None:
    assert reference(person, language, case) == expected  # type: ignore[arg-type]


@settings(max_examples=150, deadline=None)
@given(
    first=FIRST,
    last=LAST,
    form=st.sampled_from(["frau", "herr"]),
    title=st.sampled_from(["", "dr", "prof"]),
    language=st.sampled_from(["de", "en"]),
    stage=st.sampled_from(["introduced", "met", "outcome"]),
)
def test_the_target_is_named_with_form_title_and_the_name_intact(
    first: str, last: str, form: str, title: str, language: str, stage: str
) -> None:
    assume(not (set(re.findall(r"\w+", last)) - PARTICLE_WORDS) & VOCABULARY)
    # No word shared by the first name and the surname: with first "Aa-Aa" and last "zu Aa", the
    # subject's "Kontakt zu Aa-Aa zu Aa" holds "zu Aa" as preposition and first name (a fresh clone's case).
    assume(not set(re.findall(r"\w+", first)) & set(re.findall(r"\w+", last)))
    target = {
        "target_first": first,
        "target_last": last,
        "target_form": form,
        "target_title": title,
        "target_register": "sie",
    }
    intro = {**SHEETS["introduction-request"].example(language), **target}
    thanks = {**SHEETS["thanks"].example(language), **target, "stage": stage, "outcome": "yes"}
    texts = []
    for sheet, values in (("introduction-request", intro), ("thanks", thanks)):
        result = run(sheet, values, language)
        assert result["ok"], result["errors"]
        texts += [o["body"] for o in result["outputs"] if o["kind"] == "message"]  # type: ignore[union-attr]
        texts += [o["subject"] for o in result["outputs"] if o["subject"]]  # type: ignore[union-attr]
    text = "\n".join(texts)
    assert last in text  # particles, hyphens and diacritics intact
    # Every mention of the surname comes with what belongs before it: never a bare surname.
    if language == "de":
        titles = {"": "", "dr": "Dr. ", "prof": "Prof. "}[title]
        before = [f"{first} ", f"Frau {titles}", f"Herrn {titles}", f"Herr {titles}"] if first else []
        before += [f"Frau {titles}"] if form == "frau" else [f"Herrn {titles}", f"Herr {titles}"]
    else:
        titles = {"": "", "dr": "Dr ", "prof": "Professor "}[title]
        before = [f"{first} "] if first else []
        before += [titles] if title else (["Ms "] if form == "frau" else ["Mr "])
    for match in re.finditer(rf"(?<!\w){re.escape(last)}(?!\w)", text):
        assert any(text[: match.start()].endswith(lead) for lead in before if lead), text[
            max(0, match.start() - 30) : match.end()
        ]
    event("particle" if set(re.findall(r"\w+", last)) & PARTICLE_WORDS else "no particle")
    if not first and language == "de" and form == "herr":
        assert f"Herrn {titles}{last}" in text  # dative/accusative in running text
