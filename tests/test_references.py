"""Every file of ours that a comment or a README names exists (no stale references after a move)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT

# The texts that name files: our scripts, the READMEs and the start-up story.
NAMING = sorted(
    [
        *(ROOT / "docs" / "assets").rglob("*.js"),
        *(ROOT / "docs" / "assets").rglob("*.mjs"),
        *(ROOT / "macros").glob("*.js"),
        *(ROOT / "macros").rglob("*.py"),
        *(ROOT / "worksheets").rglob("*.py"),
        ROOT / "README.md",
        ROOT / "macros" / "STARTUP.md",
        ROOT / "bench" / "README.md",
    ]
)
NAMED = re.compile(r"\b((?:macros|worksheets|tests|tools|bench|audit|docs)/[\w/.-]*\w\.(?:py|js|mjs|md|yml))\b")
# Written by the build, so absent from a clean checkout.
GENERATED = {"worksheets/cldr_data.py"}


@pytest.mark.parametrize("path", NAMING, ids=[str(path.relative_to(ROOT)) for path in NAMING])
def test_every_file_it_names_exists(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    missing = sorted({name for name in NAMED.findall(text) if name not in GENERATED and not (ROOT / name).exists()})
    assert missing == [], f"{path.relative_to(ROOT)} names files that do not exist"
