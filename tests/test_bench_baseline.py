"""The benchmark's baselines: plain Material with our theme; our worksheet without Material's bundle."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bench.browser import MATERIAL_BUNDLE, WORKSHEET, without_material_bundle
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


def test_the_worksheet_without_material_lacks_only_materials_bundle(built_site: Path) -> None:
    page = (built_site / WORKSHEET / "index.html").read_text(encoding="utf-8")
    stripped = without_material_bundle(page)
    removed = MATERIAL_BUNDLE.search(page)
    assert removed is not None
    assert stripped == page[: removed.start()] + page[removed.end() :]
    assert "javascripts/bundle." not in stripped
    for ours in ("assets/js/site.js", "assets/js/worksheet.js", 'name="worksheet-runtime"', 'id="__config"'):
        assert ours in stripped


@pytest.mark.parametrize("times", [0, 2])
def test_the_worksheet_without_material_needs_the_bundle_exactly_once(times: int) -> None:
    tag = '<link rel="preload" href="../../assets/javascripts/bundle.0123abcd.min.js" as="script" data-material-bundle>'
    with pytest.raises(ValueError, match=f"found it {times} times"):
        without_material_bundle("<body>" + tag * times + "</body>")
