"""The guide's MkDocs plugin: the hooks in the order a build calls them, the build's state on the instance.

mkdocs-static-i18n builds the default locale into the site root and then
every other locale into ``/<locale>/``, each as a nested build with the same
plugin instance. The hooks

- set the theme language, the translated texts of mkdocs.yml and the
  language switcher of the locale being built;
- compile the ui catalogs and the CLDR date formats, and report every catalog
  problem as a warning that names file, line and segment (``mkdocs build
  --strict`` fails on them; a draft locale may lack translations);
- give each page its locale's search base and a Content-Security-Policy, and
  worksheet pages their engine start from ``<head>`` (``worksheet_pages``);
- after the last nested build, split search index, sitemap and 404 pages
  per locale and put the Python runtime, the service worker and the
  ``_headers`` file into the site.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from macros.catalogs import SOURCE_LANGUAGE, Layout, compile_ui, translations
from macros.deploy_headers import write_headers
from macros.deploy_paths import locale_base
from macros.i18n import strict_problems
from macros.locales import is_draft
from macros.offline import write_service_worker
from macros.plugin import post_build
from macros.plugin.config import GuideConfig
from macros.plugin.csp import with_csp
from macros.plugin.exports import export
from macros.plugin.html_edits import named_section_toggles, with_base, without_toggle_autocomplete
from macros.plugin.i18n import ConfigTexts, StaticI18n, Titles, theme_language, translate_nav
from macros.plugin.switcher import alternates, locale_prefix, point_switcher, strip_locale
from macros.plugin.worksheet_pages import worksheet_page
from macros.runtime import Runtime, install_runtime, prepare_runtime
from worksheets import i18n as ws_i18n

log = logging.getLogger("mkdocs.plugins.guide")


class GuidePlugin(BasePlugin[GuideConfig]):
    """Builds the guide: locales, switcher, catalogs, Material edits, runtime (see the module docstring)."""

    def __init__(self) -> None:
        self.root = Path()
        self.texts: ConfigTexts | None = None  # mkdocs.yml's texts in German, before any locale's build
        self.runtime: Runtime | None = None
        self.not_found: dict[str, str] = {}  # locale -> its 404 page

    def _titles(self, locale: str) -> Titles:
        return {} if locale == SOURCE_LANGUAGE else translations(Layout(self.root).catalog(locale, "pages"))

    @event_priority(-200)  # after mkdocs-static-i18n has set up the locale being built
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Theme language, texts and switcher of the locale being built; catalogs compiled and checked."""
        self.root = Path(config.config_file_path).resolve().parent
        i18n = StaticI18n(config)
        locale = i18n.current
        config.theme["language"] = theme_language(locale)
        config.extra["alternate"] = alternates(i18n.languages)
        if self.texts is None:
            self.texts = ConfigTexts(config)
        self.texts.apply(config, self._titles(locale))
        if locale == i18n.default:
            layout = Layout(self.root)
            locales = [lang.locale for lang in i18n.languages]
            compile_ui(layout, locales, ws_i18n.LOCALE_DIR)
            ws_i18n.reset()
            drafts = [lang.locale for lang in i18n.languages if is_draft(lang)]
            for problem in strict_problems(layout, locales, drafts):
                log.warning(problem)
            for draft in drafts:
                log.info(f"{draft} is a draft locale: its untranslated messages show in the source language, marked")
            # Before any page renders: worksheet pages name the snapshot in their <head>.
            self.runtime = prepare_runtime(self.root)
        return config

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """Keep Jinja's compiled templates between builds and between the locales' builds.

        Compiling Material's templates took about half of a build; the cache is
        keyed by each template's source, so a changed template is compiled again.
        """
        cache = self.root / self.config.template_cache
        cache.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(cache))
        return env

    @event_priority(-200)
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Translate the nav section titles (pages catalog) for locales other than German."""
        locale = StaticI18n(config).current
        return nav if locale == SOURCE_LANGUAGE else translate_nav(nav, self._titles(locale))

    @event_priority(-300)  # after mkdocs-macros: the Markdown as it is rendered
    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Export the page's final Markdown when asked to (the benchmark builds it with plain Material)."""
        prefix = locale_prefix(page.url, StaticI18n(config).languages)
        export(self.config.export_markdown, f"{prefix}/{page.file.src_uri}".lstrip("/"), markdown)
        return markdown

    def on_page_context(
        self, context: dict[str, Any], /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        """Point each switcher link at this page in its language."""
        point_switcher(config.extra["alternate"], strip_locale(page.url, StaticI18n(config).languages))
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """Each locale's own search and sitemap base; the worksheet start; a Content-Security-Policy."""
        prefix = locale_prefix(page.url, StaticI18n(config).languages)
        export(self.config.export_material_html, page.file.dest_uri, output)  # dest_uri has the locale prefix
        # Material resolves the search index and the sitemap against "base", which
        # static-i18n leaves at the site root; point it at the locale's own root.
        html = with_base(output, lambda base: locale_base(base, prefix))
        return self._every_page(worksheet_page(html, self._runtime(), fast_start=self.config.fast_start))

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str:
        """Remember each locale's 404 page; static-i18n lets the last one win."""
        if template_name != "404.html":
            return output_content
        i18n = StaticI18n(config)
        prefix = next(lang.link for lang in i18n.languages if lang.locale == i18n.current).strip("/")
        export(self.config.export_material_html, f"{prefix}/404.html".lstrip("/"), output_content)
        # A 404 page is served at any address, so its base is absolute (the path of site_url).
        html = self._every_page(with_base(output_content, lambda base: locale_base(base, prefix)))
        self.not_found[i18n.current] = html
        return html

    @event_priority(-200)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """After the last locale: split search and sitemap, write 404s, name the search worker, install the runtime."""
        i18n = StaticI18n(config)
        if i18n.nested:
            return  # a nested per-locale build: wait for the outer one to finish
        site = Path(config.site_dir)
        post_build.split_search(site, i18n.languages)
        post_build.split_sitemap(site, i18n.languages, config.site_url)
        post_build.write_404s(site, i18n.languages, self.not_found)
        post_build.name_search_worker(site)
        write_service_worker(site, install_runtime(self.root, site, self._runtime(), fast_start=self.config.fast_start))
        write_headers(site, config.site_url)

    def _runtime(self) -> Runtime:
        if self.runtime is None:
            self.runtime = prepare_runtime(self.root)
        return self.runtime

    @staticmethod
    def _every_page(html: str) -> str:
        # Material puts autocomplete on its checkbox toggles, which HTML does not allow there.
        return with_csp(named_section_toggles(without_toggle_autocomplete(html)))
