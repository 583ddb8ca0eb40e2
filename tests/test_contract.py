"""The contract between build and browser (macros/contract.py): one JSON, and both sides keep to it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import LOCALES, ROOT

from macros.contract import ACTIONS, ATTRIBUTES, FILES, STATES, TIMEOUTS_MS, contract, contract_json
from macros.forms import render_overview, render_worksheet
from worksheets.sheets import SHEETS

# The page scripts, which read what macros/forms.py writes.
SCRIPTS = [
    ROOT / "docs" / "assets" / "js" / "worksheet.js",
    ROOT / "docs" / "assets" / "js" / "shared-details.js",
    ROOT / "macros" / "worksheet_boot.js",
]
# Material's own data-* attributes, which a page script may read but the contract does not define.
MATERIAL = {"data-md-component", "data-md-color-scheme", "data-md-color-media", "data-md-state"}
MANIFEST = {
    "pyodide": "314.0.7",
    "wheel": "w.whl",
    "snapshot": "s.snapshot.br",
    "snapshotParts": 2,
    "snapshotSize": 1,
    "version": "314.0.7-w-s-d",
}


def kebab(dataset_key: str) -> str:
    """``dataset.errorFor`` is the attribute ``data-error-for``."""
    return "data-" + re.sub(r"[A-Z]", lambda m: "-" + m.group(0).lower(), dataset_key)


def used_by_scripts() -> dict[str, set[str]]:
    """Each data-* attribute a page script names, and the scripts that name it."""
    used: dict[str, set[str]] = {}
    for script in SCRIPTS:
        code = script.read_text(encoding="utf-8")
        names = set(re.findall(r"\bdata-[a-z][a-z-]*[a-z]", code))
        names |= {kebab(key) for key in re.findall(r"\bdataset\.([a-zA-Z]+)", code)}
        for name in names - MATERIAL:
            used.setdefault(name, set()).add(script.name)
    return used


def written_by_build() -> set[str]:
    """Every data-* attribute the worksheets' and the overview's markup carries, in every locale."""
    html = "".join(render_worksheet(sheet, locale, "../") for sheet in SHEETS.values() for locale in LOCALES)
    html += "".join(render_overview(locale) for locale in LOCALES)
    return set(re.findall(r"\s(data-[a-z][a-z-]*)=", html)) | set(re.findall(r"\s(data-[a-z][a-z-]*)[\s>]", html))


def test_every_attribute_the_build_writes_is_in_the_contract() -> None:
    assert written_by_build() - set(ATTRIBUTES) == set()


def test_every_attribute_a_page_script_names_is_in_the_contract() -> None:
    stray = {name: sorted(scripts) for name, scripts in used_by_scripts().items() if name not in ATTRIBUTES}
    assert stray == {}


def test_every_attribute_of_the_contract_is_used() -> None:
    used = set(used_by_scripts()) | written_by_build()
    assert set(ATTRIBUTES) - used == set(), "stale entries in macros/contract.py ATTRIBUTES"


def test_the_page_script_reads_its_timeouts_actions_and_files_from_the_contract() -> None:
    code = (ROOT / "docs" / "assets" / "js" / "worksheet.js").read_text(encoding="utf-8")
    boot = (ROOT / "macros" / "worksheet_boot.js").read_text(encoding="utf-8")
    for value in TIMEOUTS_MS.values():
        assert not re.search(rf"\b{value}\b", code + boot), f"{value} ms is repeated in a script"
    for name in FILES.values():
        assert f'"{name}"' not in code + boot, f"{name} is repeated in a script"
    assert "worksheet-draft:" not in code
    for actions in ACTIONS.values():
        assert json.dumps(list(actions)) not in code.replace(" ", "")


def test_every_action_has_a_button_in_the_output_template() -> None:
    html = render_worksheet(SHEETS["introduction-request"], "de", "../")
    template = html[html.index("<template data-ws-message-template>") :]
    offered = set(re.findall(r'data-action="([^"]+)"', template))
    assert offered == {action for actions in ACTIONS.values() for action in actions}


def test_the_states_are_those_the_form_shows() -> None:
    html = render_worksheet(SHEETS["thanks"], "en", "../")
    assert f'data-worksheet-state="{STATES[0]}"' in html


@pytest.mark.parametrize("inline", [False, True])
def test_the_json_carries_the_manifest_and_the_contract(inline: bool) -> None:
    data = json.loads(contract_json(MANIFEST, inline=inline))
    assert data == json.loads(json.dumps(contract(MANIFEST)))
    assert {key: data[key] for key in MANIFEST} == MANIFEST  # where the workers read the manifest


def test_inline_json_cannot_end_its_script_element() -> None:
    text = contract_json({**MANIFEST, "snapshot": "</script><script>alert(1)</script>"}, inline=True)
    assert "</script" not in text
    assert json.loads(text)["snapshot"] == "</script><script>alert(1)</script>"


def test_the_built_runtime_json_is_the_contract(built_site: Path) -> None:
    data = json.loads((built_site / "assets" / "pyodide" / FILES["manifest"]).read_text(encoding="utf-8"))
    assert data == json.loads(json.dumps(contract({key: data[key] for key in MANIFEST})))
