"""The real strict build: pages per locale, lang, article text, links, typography, assets, search split."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import polib
import pytest
import yaml
from conftest import COMPLETE_LOCALES, LOCALE_ROOTS, LOCALES, build_site

from macros.article import Segment, parse_file
from macros.catalogs import SOURCE_LANGUAGE, Layout, read_catalog
from macros.plugin.html_edits import MaterialChangedError, with_material_after_engine
from worksheets.sheets import SHEETS

ROOT = Path(__file__).resolve().parent.parent
LAYOUT = Layout(ROOT)
SEGMENTS = parse_file(LAYOUT.article)
PROSE_KINDS = ("title", "lede", "heading", "paragraph")


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, tolerating MkDocs' custom tags."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _nav_files(items: list) -> list[str]:
    files: list[str] = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            files.extend(_nav_files(value))
        elif isinstance(value, str) and value.endswith(".md"):
            files.append(value)
    return files


def page_url(source: str) -> str:
    """The directory URL MkDocs gives a page (``worksheets/index.md`` -> ``worksheets/``)."""
    stem = source[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
NAV_PAGES = [page_url(source) for source in _nav_files(CONFIG["nav"])]
PAGES = [(locale, url) for locale in LOCALES for url in NAV_PAGES]


def page_id(value: object) -> str:
    return str(value) or "home"


def html_file(site: Path, locale: str, url: str) -> Path:
    return site / LOCALE_ROOTS[locale] / url / "index.html"


def edition(locale: str) -> dict[str, str]:
    """Segment id -> text of the article in ``locale`` (the German edition where it is not translated)."""
    german = {} if locale == SOURCE_LANGUAGE else edition(SOURCE_LANGUAGE)
    return {
        e.msgctxt: (e.msgstr if e.msgstr and "fuzzy" not in e.flags else german.get(e.msgctxt) or e.msgid)
        for e in read_catalog(LAYOUT.catalog(locale, "article"))
        if not e.obsolete
    }


def plain(markdown: str) -> str:
    """The reader-visible text of a Markdown segment."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = text.replace("**", "").replace("`", "")
    return " ".join(text.split())


def visible_text(markup: str) -> str:
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S | re.I)
    text = html.unescape(re.sub(r"<[^>]+>", "", markup))
    return " ".join(text.split())


def main_content(path: Path) -> str:
    """The HTML of the main article of a built page."""
    page = path.read_text(encoding="utf-8")
    match = re.search(r'<article class="md-content__inner[^"]*"[^>]*>(.*?)</article>', page, flags=re.S)
    assert match, f"{path}: no main article"
    return match.group(1)


class ContentBlocks(HTMLParser):
    """Text of every p, li, h1-h3 inside the main article; code and headerlinks left out."""

    BLOCKS = frozenset({"p", "li", "h1", "h2", "h3"})
    SKIP = frozenset({"code", "pre", "script", "style", "kbd", "samp"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.skip = 0
        self.anchors: list[bool] = []
        self.open: list[tuple[str, list[str]]] = []
        self.blocks: list[tuple[str, str]] = []
        self.links: list[tuple[str, str]] = []  # (href, text) of links in the main article
        self._link: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "article" and (self.depth or "md-content__inner" in classes):
            self.depth += 1
        elif not self.depth:
            return
        elif tag == "a":
            self.anchors.append("headerlink" in classes)
            self.skip += self.anchors[-1]
            self._link.append((attributes.get("href") or "", []))
        elif tag in self.SKIP:
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
            href, parts = self._link.pop()
            self.links.append((href, " ".join("".join(parts).split())))
        elif tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
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
            for _, parts in self._link:
                parts.append(data)


def parse_content(path: Path) -> ContentBlocks:
    parser = ContentBlocks()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


# --- pages and lang ------------------------------------------------------------------------


def test_nav_lists_the_expected_pages() -> None:
    assert "" in NAV_PAGES
    assert "article/" in NAV_PAGES
    assert "worksheets/introduction-request/" in NAV_PAGES
    assert "about-the-source/" in NAV_PAGES


@pytest.mark.parametrize(("locale", "url"), PAGES, ids=lambda v: page_id(v))
def test_every_nav_page_is_built(built_site: Path, locale: str, url: str) -> None:
    assert html_file(built_site, locale, url).is_file()


@pytest.mark.parametrize(
    ("locale", "relative"),
    [(locale, f"{url}index.html") for locale, url in PAGES] + [(locale, "404.html") for locale in LOCALES],
    ids=lambda v: page_id(v),
)
def test_html_lang(built_site: Path, locale: str, relative: str) -> None:
    path = built_site / LOCALE_ROOTS[locale] / relative
    match = re.search(r"<html\b[^>]*\blang=\"([^\"]+)\"", path.read_text(encoding="utf-8"))
    assert match, f"{path}: no <html lang>"
    assert match.group(1) == locale


# --- the article -----------------------------------------------------------------------------

ARTICLE_CASES = [
    pytest.param(locale, segment, id=f"{locale}:{segment.id}")
    for locale in LOCALES
    for segment in SEGMENTS
    if segment.kind in PROSE_KINDS
]


@pytest.mark.parametrize(("locale", "segment"), ARTICLE_CASES)
def test_article_shows_every_segment_in_its_edition(built_site: Path, locale: str, segment: Segment) -> None:
    expected = plain(edition(locale)[segment.id])
    assert expected
    text = visible_text(main_content(html_file(built_site, locale, "article/")))
    assert expected in text


@pytest.mark.parametrize("locale", LOCALES)
def test_credit_is_on_the_about_page_not_in_the_article(built_site: Path, locale: str) -> None:
    credit = plain(edition(locale)["credit"])
    assert credit in visible_text(main_content(html_file(built_site, locale, "about-the-source/")))
    assert credit not in visible_text(main_content(html_file(built_site, locale, "article/")))


def german_paragraphs() -> list[str]:
    german = edition("de")
    return [plain(german[s.id]) for s in SEGMENTS if len(plain(german[s.id])) > 40]


@pytest.mark.parametrize("relative", [f"{url}index.html" for url in NAV_PAGES] + ["404.html"], ids=page_id)
def test_no_english_page_shows_a_german_paragraph(built_site: Path, relative: str) -> None:
    text = visible_text((built_site / "en" / relative).read_text(encoding="utf-8"))
    paragraphs = german_paragraphs()
    assert len(paragraphs) >= 15
    found = [p[:60] for p in paragraphs if p in text]
    assert found == [], f"en/{relative} shows German article text"


@pytest.mark.parametrize(
    ("locale", "keyword", "target"),
    [
        ("de", "Vorlage", "/worksheets/introduction-request/"),
        ("en", "template", "/en/worksheets/introduction-request/"),
    ],
)
def test_template_phrase_links_to_the_worksheet(built_site: Path, locale: str, keyword: str, target: str) -> None:
    page = "/" + LOCALE_ROOTS[locale] + "article/"
    links = [
        (href, text) for href, text in parse_content(html_file(built_site, locale, "article/")).links if keyword in text
    ]
    assert len(links) == 1, f"links whose text names the {keyword}: {links}"
    href = links[0][0]
    assert urlsplit(urljoin(page, href)).path == target, href
    assert (built_site / target.strip("/") / "index.html").is_file()


# --- typography ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("locale", "url"), PAGES, ids=lambda v: page_id(v))
def test_no_straight_double_quotes_in_prose(built_site: Path, locale: str, url: str) -> None:
    blocks = parse_content(html_file(built_site, locale, url)).blocks
    assert blocks, "no prose found"
    offending = [text[:100] for _, text in blocks if '"' in text]
    assert offending == []


# Opening, closing and a foreign mark per complete locale (a new complete locale adds its own).
QUOTES = {"de": ("„", "“", "”"), "en": ("“", "”", "„")}
COMPLETE_PAGES = [(locale, url) for locale, url in PAGES if locale in COMPLETE_LOCALES]


@pytest.mark.parametrize(("locale", "url"), COMPLETE_PAGES, ids=lambda v: page_id(v))
def test_quotation_marks_of_the_language(built_site: Path, locale: str, url: str) -> None:
    opening, closing, foreign = QUOTES[locale]
    problems = []
    for _, text in parse_content(html_file(built_site, locale, url)).blocks:
        if foreign in text or text.count(opening) != text.count(closing):
            problems.append(text[:120])
    assert problems == [], f"{locale} quotes are {opening}…{closing}"


@pytest.mark.parametrize("locale", COMPLETE_LOCALES)
def test_article_quotes_in_the_language(built_site: Path, locale: str) -> None:
    opening, closing, _ = QUOTES[locale]
    text = " ".join(t for _, t in parse_content(html_file(built_site, locale, "article/")).blocks)
    assert opening in text
    assert closing in text


# --- nothing from other hosts ----------------------------------------------------------------------

EMBEDS = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "audio": ("src",),
    "video": ("src", "poster"),
    "embed": ("src",),
    "object": ("data",),
}


class Embeds(HTMLParser):
    """Every URL a page embeds (scripts, stylesheets, images, frames, media)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in EMBEDS.get(tag, ()) and value:
                for candidate in value.split(",") if name == "srcset" else [value]:
                    self.urls.append((tag, candidate.strip().split(" ")[0]))


def foreign_host(url: str) -> bool:
    parts = urlsplit(url)
    remote = parts.scheme in ("http", "https") or url.startswith("//")
    return remote and parts.hostname != "127.0.0.1"


def test_no_embedded_resource_from_another_host(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 2 * len(NAV_PAGES)
    offending = []
    for path in pages:
        parser = Embeds()
        parser.feed(path.read_text(encoding="utf-8"))
        offending += [f"{path.relative_to(built_site)}: <{tag}> {url}" for tag, url in parser.urls if foreign_host(url)]
    assert offending == []


@pytest.mark.parametrize(
    ("url", "foreign"),
    [
        ("https://cdn.example.org/x.js", True),
        ("//fonts.googleapis.com/css", True),
        ("http://127.0.0.1:8000/article/", False),
        ("../assets/x.js", False),
        ("/assets/x.css", False),
    ],
)
def test_foreign_host_detection(url: str, foreign: bool) -> None:
    assert foreign_host(url) is foreign


# --- search index split ------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_search_index_per_locale(built_site: Path, locale: str) -> None:
    index = json.loads((built_site / LOCALE_ROOTS[locale] / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == [locale]
    locations = [doc["location"] for doc in index["docs"]]
    assert not [loc for loc in locations if loc.startswith(tuple(f"{o}/" for o in LOCALES)) or loc in LOCALES]
    assert {loc.split("#")[0] for loc in locations} == set(NAV_PAGES)
    titles = {doc["location"]: doc["title"] for doc in index["docs"]}
    assert titles["article/"] == plain(edition(locale)["title"])
    own = plain(edition(locale)["title"])
    others = {plain(edition(other)["title"]) for other in LOCALES if other != locale} - {own}
    assert others
    assert not others & set(titles.values())


# --- the strict build fails on an untranslated entry -----------------------------------------------------


def entry_start(path: Path, msgctxt: str) -> int:
    """The first line (comments included) of the entry with ``msgctxt``, found in the text."""
    lines = path.read_text(encoding="utf-8").split("\n")
    at = lines.index(f'msgctxt "{polib.escape(msgctxt)}"')
    while at > 0 and lines[at - 1].startswith("#"):
        at -= 1
    return at + 1


def untranslate(project: Path, segment: str) -> Path:
    """Blank the English translation of ``segment`` in the copied project; the catalog's path."""
    catalog = project / "locales" / "en" / "LC_MESSAGES" / "article.po"
    po = polib.pofile(str(catalog), wrapwidth=78)
    entry = po.find(segment, by="msgctxt")
    assert entry is not None
    assert entry.msgstr
    entry.msgstr = ""
    po.save(str(catalog))
    return catalog


def test_the_template_cache_never_serves_an_edited_template_stale(tmp_path: Path, project_copy: Path) -> None:
    config = project_copy
    project = config.parent
    footer = project / "overrides" / "partials" / "footer.html"
    for marker in ("first-build-marker", "second-build-marker"):
        text = footer.read_text(encoding="utf-8").replace(
            '<footer class="md-footer">', f'<footer class="md-footer"><!-- {marker} -->', 1
        )
        footer.write_text(text, encoding="utf-8")
        result = build_site(tmp_path / marker, config=config)
        assert result.returncode == 0, result.stdout + result.stderr
        page = (tmp_path / marker / "article" / "index.html").read_text(encoding="utf-8")
        assert f"<!-- {marker} -->" in page
        footer.write_text(footer.read_text(encoding="utf-8").replace(f"<!-- {marker} -->", ""), encoding="utf-8")
    assert any((ROOT / "build" / "templates").iterdir()), "no compiled template was kept"


def test_normal_build_shows_an_untranslated_segment_in_german_marked(tmp_path: Path, project_copy: Path) -> None:
    config = project_copy
    project = config.parent
    segment = "es-geht-darum/oh-spendet-er-eine"
    untranslate(project, segment)

    result = build_site(tmp_path / "site", config=config, strict=False)

    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "site" / "en" / "article" / "index.html").read_text(encoding="utf-8")
    marked = re.search(r'<div class="i18n-fallback" data-label="([^"]+)" lang="de">(.*?)</div>', page, re.S)
    assert marked, "no marked fallback on the English article page"
    assert marked.group(1) == "Not translated yet: shown in German."
    assert "stiftet er etwa eine Bibliothek" in marked.group(2)


def test_strict_build_fails_on_an_untranslated_entry(tmp_path: Path, project_copy: Path) -> None:
    config = project_copy
    project = config.parent
    segment = "es-geht-darum/oh-spendet-er-eine"
    catalog = untranslate(project, segment)
    line = entry_start(catalog, segment)

    result = build_site(tmp_path / "site", config=config)

    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert f"locales/en/LC_MESSAGES/article.po:{line}: [{segment}] untranslated" in output, output


@pytest.mark.parametrize("locale", LOCALES)
def test_worksheet_pages_start_the_engine_from_the_head_and_other_pages_do_not(built_site: Path, locale: str) -> None:
    prefix = LOCALE_ROOTS[locale]
    manifest = json.loads((built_site / "assets" / "pyodide" / "runtime.json").read_text(encoding="utf-8"))
    worksheet = (built_site / prefix / "worksheets" / "introduction-request" / "index.html").read_text(encoding="utf-8")
    head = worksheet[: worksheet.index("</head>")]
    meta = re.search(r'<meta name="worksheet-runtime" content="([^"]+)">', head)
    assert meta, "no runtime meta in <head>"
    runtime = "../../../assets/pyodide/" if prefix else "../../assets/pyodide/"
    assert meta.group(1) == runtime
    # The contract inline is the one in runtime.json (macros/contract.py), before the starter that reads it.
    inline = re.search(r'<script type="application/json" id="worksheet-contract">(.*?)</script>', head, re.S)
    assert inline, "no contract in <head>"
    assert json.loads(inline.group(1)) == manifest
    assert inline.start() < head.index("worksheet-early-start")
    # Before the stylesheets, which would hold an inline script back until they load.
    starter = head.index("worksheet-early-start")
    assert starter < head.index('rel="stylesheet"')
    assert head.index("<meta charset") < 1024 - len("<meta charset")
    # The CSP allows exactly this inline script.
    script = re.search(r"<script>(.*?worksheet-early-start.*?)</script>", head, re.S)
    assert script
    digest = base64.b64encode(hashlib.sha256(script.group(1).encode("utf-8")).digest()).decode()
    assert f"'sha256-{digest}'" in head[: head.index("<meta charset")]
    article = (built_site / prefix / "article" / "index.html").read_text(encoding="utf-8")
    assert "worksheet-runtime" not in article
    assert "worksheet-early-start" not in article


@pytest.mark.parametrize("locale", LOCALES)
def test_worksheet_pages_defer_their_scripts_and_only_preload_materials(built_site: Path, locale: str) -> None:
    prefix = LOCALE_ROOTS[locale]
    worksheet = (built_site / prefix / "worksheets" / "thanks" / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r"<script src=\"([^\"]+)\"([^>]*)>", worksheet)
    assert [src.rsplit("/", 1)[-1] for src, _ in scripts] == [
        "site.js",
        "warm-up.js",
        "shared-details.js",
        "fast-start.js",
        "worksheet.js",
    ], scripts
    assert [attributes for _, attributes in scripts] == [" defer"] * 5
    # Material's bundle runs once Python has started (macros/worksheet_boot.js).
    held = re.findall(r'<link rel="preload" href="([^"]+)" as="script" data-material-bundle>', worksheet)
    assert len(held) == 1, held
    assert re.search(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js$", held[0]), held
    assert "__worksheetMaterial" in worksheet
    article = (built_site / prefix / "article" / "index.html").read_text(encoding="utf-8")
    assert "defer" not in article
    assert "data-material-bundle" not in article
    assert re.search(r'<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"></script>', article)


@pytest.mark.parametrize("times", [0, 2])
def test_holding_materials_bundle_back_needs_it_exactly_once(times: int) -> None:
    # A theme that names its bundle otherwise must fail the build, not leave the page without Material.
    tag = '<script src="../../assets/javascripts/bundle.0123abcd.min.js" defer></script>'
    with pytest.raises(MaterialChangedError, match=f"Material's bundle changed: .* once per page \\(found {times}\\)"):
        with_material_after_engine("<body>" + tag * times + "</body>")


def _search_worker(html: str) -> str:
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    assert config, "no Material configuration"
    return str(json.loads(config.group(1))["search"])


@pytest.mark.parametrize("locale", LOCALES)
def test_worksheet_pages_guard_the_search_worker_and_other_pages_do_not(built_site: Path, locale: str) -> None:
    prefix = LOCALE_ROOTS[locale]
    workers = built_site / "assets" / "javascripts" / "workers"
    material = sorted(path.name for path in workers.glob("search.*.min.js"))
    assert len(material) == 1, material
    for sheet in SHEETS:
        page = built_site / prefix / "worksheets" / sheet / "index.html"
        search = _search_worker(page.read_text(encoding="utf-8"))
        assert search.endswith("/workers/search-guard.js"), (sheet, search)
        assert (page.parent / search).resolve() == (workers / "search-guard.js").resolve()
    guard = (workers / "search-guard.js").read_text(encoding="utf-8")
    assert f'const name = "{material[0]}";' in guard
    for other in ("", "article/", "worksheets/", "about-the-source/", "takeaways/"):
        html = (built_site / prefix / other / "index.html").read_text(encoding="utf-8")
        assert _search_worker(html).endswith(f"/workers/{material[0]}"), other


@pytest.mark.parametrize(("locale", "section"), [("de", "Arbeitsblätter"), ("en", "Worksheets")])
def test_the_worksheets_section_is_listed_once_and_its_toggle_has_a_name(
    built_site: Path, locale: str, section: str
) -> None:
    prefix = LOCALE_ROOTS[locale]
    page = (built_site / prefix / "article" / "index.html").read_text(encoding="utf-8")
    sidebar = page[
        page.index('class="md-sidebar md-sidebar--primary"') : page.index('class="md-sidebar md-sidebar--secondary"')
    ]
    # The section title itself opens the overview page; the page is not listed again below it.
    container = re.search(r'<div class="md-nav__link md-nav__container">(.*?)</div>', sidebar, re.S)
    assert container
    assert 'href="../worksheets/"' in container.group(1)
    assert section in container.group(1)
    assert sidebar.count('href="../worksheets/"') == 1
    toggle = re.search(r'<label class="md-nav__link "[^>]*>(.*?)</label>', sidebar, re.S)
    assert toggle
    assert f'<span class="visually-hidden">{section}</span>' in toggle.group(1)
