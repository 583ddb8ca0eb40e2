"""What a build can also write for others: each page's final Markdown (the benchmark) and Material's HTML (the tests).

Both are off unless the plugin's ``export_markdown`` / ``export_material_html``
name a folder (mkdocs.yml reads them from ``GUIDE_EXPORT_MARKDOWN`` and
``GUIDE_EXPORT_MATERIAL_HTML``). Files go to ``<folder>/<locale prefix>/...``.
"""

from __future__ import annotations

from pathlib import Path


def export(folder: str, relative: str, text: str) -> None:
    """Write ``text`` to ``folder/relative`` when ``folder`` is set."""
    if not folder:
        return
    path = Path(folder) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
