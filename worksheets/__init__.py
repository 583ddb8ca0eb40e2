"""Worksheets that turn what a reader types into ready-to-send networking messages.

Pure Python: runs unchanged in CPython (build, tests) and in Pyodide (the
reader's browser). The public API is this module's ``__all__``.
"""

from __future__ import annotations

from worksheets.engine import get_sheet, run
from worksheets.sheets import SHEETS
from worksheets.spec import Choice, Field, Group, SpecError, Worksheet

__all__ = ["SHEETS", "Choice", "Field", "Group", "SpecError", "Worksheet", "get_sheet", "run"]
