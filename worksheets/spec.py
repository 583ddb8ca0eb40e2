"""Declarative worksheet specs: fields, groups and the sheet itself.

Strings in a spec are msgids (marked with ``N_``); they are translated when a
form is rendered or a result is produced, in the reader's locale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from worksheets.i18n import N_

if TYPE_CHECKING:
    from worksheets.result import Output

FieldKind = Literal["text", "textarea", "select", "checkbox", "date", "url", "email", "table"]


class SpecError(ValueError):
    """A worksheet spec that contradicts itself; names the sheet and the key."""


@dataclass(frozen=True)
class Choice:
    """One option of a select field."""

    value: str
    label: str


@dataclass(frozen=True)
class Field:
    """One input of a worksheet."""

    id: str
    kind: FieldKind
    label: str
    help: str = ""
    required: bool = False
    max_length: int | None = None
    choices: tuple[Choice, ...] = ()
    default: str | bool = ""
    columns: tuple[Field, ...] = ()
    rows: int = 3
    max_rows: int = 50
    # The same detail in several worksheets (the reader's name, the contact, ...): the page
    # fills it in from the reader's other worksheets. Fields with the same unit travel together.
    shared: str = ""

    def __post_init__(self) -> None:
        if not self.id.isidentifier():
            raise SpecError(f"field {self.id!r}: the id must be a Python identifier")
        if (self.kind == "select") != bool(self.choices):
            raise SpecError(f"field {self.id!r}: choices go with kind 'select' and only with it")
        values = [choice.value for choice in self.choices]
        if len(set(values)) != len(values):
            raise SpecError(f"field {self.id!r}: duplicate choice values")
        if self.kind == "select" and self.default and self.default not in values:
            raise SpecError(f"field {self.id!r}: default {self.default!r} is not one of its choices")
        if (self.kind == "table") != bool(self.columns):
            raise SpecError(f"field {self.id!r}: columns go with kind 'table' and only with it")
        if any(column.kind == "table" for column in self.columns):
            raise SpecError(f"field {self.id!r}: a table cannot contain a table")


@dataclass(frozen=True)
class Group:
    """A fieldset: a legend and its fields."""

    id: str
    legend: str
    fields: tuple[Field, ...]


Generator = Callable[[dict[str, object], str, Callable[[str], str], str], "list[Output]"]
CrossCheck = Callable[[dict[str, object]], dict[str, str]]
# (validated values, message language, moment of the download) -> the file's text
FileWriter = Callable[[dict[str, object], str, dt.datetime], str]


@dataclass(frozen=True)
class Worksheet:
    """A worksheet: its texts, its fields, and the function that writes its messages.

    ``generate(values, message_language, _, locale)`` receives validated
    values, the message language, the page locale's ``_`` and the page locale,
    and returns the outputs; ``cross_check(values)`` returns errors (field id to
    msgid) that concern several fields at once.
    """

    id: str
    version: int
    title: str
    intro: str
    groups: tuple[Group, ...]
    generate: Generator
    cross_check: CrossCheck | None = None
    message_locale_field: str | None = None
    examples: tuple[Mapping[str, object], ...] = field(default=())
    # The page locale of each example, for sheets without a message language field.
    example_locales: tuple[str, ...] = ()
    submit_label: str = N_("Write my messages")
    output_heading: str = N_("Your messages")
    # Outputs with on_demand=True, by output id: their file is written when the reader downloads it.
    files: Mapping[str, FileWriter] = field(default_factory=dict)

    def __post_init__(self) -> None:
        ids = [f.id for f in self.fields]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise SpecError(f"worksheet {self.id!r}: duplicate field id(s) {', '.join(duplicates)}")
        if self.example_locales and len(self.example_locales) != len(self.examples):
            raise SpecError(f"worksheet {self.id!r}: example_locales must name one locale per example")

    @property
    def fields(self) -> list[Field]:
        """All fields, in form order."""
        return [f for group in self.groups for f in group.fields]

    def field(self, field_id: str) -> Field:
        """The field with ``field_id``."""
        for candidate in self.fields:
            if candidate.id == field_id:
                return candidate
        raise KeyError(field_id)

    def example(self, locale: str) -> Mapping[str, object]:
        """The example for a page in ``locale``: by message language, by ``example_locales``, else the first."""
        for index, candidate in enumerate(self.examples):
            if self.message_locale_field and candidate.get(self.message_locale_field) == locale:
                return candidate
            if index < len(self.example_locales) and self.example_locales[index] == locale:
                return candidate
        return self.examples[0]
