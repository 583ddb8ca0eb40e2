"""Every edit of Material's HTML, fed Material's real output and a changed one.

``material_html`` is what Material wrote for the session's real build, before
the guide plugin changed it (the plugin's ``export_material_html``). Each edit
must work on it, and must fail with "Material's <thing> changed: ..." when the
markup it relies on is changed the way a Material upgrade might change it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from macros.plugin.csp import content_security_policy, with_csp
from macros.plugin.html_edits import (
    VIEWPORT,
    MaterialChangedError,
    after_viewport,
    deferred_scripts,
    named_section_toggles,
    sitemap_urls,
    with_base,
    with_material_after_engine,
    with_search_guard,
    without_toggle_autocomplete,
)
from macros.plugin.post_build import WORKERS, name_search_worker

ARTICLE = "en/article/index.html"
SECTION_PAGE = "worksheets/index.html"  # the section's own page: Material marks its toggle active
WORKSHEET = "worksheets/thanks/index.html"
DOCS_WORKERS = Path(__file__).resolve().parent.parent / "docs" / WORKERS


def _prepared_worksheet(html: str) -> str:
    return deferred_scripts(html)


# (case id, page, what happens to it first, the edit, what it must change, Material's thing, a change of Material's)
EDITS: list[tuple[str, str, Callable[[str], str], Callable[[str], str], str, str, tuple[str, str]]] = [
    (
        "search-base",
        ARTICLE,
        str,
        lambda html: with_base(html, lambda base: base + "/en/"),
        '/en/"',
        "__config script",
        ('"base":', '"root":'),
    ),
    (
        "toggle-autocomplete",
        ARTICLE,
        str,
        without_toggle_autocomplete,
        'id="__drawer">',
        "drawer and search toggles",
        ('id="__drawer" autocomplete="off"', 'autocomplete="off" id="__drawer"'),
    ),
    (
        "section-toggle-name",
        ARTICLE,
        str,
        named_section_toggles,
        '<span class="visually-hidden">Worksheets</span>',
        "section toggle",
        ('<span class="md-nav__icon md-icon"></span>\n', '<span class="md-nav__icon md-icon" hidden></span>\n'),
    ),
    (
        "section-toggle-name-on-its-page",
        SECTION_PAGE,
        str,
        named_section_toggles,
        '<span class="visually-hidden">Arbeitsblätter</span>',
        "section toggle",
        ('class="md-nav__link md-nav__link--active" for="__nav_', 'class="md-nav__link is-active" for="__nav_'),
    ),
    (
        "nav-sections",
        ARTICLE,
        str,
        named_section_toggles,
        "visually-hidden",
        "nav sections",
        ('class="md-nav__link md-nav__container"', 'class="md-nav__container"'),
    ),
    (
        "csp-in-head",
        ARTICLE,
        str,
        with_csp,
        '<head>\n    <meta http-equiv="Content-Security-Policy"',
        "<head>",
        ("<head>", '<head data-theme="x">'),
    ),
    (
        "csp-inline-scripts",
        ARTICLE,
        str,
        content_security_policy,
        "'sha256-",
        "inline scripts",
        ("<script>", '<script type="text/javascript">'),
    ),
    (
        "viewport",
        WORKSHEET,
        str,
        lambda html: after_viewport(html, "<!-- early engine -->"),
        f"{VIEWPORT}\n      <!-- early engine -->",
        "viewport meta",
        ("width=device-width,initial-scale=1", "width=device-width, initial-scale=1"),
    ),
    (
        "deferred-scripts",
        WORKSHEET,
        str,
        deferred_scripts,
        'worksheet.js" defer></script>',
        "script tags",
        ('<script src="', '<script type="module" src="'),
    ),
    (
        "material-bundle",
        WORKSHEET,
        _prepared_worksheet,
        with_material_after_engine,
        'as="script" data-material-bundle>',
        "bundle",
        ("assets/javascripts/bundle.", "assets/javascripts/main."),
    ),
    (
        "search-worker",
        WORKSHEET,
        str,
        with_search_guard,
        '/workers/search-guard.js"',
        "search worker",
        ("/workers/search.", "/workers/lunr."),
    ),
]


@pytest.mark.parametrize(
    ("case", "page", "prepare", "edit", "made", "thing", "change"), EDITS, ids=[e[0] for e in EDITS]
)
def test_each_edit_works_on_materials_real_output_and_fails_loudly_on_a_change(
    material_html: Path,
    case: str,
    page: str,
    prepare: Callable[[str], str],
    edit: Callable[[str], str],
    made: str,
    thing: str,
    change: tuple[str, str],
) -> None:
    real = prepare((material_html / page).read_text(encoding="utf-8"))
    assert made not in real, f"{case}: the page already has what the edit makes"
    assert made in edit(real)
    old, new = change
    assert old in real, f"{case}: Material's real output no longer has {old!r}"
    changed = real.replace(old, new)
    with pytest.raises(MaterialChangedError, match=rf"^Material's {re.escape(thing)} changed: expected"):
        edit(changed)


def test_the_sitemap_is_read_by_entry_and_a_changed_one_fails(built_site: Path) -> None:
    text = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    urls = sitemap_urls(text)
    assert urls
    assert all(entry.startswith("<url>") and loc.startswith("http") for loc, entry in urls)
    with pytest.raises(MaterialChangedError, match=r"^Material's sitemap changed: expected"):
        sitemap_urls(text.replace("<loc>", "<location>").replace("</loc>", "</location>"))


def test_every_page_material_wrote_was_exported(material_html: Path, built_site: Path) -> None:
    exported = sorted(p.relative_to(material_html).as_posix() for p in material_html.rglob("*.html"))
    built = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html"))
    assert exported == built


def _workers(root: Path, names: list[str]) -> Path:
    workers = root / WORKERS
    workers.mkdir(parents=True)
    (workers / "search-guard.js").write_bytes((DOCS_WORKERS / "search-guard.js").read_bytes())
    for name in names:
        (workers / name).write_bytes(b"")
    return root


def test_the_search_guard_is_given_materials_worker_and_a_changed_one_fails(built_site: Path, tmp_path: Path) -> None:
    real = sorted(path.name for path in (built_site / WORKERS).glob("search.*.min.js"))
    assert len(real) == 1, real
    site = _workers(tmp_path / "real", real)
    name_search_worker(site)
    assert f'const name = "{real[0]}";' in (site / WORKERS / "search-guard.js").read_text(encoding="utf-8")
    for case, names in {"renamed": ["search.min.js"], "two": [real[0], "search.0123abcd.min.js"]}.items():
        changed = _workers(tmp_path / case, names)
        with pytest.raises(MaterialChangedError, match=r"^Material's search worker changed: expected one"):
            name_search_worker(changed)
