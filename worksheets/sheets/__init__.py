"""The worksheets the site ships, by id."""

from __future__ import annotations

from worksheets.sheets.introduction_request import SHEET as INTRODUCTION_REQUEST
from worksheets.spec import Worksheet

SHEETS: dict[str, Worksheet] = {sheet.id: sheet for sheet in (INTRODUCTION_REQUEST,)}
