"""The locales of the site, read from the i18n plugin entry of ``mkdocs.yml``.

A locale is a *draft* when its entry says ``extra: {draft: true}``: it is
built, its untranslated messages show in the source language (marked), and the
strict build does not fail on them. (mkdocs-static-i18n 1.3.1 warns about an
unknown ``draft:`` key, which fails ``--strict``; ``extra`` is its own
per-locale key, and the flag also reaches that locale's templates as
``config.extra.draft``.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


class _TolerantLoader(yaml.SafeLoader):
    """A safe loader that reads MkDocs' ``!!python/...`` and ``!ENV`` tags as plain values."""


def _plain(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_TolerantLoader.add_multi_constructor("", _plain)


def read_config(config_file: Path) -> dict[str, Any]:
    """``mkdocs.yml`` as plain data (MkDocs' own tags read as plain values)."""
    return yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)


@dataclass(frozen=True)
class SiteLocale:
    """One locale the site is built in: its code, name, URL prefix (``""`` or ``"en/"``) and draft flag."""

    locale: str
    name: str
    prefix: str
    draft: bool


def is_draft(language: dict[str, Any]) -> bool:
    """Whether a ``plugins.i18n.languages`` entry marks its locale as a draft."""
    return bool((language.get("extra") or {}).get("draft", False))


def site_languages(config_file: Path) -> list[SiteLocale]:
    """The locales the site is built in, default first."""
    config = read_config(config_file)
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            languages = plugin["i18n"]["languages"]
            ordered = sorted(languages, key=lambda lang: not lang.get("default", False))
            return [
                SiteLocale(
                    locale=lang["locale"],
                    name=lang["name"],
                    prefix="" if lang.get("default") else (lang.get("link") or f"/{lang['locale']}/").lstrip("/"),
                    draft=is_draft(lang),
                )
                for lang in ordered
                if lang.get("build", True)
            ]
    raise ValueError(f"{config_file}: no i18n plugin with languages found")


def site_locales(config_file: Path) -> list[str]:
    """The locales the site is built in, default first."""
    return [language.locale for language in site_languages(config_file)]


def draft_locales(config_file: Path) -> frozenset[str]:
    """The locales marked as drafts."""
    return frozenset(language.locale for language in site_languages(config_file) if language.draft)


def config_texts(config_file: Path) -> list[str]:
    """Reader-visible texts of ``mkdocs.yml``: site name and description, the
    palette toggle names, the 404 heading, the heading anchors' tooltip and the
    nav section titles (German, like every page)."""
    config = read_config(config_file)
    texts = [str(config[key]) for key in ("site_name", "site_description") if config.get(key)]
    palette = (config.get("theme") or {}).get("palette") or []
    texts += [str(p["toggle"]["name"]) for p in palette if isinstance(p, dict) and "toggle" in p]
    if (config.get("extra") or {}).get("not_found"):
        texts.append(str(config["extra"]["not_found"]))
    for extension in config.get("markdown_extensions") or []:
        if isinstance(extension, dict) and (extension.get("toc") or {}).get("permalink_title"):
            texts.append(str(extension["toc"]["permalink_title"]))

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, dict):
                for title, value in item.items():
                    if isinstance(value, list):
                        texts.append(str(title))
                        walk(value)

    walk(config.get("nav") or [])
    return list(dict.fromkeys(texts))
