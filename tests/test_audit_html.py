"""Every built page passes the Nu Html Checker (vnu.jar from the dev extra, run with Java)."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit.validator import unavailable, validate


def test_the_built_pages_are_valid_html(built_site: Path) -> None:
    reason = unavailable()
    if reason:
        pytest.skip(f"the HTML validator cannot run here: {reason} (tools/ensure-debian-packages.sh installs Java)")
    report = validate(built_site)
    assert report.files == len(list(built_site.rglob("*.html"))) > 0
    assert report.errors == [], f"{len(report.errors)} errors (vnu {report.version}):\n" + "\n".join(
        report.describe(limit=len(report.errors))
    )
