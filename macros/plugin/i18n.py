"""mkdocs-static-i18n as the guide sees it, and the theme's and nav's texts in the locale being built.

mkdocs-static-i18n 1.3.1 builds the default locale into the site root, then
every other locale into ``/<locale>/`` as a nested build, and has no public API
that says which locale is being built. Its plugin object's attributes
``current_language``, ``default_language`` and ``building`` say it; this module
is the only place that reads them (``StaticI18n``), so an upgrade that renames
one fails here, by name. Its ``languages`` option is public configuration.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.nav import Navigation, Section

from macros.catalogs import CONFIG_CONTEXT

Titles = dict[tuple[str | None, str], str]


class StaticI18n:
    """The mkdocs-static-i18n plugin of a build (``plugins: - i18n``)."""

    def __init__(self, config: MkDocsConfig) -> None:
        plugin = config.plugins.get("i18n")
        if plugin is None:
            raise PluginError("the guide plugin needs mkdocs-static-i18n: list `- i18n` before `- guide` in plugins")
        self._plugin = plugin

    def _private(self, name: str) -> Any:
        # Internals of mkdocs-static-i18n 1.3.1 (see the module docstring).
        if not hasattr(self._plugin, name):
            raise PluginError(f"mkdocs-static-i18n changed: its plugin has no {name!r} (macros/plugin/i18n.py)")
        return getattr(self._plugin, name)

    @property
    def current(self) -> str:
        """The locale being built."""
        return str(self._private("current_language"))

    @property
    def default(self) -> str:
        """The default locale (built into the site root)."""
        return str(self._private("default_language"))

    @property
    def nested(self) -> bool:
        """True during the nested build of a locale (the outer build is still running)."""
        return bool(self._private("building"))

    @property
    def languages(self) -> list[Any]:
        """The languages that are built, as configured (``locale``, ``name``, ``link``, ``extra``...)."""
        return [lang for lang in self._plugin.config.languages if lang.build]


def current_locale(config: MkDocsConfig) -> str:
    """The locale being built (for the mkdocs-macros adapter, which must not read the i18n plugin itself)."""
    return StaticI18n(config).current


def theme_language(locale: str) -> str:
    """The locale, or its base language when Material has no UI strings for it (``en-XA`` -> ``en``)."""
    import material

    languages = Path(material.__file__).parent / "templates" / "partials" / "languages"
    if not (languages / "en.html").is_file():
        raise PluginError(f"Material's language partials changed: expected {languages}/<language>.html")
    for candidate in (locale, re.split(r"[-_]", locale)[0]):
        if (languages / f"{candidate}.html").exists():
            return candidate
    return "en"


class ConfigTexts:
    """The reader-visible texts of mkdocs.yml, kept in German and set per locale from the pages catalog."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.site_name = config.site_name
        self.site_description = config.site_description
        self.toggles = [p.get("toggle", {}).get("name") for p in config.theme.get("palette") or []]
        self.permalink_title = config.mdx_configs.get("toc", {}).get("permalink_title")
        self.not_found = config.extra.get("not_found")

    def apply(self, config: MkDocsConfig, titles: Titles) -> None:
        """Set the texts of ``config`` to their translations in ``titles`` (the German text where there is none)."""

        def tr(text: str | None) -> str | None:
            return titles.get((CONFIG_CONTEXT, text), text) if text else text

        config.site_name = tr(self.site_name)
        config.site_description = tr(self.site_description)
        for palette, name in zip(config.theme.get("palette") or [], self.toggles, strict=True):
            if name:
                palette["toggle"]["name"] = tr(name)
        # The heading anchors' tooltip (Python-Markdown's toc) and the 404 heading (overrides/404.html).
        if self.permalink_title:
            config.mdx_configs["toc"]["permalink_title"] = tr(self.permalink_title)
        if self.not_found:
            config.extra["not_found"] = tr(self.not_found)


def translate_nav(nav: Navigation, titles: Titles) -> Navigation:
    """The nav with its section titles translated (pages are titled by their own headings)."""

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, Section):
                item.title = titles.get((CONFIG_CONTEXT, item.title), item.title)
                walk(item.children)

    walk(nav.items)
    return nav
