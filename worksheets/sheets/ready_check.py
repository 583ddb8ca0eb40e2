"""Am I ready? A short check before asking anyone for an introduction.

The article's first step: an updated CV, a clear target, one concrete ask.
The result is a to-do list of what is missing and a go or not-yet; it is
advice for the reader, so it is written in the page's language.
"""

from __future__ import annotations

from collections.abc import Callable

from worksheets.i18n import N_
from worksheets.result import Output
from worksheets.spec import Field, Group, Worksheet

# (field id, label, to-do when unchecked, essential for a go)
CHECKS = (
    (
        "cv_updated",
        N_("My CV is up to date."),
        N_("Update your CV before anyone forwards your name: it is the first thing people look at."),
        True,
    ),
    (
        "target_clear",
        N_("I know which organisation or university I am aiming for."),
        N_("Decide on the organisation or university you are aiming for."),
        True,
    ),
    (
        "role_clear",
        N_("I know the job or study programme I want."),
        N_("Name the job or study programme; “anything” is hard to help with."),
        True,
    ),
    (
        "one_ask",
        N_("I have one small, concrete request (for example a 15- to 20-minute call)."),
        N_("Narrow your request down to one small, concrete thing, such as a 15- to 20-minute call."),
        True,
    ),
    (
        "pitch_ready",
        N_("I can say in one sentence who I am and what I am looking for."),
        N_("Write one sentence about who you are and what you are looking for."),
        True,
    ),
    (
        "link_ready",
        N_("I have one link that presents me well (profile, CV or portfolio)."),
        N_("Prepare one link that presents you well: a professional profile, your CV or a portfolio."),
        False,
    ),
    (
        "time_follow_up",
        N_("I have time in the coming weeks to follow up and to say thank you."),
        N_("Plan time to follow up after about a week and to say thank you."),
        False,
    ),
    (
        "time_interview",
        N_("I can prepare for conversations and interviews."),
        N_("Plan time to prepare: the introduction gets you seen, the interview is still yours."),
        False,
    ),
)

SHEET_GROUPS = (
    Group(
        "checks",
        N_("Tick what is already true"),
        tuple(Field(key, "checkbox", label) for key, label, _todo, _essential in CHECKS),
    ),
)


def generate(values: dict[str, object], language: str, _: Callable[[str], str], locale: str) -> list[Output]:
    """A go or not-yet: what must come first, and, in a list of its own, what would help."""
    missing = [(todo, essential) for key, _label, todo, essential in CHECKS if not values[key]]
    required = [f"– {_(todo)}" for todo, essential in missing if essential]
    helpful = [f"– {_(todo)}" for todo, essential in missing if not essential]
    if not missing:
        lines = [_("You are ready: go ahead and ask to be introduced.")]
    elif not required:
        lines = [_("You can ask to be introduced now; these points will make it go more smoothly:"), *helpful]
    else:
        lines = [_("Not quite yet: do these first, then ask to be introduced:"), *required]
        if helpful:
            lines += ["", _("These points are not required, but they will make it go more smoothly:"), *helpful]
    return [Output("todo", _("Your result"), "\n".join(lines), kind="advice")]


SHEET = Worksheet(
    id="ready-check",
    version=1,
    title=N_("Am I ready?"),
    intro=N_("Tick what is already true; the to-do list below shows what is still missing."),
    groups=SHEET_GROUPS,
    generate=generate,
    submit_label=N_("Show my to-do list"),
    output_heading=N_("Your result"),
    examples=({key: key in ("cv_updated", "target_clear", "one_ask") for key, *_rest in CHECKS},),
)
