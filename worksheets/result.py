"""The JSON-serialisable result of running a worksheet."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from worksheets.numbers import integer


@dataclass
class Output:
    """One generated message."""

    id: str
    title: str
    body: str
    subject: str = ""
    limit: int | None = None
    kind: str = "message"  # message (to send), advice (for the reader) or file (a download)
    filename: str = ""
    mailto: str = ""
    mime: str = "text/plain;charset=utf-8"
    shortened: bool = False  # cut to fit a channel limit: the reader must read it before sending
    # Links to another worksheet with values filled in: {label, sheet, version, href, values, units}.
    links: list[dict[str, object]] = field(default_factory=list)
    # A file written only when the reader downloads it (adapter action "file"); body is a preview.
    on_demand: bool = False

    @property
    def characters(self) -> int:
        """Length of the body as a reader counts it."""
        return len(self.body)


@dataclass
class Notice:
    """A non-blocking remark, optionally about one field or one output."""

    message: str
    field: str = ""
    output: str = ""


@dataclass
class Result:
    """What ``run`` returns: outputs, or errors per field; warnings either way."""

    sheet: str
    locale: str
    message_locale: str
    outputs: list[Output] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    warnings: list[Notice] = field(default_factory=list)
    # The reader's next step, in every locale of the site: the overview page shows it without Python.
    next_step: dict[str, str] | None = None

    @property
    def ok(self) -> bool:
        """True when the values were valid and the outputs were written."""
        return not self.errors

    def to_dict(self) -> dict[str, object]:
        """A plain dict, ready for ``json.dumps``."""
        data = asdict(self)
        data["ok"] = self.ok
        for output, raw in zip(self.outputs, data["outputs"], strict=True):
            raw["characters"] = output.characters
            # The counts as the page shows them, written in the reader's locale (2.104, 2,104).
            raw["characters_written"] = integer(output.characters, self.locale)
            raw["limit_written"] = None if output.limit is None else integer(output.limit, self.locale)
        return data
