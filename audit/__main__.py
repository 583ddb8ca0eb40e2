"""``python -m audit``: build, serve on 127.0.0.1, run every check, print the tally.

The exit code is 0 only when every count the issue demands to be zero is zero:
wrong answers to bad input (CPython and browser), payloads that ran or became
markup, requests to other hosts, CSP violations, serious or critical axe
violations, HTML validator errors (or a validator that could not run), reader
data left after "delete my entries", and the motion, focus, contrast and
screen-reader checks.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from audit import checks
from audit.axe import IMPACTS, AxeTally
from audit.browser import DRAFT_PREFIX, Watch, chromium
from audit.browser_inputs import FULL_PLAN, BrowserOutcome, run_plan
from audit.inputs import LOCALE_ROOTS, LOCALES, Outcome, Tally, run_matrix
from audit.pages import site_pages
from audit.payloads import PAYLOADS
from audit.site import build, served
from audit.site_scan import SCHEMES, PageScan, scan_pages
from audit.validator import ValidatorReport, validate

ROOT = Path(__file__).resolve().parent.parent


def say(text: str) -> None:
    """Progress on stderr, so the tally on stdout stays clean."""
    print(text, file=sys.stderr, flush=True)


@dataclass
class Row:
    """One line of the tally: a label, what was found, and whether the issue demands zero."""

    label: str
    value: str
    failing: int = 0
    demands_zero: bool = False


@dataclass
class Findings:
    """Everything the audit saw, for the tally and the details."""

    matrix: Tally
    pages: int = 0
    scans: dict[str, list[PageScan]] = field(default_factory=dict)
    browser_inputs: list[BrowserOutcome] = field(default_factory=list)
    watch: Watch = field(default_factory=Watch)
    canary: dict[str, list[str]] = field(default_factory=dict)
    downloads: list[str] = field(default_factory=list)
    csp_injected: list[str] = field(default_factory=list)
    tours: dict[str, list[str]] = field(default_factory=dict)
    motion: list[str] = field(default_factory=list)
    focus: list[str] = field(default_factory=list)
    hover: list[str] = field(default_factory=list)
    screen_reader: list[str] = field(default_factory=list)
    validator: ValidatorReport = field(default_factory=ValidatorReport)
    other_drafts: list[str] = field(default_factory=list)

    @property
    def all_scans(self) -> list[PageScan]:
        """Every page scan of every scheme."""
        return [scan for scans in self.scans.values() for scan in scans]


def collect(site: Path, details_dir: Path) -> Findings:
    """Run every check against the built ``site``."""
    say("CPython: every worksheet x field x payload x locale ...")
    findings = Findings(run_matrix())
    pages = site_pages(site)
    findings.pages = len(pages)
    say(f"validator: {len(pages)} pages ...")
    findings.validator = validate(site)
    with served(site) as url, chromium() as browser:
        watch = findings.watch
        for scheme in SCHEMES:
            say(f"browser: every page, {scheme} scheme (requests, CSP, axe, each worksheet in use) ...")
            findings.scans[scheme] = scan_pages(browser, url, pages, scheme, watch)
        say("browser: bad input typed into live worksheets ...")
        for plan in FULL_PLAN:
            findings.browser_inputs.extend(run_plan(browser, url, plan, watch, progress=say))
        say("browser: injection canary, CSP, instant navigation, motion, focus, contrast, screen readers ...")
        for locale in LOCALES:
            problems, names = checks.canary_problems(browser, url, locale, details_dir, watch)
            findings.canary[locale] = problems
            findings.downloads.extend(names)
            findings.tours[locale] = checks.instant_tour_problems(browser, url, pages, locale, watch)
            findings.screen_reader.extend(f"{locale}: {p}" for p in checks.screen_reader_problems(browser, url, locale))
        findings.csp_injected = checks.csp_blocks_injected_script(browser, url)
        findings.other_drafts = checks.clear_scope(browser, url, watch)
        motion_paths = [*LOCALE_ROOTS.values(), *(page.path for page in pages if page.sheet)]
        findings.motion = checks.reduced_motion_problems(browser, url, motion_paths)
        for scheme in SCHEMES:
            findings.focus.extend(checks.focus_problems(browser, url, scheme))
            findings.hover.extend(checks.hover_contrast_problems(browser, url, scheme))
    return findings


def tally(findings: Findings) -> list[Row]:
    """The rows of the table."""
    matrix = findings.matrix
    answers = matrix.answers
    browser_answers = Counter(o.answer.split(":")[0] for o in findings.browser_inputs)
    browser_wrong = [o for o in findings.browser_inputs if o.problems]
    axe = AxeTally()
    for scan in findings.all_scans:
        axe.scans += scan.axe_scans
        axe.violations.extend(scan.violations)
    impacts = axe.by_impact()
    csp = [v for scan in findings.all_scans for v in scan.csp]
    csp_elsewhere = [p for problems in findings.tours.values() for p in problems if "CSP" in p]
    hosts = findings.watch.hosts
    foreign = findings.watch.foreign()
    canary = [p for problems in findings.canary.values() for p in problems]
    page_problems = [f"{scan.page.id} [{scan.scheme}]: {p}" for scan in findings.all_scans for p in scan.problems]
    left = _left_after_clear(findings.all_scans)
    validator = findings.validator
    validator_value = (
        f"not run: {validator.skipped}"
        if validator.skipped
        else f"{len(validator.errors)} ({validator.version}, {validator.files} files)"
    )
    return [
        Row(
            "inputs tried in CPython (every sheet x field x payload x de/en)",
            f"{matrix.cases} ({len(PAYLOADS)} payloads): {answers['ok']} messages, {answers['error']} field errors, "
            f"{answers['exception']} exceptions",
        ),
        Row(
            "  wrong answers (exception, wrong or misplaced error, unsafe output)",
            str(len(matrix.failures)),
            len(matrix.failures),
            True,
        ),
        Row(
            "inputs typed into live worksheets (Pyodide)",
            f"{len(findings.browser_inputs)}: " + ", ".join(f"{n} {a}" for a, n in sorted(browser_answers.items())),
        ),
        Row(
            "  wrong answers (crash, traceback, frozen, differs from CPython, not shown)",
            str(len(browser_wrong)),
            len(browser_wrong),
            True,
        ),
        Row(
            "injection canary (markup in every field, de + en): ran or became markup",
            str(len(canary)),
            len(canary),
            True,
        ),
        Row(
            "download file names checked (all [a-z0-9-.])",
            str(len(findings.downloads) + sum(len(s.downloads) for s in findings.all_scans)),
        ),
        Row("pages scanned (both locales, light + dark)", f"{findings.pages} pages x {len(findings.scans)} schemes"),
        *(Row(f"requests seen, host {host}", str(count)) for host, count in sorted(hosts.items())),
        Row("requests to other hosts", str(len(foreign)), len(foreign), True),
        Row(
            "CSP violations (every page, worksheets in use, instant navigation)",
            str(len(csp) + len(csp_elsewhere)),
            len(csp) + len(csp_elsewhere),
            True,
        ),
        Row(
            "  CSP blocks an injected inline script",
            "yes" if not findings.csp_injected else "NO",
            len(findings.csp_injected),
            True,
        ),
        Row(
            f"axe violations by impact ({axe.scans} scans)",
            ", ".join(f"{impact} {impacts[impact]}" for impact in IMPACTS),
        ),
        Row("  serious + critical", str(len(axe.blocking())), len(axe.blocking()), True),
        Row(
            "HTML validator errors (Nu Html Checker)",
            validator_value,
            len(validator.errors) or bool(validator.skipped),
            True,
        ),
        Row("reader data left after 'delete my entries'", str(len(left)), len(left), True),
        Row(
            "  other worksheets' drafts kept by one sheet's delete (by design)", ", ".join(findings.other_drafts) or "0"
        ),
        Row("worksheet use problems (downloads, clearing, crashes)", str(len(page_problems)), len(page_problems), True),
        Row(
            "instant navigation problems",
            str(sum(len(p) for p in findings.tours.values())),
            sum(len(p) for p in findings.tours.values()),
            True,
        ),
        Row("reduced-motion problems", str(len(findings.motion)), len(findings.motion), True),
        Row("keyboard focus problems", str(len(findings.focus)), len(findings.focus), True),
        Row("hover contrast problems", str(len(findings.hover)), len(findings.hover), True),
        Row(
            "screen-reader problems (live regions, aria-invalid, descriptions)",
            str(len(findings.screen_reader)),
            len(findings.screen_reader),
            True,
        ),
    ]


def _left_after_clear(scans: Iterable[PageScan]) -> list[str]:
    left = []
    for scan in scans:
        for key in scan.left_in_storage.get("local", {}):
            if key.startswith(DRAFT_PREFIX):
                left.append(f"{scan.page.id}: localStorage {key}")
    return left


def print_tally(rows: list[Row]) -> None:
    """The table: label, value, and FAIL where the issue demands zero and it is not."""
    width = max(len(row.label) for row in rows)
    print("\nAudit tally")
    for row in rows:
        mark = "FAIL" if row.demands_zero and row.failing else ("ok" if row.demands_zero else "")
        print(f"  {row.label:<{width}}  {row.value:<44} {mark}")


def summarize(failures: list[Outcome]) -> list[str]:
    """One line per field and kind of wrong answer, naming the payloads (English text as the example)."""
    groups: dict[tuple[str, str], list[Outcome]] = {}
    for outcome in failures:
        problem = outcome.problems[0]
        kind = problem.split(":")[0] if problem.startswith(("raised", "output")) else problem[:25]
        groups.setdefault((outcome.case.target.id, kind), []).append(outcome)
    lines = []
    for (target, _kind), outcomes in groups.items():
        payloads = sorted({o.case.payload.id for o in outcomes})
        locales = "+".join(sorted({o.case.locale for o in outcomes}))
        sample = next((o for o in outcomes if o.case.locale == "en"), outcomes[0])
        lines.append(f"{target} [{', '.join(payloads)}] ({locales}): {sample.problems[0][:240]}")
    return lines


def print_details(findings: Findings, limit: int) -> None:
    """What failed, grouped, at most ``limit`` lines per group."""

    def group(title: str, lines: list[str]) -> None:
        if not lines:
            return
        print(f"\n{title} ({len(lines)})")
        for line in lines[:limit]:
            print(f"  {line}")
        if len(lines) > limit:
            print(f"  ... and {len(lines) - limit} more")

    group("Wrong answers in CPython (by field and kind; payloads in both locales)", summarize(findings.matrix.failures))
    group(
        "Wrong answers in the browser",
        [f"{o.id}: {'; '.join(o.problems)[:300]}" for o in findings.browser_inputs if o.problems],
    )
    group("Injection", [f"{locale}: {p}" for locale, problems in findings.canary.items() for p in problems])
    group("Requests to other hosts", findings.watch.foreign())
    group(
        "CSP violations",
        [f"{s.page.id} [{s.scheme}]: {v}" for s in findings.all_scans for v in s.csp] + findings.csp_injected,
    )
    axe = AxeTally(violations=[v for scan in findings.all_scans for v in scan.violations])
    rules: dict[tuple[str, str], list[str]] = {}
    for violation in axe.blocking():
        rules.setdefault((violation.impact, violation.rule), []).append(violation.describe(1))
    group("axe, serious and critical (by rule; first page each)", [f"{len(v)}x {v[0]}" for v in rules.values()])
    group("HTML validator errors", findings.validator.describe(len(findings.validator.errors)))
    group("Worksheet use", [f"{s.page.id} [{s.scheme}]: {p}" for s in findings.all_scans for p in s.problems])
    group("Instant navigation", [p for problems in findings.tours.values() for p in problems])
    group("Reduced motion", findings.motion)
    group("Keyboard focus", findings.focus)
    group("Hover contrast", findings.hover)
    group("Screen readers", findings.screen_reader)
    stored = sorted(
        {
            f"{kind}: {key}"
            for s in findings.all_scans
            for kind in ("local", "session", "caches")
            for key in s.left_in_storage.get(kind, {})
        }
    )
    group("Still stored after 'delete my entries' (not reader data unless named worksheet-draft:*)", stored)


def main(argv: list[str] | None = None) -> int:
    """Build (or take ``--site``), audit, print the tally; 1 when anything that must be zero is not."""
    parser = argparse.ArgumentParser(prog="python -m audit", description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="audit this built site (a copy) instead of building one")
    parser.add_argument("--details", type=int, default=8, help="lines of detail per failing group (default 8)")
    args = parser.parse_args(argv)

    from macros.catalogs import Layout, compile_ui
    from macros.locales import site_locales
    from worksheets import i18n

    compile_ui(Layout(ROOT), site_locales(ROOT / "mkdocs.yml"), i18n.LOCALE_DIR)
    i18n.reset()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="audit-") as tmp:
        site = Path(tmp) / "site"
        if args.site:
            shutil.copytree(args.site, site)
        else:
            say("building the site (mkdocs build --strict) ...")
            build(site)
        downloads = Path(tmp) / "downloads"
        downloads.mkdir()
        findings = collect(site, downloads)
    rows = tally(findings)
    print_details(findings, args.details)
    print_tally(rows)
    failing = [row for row in rows if row.demands_zero and row.failing]
    demands = sum(row.demands_zero for row in rows)
    print(f"\n{len(failing)} of {demands} zero-demands failed; {time.perf_counter() - started:.0f} s")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
