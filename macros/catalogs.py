"""Gettext catalogs for the guide: templates, merging, checks and coverage.

Three domains, each a template ``locales/<domain>.pot`` and one catalog per
locale ``locales/<locale>/LC_MESSAGES/<domain>.po``:

- ``article``: the segments of the verbatim source article, keyed by their
  stable id (msgctxt). Every locale has a catalog, German included: the German
  catalog is the edited German edition, and every edit shows as msgstr != msgid.
- ``pages``: the prose blocks of our own pages, written in German in ``docs/``.
  German is their source language, so only the other locales have catalogs.
- ``ui``: the strings of the Python code (``worksheets`` and ``macros``), marked
  with ``_()`` or ``N_()``; every locale has a catalog.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polib
from babel.messages.extract import extract_from_file

from macros.article import Segment, parse_file
from macros.cldr import write_formats
from macros.locales import config_texts
from macros.markdown_blocks import split_blocks

DOMAINS = ("article", "pages", "ui")
SOURCE_LANGUAGE = "de"
UI_KEYWORDS = {"_": None, "N_": None}
WRAP = 78


class CatalogError(ValueError):
    """A catalog that cannot be read; names the file and line."""

    def __init__(self, path: Path, line: int, reason: str) -> None:
        super().__init__(f"{path}:{line}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason


@dataclass(frozen=True)
class Problem:
    """A message that is not ready for a strict build."""

    path: Path
    line: int
    segment: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: [{self.segment}] {self.reason}"


@dataclass(frozen=True)
class Layout:
    """Where the project keeps its sources and catalogs."""

    root: Path

    @property
    def article(self) -> Path:
        """The verbatim source article."""
        return self.root / "source" / "artikel.txt"

    @property
    def docs(self) -> Path:
        """The German Markdown pages."""
        return self.root / "docs"

    @property
    def locales(self) -> Path:
        """Templates and catalogs."""
        return self.root / "locales"

    @property
    def ui_sources(self) -> list[Path]:
        """Python files whose ``_()`` strings form the ui domain."""
        return sorted(p for d in ("worksheets", "macros") for p in (self.root / d).rglob("*.py"))

    def template(self, domain: str) -> Path:
        """The .pot file of ``domain``."""
        return self.locales / f"{domain}.pot"

    def catalog(self, locale: str, domain: str) -> Path:
        """The .po file of ``domain`` in ``locale``."""
        return self.locales / locale / "LC_MESSAGES" / f"{domain}.po"

    def relative(self, path: Path) -> str:
        """``path`` relative to the project root, for messages."""
        return path.relative_to(self.root).as_posix()


def domain_locales(domain: str, locales: Iterable[str]) -> list[str]:
    """The locales that need a catalog for ``domain``."""
    return [loc for loc in locales if domain != "pages" or loc != SOURCE_LANGUAGE]


def _new_file(domain: str, locale: str | None = None) -> polib.POFile:
    po = polib.POFile(wrapwidth=WRAP)
    po.metadata = {
        "Project-Id-Version": f"netzwerk-guide {domain}",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    if locale:
        po.metadata["Language"] = locale
    return po


def article_segments(layout: Layout) -> list[Segment]:
    """The segments of the source article."""
    return parse_file(layout.article, layout.relative(layout.article))


def page_sources(layout: Layout) -> list[Path]:
    """The German Markdown pages, in a stable order."""
    return sorted(layout.docs.rglob("*.md"))


def _article_template(layout: Layout) -> polib.POFile:
    po = _new_file("article")
    source = layout.relative(layout.article)
    for segment in article_segments(layout):
        po.append(
            polib.POEntry(
                msgctxt=segment.id,
                msgid=segment.text,
                occurrences=[(source, "")],
                comment=segment.kind,
            )
        )
    return po


CONFIG_CONTEXT = "mkdocs.yml"


def _pages_template(layout: Layout) -> polib.POFile:
    po = _new_file("pages")
    for text in config_texts(layout.root / "mkdocs.yml"):
        po.append(polib.POEntry(msgctxt=CONFIG_CONTEXT, msgid=text, occurrences=[("mkdocs.yml", "")]))
    for path in page_sources(layout):
        page = path.relative_to(layout.docs).as_posix()
        for block in split_blocks(path.read_text(encoding="utf-8")):
            if block.translatable and po.find(block.text, msgctxt=page) is None:
                po.append(
                    polib.POEntry(
                        msgctxt=page,
                        msgid=block.text,
                        occurrences=[(layout.relative(path), "")],
                    )
                )
    return po


def _ui_template(layout: Layout) -> polib.POFile:
    po = _new_file("ui")
    for path in layout.ui_sources:
        found = list(extract_from_file("python", str(path), keywords=UI_KEYWORDS))
        for _line, message, comments, _context in found:
            where = (layout.relative(path), "")
            existing = po.find(message)
            if existing is not None:
                if where not in existing.occurrences:
                    existing.occurrences.append(where)
                continue
            po.append(polib.POEntry(msgid=message, occurrences=[where], comment="\n".join(comments)))
    return po


def build_template(layout: Layout, domain: str) -> polib.POFile:
    """Extract the template of ``domain`` from its sources."""
    builders = {"article": _article_template, "pages": _pages_template, "ui": _ui_template}
    return builders[domain](layout)


def _precheck(path: Path, raw: bytes) -> None:
    """Catch what polib lets through or misplaces: bad UTF-8 and a msgid without msgstr."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CatalogError(path, raw[: error.start].count(b"\n") + 1, "the file is not valid UTF-8") from error
    pending = 0  # line of a msgid still waiting for its msgstr
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            if pending and not stripped:
                break
            continue
        keyword = stripped.split(" ", 1)[0]
        if keyword == "msgid":
            if pending:
                break
            pending = number
        elif keyword.startswith("msgstr"):
            pending = 0
        elif keyword == "msgctxt" and pending:
            break
    if pending:
        raise CatalogError(path, pending, "msgid without msgstr")


def read_catalog(path: Path) -> polib.POFile:
    """Read a .po/.pot file, or raise CatalogError with the file and line."""
    _precheck(path, path.read_bytes())
    try:
        return polib.pofile(str(path), wrapwidth=WRAP)
    except OSError as error:
        match = re.search(r"\(line (\d+)\)", str(error))
        line = int(match.group(1)) if match else 1
        reason = "not a valid gettext catalog (syntax error)" if match else str(error)
        raise CatalogError(path, line, reason) from error


def merge(template: polib.POFile, catalog: polib.POFile, domain: str, locale: str) -> polib.POFile:
    """Merge ``catalog`` with a fresh template as msgmerge does; changed sources become fuzzy."""
    # The article's msgctxt is a stable id: match on it alone so that an edited
    # source segment keeps its translation and is flagged fuzzy.
    keyed = (lambda e: (e.msgctxt, "")) if domain == "article" else (lambda e: (e.msgctxt, e.msgid))
    old = {keyed(e): e for e in catalog if not e.obsolete}
    merged = _new_file(domain, locale)
    merged.header = catalog.header
    for entry in template:
        previous = old.pop(keyed(entry), None)
        new = polib.POEntry(
            msgctxt=entry.msgctxt,
            msgid=entry.msgid,
            occurrences=entry.occurrences,
            comment=entry.comment,
        )
        if previous is not None:
            new.msgstr = previous.msgstr
            new.tcomment = previous.tcomment
            new.flags = list(previous.flags)
            if previous.msgid != entry.msgid and previous.msgstr:
                new.previous_msgid = previous.msgid
                if "fuzzy" not in new.flags:
                    new.flags.append("fuzzy")
            elif previous.previous_msgid and "fuzzy" in previous.flags:
                new.previous_msgid = previous.previous_msgid
        merged.append(new)
    for leftover in old.values():
        if leftover.msgstr:
            leftover.obsolete = True
            merged.append(leftover)
    return merged


def update(layout: Layout, locales: Iterable[str], domains: Iterable[str] = DOMAINS) -> list[Path]:
    """Write fresh templates and merge the catalogs of ``domains``; return the files written."""
    written: list[Path] = []
    locales = list(locales)
    for domain in domains:
        template = build_template(layout, domain)
        template.save(str(layout.template(domain)))
        written.append(layout.template(domain))
        for locale in domain_locales(domain, locales):
            path = layout.catalog(locale, domain)
            existing = read_catalog(path) if path.exists() else _new_file(domain, locale)
            path.parent.mkdir(parents=True, exist_ok=True)
            merge(template, existing, domain, locale).save(str(path))
            written.append(path)
    return written


_MARKUP = re.compile(
    r"\]\((?P<link>[^)\s]+)\)"  # link targets
    r"|(?P<code>`[^`]+`)"  # code spans
    r"|(?P<placeholder>\{[a-z_][a-z0-9_]*\}|%\([a-z_]+\)[sd])"  # format placeholders
    r"|(?P<strong>\*\*)"  # strong emphasis
    r"|(?P<tag></?[a-z][a-z0-9-]*)"  # HTML tags
    r"|(?P<macro>\{\{.*?\}\})",  # macro calls
)


def markup(text: str) -> list[str]:
    """The markup tokens of a message, sorted: links, code, placeholders, tags."""
    return sorted(m.group(0) for m in _MARKUP.finditer(text))


def entry_line(entry: polib.POEntry) -> int:
    """The line of ``entry`` in its .po file (its first line, 1-based)."""
    return int(entry.linenum) if getattr(entry, "linenum", None) else 1


def check_catalog(
    path: Path, catalog: polib.POFile, template: polib.POFile, reference: dict[str, list[str]] | None = None
) -> list[Problem]:
    """Problems that make ``catalog`` unfit for a strict build.

    ``reference`` maps a message key to the markup every translation must carry;
    without it, a translation must carry the markup of its msgid.
    """
    problems: list[Problem] = []
    entries = {(e.msgctxt, e.msgid): e for e in catalog if not e.obsolete}
    for wanted in template:
        label = wanted.msgctxt or ""
        if not wanted.msgctxt or wanted.msgctxt.endswith(".md"):
            label = f"{label} {wanted.msgid[:40]!r}".strip()
        entry = entries.get((wanted.msgctxt, wanted.msgid))
        if entry is None or not entry.msgstr:
            line = entry_line(entry) if entry else 1
            problems.append(Problem(path, line, label, "untranslated"))
            continue
        line = entry_line(entry)
        if "fuzzy" in entry.flags:
            problems.append(Problem(path, line, label, "fuzzy: the source changed, review the translation"))
        expected = (reference or {}).get(wanted.msgctxt or wanted.msgid, markup(wanted.msgid))
        if markup(entry.msgstr) != expected:
            problems.append(
                Problem(path, line, label, f"markup differs: expected {expected}, found {markup(entry.msgstr)}")
            )
    return problems


@dataclass(frozen=True)
class Coverage:
    """Counts of one catalog."""

    locale: str
    domain: str
    translated: int
    fuzzy: int
    untranslated: int

    @property
    def percent(self) -> float:
        """Share of translated messages."""
        total = self.translated + self.fuzzy + self.untranslated
        return 100.0 * self.translated / total if total else 100.0


def coverage(layout: Layout, locales: Iterable[str]) -> Iterator[Coverage]:
    """Translated, fuzzy and untranslated counts per locale and domain."""
    for domain in DOMAINS:
        template = build_template(layout, domain)
        for locale in domain_locales(domain, locales):
            path = layout.catalog(locale, domain)
            catalog = read_catalog(path) if path.exists() else _new_file(domain, locale)
            entries = {(e.msgctxt, e.msgid): e for e in catalog if not e.obsolete}
            translated = fuzzy = untranslated = 0
            for wanted in template:
                entry = entries.get((wanted.msgctxt, wanted.msgid))
                if entry is None or not entry.msgstr:
                    untranslated += 1
                elif "fuzzy" in entry.flags:
                    fuzzy += 1
                else:
                    translated += 1
            yield Coverage(locale, domain, translated, fuzzy, untranslated)


def compile_ui(layout: Layout, locales: Iterable[str], target: Path) -> list[Path]:
    """Compile what the worksheets read per locale: the ui catalogs and the CLDR date formats.

    The catalogs go to ``target/<locale>/LC_MESSAGES/ui.mo``, the formats of
    every locale to the module ``cldr_data.py`` beside ``target`` (macros/cldr.py).
    """
    locales = list(locales)
    written: list[Path] = [write_formats(locales, target.parent / "cldr_data.py")]
    for locale in domain_locales("ui", locales):
        source = layout.catalog(locale, "ui")
        if not source.exists():
            continue
        mo = target / locale / "LC_MESSAGES" / "ui.mo"
        mo.parent.mkdir(parents=True, exist_ok=True)
        read_catalog(source).save_as_mofile(str(mo))
        written.append(mo)
    return written


def translations(path: Path) -> dict[tuple[str | None, str], str]:
    """The usable translations of a catalog: neither empty nor fuzzy, keyed by (msgctxt, msgid)."""
    if not path.exists():
        return {}
    return {
        (e.msgctxt, e.msgid): e.msgstr
        for e in read_catalog(path)
        if e.msgstr and not e.obsolete and "fuzzy" not in e.flags
    }
