"""The reader's next step after each worksheet, for the worksheets overview page.

The overview page runs no Python: each run writes the next step in every
locale of the site, and the page script keeps it in the worksheet's draft
(docs/assets/js/shared-details.js shows the one of the furthest worksheet).
"""

from __future__ import annotations

from collections.abc import Callable

from worksheets.i18n import compiled_locales, translator
from worksheets.sheets.contact_map import ranked
from worksheets.sheets.follow_up import MAX_FOLLOW_UPS, proposed_days, today_of
from worksheets.sheets.follow_up_calendar import weekday_date
from worksheets.sheets.ready_check import CHECKS

Step = Callable[[dict[str, object], Callable[[str], str], str], str]


def _name(values: dict[str, object], prefix: str) -> str:
    return " ".join(part for part in (str(values[f"{prefix}_first"]), str(values[f"{prefix}_last"])) if part)


def _ready_check(values: dict[str, object], _: Callable[[str], str], locale: str) -> str:
    if any(essential and not values[key] for key, _label, _todo, essential in CHECKS):
        return _("Work through your to-do list in “Am I ready?”.")
    return _("Find out who can open the door for you.")


def _contact_map(values: dict[str, object], _: Callable[[str], str], locale: str) -> str:
    first = ranked(values)[0]
    return _("Ask {name} for an introduction first.").format(name=first["name"])


def _introduction_request(values: dict[str, object], _: Callable[[str], str], locale: str) -> str:
    return _("Send your note to {name}; if no answer comes, follow up after about a week.").format(
        name=_name(values, "contact")
    )


def _follow_up(values: dict[str, object], _: Callable[[str], str], locale: str) -> str:
    days = proposed_days(values)
    if not days:
        return _("Let it rest, and stay in touch with {name} in other ways.").format(name=_name(values, "contact"))
    if days[0] <= today_of(values):
        attempt = MAX_FOLLOW_UPS - len(days) + 1
        return _("Follow up now (attempt {attempt} of {max}).").format(attempt=attempt, max=MAX_FOLLOW_UPS)
    return _("Follow up on {date}.").format(date=weekday_date(days[0], locale))


def _thanks(values: dict[str, object], _: Callable[[str], str], locale: str) -> str:
    name = _name(values, "contact")
    if values["stage"] == "outcome" and values["outcome"] != "pending":
        return _("Keep in touch with {name}, and offer your help when you can.").format(name=name)
    return _("Tell {name} how it turned out, once you know.").format(name=name)


STEPS: dict[str, Step] = {
    "ready-check": _ready_check,
    "contact-map": _contact_map,
    "introduction-request": _introduction_request,
    "follow-up": _follow_up,
    "thanks": _thanks,
}


def next_step(sheet_id: str, values: dict[str, object]) -> dict[str, str] | None:
    """The next step after the worksheet ``sheet_id`` with valid ``values``, per locale; None if it has none."""
    step = STEPS.get(sheet_id)
    if step is None:
        return None
    return {locale: step(values, translator(locale), locale) for locale in compiled_locales()}
