"""The guide's MkDocs plugin (``plugins: - guide`` in mkdocs.yml): one module per concern.

- ``config.py``: the plugin's options, typed; a wrong value fails at load, naming the key.
- ``plugin.py``: the hooks, in build order, with the build's state on the instance.
- ``i18n.py``: the only reader of mkdocs-static-i18n's internals; locale texts of theme and nav.
- ``switcher.py``: the language switcher's links and each locale's search and sitemap base.
- ``html_edits.py``: every edit of Material's HTML; each asserts what it matched.
- ``csp.py``: the Content-Security-Policy of each page.
- ``worksheet_pages.py``: how a worksheet page starts its engine from ``<head>``.
- ``post_build.py``: per-locale search indexes, sitemaps and 404 pages.
- ``exports.py``: what a build writes for the benchmark and the tests (Markdown, Material's HTML).
"""

from macros.plugin.plugin import GuidePlugin

__all__ = ["GuidePlugin"]
