"""The locales of the site, read from the i18n plugin entry of ``mkdocs.yml``."""

from __future__ import annotations

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


def site_locales(config_file: Path) -> list[str]:
    """The locales the site is built in, default first."""
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            languages = plugin["i18n"]["languages"]
            ordered = sorted(languages, key=lambda lang: not lang.get("default", False))
            return [lang["locale"] for lang in ordered if lang.get("build", True)]
    raise ValueError(f"{config_file}: no i18n plugin with languages found")
