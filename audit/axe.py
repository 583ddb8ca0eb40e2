"""axe-core (npm, pinned in package.json) run inside the page.

The page's Content-Security-Policy allows no inline script, and Playwright's
``add_script_tag(path=...)`` inserts the file's text as an inline ``<script>``:
Chromium blocks it (checked by tests/test_audit_browser.py). So the source
goes in through ``page.evaluate``, which the CDP runs outside the page's CSP
and which adds no request and no element.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
IMPACTS = ("critical", "serious", "moderate", "minor")

_RUN = """async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact || "minor",
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary || "" })),
  }));
}"""


@cache
def axe_source() -> str:
    """The text of axe.min.js; a clear error when ``npm ci`` has not installed it."""
    if not AXE_SOURCE.exists():
        raise FileNotFoundError(f"{AXE_SOURCE} is missing: run `make setup` (npm ci installs axe-core)")
    return AXE_SOURCE.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Violation:
    """One axe rule that failed on one page in one color scheme."""

    page: str
    scheme: str
    state: str
    rule: str
    impact: str
    help: str
    nodes: tuple[tuple[str, str], ...]

    def describe(self, nodes: int = 2) -> str:
        """One paragraph for a report: where, which rule, the first nodes and why."""
        where = f"{self.page} [{self.scheme}, {self.state}]"
        lines = [f"{self.impact} {self.rule} on {where}: {self.help} ({len(self.nodes)} nodes)"]
        for target, summary in self.nodes[:nodes]:
            lines.append(f"    {target}: {' '.join(summary.split())[:220]}")
        return "\n".join(lines)


_SETTLE = """async () => {
  document.activeElement && document.activeElement.blur && document.activeElement.blur();
  const running = document.getAnimations().map((animation) => animation.finished.catch(() => null));
  await Promise.race([Promise.all(running), new Promise((done) => setTimeout(done, 2000))]);
}"""


def run_axe(page: Any, where: str, scheme: str, state: str = "loaded") -> list[Violation]:
    """Run axe on the whole document of ``page`` at rest; every violation, with its impact.

    At rest: no pointer over anything, no focus, no transition half-way (a
    fading button measured mid-fade is not what a reader sees). Hover and focus
    colors are checked on their own (tests/test_audit_browser.py).
    """
    page.mouse.move(0, 0)
    page.evaluate(_SETTLE)
    if not page.evaluate("typeof window.axe === 'object' && typeof window.axe.run === 'function'"):
        page.evaluate(axe_source())
    found = page.evaluate(_RUN)
    return [
        Violation(
            where,
            scheme,
            state,
            v["id"],
            v["impact"],
            v["help"],
            tuple((n["target"], n["summary"]) for n in v["nodes"]),
        )
        for v in found
    ]


@dataclass
class AxeTally:
    """Violations by impact over many scans."""

    scans: int = 0
    violations: list[Violation] = field(default_factory=list)

    def add(self, found: list[Violation]) -> None:
        """Count one scan and its violations."""
        self.scans += 1
        self.violations.extend(found)

    def by_impact(self) -> Counter[str]:
        """Number of (page, scheme, state, rule) violations per impact."""
        counts = Counter(dict.fromkeys(IMPACTS, 0))
        counts.update(v.impact for v in self.violations)
        return counts

    def blocking(self) -> list[Violation]:
        """The serious and critical ones: the issue demands none."""
        return [v for v in self.violations if v.impact in BLOCKING]
