"""The worksheets the site ships, by id, in the order of the article's advice."""

from __future__ import annotations

from worksheets.sheets.contact_map import SHEET as CONTACT_MAP
from worksheets.sheets.follow_up import SHEET as FOLLOW_UP
from worksheets.sheets.introduction_request import SHEET as INTRODUCTION_REQUEST
from worksheets.sheets.ready_check import SHEET as READY_CHECK
from worksheets.sheets.thanks import SHEET as THANKS
from worksheets.spec import Worksheet

SHEETS: dict[str, Worksheet] = {
    sheet.id: sheet for sheet in (READY_CHECK, CONTACT_MAP, INTRODUCTION_REQUEST, FOLLOW_UP, THANKS)
}
