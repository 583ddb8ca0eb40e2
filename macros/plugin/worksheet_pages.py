"""A worksheet page starts its engine from ``<head>``, defers its scripts and holds Material back.

The order and the reasons are in macros/STARTUP.md (summary in the README, "How a worksheet starts fast");
the edits of Material's markup are in ``html_edits``, each asserting what it
matched.
"""

from __future__ import annotations

import functools
import re
from html import escape
from pathlib import Path

from macros.contract import ELEMENT_ID, contract_json
from macros.plugin.html_edits import (
    after_viewport,
    deferred_scripts,
    with_material_after_engine,
    with_search_guard,
)
from macros.runtime import Runtime

_FORM_RUNTIME = re.compile(r'<form [^>]*data-runtime="([^"]+)"')  # our own form (macros/forms.py)
_OVERVIEW = "data-ws-overview"  # the overview's box (macros/forms.py)
_EARLY_ENGINE = Path(__file__).resolve().parent.parent / "worksheet_boot.js"


@functools.cache
def early_engine_script() -> str:
    """The inline starter (``macros/worksheet_boot.js`` without its comment lines)."""
    code = [line for line in _EARLY_ENGINE.read_text(encoding="utf-8").splitlines() if not line.startswith("//")]
    return "<script>" + "\n".join(code).strip() + "</script>"


def worksheet_page(html: str, runtime: Runtime, fast_start: bool = True) -> str:
    """On a worksheet page: start the engine from <head>, defer the page's scripts, hold Material back.

    Without ``fast_start`` (the plain path), only the contract goes into the page,
    as it does into the overview's, which lists the drafts whose storage key it names.
    """
    form = _FORM_RUNTIME.search(html)
    if not form or not fast_start:
        plain = form is not None or _OVERVIEW in html
        return after_viewport(html, contract_block(runtime, fast_start)) if plain else html
    early = with_early_engine(html, form.group(1), runtime)
    return with_search_guard(with_material_after_engine(deferred_scripts(early)))


def with_early_engine(html: str, runtime_address: str, runtime: Runtime) -> str:
    """Start the engine from <head>: the runtime's address and snapshot, and the starter.

    The starter starts the workers once the page's first frame is drawn
    (macros/worksheet_boot.js), as the build's contract (macros/contract.py)
    says. It goes right after the viewport, before the stylesheets, which would
    otherwise hold the script back until they have loaded.
    """
    meta = f'<meta name="worksheet-runtime" content="{escape(runtime_address)}">'
    return after_viewport(html, f"{meta}\n      {contract_block(runtime)}\n      {early_engine_script()}")


def contract_block(runtime: Runtime, fast_start: bool = True) -> str:
    """The build's contract (macros/contract.py) as a data block, never run: the page scripts read it."""
    data = contract_json(runtime.manifest(), fast_start=fast_start, inline=True)
    return f'<script type="application/json" id="{ELEMENT_ID}">{data}</script>'
