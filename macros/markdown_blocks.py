"""Split a Markdown page into translatable blocks and put translations back.

A block is a run of non-blank lines. Blocks that carry no prose (code fences,
macro calls, HTML comments, raw HTML lines) are kept as they are; everything
else is a message in the ``pages`` catalog.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_MACRO_ONLY = re.compile(r"^\s*(\{\{.*\}\}|\{%.*%\})\s*$")
_HTML_ONLY = re.compile(r"^\s*</?[a-zA-Z][^>]*>\s*$")


@dataclass(frozen=True)
class Block:
    """A run of lines of a Markdown page, with its first line number."""

    text: str
    line: int
    translatable: bool


def _is_prose(lines: list[str]) -> bool:
    first = lines[0].strip()
    if first.startswith(("```", "~~~", "<!--")):
        return False
    return not all(_MACRO_ONLY.match(line) or _HTML_ONLY.match(line) for line in lines)


def split_blocks(markdown: str) -> list[Block]:
    """Return the page as blocks; fenced code stays in one untranslatable block."""
    blocks: list[Block] = []
    current: list[str] = []
    start = 1
    in_fence = False
    lines = markdown.replace("\r\n", "\n").split("\n")

    def flush() -> None:
        if current:
            blocks.append(Block("\n".join(current), start, _is_prose(current)))
            current.clear()

    for number, line in enumerate(lines, start=1):
        fence = line.lstrip().startswith(("```", "~~~"))
        if in_fence:
            current.append(line)
            in_fence = not fence
            continue
        if not line.strip():
            flush()
            continue
        if not current:
            start = number
        current.append(line)
        in_fence = fence
    flush()
    return blocks


def translate_markdown(markdown: str, translate: Callable[[Block], str]) -> str:
    """Rebuild the page with every translatable block passed through ``translate``."""
    parts = [translate(block) if block.translatable else block.text for block in split_blocks(markdown)]
    return "\n\n".join(parts) + "\n"
