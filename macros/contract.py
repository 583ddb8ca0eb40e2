"""The contract between the build and the browser, in one place.

The build writes it as one JSON, twice over: as ``assets/pyodide/runtime.json``
(which the engine worker reads when the page did not start it) and inline in the
``<head>`` of every worksheet page (``<script type="application/json"
id="worksheet-contract">``), which the head's starter (``macros/worksheet_boot.js``)
and ``worksheet.js`` read. The tests import it from here. What it holds:

- the runtime's manifest (Pyodide version, wheel, snapshot name, parts and size),
  at the top level, where the workers have always read it, and whether the fast
  start is on (``fastStart``);
- the file names the workers are started from and read;
- the page script's timeouts and limits, and the key its drafts are stored under;
- the worksheet's states and the actions each kind of output offers;
- the ``data-*`` vocabulary that ``macros/forms.py`` writes and the page scripts
  read (``tests/test_contract.py`` checks both sides against it).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

# The id of the inline copy in a worksheet page's <head>.
ELEMENT_ID = "worksheet-contract"

# Beside each other in assets/js/ (the workers) and assets/pyodide/ (the runtime).
FILES = {
    "engine": "worksheet-worker.mjs",
    "unpacker": "unpack-worker.mjs",
    "wasmBr": "pyodide.asm.wasm.br",  # the engine's wasm: brotli, unpacked by the unpack worker
    "brotliDecoder": "brotli_dec_wasm.js",  # npm's brotli-dec-wasm, for browsers without DecompressionStream("brotli")
    "manifest": "runtime.json",
}

TIMEOUTS_MS = {
    "boot": 30_000,  # no "ready" by then: the sheet says that the engine could not start
    "run": 8_000,  # a run takes milliseconds; one without an answer this long means the worker died
    "serviceWorkerDelay": 3_000,  # after "ready": the service worker's caching never competes with the start
    "materialFallback": 4_000,  # Material's bundle at the latest this long after DOMContentLoaded
    "firstFrameWait": 300,  # the head's starter waits at most this long for the first frame
}

LIMITS = {
    "importReadBytes": 1_000_000,  # Python refuses imports above 200 kB; reading more only costs memory
}

STORAGE = {
    "draftPrefix": "worksheet-draft:",  # + the sheet's id: one draft per worksheet in localStorage
    "cachePrefix": "netzwerk-guide-",  # + the build's runtime version: the service worker's Cache Storage
}

# data-worksheet-state: "loading" until Python answers, then "ready", or "error" if it cannot start.
STATES = ("loading", "ready", "error")

# The buttons (and the mail link) each kind of output offers; "share" only where the browser can share.
ACTIONS = {
    "message": ("copy", "share", "download-txt", "download-eml", "print", "mailto"),
    "advice": ("copy", "print"),
    "file": ("download-txt",),
}

# Every data-* attribute shared by the build's markup and the page scripts, with what it means.
ATTRIBUTES = {
    "data-action": "a control's action: an output's (ACTIONS), clear, clear-all, add-row, retry, shared-toggle",
    "data-entries": "on the overview: whether a sheet has entries on this device",
    "data-error-for": "the error slot of one field (or table cell)",
    "data-field": "a field that takes its value from the shared details",
    "data-group": "a fieldset of the form",
    "data-handoff": "a next-step link's values for the next worksheet (JSON)",
    "data-kind": "an output's kind (a key of ACTIONS)",
    "data-locale": "the page's locale, sent with each run",
    "data-material-bundle": "the held-back <link> of Material's bundle on a worksheet page",
    "data-max-rows": "a table's most rows",
    "data-next-step": "the overview's next step",
    "data-next-step-link": "the overview's link to the next step",
    "data-next-step-text": "the overview's next step, written out",
    "data-out": "a slot of an output: title, subject, body, count, warnings, links, action-status",
    "data-output-id": "an output's id",
    "data-overview-status": "the overview's live status",
    "data-row": "a table row",
    "data-row-template": "the <template> of a table row",
    "data-rows": "a table's rows",
    "data-runtime": "the runtime's address, relative to the page",
    "data-shared": "the shared details a field belongs to",
    "data-shared-note": "the note under a field filled in from the shared details",
    "data-shared-note-text": "that note's text",
    "data-sheet": "a worksheet on the overview",
    "data-sheet-state": "a worksheet's state on the overview",
    "data-spec-version": "the worksheet's version: a draft of another version is set aside",
    "data-table": "a table field",
    "data-table-import": "a table's file input",
    "data-worksheet": "the form: the worksheet's id",
    "data-worksheet-state": "the form's state (STATES)",
    "data-ws-bound": "set once the page script has bound the worksheet",
    "data-ws-example-note": "the note over the build-time example",
    "data-ws-message-template": "the <template> of an output",
    "data-ws-messages": "where the outputs go",
    "data-ws-output": "the output section",
    "data-ws-overview": "the overview's box",
    "data-ws-retry": "'Try again', shown while the engine could not start",
    "data-ws-root": "a worksheet's root element",
    "data-ws-status": "the worksheet's live status",
    "data-ws-strings": "the page script's texts in the page's locale (JSON)",
    "data-ws-summary": "the summary of a submitted form's errors",
}


def contract(manifest: Mapping[str, object], fast_start: bool = True) -> dict[str, object]:
    """The contract of a build whose runtime has ``manifest`` (``Runtime.manifest()``).

    ``fastStart`` false (the plugin's ``fast_start`` option) tells the engine to boot
    normally, without the snapshot.
    """
    return {
        **manifest,
        "fastStart": fast_start,
        "files": FILES,
        "timeoutsMs": TIMEOUTS_MS,
        "limits": LIMITS,
        "storage": STORAGE,
        "states": list(STATES),
        "actions": {kind: list(actions) for kind, actions in ACTIONS.items()},
        "attributes": sorted(ATTRIBUTES),
    }


def contract_json(manifest: Mapping[str, object], *, fast_start: bool = True, inline: bool = False) -> str:
    """The contract as JSON: indented for ``runtime.json``, compact and safe inside a ``<script>`` when ``inline``."""
    data = contract(manifest, fast_start)
    if not inline:
        return json.dumps(data, indent=2) + "\n"
    # "<" escaped: a "</script>" in a value cannot end the element early.
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).replace("<", "\\u003c")
