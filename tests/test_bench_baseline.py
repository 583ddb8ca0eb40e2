"""The benchmark's plain Material baseline: Material's theme as ours, nothing of ours on top."""

from __future__ import annotations

from pathlib import Path

import yaml

from bench.builds import plain_config
from macros.locales import read_config

ROOT = Path(__file__).resolve().parent.parent


def test_the_plain_baseline_has_our_theme_features_and_palette() -> None:
    ours = read_config(ROOT / "mkdocs.yml")["theme"]
    plain = yaml.safe_load(plain_config(ROOT / "mkdocs.yml"))["theme"]
    assert plain["name"] == "material"
    assert plain["features"] == ours["features"]
    assert plain["palette"] == ours["palette"]
    assert len(plain["palette"]) > 1, "the palette toggle is part of the baseline"


def test_the_plain_baseline_has_none_of_our_scripts_styles_or_plugins() -> None:
    plain = yaml.safe_load(plain_config(ROOT / "mkdocs.yml"))
    for key in ("extra_javascript", "extra_css", "hooks", "nav"):
        assert key not in plain
    assert "custom_dir" not in plain["theme"]
    assert plain["plugins"] == ["search"]
