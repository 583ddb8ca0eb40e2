"""The worksheets wheel the site ships, run inside real Pyodide (Node.js).

Every request is answered by CPython and by Pyodide; the answers must be the
same, so the package really runs unchanged in both.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

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
