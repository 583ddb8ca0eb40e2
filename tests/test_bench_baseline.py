"""The benchmark's baselines: plain Material with our theme; our worksheet without Material's bundle."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bench.browser import MATERIAL_BUNDLE, WORKSHEET, without_material_bundle
from bench.builds import plain_config
from bench.network import without_search_wait
from macros.locales import read_config
from macros.plugin.html_edits import SEARCH_AFTER_ENGINE

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


def test_the_search_wait_ab_starts_materials_worker_directly_and_leaves_the_site_alone(
    built_site: Path, tmp_path: Path
) -> None:
    page = WORKSHEET + "index.html"
    original = (built_site / page).read_text(encoding="utf-8")
    copy = without_search_wait(built_site, tmp_path / "copy")
    changed = (copy / page).read_text(encoding="utf-8")
    assert SEARCH_AFTER_ENGINE in original
    assert SEARCH_AFTER_ENGINE not in changed
    assert re.search(r'"search": "[^"]*/workers/search\.[0-9a-f]+\.min\.js"', changed)
    assert (built_site / page).read_text(encoding="utf-8") == original, "the original site was changed"
    with pytest.raises(RuntimeError, match="would compare a site with itself"):
        without_search_wait(copy, tmp_path / "again")
