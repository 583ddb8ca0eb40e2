"""The article generator: source text -> segments with stable, readable ids."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest

from macros.article import Segment, SourceError, parse_file, parse_text

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "source" / "artikel.txt"
SEED = ROOT.parent / "shared" / "seeds" / "000_e3e9fee2512e6876.txt"
# The seed's SHA-256, taken from the seed itself: a clone without the seeds beside it still checks the copy.
SEED_SHA256 = "a0a1e8bad407ff96c2e192705d9e45e1c7a8cad933cadf42e555d3ff37a1db28"


def ids(segments: list[Segment]) -> list[str]:
    return [segment.id for segment in segments]


def source(*blocks: str) -> bytes:
    """A crafted article: blocks separated by blank lines, LF, UTF-8."""
    return "\n\n".join(blocks).encode("utf-8")


# --- the real article -------------------------------------------------------


@pytest.fixture(scope="module")
def article() -> list[Segment]:
    return parse_file(ARTICLE)


def test_source_is_the_verbatim_seed() -> None:
    assert hashlib.sha256(ARTICLE.read_bytes()).hexdigest() == SEED_SHA256, "source/artikel.txt differs from the seed"
    if SEED.exists():  # beside the shared seeds: the recorded hash is the seed's own
        assert hashlib.sha256(SEED.read_bytes()).hexdigest() == SEED_SHA256


def test_real_article_kinds(article: list[Segment]) -> None:
    assert Counter(segment.kind for segment in article) == {
        "title": 1,
        "lede": 1,
        "heading": 2,
        "paragraph": 15,
        "credit": 1,
    }
    assert [segment.kind for segment in article[:2]] == ["title", "lede"]
    assert article[-1].kind == "credit"


def test_real_article_headings(article: list[Segment]) -> None:
    headings = [segment for segment in article if segment.kind == "heading"]
    assert [(h.id, h.section) for h in headings] == [
        ("es-erfordert-viel", "es-erfordert-viel"),
        ("es-geht-darum", "es-geht-darum"),
    ]
    assert headings[0].text == "Es erfordert (viel) Aufwand von Ihrer Seite"
    assert headings[1].text == "Es geht darum, gesehen zu werden (nicht eingestellt)"


def test_real_article_ids_are_unique_and_sectioned(article: list[Segment]) -> None:
    assert len(set(ids(article))) == len(article)
    for segment in article:
        if segment.kind == "paragraph":
            assert segment.id.startswith(f"{segment.section}/"), segment
    sections = [s.section for s in article if s.kind == "paragraph"]
    assert sections == ["einleitung"] * 5 + ["es-erfordert-viel"] * 5 + ["es-geht-darum"] * 5


def test_real_article_lines_and_texts(article: list[Segment]) -> None:
    lines = ARTICLE.read_text(encoding="utf-8").split("\n")
    for segment in article:
        # The segment starts on its line, and no segment keeps raw line breaks.
        first_line = lines[segment.line - 1]
        assert first_line.strip()
        assert segment.text.startswith(first_line.split()[0])
        assert "\n" not in segment.text
        assert "  " not in segment.text
    assert article[0].line == 1
    assert article[0].text == "Warum die Verwendung Ihrer Verbindungen nicht einfach ist"
    assert article[-1].text == "Foto der Verbindungen mit freundlicher Genehmigung von Shutterstock."
    last_text_line = max(number for number, line in enumerate(lines, start=1) if line.strip())
    assert article[-1].line == last_text_line


# --- small crafted texts ----------------------------------------------------

CRAFTED = [
    pytest.param(
        source("Titel", "Ein Vorspann", "Ein Abschnitt", "Ein Absatz."),
        [
            ("title", "title", 1),
            ("lede", "lede", 3),
            ("ein-abschnitt", "heading", 5),
            ("ein-abschnitt/ein-absatz", "paragraph", 7),
        ],
        id="title-lede-heading-paragraph",
    ),
    pytest.param(
        source("Titel", "Kein Vorspann, sondern ein Satz.", "Kopf", "Text."),
        [
            ("title", "title", 1),
            ("einleitung/kein-vorspann-sondern-ein", "paragraph", 3),
            ("kopf", "heading", 5),
            ("kopf/text", "paragraph", 7),
        ],
        id="second-block-with-full-stop-is-a-paragraph",
    ),
    pytest.param(
        source("T", "V", "Kopf", "Er sagte: „Ja.“", "“Oh, spendet er eine Bibliothek?”", "Erstens:"),
        [
            ("title", "title", 1),
            ("lede", "lede", 3),
            ("kopf", "heading", 5),
            ("kopf/er-sagte-ja", "paragraph", 7),
            ("kopf/oh-spendet-er-eine", "paragraph", 9),
            ("kopf/erstens", "paragraph", 11),
        ],
        id="punctuation-before-closing-quotes-and-colon-end-a-sentence",
    ),
    pytest.param(
        source("T", "V", "Kopf", "Ein sehr langer Block ohne Schlusspunkt " + "und noch mehr Wörter " * 4),
        [
            ("title", "title", 1),
            ("lede", "lede", 3),
            ("kopf", "heading", 5),
            ("kopf/ein-sehr-langer-block", "paragraph", 7),
        ],
        id="long-block-without-punctuation-is-a-paragraph",
    ),
    pytest.param(
        source("T", "V", "Erster Teil", "A eins.", "Zweiter Teil", "B zwei.", "Foto: Agentur"),
        [
            ("title", "title", 1),
            ("lede", "lede", 3),
            ("erster-teil", "heading", 5),
            ("erster-teil/a-eins", "paragraph", 7),
            ("zweiter-teil", "heading", 9),
            ("zweiter-teil/b-zwei", "paragraph", 11),
            ("credit", "credit", 13),
        ],
        id="sections-and-a-closing-credit",
    ),
    pytest.param(
        source("T", "V", "Bilder der Woche", "Foto und Text.", "Schluss."),
        [
            ("title", "title", 1),
            ("lede", "lede", 3),
            ("bilder-der-woche", "heading", 5),
            ("bilder-der-woche/foto-und-text", "paragraph", 7),
            ("bilder-der-woche/schluss", "paragraph", 9),
        ],
        id="credit-words-before-the-end-are-no-credit",
    ),
    pytest.param(
        source("T", "V", "Über Größe und Maß", "Äpfel öffnen Türen, süß."),
        [
            ("title", "title", 1),
            ("lede", "lede", 3),
            ("ueber-groesse-und", "heading", 5),
            ("ueber-groesse-und/aepfel-oeffnen-tueren-suess", "paragraph", 7),
        ],
        id="umlauts-are-transliterated-in-ids",
    ),
    pytest.param(
        source("T", "V", "– – –", "… !"),
        [("title", "title", 1), ("lede", "lede", 3), ("abschnitt", "heading", 5), ("abschnitt/absatz", "paragraph", 7)],
        id="blocks-without-letters-get-fallback-ids",
    ),
    pytest.param(
        b"\n\n\nTitel\n\n\n\nVorspann\n   \nKopf\n\n\n\nAbsatz.\n\n\n",
        [("title", "title", 4), ("lede", "lede", 8), ("kopf", "heading", 10), ("kopf/absatz", "paragraph", 14)],
        id="extra-blank-and-whitespace-lines",
    ),
]


@pytest.mark.parametrize(("raw", "expected"), CRAFTED)
def test_crafted_texts(raw: bytes, expected: list[tuple[str, str, int]]) -> None:
    assert [(s.id, s.kind, s.line) for s in parse_text(raw)] == expected


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        pytest.param(
            source("T", "V", "Kopf", "Ein\n  langer\tAbsatz,\nüber  drei Zeilen."),
            "Ein langer Absatz, über drei Zeilen.",
            id="joined-lines",
        ),
        pytest.param(source("T", "V", "Kopf", "   Eingerückt.   "), "Eingerückt.", id="stripped"),
    ],
)
def test_block_text_is_normalised(raw: bytes, text: str) -> None:
    assert parse_text(raw)[-1].text == text


# --- stable ids --------------------------------------------------------------

BASE = [
    "Titel des Textes",
    "Ein kurzer Vorspann",
    "Der erste Abschnitt",
    "Alpha beginnt hier mit Worten.",
    "Beta folgt danach sogleich.",
    "Der zweite Abschnitt",
    "Gamma steht im zweiten Teil.",
    "Delta beschließt den Text.",
]


@pytest.mark.parametrize("position", range(2, len(BASE) + 1))
def test_inserting_a_paragraph_keeps_every_other_id(position: int) -> None:
    before = ids(parse_text(source(*BASE)))
    blocks = [*BASE[:position], "Ein ganz neuer Absatz erscheint.", *BASE[position:]]
    after = ids(parse_text(source(*blocks)))
    assert len(after) == len(before) + 1
    inserted = after.pop(position)
    assert inserted.endswith("/ein-ganz-neuer-absatz")
    assert after == before


@pytest.mark.parametrize(
    ("index", "edited", "own_id_changes"),
    [
        pytest.param(3, "Alpha beginnt hier mit ganz anderen Worten als vorher.", False, id="edit-after-first-words"),
        pytest.param(4, "Beta folgt danach sogleich, nun aber länger!", False, id="edit-ending"),
        pytest.param(6, "Ganz neu formuliert steht Gamma hier.", True, id="edit-first-words"),
        pytest.param(7, "Omega beschließt den Text.", True, id="edit-first-word"),
    ],
)
def test_editing_a_paragraph_keeps_every_other_id(index: int, edited: str, own_id_changes: bool) -> None:
    before = ids(parse_text(source(*BASE)))
    blocks = list(BASE)
    blocks[index] = edited
    after = ids(parse_text(source(*blocks)))
    assert len(after) == len(before)
    assert [a for i, a in enumerate(after) if i != index] == [b for i, b in enumerate(before) if i != index]
    assert (after[index] != before[index]) is own_id_changes


# --- duplicates ----------------------------------------------------------------


def test_duplicate_first_words_get_numbered_ids() -> None:
    raw = source(
        "T",
        "V",
        "Kopf",
        "Sie sollten das tun. Erstens.",
        "Sie sollten das tun. Zweitens.",
        "Sie sollten das tun. Drittens.",
        "Kopf",
        "Sie sollten das tun. Viertens.",
    )
    segments = parse_text(raw)
    assert ids(segments) == [
        "title",
        "lede",
        "kopf",
        "kopf/sie-sollten-das-tun",
        "kopf/sie-sollten-das-tun-2",
        "kopf/sie-sollten-das-tun-3",
        "kopf-2",
        "kopf-2/sie-sollten-das-tun",
    ]
    assert segments[-1].section == "kopf-2"


def test_ids_stay_unique_when_a_slug_looks_like_a_numbered_duplicate() -> None:
    segments = parse_text(source("T", "V", "Kopf", "A.", "Kopf", "B.", "Kopf 2", "C."))
    assert len(set(ids(segments))) == len(segments)


# --- encodings and line ends -----------------------------------------------------

LF = source(*BASE) + b"\n"


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(LF.replace(b"\n", b"\r\n"), id="crlf"),
        pytest.param(b"\xef\xbb\xbf" + LF, id="bom"),
        pytest.param(b"\xef\xbb\xbf" + LF.replace(b"\n", b"\r\n"), id="bom-and-crlf"),
        pytest.param(LF.replace(b"\n", b"\r"), id="cr"),
    ],
)
def test_line_ends_and_bom_give_the_same_segments(variant: bytes) -> None:
    expected = parse_text(LF)
    assert parse_text(variant) == expected
    assert expected[0].text == "Titel des Textes"  # no BOM glued to the title


def test_real_article_with_crlf_and_bom() -> None:
    raw = ARTICLE.read_bytes()
    assert parse_text(b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n")) == parse_text(raw)


# --- bad input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"  \n\n\t \n \r\n", id="whitespace-only"),
        pytest.param(b"\xef\xbb\xbf", id="bom-only"),
    ],
)
def test_empty_source_is_an_error_on_line_1(raw: bytes) -> None:
    with pytest.raises(SourceError) as caught:
        parse_text(raw, "source/artikel.txt")
    assert caught.value.line == 1
    assert caught.value.path == "source/artikel.txt"
    assert str(caught.value).startswith("source/artikel.txt:1: ")
    assert "empty" in caught.value.reason


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(source("Titel", "Erster Satz.", "Zweiter Satz."), id="only-paragraphs"),
        pytest.param(source("Titel", "Ein Vorspann"), id="title-and-lede"),
        pytest.param(source("Nur ein Titel"), id="only-a-title"),
    ],
)
def test_source_without_headings_is_an_error(raw: bytes) -> None:
    with pytest.raises(SourceError) as caught:
        parse_text(raw, "artikel.txt")
    assert "heading" in caught.value.reason
    assert str(caught.value).startswith("artikel.txt:1: ")


@pytest.mark.parametrize(
    ("raw", "line"),
    [
        pytest.param(b"\xff" + source(*BASE), 1, id="first-byte"),
        pytest.param(b"Titel\n\nVorspann\n\nKopf \xe4rger\n\nAbsatz.\n", 5, id="latin-1-umlaut-lf"),
        pytest.param(b"Titel\r\n\r\nVorspann\r\n\r\nKopf\r\n\r\nAbsatz mit \xfc.\r\n", 7, id="latin-1-umlaut-crlf"),
        pytest.param(b"\xef\xbb\xbfTitel\n\nVorspann\n\nKopf\n\nA.\nB \xc3(.\n", 8, id="truncated-sequence-after-bom"),
        pytest.param(b"Titel\r\rVorspann\r\rKopf \x80\r", 5, id="latin-1-cr-line-ends"),
    ],
)
def test_invalid_utf8_names_the_line(raw: bytes, line: int) -> None:
    with pytest.raises(SourceError) as caught:
        parse_text(raw, "source/artikel.txt")
    assert caught.value.line == line
    assert str(caught.value).startswith(f"source/artikel.txt:{line}: ")
    assert "UTF-8" in caught.value.reason


def test_parse_file_names_the_display_path(tmp_path: Path) -> None:
    path = tmp_path / "artikel.txt"
    path.write_bytes(source("Titel", "Kein Abschnitt.") + b"\n\nKopf \xe4\n")
    with pytest.raises(SourceError) as caught:
        parse_file(path, "source/artikel.txt")
    assert str(caught.value).startswith("source/artikel.txt:5: ")
    with pytest.raises(SourceError) as caught:
        parse_file(path)
    assert str(caught.value).startswith(f"{path}:5: ")
