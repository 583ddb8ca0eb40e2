"""The guide plugin's options: registered under its name, typed, and refused at load with the key named."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from macros.plugin import GuidePlugin
from macros.plugin.config import GuideConfig

ROOT = Path(__file__).resolve().parent.parent


def config_with(tmp_path: Path, option: str) -> Path:
    """mkdocs.yml with one more line under the guide plugin, beside links to the folders it names."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    marker = "  - guide:\n"
    assert marker in text
    for folder in ("docs", "overrides"):
        (tmp_path / folder).symlink_to(ROOT / folder, target_is_directory=True)
    broken = tmp_path / "mkdocs.yml"
    broken.write_text(text.replace(marker, f"{marker}      {option}\n"), encoding="utf-8")
    return broken


def test_mkdocs_yml_configures_the_plugin_by_its_entry_point() -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = config.plugins["guide"]
    assert isinstance(plugin, GuidePlugin)
    assert isinstance(plugin.config, GuideConfig)
    assert plugin.config.template_cache == "build/templates"
    assert not config.hooks


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("template_cache: 42", "Plugin 'guide' option 'template_cache': Expected type: <class 'str'>"),
        ("template_cache: [build, templates]", "Plugin 'guide' option 'template_cache': Expected type"),
    ],
)
def test_a_wrong_option_fails_at_load_naming_the_key(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, option: str, message: str
) -> None:
    with pytest.raises((Abort, ConfigurationError)):
        load_config(str(config_with(tmp_path, option)))
    assert message in caplog.text


def test_an_unknown_option_is_a_warning_that_fails_the_strict_build(tmp_path: Path) -> None:
    with pytest.raises(Abort, match="configuration warnings in 'strict' mode"):
        load_config(str(config_with(tmp_path, "quick_start: true")), strict=True)
