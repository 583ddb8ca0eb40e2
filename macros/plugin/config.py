"""The options of the guide plugin, typed: MkDocs refuses a wrong value at load and names the key."""

from __future__ import annotations

from mkdocs.config import base, config_options


class GuideConfig(base.Config):
    """``plugins: - guide: {...}`` in mkdocs.yml."""

    # Jinja's compiled templates, kept between builds (relative to mkdocs.yml).
    template_cache = config_options.Type(str, default="build/templates")
    # Where to write each page's final Markdown ("" = nowhere); the benchmark builds it with plain Material.
    export_markdown = config_options.Type(str, default="")
    # Where to write Material's HTML of each page before our edits ("" = nowhere); the tests feed it to them.
    export_material_html = config_options.Type(str, default="")
    # The fast start (macros/STARTUP.md) on, or the plain path: Material untouched, the engine started by
    # worksheet.js, a normal boot (loadPyodide and the wheel) without the snapshot. For A/B runs and debugging.
    fast_start = config_options.Type(bool, default=True)
