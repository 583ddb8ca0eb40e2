"""The gettext catalogs: coverage, strict checks, markup parity, merging, broken files, pseudo-locale."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from conftest import COMPLETE_LOCALES, LOCALES, build_site

from macros.article import parse_file
from macros.catalogs import (
    DOMAINS,
    CatalogError,
    Coverage,
    Layout,
    build_template,
    coverage,
    merge,
    read_catalog,
    update,
)
from macros.i18n import strict_problems
from macros.locales import draft_locales, site_locales

ROOT = Path(__file__).resolve().parent.parent
LAYOUT = Layout(ROOT)
DRAFTS = draft_locales(ROOT / "mkdocs.yml")
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


# --- helpers -------------------------------------------------------------------------


def entry_first_line(path: Path, msgctxt: str | None, msgid: str) -> int:
    """The first line (comments included) of the entry with this msgctxt and one-line msgid, read as text."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for number, line in enumerate(lines):
        if line != f'msgid "{polib.escape(msgid)}"':
            continue
        start = number
        if msgctxt is not None:
            if number == 0 or lines[number - 1] != f'msgctxt "{polib.escape(msgctxt)}"':
                continue
            start -= 1
        while start > 0 and lines[start - 1].startswith("#"):
            start -= 1
        return start + 1
    raise AssertionError(f"{path}: no entry {msgctxt!r} {msgid!r}")


def save(po: polib.POFile, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


# --- the real catalogs ---------------------------------------------------------------


def test_site_locales() -> None:
    assert LOCALES[0] == "de"
    assert "en" in COMPLETE_LOCALES


@pytest.fixture(scope="module")
def coverage_rows() -> dict[tuple[str, str], Coverage]:
    return {(row.locale, row.domain): row for row in coverage(LAYOUT, LOCALES)}


def test_coverage_rows_per_locale_and_domain(coverage_rows: dict[tuple[str, str], Coverage]) -> None:
    # German is the source language of our pages: no de catalog for the pages domain.
    assert set(coverage_rows) == {(locale, domain) for locale in LOCALES for domain in DOMAINS} - {("de", "pages")}


@pytest.mark.parametrize(
    ("locale", "domain"),
    [(locale, domain) for locale in COMPLETE_LOCALES for domain in DOMAINS if (locale, domain) != ("de", "pages")],
)
def test_full_coverage(coverage_rows: dict[tuple[str, str], Coverage], locale: str, domain: str) -> None:
    row = coverage_rows[(locale, domain)]
    assert row.translated > 0, f"{locale}/{domain}: the template has no messages"
    assert (row.fuzzy, row.untranslated) == (0, 0), row
    assert row.percent == 100.0


def test_no_strict_problems_in_the_real_catalogs() -> None:
    problems = strict_problems(LAYOUT, list(LOCALES), DRAFTS)
    assert problems == [], "\n".join(problems)


def test_real_catalogs_parse() -> None:
    for locale in LOCALES:
        for domain in DOMAINS:
            path = LAYOUT.catalog(locale, domain)
            if domain == "pages" and locale == "de":
                assert not path.exists(), "German is the source language of the pages: no de/pages.po"
                continue
            assert len(read_catalog(path)) > 0, path


# --- the German edition of the article -----------------------------------------------


@pytest.fixture(scope="module")
def german_edition() -> dict[str, polib.POEntry]:
    return {e.msgctxt: e for e in read_catalog(LAYOUT.catalog("de", "article")) if not e.obsolete}


def test_german_edition_covers_every_segment(german_edition: dict[str, polib.POEntry]) -> None:
    template = build_template(LAYOUT, "article")
    assert [e.msgctxt for e in template] == list(german_edition)
    for wanted in template:
        assert german_edition[wanted.msgctxt].msgid == wanted.msgid, wanted.msgctxt


def test_every_edited_entry_carries_a_translator_comment(german_edition: dict[str, polib.POEntry]) -> None:
    edited = [e for e in german_edition.values() if e.msgstr and e.msgstr != e.msgid]
    assert edited, "the German edition changes nothing"
    missing = [e.msgctxt for e in edited if not e.tcomment.strip()]
    assert missing == [], f"edited without a translator comment: {missing}"


def test_every_entry_marked_as_edited_differs_from_the_source(german_edition: dict[str, polib.POEntry]) -> None:
    marked = [e for e in german_edition.values() if e.tcomment.lstrip().lower().startswith("edit")]
    assert marked, "no translator comment marks an edit"
    unchanged = [e.msgctxt for e in marked if e.msgstr in ("", e.msgid)]
    assert unchanged == [], f"a comment announces an edit, but msgstr equals the source: {unchanged}"


# Errors of the machine translation (listed on the about-the-source page) and where they are.
FIXED_ERRORS = [
    ("es-geht-darum/als-meine-freundin-sagte", "Alaun ", "Alumnus"),
    ("es-erfordert-viel/was-im-grunde-bedeutet", "mehr braucht Ausdauer erforderlich", "Ausdauer"),
    ("einleitung/ja-sie-hatte-einige", "sie ist es spricht", "spricht mehrere Sprachen"),
    ("es-geht-darum/sei-also-nicht-wie", "scheue dich davor", "scheuen Sie sich nicht"),
    ("es-geht-darum/sei-also-nicht-wie", "mein Freund ", "meine Freundin"),
    ("es-geht-darum/es-ist-eine-echte", "rate mal", "wissen Sie was"),
    ("einleitung/nun-das-hat-mich", "Pep-Talk-Modus", "Motivationsrede"),
    ("einleitung/nun-das-hat-mich", "Handout", "Almosen"),
    ("einleitung/darueber-hinaus-arbeitet-sie", "Intros", "um eine Vorstellung gebeten"),
    # A US company's board of directors, not the executive board („Vorstand“).
    ("einleitung/darueber-hinaus-arbeitet-sie", "Vorstandsmitgliedern", "Verwaltungsrat"),
    # Staying in touch after the introduction, not chasing („nachhaken“).
    (
        "es-erfordert-viel/folgendes-passiert-tatsaechlich-sie",
        "Im Nachhinein folgen Sie",
        "melden Sie sich höflich wieder",
    ),
    ("es-erfordert-viel/sie-kennen-jemanden-der", "Intro", "vorzustellen"),
    ("es-geht-darum/oh-spendet-er-eine", "“Oh", "„"),
]


@pytest.mark.parametrize(("segment", "error", "fix"), FIXED_ERRORS)
def test_german_edition_fixes_the_error(
    german_edition: dict[str, polib.POEntry], segment: str, error: str, fix: str
) -> None:
    entry = german_edition[segment]
    assert error in entry.msgid, f"the source of {segment} no longer contains {error!r}"
    assert error not in entry.msgstr
    assert fix in entry.msgstr


# --- markup parity ---------------------------------------------------------------------

SMALL_ARTICLE = "Titel\n\nEin Vorspann\n\nKopf\n\nSiehe die Vorlage hier.\n"
SMALL_PAGE = "# Start\n\nLesen Sie den [Artikel](article.md) und **dies**.\n"
SMALL_CONFIG = "site_name: Kleiner Leitfaden\nnav:\n  - index.md\n"
PARA = "kopf/siehe-die-vorlage-hier"
PAGE_PARA = "Lesen Sie den [Artikel](article.md) und **dies**."
GOOD = {
    ("de", "article"): {
        "title": "Der Titel",
        "lede": "Der Vorspann",
        "kopf": "Der Kopf",
        PARA: "Siehe die [Vorlage](worksheets/x.md) hier.",
    },
    ("en", "article"): {
        "title": "The title",
        "lede": "The lede",
        "kopf": "The heading",
        PARA: "See the [template](worksheets/x.md) here.",
    },
    ("en", "pages"): {
        "Kleiner Leitfaden": "Small guide",
        "# Start": "# Start",
        PAGE_PARA: "Read the [article](article.md) and **this**.",
    },
}


def small_project(root: Path) -> Layout:
    """A tiny project: an article, one page, no ui strings; catalogs as in GOOD."""
    (root / "mkdocs.yml").write_text(SMALL_CONFIG, encoding="utf-8")
    (root / "source").mkdir(parents=True)
    (root / "source" / "artikel.txt").write_text(SMALL_ARTICLE, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text(SMALL_PAGE, encoding="utf-8")
    layout = Layout(root)
    for (locale, domain), messages in GOOD.items():
        po = build_template(layout, domain)
        for entry in po:
            entry.msgstr = messages[entry.msgctxt if domain == "article" else entry.msgid]
        save(po, layout.catalog(locale, domain))
    for locale in ("de", "en"):
        save(build_template(layout, "ui"), layout.catalog(locale, "ui"))
    return layout


def test_small_project_has_no_problems(tmp_path: Path) -> None:
    layout = small_project(tmp_path)
    assert strict_problems(layout, ["de", "en"]) == []


@pytest.mark.parametrize(
    ("domain", "key", "msgstr", "label"),
    [
        pytest.param("article", PARA, "See the template here.", f"[{PARA}]", id="article-drops-link"),
        pytest.param("article", PARA, "See the [template](other.md) here.", f"[{PARA}]", id="article-changes-target"),
        pytest.param("article", "title", "The **title**", "[title]", id="article-adds-strong"),
        pytest.param(
            "pages", PAGE_PARA, "Read the article and **this**.", "[index.md 'Lesen Sie", id="page-drops-link"
        ),
        pytest.param(
            "pages",
            PAGE_PARA,
            "Read the [article](article.md) and **this** **now**.",
            "[index.md 'Lesen Sie",
            id="page-adds-strong",
        ),
        pytest.param("pages", "# Start", "# `Start`", "[index.md '# Start']", id="page-adds-code"),
    ],
)
def test_markup_difference_is_a_problem(tmp_path: Path, domain: str, key: str, msgstr: str, label: str) -> None:
    layout = small_project(tmp_path)
    path = layout.catalog("en", domain)
    po = read_catalog(path)
    entry = next(e for e in po if (e.msgctxt if domain == "article" else e.msgid) == key)
    entry.msgstr = msgstr
    save(po, path)
    line = entry_first_line(path, entry.msgctxt, entry.msgid)

    problems = strict_problems(layout, ["de", "en"])

    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.startswith(f"locales/en/LC_MESSAGES/{domain}.po:{line}: "), problem
    assert label in problem
    assert "markup differs" in problem


def test_german_edition_may_add_markup_but_other_locales_must_follow(tmp_path: Path) -> None:
    layout = small_project(tmp_path)
    # The English entry without the link the German edition added is flagged ...
    path = layout.catalog("en", "article")
    po = read_catalog(path)
    po.find(PARA, by="msgctxt").msgstr = "See the template here."
    save(po, path)
    assert any(f"[{PARA}] markup differs" in p for p in strict_problems(layout, ["de", "en"]))
    # ... but the German edition itself, which adds it to a source without links, is not.
    assert not any("de/LC_MESSAGES/article.po" in p for p in strict_problems(layout, ["de", "en"]))


# --- broken catalogs ---------------------------------------------------------------------

BROKEN = [
    pytest.param(HEADER + 'msgid "a"\nmsgstr "b"\ngarbage here\n', 7, id="garbage-line"),
    pytest.param(
        HEADER + 'msgid "a"\nmsgstr "b"\n\nwhat is this\nmsgid "c"\nmsgstr "d"\n', 8, id="garbage-between-entries"
    ),
    pytest.param(HEADER + '#: x.md:1\nmsgid "a"\n\nmsgid "c"\nmsgstr "d"\n', 6, id="missing-msgstr-before-next-entry"),
    pytest.param(HEADER + 'msgid "a"\nmsgstr "b"\n\nmsgid "c"\n', 8, id="missing-msgstr-at-end-of-file"),
    pytest.param(
        HEADER + 'msgctxt "x"\nmsgid "a"\n\n#: y.md:1\nmsgctxt "y"\nmsgid "c"\nmsgstr "d"\n',
        6,
        id="missing-msgstr-before-entry-with-context",
    ),
    pytest.param(
        (HEADER + 'msgid "a"\nmsgstr "b"\n\nmsgid "Gr\x00e"\nmsgstr "c"\n').encode().replace(b"\x00", b"\xfc"),
        8,
        id="invalid-utf8-latin1-umlaut",
    ),
    pytest.param(
        (HEADER + 'msgid "a"\nmsgstr "\x00"\n').encode().replace(b"\x00", b"\xc3("),
        6,
        id="invalid-utf8-broken-sequence",
    ),
]


@pytest.mark.parametrize(("content", "line"), BROKEN)
def test_broken_catalog_names_file_and_line(tmp_path: Path, content: str | bytes, line: int) -> None:
    path = tmp_path / "locales" / "en" / "LC_MESSAGES" / "article.po"
    path.parent.mkdir(parents=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    with pytest.raises(CatalogError) as caught:
        read_catalog(path)
    assert str(caught.value).startswith(f"{path}:{line}: "), str(caught.value)
    assert caught.value.line == line


# --- merging after a source change --------------------------------------------------------

ARTICLE_V1 = (
    "Titel\n\nEin Vorspann\n\nKopf\n\n"
    "Alpha beginnt hier mit Worten.\n\n"
    "Beta folgt danach sogleich.\n\n"
    "Gamma steht am Ende.\n"
)
ARTICLE_V2 = ARTICLE_V1.replace("Beta folgt danach sogleich.", "Beta folgt danach sogleich, nun aber geändert.")


def translated_catalog(layout: Layout, locale: str) -> polib.POFile:
    po = build_template(layout, "article")
    for entry in po:
        entry.msgstr = f"[{locale}] {entry.msgid}"
        entry.tcomment = f"checked {entry.msgctxt}"
    return po


@pytest.mark.parametrize("locale", ["de", "en"])
def test_merge_marks_exactly_the_changed_entry_fuzzy(tmp_path: Path, locale: str) -> None:
    (tmp_path / "source").mkdir()
    layout = Layout(tmp_path)
    layout.article.write_text(ARTICLE_V1, encoding="utf-8")
    old = translated_catalog(layout, locale)
    old_by_id = {e.msgctxt: e for e in old}
    layout.article.write_text(ARTICLE_V2, encoding="utf-8")

    merged = merge(build_template(layout, "article"), old, "article", locale)
    path = save(merged, layout.catalog(locale, "article"))
    reread = {e.msgctxt: e for e in read_catalog(path)}

    changed = "kopf/beta-folgt-danach-sogleich"
    assert list(reread) == list(old_by_id)
    assert [ctx for ctx, e in reread.items() if "fuzzy" in e.flags] == [changed]
    entry = reread[changed]
    assert entry.msgid == "Beta folgt danach sogleich, nun aber geändert."
    assert entry.previous_msgid == "Beta folgt danach sogleich."
    assert entry.msgstr == old_by_id[changed].msgstr
    assert entry.tcomment == old_by_id[changed].tcomment
    for ctx, other in reread.items():
        if ctx != changed:
            assert other.msgstr == old_by_id[ctx].msgstr
            assert not other.previous_msgid
    assert '#| msgid "Beta folgt danach sogleich."' in path.read_text(encoding="utf-8")


def test_fuzzy_entry_counts_in_coverage_and_strict_check(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(SMALL_CONFIG, encoding="utf-8")
    (tmp_path / "source").mkdir()
    (tmp_path / "docs").mkdir()
    layout = Layout(tmp_path)
    layout.article.write_text(ARTICLE_V1, encoding="utf-8")
    catalogs = {loc: translated_catalog(layout, loc) for loc in ("de", "en")}
    layout.article.write_text(ARTICLE_V2, encoding="utf-8")
    template = build_template(layout, "article")
    for locale, catalog in catalogs.items():
        save(merge(template, catalog, "article", locale), layout.catalog(locale, "article"))
        save(build_template(layout, "ui"), layout.catalog(locale, "ui"))
    pages = build_template(layout, "pages")
    for entry in pages:
        entry.msgstr = GOOD["en", "pages"][entry.msgid]
    save(pages, layout.catalog("en", "pages"))

    rows = {(r.locale, r.domain): r for r in coverage(layout, ["de", "en"])}
    assert (rows["en", "article"].translated, rows["en", "article"].fuzzy) == (len(template) - 1, 1)
    problems = strict_problems(layout, ["de", "en"])
    assert len(problems) == 2, problems
    assert all("[kopf/beta-folgt-danach-sogleich] fuzzy" in p for p in problems)


# --- pseudo-locale: nothing reader-visible bypasses the catalogs -----------------------------

_PREFIX = re.compile(r'^(\s*(#+|[-*]|\d+\.|!!!\s+\w+(\s+"[^"]*")?)?\s*)')
_ADMONITION_TITLE = re.compile(r'^(\s*(?:!!!|\?\?\?\+?)\s+[\w-]+(?:\s+[\w-]+)*\s+)"([^"]+)"\s*$')
PSEUDO = "en-XA"


def pseudo(text: str) -> str:
    """Wrap the prose of every line in ⟦…⟧, keeping a leading Markdown prefix outside."""
    out = []
    for line in text.split("\n"):
        title = _ADMONITION_TITLE.match(line)
        if title:
            out.append(f'{title.group(1)}"⟦{title.group(2)}⟧"')
            continue
        prefix = _PREFIX.match(line).group(1)  # type: ignore[union-attr]
        rest = line[len(prefix) :]
        out.append(f"{prefix}⟦{rest}⟧" if rest else line)
    return "\n".join(out)


def add_locale(config: Path, locale: str, name: str, draft: bool = False) -> None:
    text = config.read_text(encoding="utf-8")
    entry = re.search(r"^([ \t]*)- locale: en\n(\1  .*\n)*", text, flags=re.M)
    assert entry, "no English entry in the i18n languages of mkdocs.yml"
    indent = entry.group(1)
    addition = f"{indent}- locale: {locale}\n{indent}  name: {name}\n"
    if draft:
        addition += f"{indent}  extra: {{draft: true}}\n"
    config.write_text(text[: entry.end()] + addition + text[entry.end() :], encoding="utf-8")
    assert locale in site_locales(config)
    assert (locale in draft_locales(config)) is draft


class ContentBlocks(HTMLParser):
    """Text of every p, li, h1-h3 inside the main article (headerlinks left out)."""

    BLOCKS = frozenset({"p", "li", "h1", "h2", "h3"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.skip = 0
        self.anchors: list[bool] = []
        self.open: list[tuple[str, list[str]]] = []
        self.blocks: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "article" and (self.depth or "md-content__inner" in classes):
            self.depth += 1
        elif not self.depth:
            return
        elif tag == "a":
            self.anchors.append("headerlink" in classes)
            self.skip += self.anchors[-1]
        elif tag in ("script", "style"):
            self.skip += 1
        elif tag in self.BLOCKS:
            self.open.append((tag, []))

    def handle_endtag(self, tag: str) -> None:
        if not self.depth:
            return
        if tag == "article":
            self.depth -= 1
        elif tag == "a" and self.anchors:
            self.skip -= self.anchors.pop()
        elif tag in ("script", "style"):
            self.skip -= 1
        elif tag in self.BLOCKS:
            for index in range(len(self.open) - 1, -1, -1):
                if self.open[index][0] == tag:
                    name, parts = self.open.pop(index)
                    self.blocks.append((name, " ".join("".join(parts).split())))
                    break

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            for _, parts in self.open:
                parts.append(data)


def content_blocks(path: Path) -> list[tuple[str, str]]:
    parser = ContentBlocks()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.blocks


def write_pseudo_catalogs(root: Path) -> None:
    layout = Layout(root)
    german = {e.msgctxt: e.msgstr or e.msgid for e in read_catalog(layout.catalog("de", "article"))}
    for domain in DOMAINS:
        # Fresh templates from the copied sources (the checked-in .pot files may lag behind).
        po = build_template(layout, domain)
        po.metadata["Language"] = PSEUDO
        for entry in po:
            # Other locales translate the German edition and must carry its markup.
            entry.msgstr = pseudo(german[entry.msgctxt] if domain == "article" else entry.msgid)
        save(po, layout.catalog(PSEUDO, domain))


def test_pseudo_locale_shows_no_prose_that_bypasses_the_catalogs(tmp_path: Path, project_copy: Path) -> None:
    config = project_copy
    project = config.parent
    add_locale(config, PSEUDO, "Pseudo")
    write_pseudo_catalogs(project)

    result = build_site(tmp_path / "site", config=config)
    assert result.returncode == 0, f"build with {PSEUDO} failed:\n{result.stdout}\n{result.stderr}"

    pages = sorted((tmp_path / "site" / PSEUDO).rglob("index.html"))
    assert len(pages) >= 6, pages
    bypassing: list[str] = []
    checked = 0
    for page in pages:
        for tag, text in content_blocks(page):
            if text:
                checked += 1
                if "⟦" not in text:
                    bypassing.append(f"{page.relative_to(tmp_path / 'site')}: <{tag}> {text[:100]!r}")
    assert checked > 40, f"only {checked} text blocks found: the content extraction is broken"
    assert bypassing == [], "prose not from the catalogs:\n" + "\n".join(bypassing)


def test_moving_a_message_to_another_line_changes_no_catalog(tmp_path: Path) -> None:
    layout = small_project(tmp_path)
    update(layout, ["de", "en"])
    before = {path: path.read_bytes() for path in (tmp_path / "locales").rglob("*.po*")}
    page = tmp_path / "docs" / "index.md"
    page.write_text("\n\n\n" + page.read_text(encoding="utf-8"), encoding="utf-8")  # every block moves down
    article = tmp_path / "source" / "artikel.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("\n\n", "\n\n\n"), encoding="utf-8")
    update(layout, ["de", "en"])
    after = {path: path.read_bytes() for path in (tmp_path / "locales").rglob("*.po*")}
    assert after == before
    assert "#: docs/index.md\n" in layout.template("pages").read_text(encoding="utf-8")


# --- a draft locale ---------------------------------------------------------------------


def test_a_draft_locale_may_lack_translations_but_not_break_markup(tmp_path: Path) -> None:
    layout = small_project(tmp_path)
    for domain in DOMAINS:
        save(build_template(layout, domain), layout.catalog("fr", domain))  # nothing translated yet
    complete = strict_problems(layout, ["de", "en", "fr"])
    assert complete, "an untranslated locale that is not a draft must fail the strict check"
    assert all("locales/fr/" in p and p.endswith("untranslated") for p in complete), complete
    assert strict_problems(layout, ["de", "en", "fr"], drafts={"fr"}) == []
    path = layout.catalog("fr", "article")
    po = read_catalog(path)
    po.find(PARA, by="msgctxt").msgstr = "Voir le modèle ici."  # drops the German edition's link
    save(po, path)
    problems = strict_problems(layout, ["de", "en", "fr"], drafts={"fr"})
    assert len(problems) == 1, problems
    assert (
        f"locales/fr/LC_MESSAGES/article.po:{entry_first_line(path, PARA, po.find(PARA, by='msgctxt').msgid)}: "
        in (problems[0])
    )
    assert "markup differs" in problems[0]


NEW_LOCALES = (("fr", "Français"), ("it", "Italiano"), ("nl", "Nederlands"))


def test_a_draft_locale_builds_strict_shows_german_marked_and_is_in_the_coverage(
    tmp_path: Path, project_copy: Path
) -> None:
    config = project_copy
    project = config.parent
    # A locale the site does not have yet (on a branch that adds French as a draft, Italian).
    code, name = next((code, name) for code, name in NEW_LOCALES if code not in LOCALES)
    add_locale(config, code, name, draft=True)
    update(Layout(project), site_locales(config))  # what `make i18n` does: empty catalogs

    result = build_site(tmp_path / "site", config=config)
    assert result.returncode == 0, f"strict build with a draft locale failed:\n{result.stdout}\n{result.stderr}"
    page = (tmp_path / "site" / code / "article" / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{code}"' in page
    marked = re.findall(r'<div class="i18n-fallback" data-label="[^"]+" lang="de">', page)
    prose = [s for s in parse_file(Layout(project).article) if s.kind in ("lede", "heading", "paragraph")]
    assert len(marked) == len(prose)
    # The untranslated title is marked on itself, so that MkDocs still titles every page by it (not by its file).
    for path in ("article", "worksheets/introduction-request", "worksheets"):
        html = (tmp_path / "site" / code / path / "index.html").read_text(encoding="utf-8")
        heading = re.search(r'<h1 class="i18n-fallback" data-label="[^"]+" id="[^"]+" lang="de">([^<]+)<', html)
        assert heading, f"{code}/{path}: no marked title"
        assert f"<title>{heading.group(1)} - " in html, f"{code}/{path}: not titled by its heading"
    # Its search finds every page, also those that equal the German ones (nothing translated yet).
    index = json.loads((tmp_path / "site" / code / "search" / "search_index.json").read_text(encoding="utf-8"))
    german = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == [code]
    assert {doc["location"] for doc in index["docs"]} == {doc["location"] for doc in german["docs"]}
    coverage_table = subprocess.run(
        [sys.executable, "-m", "macros.i18n", "coverage", "--config", str(config)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    added = [line.split() for line in coverage_table.splitlines() if line.startswith(code + " ")]
    assert [row[1] for row in added] == list(DOMAINS)
    assert all(row[-1] == "draft" and row[3] == "0" and int(row[4]) > 0 for row in added), coverage_table


def test_pseudo_wrapping_keeps_markdown_markup() -> None:
    from macros.catalogs import markup

    samples: list[tuple[str, Callable[[str], bool]]] = [
        ("# Titel", lambda s: s == "# ⟦Titel⟧"),
        ("- **Fett.** Mit [Link](a.md).", lambda s: s == "- ⟦**Fett.** Mit [Link](a.md).⟧"),
        ("1. Eins\n2. Zwei", lambda s: s == "1. ⟦Eins⟧\n2. ⟦Zwei⟧"),
        ('!!! note "Hinweis"\n    Text', lambda s: s == '!!! note "⟦Hinweis⟧"\n    ⟦Text⟧'),
        ("!!! tip\n    Text", lambda s: s == "!!! tip\n    ⟦Text⟧"),
    ]
    for source, check in samples:
        wrapped = pseudo(source)
        assert check(wrapped), wrapped
        assert markup(wrapped) == markup(source)
