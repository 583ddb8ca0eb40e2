"""Command line for the catalogs: ``python -m macros.i18n update|coverage|check``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from macros.catalogs import (
    DOMAINS,
    CatalogError,
    Layout,
    build_template,
    check_catalog,
    coverage,
    domain_locales,
    markup,
    read_catalog,
    update,
)
from macros.locales import draft_locales, site_locales

ROOT = Path(__file__).resolve().parent.parent


# What a draft locale may still have: it shows the source language for these, marked.
DRAFT_TOLERATES = ("untranslated", "fuzzy")


def strict_problems(layout: Layout, locales: list[str], drafts: Iterable[str] = ()) -> list[str]:
    """Every untranslated, fuzzy or mismatched message of every catalog.

    A draft locale's untranslated and fuzzy messages are no problem; a broken
    catalog or a translation with the wrong markup is, as in any locale.
    """
    drafts = frozenset(drafts)
    problems: list[str] = []
    for domain in DOMAINS:
        template = build_template(layout, domain)
        reference = None
        for locale in domain_locales(domain, locales):
            path = layout.catalog(locale, domain).relative_to(layout.root)
            if not (layout.root / path).exists():
                problems.append(f"{path}:1: catalog missing (run: make i18n)")
                continue
            try:
                catalog = read_catalog(layout.root / path)
            except CatalogError as error:
                problems.append(str(error))
                continue
            if domain == "article" and locale == locales[0]:
                found = check_catalog(path, catalog, template, reference={})
                # The German edition may add links; other locales must carry its markup.
                reference = {e.msgctxt: markup(e.msgstr) for e in catalog if e.msgctxt}
                found = [p for p in found if not p.reason.startswith("markup")]
            else:
                found = check_catalog(path, catalog, template, reference)
            if locale in drafts:
                found = [p for p in found if not p.reason.startswith(DRAFT_TOLERATES)]
            problems.extend(str(p) for p in found)
    return problems


def main(argv: list[str] | None = None) -> int:
    """Run one catalog command; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m macros.i18n", description=__doc__)
    parser.add_argument("command", choices=["update", "coverage", "check"])
    parser.add_argument("--domain", choices=DOMAINS, action="append", help="only this domain (repeatable)")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml")
    args = parser.parse_args(argv)
    layout = Layout(args.config.resolve().parent)
    locales = site_locales(args.config)
    drafts = draft_locales(args.config)
    if args.command == "update":
        for path in update(layout, locales, args.domain or DOMAINS):
            print(f"wrote {layout.relative(path)}")
        return 0
    if args.command == "coverage":
        print(f"{'locale':<8}{'domain':<9}{'translated':>11}{'fuzzy':>7}{'untranslated':>14}{'coverage':>10}")
        for row in coverage(layout, locales):
            print(
                f"{row.locale:<8}{row.domain:<9}{row.translated:>11}{row.fuzzy:>7}"
                f"{row.untranslated:>14}{row.percent:>9.1f}%{'  draft' if row.locale in drafts else ''}"
            )
        return 0
    problems = strict_problems(layout, locales, drafts)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(problems)} problem(s) in the catalogs of {', '.join(locales)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
