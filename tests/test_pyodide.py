"""The worksheets wheel the site ships, run inside real Pyodide (Node.js).

Every request is answered by CPython and by Pyodide; the answers must be the
same, so the package really runs unchanged in both.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import brotli
import pytest

from worksheets.adapter import handle
from worksheets.sheets import SHEETS

pytestmark = pytest.mark.pyodide
RUNNER = Path(__file__).with_name("pyodide_runner.mjs")


def _requests() -> list[str]:
    sheet = SHEETS["introduction-request"]
    requests = []
    for example in sheet.examples:
        for locale in ("de", "en"):
            requests.append(json.dumps({"sheet": sheet.id, "values": dict(example), "locale": locale}))
    bad = {**sheet.examples[0], "your_name": "", "link": "javascript:alert(1)", "channel": "linkedin_note"}
    requests.append(json.dumps({"sheet": sheet.id, "values": bad, "locale": "de"}))
    # Organisations, people without a first name and business days, as the browser computes them.
    thanks = {**SHEETS["thanks"].examples[0], "stage": "outcome", "outcome": "no"}
    for organisation in ("Technische Universität München", "Charité – Universitätsmedizin Berlin", "Google"):
        values = {**thanks, "organisation": organisation, "target_first": "", "target_form": "herr"}
        requests.append(json.dumps({"sheet": "thanks", "values": values, "locale": "de"}))
    follow_up = {**SHEETS["follow-up"].examples[1], "today": "2026-11-14"}
    requests.append(json.dumps({"sheet": "follow-up", "values": follow_up, "locale": "en"}))
    short = {**sheet.examples[1], "channel": "linkedin_note"}
    requests.append(json.dumps({"sheet": sheet.id, "values": short, "locale": "en"}))
    requests.append("not json at all")
    return requests


@pytest.fixture(scope="module")
def pyodide_answers(built_site: Path) -> dict[str, object]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed to run Pyodide outside the browser")
    result = subprocess.run(
        [node, str(RUNNER), str(built_site / "assets" / "pyodide")],
        input=json.dumps(_requests()),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_pyodide_runs_python_3_14_with_the_shipped_wheel(pyodide_answers: dict[str, object]) -> None:
    assert str(pyodide_answers["python"]).startswith("3.14")
    assert "site-packages" in str(pyodide_answers["wheel"])


def test_pyodide_answers_like_cpython(pyodide_answers: dict[str, object]) -> None:
    expected = [json.loads(handle(request)) for request in _requests()]
    assert pyodide_answers["results"] == expected


def test_pyodide_reports_errors_and_crashes_in_the_page_language(pyodide_answers: dict[str, object]) -> None:
    results = pyodide_answers["results"]
    assert isinstance(results, list)
    invalid, short, crash = results[-7], results[-2], results[-1]
    assert invalid["ok"] is False
    assert invalid["errors"]["your_name"] == "Bitte füllen Sie dieses Feld aus."
    assert invalid["errors"]["link"].startswith("Bitte geben Sie eine Webadresse ein")
    assert short["ok"] is True
    assert [o["id"] for o in short["outputs"]] == ["note", "note_short", "blurb", "organisation"]
    assert all(len(o["body"]) <= 300 for o in short["outputs"] if o["id"] == "note_short")
    assert crash == {"ok": False, "crash": "Beim Schreiben Ihrer Nachrichten ist ein Fehler aufgetreten."}


SNAPSHOT_RUNNER = Path(__file__).with_name("snapshot_runner.mjs")


def _every_kind_of_request() -> list[str]:
    """Every sheet's examples and empty form in both locales, imports (good and bad), ``.eml`` drafts, junk."""
    requests = []
    for sheet in SHEETS.values():
        for locale in ("de", "en"):
            for values in [*map(dict, sheet.examples), {}]:
                requests.append(json.dumps({"sheet": sheet.id, "values": values, "locale": locale}))
            for table in (field for field in sheet.fields if field.kind == "table"):
                for filename, text in (("k.csv", "name\nAnna\n"), ("k.json", "[1, 2"), ("k.txt", "x")):
                    request = {"action": "import", "sheet": sheet.id, "field": table.id, "locale": locale}
                    requests.append(json.dumps({**request, "filename": filename, "text": text}))
    body = "Liebe Frau Dr. Weber,\n\nkönnten Sie mich Herrn van der Berg vorstellen?"
    requests.append(json.dumps({"action": "eml", "subject": "Bitte um Vorstellung", "body": body, "locale": "de"}))
    requests.append("not json at all")
    return requests


@pytest.fixture(scope="module")
def snapshot_answers(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    from macros.snapshot_format import unpack, wasm_data_image

    runtime = built_site / "assets" / "pyodide"
    manifest = json.loads((runtime / "runtime.json").read_text(encoding="utf-8"))
    parts = [runtime / f"{manifest['snapshot']}.{index}" for index in range(1, manifest["snapshotParts"] + 1)]
    work = tmp_path_factory.mktemp("snapshot")
    packed = brotli.decompress(b"".join(part.read_bytes() for part in parts))
    image = wasm_data_image((runtime / "pyodide.asm.wasm").read_bytes())
    (work / "snapshot").write_bytes(unpack(packed, image))
    (work / "empty.zip").write_bytes(b"")
    node = shutil.which("node")
    assert node, "Node.js is needed to run Pyodide outside the browser"
    result = subprocess.run(
        [node, str(SNAPSHOT_RUNNER), str(runtime), str(work / "snapshot"), str(work / "empty.zip")],
        input=json.dumps(_every_kind_of_request()),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_snapshot_answers_every_kind_of_request_without_the_standard_library(
    snapshot_answers: dict[str, object],
) -> None:
    expected = [json.loads(handle(request)) for request in _every_kind_of_request()]
    assert snapshot_answers["results"] == expected
    # Only the junk request loads it: its traceback reads source lines from the zip.
    assert snapshot_answers["loadsAfterRequests"] == 1, "a request imported a module the snapshot lacks"


def test_an_import_outside_the_snapshot_works_and_loads_the_standard_library_at_most_once(
    snapshot_answers: dict[str, object],
) -> None:
    assert snapshot_answers["imported"] == "2"
    assert snapshot_answers["loads"] == 1  # not again


def test_the_snapshot_holds_no_docstrings_or_columns_but_every_line_number(
    snapshot_answers: dict[str, object],
) -> None:
    found = snapshot_answers["docstrings"]
    assert isinstance(found, dict)
    assert found["snapshot"] == [None, None]  # ours and the standard library's
    assert found["modules_and_classes"] == [None, None, None, None]  # theirs too (tools/snapshot_trim.py, drop_docs)
    assert found["after"] == "kept"  # code compiled after the restore keeps its own
    assert found["class_after"] == "kept"
    assert found["columns"] == [False, False]
    assert found["columns_after"] is True
    lines = found["lines"]
    assert len(lines) >= 3, lines
    assert all(isinstance(line, int) and line > 0 for line in lines), lines
