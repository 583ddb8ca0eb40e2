"""Split the source article into segments with stable, readable ids.

The source is plain text: blocks separated by blank lines. The first block is
the title; a second block without final punctuation is the lede (standfirst);
later short blocks without final punctuation are section headings; a closing
block that starts with "Foto" or "Bild" is the photo credit. Everything else
is a paragraph.

A segment's id is built from the slug of its section and the first words of
its own text, so inserting or editing another paragraph never renumbers it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

SegmentKind = Literal["title", "lede", "heading", "paragraph", "credit"]

HEADING_MAX_CHARS = 80
ID_WORDS = 4
INTRO_SECTION = "einleitung"

_CLOSERS = "\"'“”„«»‹›)]’‘"
_TERMINAL = ".!?:;…"
_CREDIT = re.compile(r"^(Foto|Fotos|Bild|Bilder|Titelbild)\b")
_TRANSLITERATE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


class SourceError(ValueError):
    """A source text that cannot be turned into segments; names file and line."""

    def __init__(self, path: str, line: int, reason: str) -> None:
        super().__init__(f"{path}:{line}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason


@dataclass(frozen=True)
class Segment:
    """One translatable unit of the article."""

    id: str
    kind: SegmentKind
    text: str
    line: int
    section: str


def slugify(text: str, words: int | None = None) -> str:
    """Return an ASCII slug of ``text``, optionally of its first ``words`` words."""
    lowered = text.lower().translate(_TRANSLITERATE)
    ascii_text = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode()
    parts = re.findall(r"[a-z0-9]+", ascii_text)
    if words is not None:
        parts = parts[:words]
    return "-".join(parts)


def _ends_a_sentence(text: str) -> bool:
    stripped = text.rstrip().rstrip(_CLOSERS).rstrip()
    return bool(stripped) and stripped[-1] in _TERMINAL


def _decode(raw: bytes, path: str) -> str:
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # a BOM; stripped here so offsets stay right
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        line = before.count(b"\n") + 1
        raise SourceError(path, line, "the file is not valid UTF-8") from error
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _blocks(text: str) -> list[tuple[int, str]]:
    """Return (first line number, text) for each blank-line separated block."""
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(" ".join(line.split()))
        elif current:
            blocks.append((start, " ".join(current)))
            current = []
    if current:
        blocks.append((start, " ".join(current)))
    return blocks


def _classify(index: int, total: int, text: str) -> SegmentKind:
    if index == 0:
        return "title"
    if index == total - 1 and _CREDIT.match(text):
        return "credit"
    if _ends_a_sentence(text):
        return "paragraph"
    if index == 1:
        return "lede"
    if len(text) <= HEADING_MAX_CHARS:
        return "heading"
    return "paragraph"


def _unique(candidate: str, taken: set[str]) -> str:
    result, counter = candidate, 2
    while result in taken:
        result = f"{candidate}-{counter}"
        counter += 1
    taken.add(result)
    return result


def parse_text(raw: bytes, path: str = "<text>") -> list[Segment]:
    """Split the raw bytes of an article into segments, or raise SourceError."""
    blocks = _blocks(_decode(raw, path))
    if not blocks:
        raise SourceError(path, 1, "the file is empty: expected a title and paragraphs")
    kinds = [_classify(i, len(blocks), text) for i, (_, text) in enumerate(blocks)]
    if "heading" not in kinds:
        raise SourceError(
            path,
            blocks[0][0],
            "no section heading found (a heading is a short line without final punctuation)",
        )
    segments: list[Segment] = []
    taken: set[str] = set()
    section = INTRO_SECTION
    for (line, text), kind in zip(blocks, kinds, strict=True):
        if kind == "heading":
            section = _unique(slugify(text, ID_WORDS - 1) or "abschnitt", taken)
            segment_id = section
        elif kind in ("title", "lede", "credit"):
            segment_id = _unique(kind, taken)
        else:
            words = slugify(text, ID_WORDS) or "absatz"
            segment_id = _unique(f"{section}/{words}", taken)
        segments.append(Segment(segment_id, kind, text, line, section))
    return segments


def parse_file(path: Path, display_path: str | None = None) -> list[Segment]:
    """Read and split an article file; errors name ``display_path`` (or the path)."""
    return parse_text(path.read_bytes(), display_path or str(path))
