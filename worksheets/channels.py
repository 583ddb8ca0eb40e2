"""Where a message is sent, and the length limits that apply there.

Limits change, so they live here as data with the source of each figure; a
message over its limit gets a warning and a shortened version, never a silent
cut.
"""

from __future__ import annotations

from dataclasses import dataclass

from worksheets.i18n import N_


@dataclass(frozen=True)
class Channel:
    """A way of sending a message."""

    id: str
    label: str
    limit: int | None
    has_subject: bool
    source: str


CHANNELS: dict[str, Channel] = {
    channel.id: channel
    for channel in (
        Channel("email", N_("Email"), None, True, "No practical limit; the subject line is short by convention."),
        Channel(
            "linkedin_note_free",
            N_("LinkedIn connection note, free account (about 200 characters)"),
            200,
            False,
            "Free accounts are reported by third parties to get about 200 characters for a personalised "
            "invitation (as of 2026-11, see DESIGN.md §4); LinkedIn Help itself names no figure for them.",
        ),
        Channel(
            "linkedin_note",
            N_("LinkedIn connection note, Premium (300 characters)"),
            300,
            False,
            "LinkedIn Help on personalised invitations: up to 300 characters (as of 2026-11, see DESIGN.md §4).",
        ),
        Channel(
            "linkedin_message",
            N_("LinkedIn message"),
            8000,
            False,
            "LinkedIn Help on messaging: messages up to 8,000 characters (as of 2026-11).",
        ),
        Channel("xing", N_("XING message"), None, False, "No published limit found; treated as unlimited."),
    )
}


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` characters at a word boundary, marked with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:–—-") + "…"
