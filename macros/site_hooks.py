"""MkDocs hooks: per-locale theme and switcher, catalog checks, post-build fixes.

mkdocs-static-i18n builds the default locale into the site root and then every
other locale into ``/<locale>/``, each as a nested build. These hooks

- set the theme language and a language switcher that opens the same page in
  the other locale;
- compile the ui catalogs and report every catalog problem as a warning that
  names file, line and segment (``mkdocs build --strict`` fails on them);
- after the last nested build, split the search index and the sitemap per
  locale and point each locale's pages at its own index, so search answers in
  the reader's language and instant navigation never crosses languages;
- write the 404 page of each locale with the right ``lang``;
- on worksheet pages, start the engine from ``<head>``.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import logging
import os
import re
import sys
from html import escape, unescape
from pathlib import Path
from typing import Any, cast

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros.catalogs import CONFIG_CONTEXT, SOURCE_LANGUAGE, Layout, compile_ui, translations  # noqa: E402
from macros.deploy_headers import write_headers  # noqa: E402
from macros.deploy_paths import language_root, locale_base, page_in_language  # noqa: E402
from macros.i18n import strict_problems  # noqa: E402
from macros.offline import write_service_worker  # noqa: E402
from macros.runtime import Runtime, install_runtime, prepare_runtime  # noqa: E402
from worksheets import i18n as ws_i18n  # noqa: E402

log = logging.getLogger("mkdocs.hooks.guide")
_state: dict[str, Any] = {}


def _i18n(config: MkDocsConfig) -> Any:
    return config.plugins["i18n"]


def _languages(config: MkDocsConfig) -> list[Any]:
    return [lang for lang in _i18n(config).config.languages if lang.build]


def _default(config: MkDocsConfig) -> str:
    return str(_i18n(config).default_language)


def _strip_root(url: str, config: MkDocsConfig) -> str:
    """A page URL without its locale prefix (``en/article/`` -> ``article/``)."""
    for lang in _languages(config):
        prefix = lang.link.strip("/")
        if prefix and (url == prefix or url.startswith(prefix + "/")):
            return url[len(prefix) :].lstrip("/")
    return url


def _theme_language(locale: str) -> str:
    """The locale, or its base language when Material has no UI strings for it (``en-XA`` -> ``en``)."""
    import material

    languages = Path(material.__file__).parent / "templates" / "partials" / "languages"
    for candidate in (locale, re.split(r"[-_]", locale)[0]):
        if (languages / f"{candidate}.html").exists():
            return candidate
    return "en"


def _translate_config(config: MkDocsConfig, locale: str) -> None:
    """Site name, description and palette toggle names in the locale being built."""
    original = _state.setdefault(
        "config",
        {
            "site_name": config.site_name,
            "site_description": config.site_description,
            "toggles": [p.get("toggle", {}).get("name") for p in config.theme.get("palette") or []],
            "permalink_title": config.mdx_configs.get("toc", {}).get("permalink_title"),
            "not_found": config.extra.get("not_found"),
        },
    )
    titles = {} if locale == SOURCE_LANGUAGE else translations(Layout(ROOT).catalog(locale, "pages"))

    def tr(text: str | None) -> str | None:
        return titles.get((CONFIG_CONTEXT, text), text) if text else text

    config.site_name = tr(original["site_name"])
    config.site_description = tr(original["site_description"])
    for palette, name in zip(config.theme.get("palette") or [], original["toggles"], strict=True):
        if name:
            palette["toggle"]["name"] = tr(name)
    # The heading anchors' tooltip (Python-Markdown's toc) and the 404 heading (overrides/404.html).
    if original["permalink_title"]:
        config.mdx_configs["toc"]["permalink_title"] = tr(original["permalink_title"])
    if original["not_found"]:
        config.extra["not_found"] = tr(original["not_found"])


@event_priority(-200)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Theme language and switcher of the locale being built; catalogs compiled and checked."""
    locale = _i18n(config).current_language
    config.theme["language"] = _theme_language(locale)
    config.extra["alternate"] = [
        {"name": lang.name, "lang": lang.locale, **dict.fromkeys(("link", "root", "page"), language_root(lang.link))}
        for lang in _languages(config)
    ]
    _translate_config(config, locale)
    if locale == _default(config):
        layout = Layout(ROOT)
        locales = [lang.locale for lang in _languages(config)]
        compile_ui(layout, locales, ws_i18n.LOCALE_DIR)
        ws_i18n.reset()
        for problem in strict_problems(layout, locales):
            log.warning(problem)
        # Before any page renders: worksheet pages name the snapshot in their <head>.
        _state["runtime"] = prepare_runtime(ROOT)
    return config


TEMPLATE_CACHE = ROOT / "build" / "templates"


def on_env(env: Any, config: MkDocsConfig, files: Any) -> Any:
    """Keep Jinja's compiled templates between builds and between the two languages' builds.

    Compiling Material's templates took about half of a build; the cache is
    keyed by each template's source, so a changed template is compiled again.
    """
    from jinja2 import FileSystemBytecodeCache

    TEMPLATE_CACHE.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(TEMPLATE_CACHE))
    return env


@event_priority(-300)
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Any) -> str:
    """With ``GUIDE_EXPORT_MARKDOWN=<dir>``, also write each page's final Markdown there.

    The benchmark builds the same Markdown with plain Material to compare.
    """
    target = os.environ.get("GUIDE_EXPORT_MARKDOWN")
    if target:
        prefix = page.url[: len(page.url) - len(_strip_root(page.url, config))]
        path = Path(target) / prefix / page.file.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markdown, encoding="utf-8")
    return markdown


@event_priority(-200)
def on_nav(nav: Any, config: MkDocsConfig, files: Any) -> Any:
    """Translate the nav section titles (pages catalog) for locales other than German."""
    locale = _i18n(config).current_language
    if locale == SOURCE_LANGUAGE:
        return nav
    titles = translations(Layout(ROOT).catalog(locale, "pages"))

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, Section):
                item.title = titles.get((CONFIG_CONTEXT, item.title), item.title)
                walk(item.children)

    walk(nav.items)
    return nav


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    """Point each switcher link at this page in its language.

    ``link`` stays the language root: Material reads the <head> alternates as
    roots and finds each root's sitemap there; only the visible switcher
    (``overrides/partials/alternate.html``) uses ``page``.
    """
    path = _strip_root(page.url, config)
    for alternate in config.extra["alternate"]:
        alternate["page"] = page_in_language(alternate["root"], path)
    return context


_CONFIG_BASE = re.compile(r'(<script id="__config" type="application/json">\{[^<]*?"base": ")([^"]*)(")')


_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
CSP = (
    "default-src 'self'; script-src 'self' {hashes}; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'"
)


def content_security_policy(html: str) -> str:
    """A policy that allows only the site itself, plus the page's own inline scripts by hash."""
    hashes = sorted(
        {
            "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
            for body in _INLINE_SCRIPT.findall(html)
        }
    )
    return CSP.format(hashes=" ".join(hashes))


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Each locale's own search and sitemap base; a Content-Security-Policy on every page."""
    # Material resolves the search index and the sitemap against "base", which
    # static-i18n leaves at the site root; point it at the locale's own root.
    prefix = page.url[: len(page.url) - len(_strip_root(page.url, config))].strip("/")
    return _with_csp(worksheet_page(_with_locale_base(output, prefix), _runtime()))


def _with_locale_base(html: str, prefix: str) -> str:
    return _CONFIG_BASE.sub(lambda m: m.group(1) + locale_base(m.group(2), prefix) + m.group(3), html, count=1)


_SECTION_CONTAINER = re.compile(r'<div class="md-nav__link md-nav__container">(.*?)</div>', re.S)
_EMPTY_TOGGLE = re.compile(
    r'(<label class="md-nav__link "[^>]*>\s*<span class="md-nav__icon md-icon"></span>)(\s*</label>)'
)


def named_section_toggles(html: str) -> str:
    """Give the toggle of a nav section that has its own page the section's name.

    With ``navigation.indexes`` the section title links to its index page and
    Material's toggle beside it is an icon with no text, so its checkbox (and
    the sub-navigation labelled by it) would have no accessible name. The name
    goes in as hidden text: HTML allows no aria-label on such a label.
    """

    def name(container: re.Match[str]) -> str:
        inner = container.group(1)
        title = " ".join(re.sub(r"<[^>]+>", " ", inner.split("</a>")[0]).split())
        hidden = f'<span class="visually-hidden">{escape(unescape(title))}</span>'
        return container.group(0).replace(inner, _EMPTY_TOGGLE.sub(lambda m: m.group(1) + hidden + m.group(2), inner))

    return _SECTION_CONTAINER.sub(name, html)


_FORM_RUNTIME = re.compile(r'<form [^>]*data-runtime="([^"]+)"')
_VIEWPORT = '<meta name="viewport" content="width=device-width,initial-scale=1">'
_EARLY_ENGINE = Path(__file__).with_name("worksheet_boot.js")


def _runtime() -> Runtime:
    if "runtime" not in _state:
        _state["runtime"] = prepare_runtime(ROOT)
    return cast(Runtime, _state["runtime"])


@functools.cache
def _early_engine_script() -> str:
    code = [line for line in _EARLY_ENGINE.read_text(encoding="utf-8").splitlines() if not line.startswith("//")]
    return "<script>" + "\n".join(code).strip() + "</script>"


def worksheet_page(html: str, runtime: Runtime) -> str:
    """On a worksheet page: start the engine from <head>, defer the page's scripts, hold Material back."""
    form = _FORM_RUNTIME.search(html)
    if not form or _VIEWPORT not in html:
        return html
    early = with_early_engine(html, form.group(1), runtime)
    return with_search_after_engine(with_material_after_engine(deferred_scripts(early)))


def with_early_engine(html: str, runtime_address: str, runtime: Runtime) -> str:
    """Start the engine from <head>: the runtime's address and snapshot, and the starter.

    The starter starts the workers once the page's first frame is drawn
    (macros/worksheet_boot.js). It goes right after the viewport, before the
    stylesheets, which would otherwise hold the script back until they have loaded.
    """
    manifest = runtime.manifest()
    meta = (
        f'<meta name="worksheet-runtime" content="{runtime_address}" data-pyodide="{escape(str(manifest["pyodide"]))}"'
        f' data-snapshot="{escape(str(manifest["snapshot"]))}" data-snapshot-parts="{manifest["snapshotParts"]}"'
        f' data-snapshot-size="{manifest["snapshotSize"]}">'
    )
    return html.replace(_VIEWPORT, f"{_VIEWPORT}\n      {meta}\n      {_early_engine_script()}", 1)


_EXTERNAL_SCRIPT = re.compile(r'<script src="([^"]+)"></script>')


def deferred_scripts(html: str) -> str:
    """Mark the page's external scripts (Material's bundle, then ours) ``defer``.

    They still run in order, before DOMContentLoaded. Starting the two
    workers takes a short task on the main thread, which Chromium runs after
    its loading tasks; a script that runs while the parser works holds them
    back. with_material_after_engine then turns the deferred bundle into a
    preload, since even deferred it held the workers' start back on a reload
    (README, "Material waits for Python").
    """
    return _EXTERNAL_SCRIPT.sub(r'<script src="\1" defer></script>', html)


_MATERIAL_BUNDLE = re.compile(r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)" defer></script>')
# What stands in the bundle's place on a worksheet page (the benchmark removes it to leave Material out).
HELD_MATERIAL_BUNDLE = re.compile(
    r'<link rel="preload" href="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js" as="script" data-material-bundle>'
)


def with_material_after_engine(html: str) -> str:
    """Leave only a preload of Material's bundle; it runs once Python has started.

    On two cores the bundle's 100–200 ms of work (its JavaScript and the
    style recalculations it forces) came straight off Python's start, and it
    made the longest task of the page's load. The head's script
    (macros/worksheet_boot.js) runs it when worksheet.js says that the first
    output is on screen (or 4 s after DOMContentLoaded at the latest), and gives
    Material the DOMContentLoaded it starts from.
    """
    held, count = _MATERIAL_BUNDLE.subn(r'<link rel="preload" href="\1" as="script" data-material-bundle>', html)
    if count != 1:
        raise ValueError(f"worksheet page: expected Material's bundle once, found it {count} times")
    return held


_SEARCH_WORKER = re.compile(r'("search": "[^"]*/workers/)(search\.[0-9a-f]+\.min\.js)"')
SEARCH_AFTER_ENGINE = "search-after-engine.js"


def with_search_after_engine(html: str) -> str:
    """Point Material's search worker at the wrapper that waits for the worksheet engine.

    The wrapper (docs/assets/javascripts/workers/search-after-engine.js)
    loads Material's worker, named after "#", once the engine is ready.
    """
    return _SEARCH_WORKER.sub(lambda m: f'{m.group(1)}{SEARCH_AFTER_ENGINE}#{m.group(2)}"', html, count=1)


def _with_csp(html: str) -> str:
    # A <meta> policy, because a static host may not let us set headers; it
    # must come before any script in <head>.
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(html)}">'
    # Material puts autocomplete on its checkbox toggles, which HTML does not allow there.
    html = html.replace('type="checkbox" id="__drawer" autocomplete="off"', 'type="checkbox" id="__drawer"')
    html = html.replace('type="checkbox" id="__search" autocomplete="off"', 'type="checkbox" id="__search"')
    return named_section_toggles(html).replace("<head>", "<head>\n    " + meta, 1)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """Remember each locale's 404 page; static-i18n lets the last one win."""
    if template_name == "404.html":
        # A 404 page is served at any address, so its base is absolute (the path of site_url).
        prefix = next(lang.link for lang in _languages(config) if lang.locale == _i18n(config).current_language)
        output = _with_csp(_with_locale_base(output, prefix.strip("/")))
        _state.setdefault("404", {})[_i18n(config).current_language] = output
    return output


def _split_search(site: Path, config: MkDocsConfig) -> None:
    index_path = site / "search" / "search_index.json"
    if not index_path.exists():
        return
    index = json.loads(index_path.read_text(encoding="utf-8"))
    for lang in _languages(config):
        prefix = lang.link.strip("/")
        if prefix:
            docs = [
                {**doc, "location": doc["location"][len(prefix) + 1 :]}
                for doc in index["docs"]
                if doc["location"].startswith(prefix + "/") or doc["location"] == prefix
            ]
        else:
            others = [other.link.strip("/") for other in _languages(config) if other.link.strip("/")]
            docs = [
                d
                for d in index["docs"]
                if not any(d["location"].startswith(o + "/") or d["location"] == o for o in others)
            ]
        target = site / prefix / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        payload = {**index, "config": {**index["config"], "lang": [lang.locale]}, "docs": docs}
        target.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _split_sitemap(site: Path, config: MkDocsConfig) -> None:
    sitemap = site / "sitemap.xml"
    if not sitemap.exists():
        return
    text = sitemap.read_text(encoding="utf-8")
    urls = re.findall(r"<url>.*?</url>", text, flags=re.S)
    base = config.site_url or "/"
    for lang in _languages(config):
        prefix = lang.link.strip("/")
        own = f"{base}{prefix}/" if prefix else base
        others = [f"{base}{o.link.strip('/')}/" for o in _languages(config) if o.link.strip("/") and o is not lang]
        keep = [
            re.sub(r"<xhtml:link[^>]*/>\s*", "", url)
            for url in urls
            if (loc := re.search(r"<loc>(.*?)</loc>", url))
            and loc.group(1).startswith(own)
            and not any(loc.group(1).startswith(o) for o in others)
        ]
        body = "\n".join(keep)
        target = site / prefix / "sitemap.xml"
        target.write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{body}\n</urlset>\n",
            encoding="utf-8",
        )
    gz = site / "sitemap.xml.gz"
    gz.unlink(missing_ok=True)


def _write_404s(site: Path, config: MkDocsConfig) -> None:
    pages = _state.get("404", {})
    for lang in _languages(config):
        if lang.locale in pages:
            target = site / lang.link.strip("/") / "404.html"
            target.write_text(pages[lang.locale], encoding="utf-8")


@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    """After the last locale: split search and sitemap, write 404s, install the runtime."""
    if _i18n(config).building:
        return  # a nested per-locale build: wait for the outer one to finish
    site = Path(config.site_dir)
    _split_search(site, config)
    _split_sitemap(site, config)
    _write_404s(site, config)
    write_service_worker(site, install_runtime(ROOT, site, _runtime()))
    write_headers(site, config.site_url)
