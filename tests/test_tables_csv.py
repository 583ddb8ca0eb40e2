"""The contact map's CSV: formula-like cells are exported so that a spreadsheet does not run them.

OWASP's advice on CSV injection: a cell beginning with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return is prefixed with an apostrophe. The import
removes exactly that apostrophe, so an export read back gives what was typed.
"""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from worksheets.i18n import translator
from worksheets.sheets.contact_map import CONTACTS
from worksheets.tables import escape_cell, export_csv, import_rows, unescape_cell
from worksheets.validation import check_table

_ = translator("en")


def row(**cells: str) -> dict[str, object]:
    return {"name": "Anna Becker", "relation": "", "strength": "good", "knows": "", "last_contact": "year", **cells}


@pytest.mark.parametrize(
    ("typed", "exported"),
    [
        ('=HYPERLINK("http://example.com","Klick")', '\'=HYPERLINK("http://example.com","Klick")'),
        ("+49 30 1234567", "'+49 30 1234567"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\tTab am Anfang", "'\tTab am Anfang"),
        ("\rWagenrücklauf", "'\rWagenrücklauf"),
        ("'=schon geschützt", "''=schon geschützt"),
        ("''@zweimal", "'''@zweimal"),
        ("Anna-Lena von der Heide", "Anna-Lena von der Heide"),  # a hyphen inside is harmless
        ("O'Brien", "O'Brien"),
        ("'ne Bekannte", "'ne Bekannte"),  # an apostrophe before plain text stays as typed
        ("", ""),
    ],
)
def test_a_formula_like_cell_is_escaped_and_the_import_reverses_it(typed: str, exported: str) -> None:
    assert escape_cell(typed) == exported
    assert unescape_cell(exported) == typed


@pytest.mark.parametrize("column", ["name", "relation", "knows"])
@pytest.mark.parametrize("typed", ["=1+1", "+1", "-1", "@A1", "\tx", "'=x", "Dr. Kim Weber (Grünwerk Consulting)"])
def test_an_exported_table_reads_back_as_it_was(column: str, typed: str) -> None:
    rows = [row(**{column: typed}), row(name="Jürgen Groß", relation="=Kollege", knows="@Marta")]
    text = export_csv(CONTACTS, rows)
    cells = [cell for line in csv.reader(io.StringIO(text)) for cell in line]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells), cells
    imported, errors = import_rows(CONTACTS, text, "contacts.csv", _)
    assert errors == {}
    # As the worksheet sees them: validation trims the cells (a leading tab too), typed or imported.
    assert imported == check_table(CONTACTS, rows, _)[0]


def test_a_file_escaped_by_a_spreadsheet_is_imported_without_the_apostrophe() -> None:
    text = "name,relation,strength,knows,last_contact\r\n'=Anna Becker,'+Alumni,good,'@Kim,recent\r\n"
    imported, errors = import_rows(CONTACTS, text, "contacts.csv", _)
    assert errors == {}
    assert imported == [row(name="=Anna Becker", relation="+Alumni", knows="@Kim", last_contact="recent")]


# Text a reader could type into a single-line field (validation refuses control characters).
cell_text = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf")), max_size=60).map(
    str.strip
)  # validation trims cells; a leading tab or CR is escaped all the same (see above)


@given(name=cell_text.filter(bool), relation=cell_text, knows=cell_text)
def test_any_typed_cells_survive_export_and_import(name: str, relation: str, knows: str) -> None:
    rows = [row(name=name, relation=relation, knows=knows)]
    clean, errors = check_table(CONTACTS, rows, _)
    assert errors == {}
    imported, errors = import_rows(CONTACTS, export_csv(CONTACTS, clean), "contacts.csv", _)
    assert errors == {}
    assert imported == clean
