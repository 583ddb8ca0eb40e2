"""The only seam between the worksheets and the browser: JSON in, JSON out.

The Web Worker calls :func:`handle` with a JSON request string. Nothing here
imports ``js`` or ``pyodide``; the worker passes strings across.
"""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Callable

from worksheets.engine import import_table, run, write_file
from worksheets.export import eml
from worksheets.i18n import translator


def handle(request: str) -> str:
    """Answer one JSON request with a JSON result.

    ``{"sheet", "values", "locale"}`` runs a worksheet; ``{"action": "import",
    "sheet", "field", "text", "filename", "locale"}`` checks an imported file
    for a table field; ``{"action": "eml", "subject", "body", "locale"}``
    writes a message as an unsent ``.eml`` draft (``{"eml": text}``);
    ``{"action": "file", "sheet", "output", "values", "locale"}`` writes the
    file of an on-demand output (``{"file": text}``, e.g. the follow-up's ``.ics``).

    Any failure comes back as ``{"ok": false, "crash": message}`` in the page's
    language; the traceback goes to the console, never into the page.
    """
    locale = "de"
    try:
        payload = json.loads(request)
        locale = str(payload.get("locale", "de"))
        if payload.get("action") == "import":
            answer = import_table(
                str(payload["sheet"]), str(payload["field"]), str(payload["text"]), str(payload["filename"]), locale
            )
            return json.dumps(answer, ensure_ascii=False)
        if payload.get("action") == "file":
            values = payload.get("values") or {}
            if not isinstance(values, dict):
                raise TypeError("values must be an object")
            answer = write_file(str(payload["sheet"]), str(payload["output"]), values, locale)
            return json.dumps(answer, ensure_ascii=False)
        if payload.get("action") == "eml":
            return json.dumps({"eml": eml(str(payload.get("subject", "")), str(payload["body"]))}, ensure_ascii=False)
        values = payload.get("values") or {}
        if not isinstance(values, dict):
            raise TypeError("values must be an object")
        return json.dumps(run(str(payload["sheet"]), values, locale), ensure_ascii=False)
    except Exception:
        _ = translator(locale)
        for finder in _STDLIB_FINDERS:
            finder.ensure()
        print(traceback.format_exc(), file=sys.stderr)
        return json.dumps({"ok": False, "crash": _("Something went wrong while writing your messages.")})


class _StandardLibraryOnFirstImport:
    """A finder that asks for the standard library's zip file on the first import that is not in memory yet.

    A snapshot holds every module the worksheets import, so its boot leaves
    the 2.5 MB zip out. ``load(path)`` must put the very zip file the snapshot
    was made with at ``path`` (zipimport kept its directory), synchronously;
    the import then goes on as usual.
    """

    def __init__(self, load: Callable[[str], object]) -> None:
        self._load: Callable[[str], object] | None = load

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        """Load the zip (once), then let the usual finders find ``name``."""
        self.ensure()

    def ensure(self) -> None:
        """Put the zip in place now, if it is not yet (a traceback reads source lines from it)."""
        # Once, whatever happens; it stays in sys.meta_path, which the import is walking.
        load, self._load = self._load, None
        archive = next((entry for entry in sys.path if entry.endswith(".zip")), None)
        if load is not None and archive is not None:
            load(archive)


def load_stdlib_on_first_import(load: Callable[[str], object]) -> None:
    """Call ``load(zip_path)`` before the first import of a module that is not in memory (see the finder)."""
    finder = _StandardLibraryOnFirstImport(load)
    _STDLIB_FINDERS.append(finder)
    sys.meta_path.insert(0, finder)


_STDLIB_FINDERS: list[_StandardLibraryOnFirstImport] = []


def warm_up() -> int:
    """Run every worksheet example in every compiled locale, once.

    Called before a memory snapshot is taken, so that every module and every
    catalog the page will need is already loaded into memory (the snapshot
    keeps memory, not files). Returns the number of requests answered.
    """
    from worksheets.i18n import compiled_locales
    from worksheets.sheets import SHEETS

    locales = compiled_locales()
    count = 0
    for locale in locales:
        for sheet in SHEETS.values():
            for example in sheet.examples or ({},):
                result = json.loads(handle(json.dumps({"sheet": sheet.id, "values": dict(example), "locale": locale})))
                for output in result.get("outputs", []):
                    if output["kind"] == "message":
                        request = {"action": "eml", "subject": output["subject"], "body": output["body"]}
                        json.loads(handle(json.dumps({**request, "locale": locale})))
                count += 1
            tables = [field for field in sheet.fields if field.kind == "table"]
            for table in tables:
                request = {"action": "import", "sheet": sheet.id, "field": table.id, "locale": locale}
                for filename, text in (("x.csv", "name\nA\n"), ("x.json", '[{"name": "A"}]')):
                    json.loads(handle(json.dumps({**request, "filename": filename, "text": text})))
                    count += 1
    return count
