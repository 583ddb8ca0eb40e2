"""Organisations in their grammatical slots: the corpus of real names, the reader's choice, properties."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.organisation_corpus import CORPUS, Case
from worksheets.organisations import ARTICLE_VALUES, Organisation, analyse
from worksheets.sheets.common import ARTICLES


@pytest.mark.parametrize("case", CORPUS, ids=[case.name for case in CORPUS])
def test_each_real_name_gets_its_phrase_in_each_slot(case: Case) -> None:
    org = Organisation(case.name)
    assert org.phrase("at", "de") == case.de_at
    assert org.phrase("from", "de") == case.de_from
    assert org.phrase("subject", "de") == case.de_subject
    assert org.phrase("at", "en") == case.en_at
    assert org.phrase("subject", "en") == case.en_subject
    assert org.certain("de") == (case.de_at is not None)
    assert org.certain("en") == (case.en_at is not None)


def test_the_corpus_covers_every_kind_of_organisation() -> None:
    kinds = {case.kind for case in CORPUS}
    assert kinds == {"university", "institute", "company", "brand", "public body", "international", "uncertain"}
    assert len({case.name for case in CORPUS}) == len(CORPUS) >= 80


@pytest.mark.parametrize(
    ("name", "slot", "language", "capital", "expected"),
    [
        ("Universität Mannheim", "subject", "de", True, "Die Universität Mannheim"),
        ("Google", "subject", "de", True, "Google"),
        ("University of Edinburgh", "subject", "en", True, "The University of Edinburgh"),
        ("University of Edinburgh", "with", "en", False, "with the University of Edinburgh"),
        ("Deutsches Museum", "at", "de", False, "im Deutschen Museum"),
        ("Carl Hanser Verlag", "at", "de", False, "beim Carl Hanser Verlag"),
    ],
)
def test_slots_and_sentence_starts(name: str, slot: str, language: str, capital: bool, expected: str) -> None:
    assert Organisation(name).phrase(slot, language, capital=capital) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "article", "de_at", "de_subject", "en_at"),
    [
        # The reader corrects a name no rule can read.
        (
            "Charité – Universitätsmedizin Berlin",
            "f",
            "bei der Charité – Universitätsmedizin Berlin",
            "die Charité – Universitätsmedizin Berlin",
            "at the Charité – Universitätsmedizin Berlin",
        ),
        ("Lufthansa", "none", "bei Lufthansa", "Lufthansa", "at Lufthansa"),
        ("Stadtwerke München", "avoid", None, None, None),
        ("Sorbonne", "f", "bei der Sorbonne", "die Sorbonne", "at the Sorbonne"),
        ("Deutsche Welle", "f", "bei der Deutschen Welle", "die Deutsche Welle", "at the Deutsche Welle"),
        ("Spiegel-Verlag", "m", "beim Spiegel-Verlag", "der Spiegel-Verlag", "at the Spiegel-Verlag"),
        (
            "Hasso-Plattner-Institut",
            "n",
            "am Hasso-Plattner-Institut",
            "das Hasso-Plattner-Institut",
            "at the Hasso-Plattner-Institut",
        ),
        # … or overrules a rule that was right for most names but not for this one.
        (
            "Technische Universität München",
            "none",
            "bei Technische Universität München",
            "Technische Universität München",
            "at Technische Universität München",
        ),
        ("Google", "avoid", None, None, None),
    ],
)
def test_the_readers_choice_decides(
    name: str, article: str, de_at: str | None, de_subject: str | None, en_at: str | None
) -> None:
    org = Organisation(name, article)  # type: ignore[arg-type]
    assert org.phrase("at", "de") == de_at
    assert org.phrase("subject", "de") == de_subject
    assert org.phrase("at", "en") == en_at


def test_the_form_control_offers_exactly_the_choices_the_module_knows() -> None:
    assert tuple(choice.value for choice in ARTICLES) == ARTICLE_VALUES


def test_the_phrase_records_which_slots_a_message_used() -> None:
    org = Organisation("Siemens AG")
    org.phrase("from", "de")
    org.phrase("at", "de")
    org.phrase("from", "de")
    assert org.used == {"de": ["from", "at"]}


# --- properties over names ----------------------------------------------------------------------

WORD = st.text(alphabet="abcdefghiklmnoprstuvwzäöüé", min_size=2, max_size=10).map(str.capitalize)
HEAD = st.sampled_from(["Universität", "Hochschule", "Institut", "Stiftung", "Bank", "Verlag", "Zentrum", "Klinikum"])
FORM = st.sampled_from(["AG", "GmbH", "SE", "KG", "gGmbH", "Ltd", "Inc.", "plc"])
NAME = st.one_of(
    st.lists(WORD, min_size=1, max_size=3).map(" ".join),
    st.tuples(WORD, FORM).map(" ".join),
    st.tuples(HEAD, WORD).map(" ".join),
    st.tuples(WORD, HEAD).map(lambda parts: "-".join(parts)),
    st.tuples(st.sampled_from(["Technische", "Deutsche", "Freie", "Europäische"]), HEAD, WORD).map(" ".join),
)
ARTICLE = st.sampled_from(ARTICLE_VALUES)
DE_LEAD = re.compile(r"^(bei|an|in|von) (der|dem) |^(am|im|beim|vom) ")


@settings(max_examples=300, deadline=None)
@given(name=NAME, article=ARTICLE)
def test_every_phrase_is_a_preposition_and_article_before_the_name_or_none(name: str, article: str) -> None:
    org = Organisation(name, article)  # type: ignore[arg-type]
    # What stays as typed: the name after a leading adjective (inflected) or a leading article („Der Spiegel“).
    found = analyse(name)
    # „Neue Deutsche Biographie“ -> „bei der Neuen Deutschen Biographie“: every leading adjective is inflected;
    # a typed article („Die Zeit“, "The AG") gives way to the phrase's own.
    typed_article = found.reason in ("leading article", "leading the") and (found.certain_de or article != "auto")
    dropped = found.adjectives + (1 if typed_article else 0)
    tail = name.split(" ", dropped)[-1] if dropped else name
    for slot in ("at", "from"):
        phrase = org.phrase(slot, "de")  # type: ignore[arg-type]
        if phrase is None:
            assert not org.certain("de")
            continue
        # With an article: preposition and article, then the name; without one (a brand): the name as typed.
        assert DE_LEAD.match(phrase) or phrase in {f"{p} {n}" for p in ("bei", "von") for n in (name, tail)}, phrase
        assert phrase.endswith(tail), (phrase, tail)
        # A leading adjective is inflected after an article, never left as typed.
        assert not re.search(r"\b(der|dem|am|im|beim|vom) (Technische|Deutsche|Freie|Europäische) ", phrase), phrase
    english = org.phrase("at", "en")
    if english is not None:
        assert english in (f"at {name}", f"at the {name}", f"at the {name.removeprefix('The ')}"), english
        assert not re.match(r"at the (Der|Die|Das) ", english), english
    subject = org.phrase("subject", "de", capital=True)
    if subject is not None:
        assert subject[0].isupper()
        assert subject.endswith(tail)
