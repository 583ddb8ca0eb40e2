"""Render a worksheet spec as an accessible HTML form, with an example output.

The form works without JavaScript as a printable worksheet; the page's script
(docs/assets/js/worksheet.js) brings it to life. Every text comes from the ui
catalog in the page's locale and is HTML-escaped.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from html import escape

from macros.contract import ACTIONS
from worksheets.engine import run_sheet
from worksheets.i18n import translator
from worksheets.sheets import SHEETS
from worksheets.spec import Field, Worksheet

Translate = Callable[[str], str]


def _attrs(**attributes: str | int | bool | None) -> str:
    parts = []
    for name, value in attributes.items():
        if value is None or value is False:
            continue
        key = name.rstrip("_").replace("_", "-")
        parts.append(key if value is True else f'{key}="{escape(str(value), quote=True)}"')
    return " ".join(parts)


def _control(field: Field, _: Translate, dom_id: str, name: str, described: str) -> str:
    base = {
        "id": dom_id,
        "name": name,
        "aria_describedby": described,
        "required": field.required,
        "aria_required": "true" if field.required else None,
    }
    if field.kind == "textarea":
        return f"<textarea {_attrs(**base, rows=3, maxlength=field.max_length)}></textarea>"
    if field.kind == "select":
        options = "".join(
            f"<option {_attrs(value=c.value, selected=c.value == field.default)}>{escape(_(c.label))}</option>"
            for c in field.choices
        )
        return f"<select {_attrs(**base)}>{options}</select>"
    if field.kind == "checkbox":
        return f'<input type="checkbox" {_attrs(**base, checked=bool(field.default))}>'
    input_type = {"url": "url", "email": "email", "date": "date"}.get(field.kind, "text")
    extra = {"inputmode": "url" if field.kind == "url" else None, "autocomplete": "off"}
    return f'<input type="{input_type}" {_attrs(**base, maxlength=field.max_length, **extra)}>'


def _labelled(field: Field, _: Translate, dom_id: str, name: str) -> str:
    """Label, control, help and error slot of one value; ``name`` is the error key too."""
    described = [f"{dom_id}-error"]
    help_html = ""
    if field.help:
        described.insert(0, f"{dom_id}-help")
        help_html = f'<p class="ws-help" id="{dom_id}-help">{escape(_(field.help))}</p>'
    required = f' <span class="ws-required">({escape(_("required"))})</span>' if field.required else ""
    label = f'<label for="{dom_id}">{escape(_(field.label))}{required}</label>'
    control = _control(field, _, dom_id, name, " ".join(described))
    if field.kind == "checkbox":
        # The box sits inside its label, so the whole sentence is the click target.
        label, control = f'<label for="{dom_id}">{control} {escape(_(field.label))}</label>', ""
    error = f'<p class="ws-error" id="{dom_id}-error" data-error-for="{name}" hidden></p>'
    shared = f' data-shared="{escape(field.shared)}"' if field.shared else ""
    return (
        f'<div class="ws-field ws-field--{field.kind}" data-field="{name}"{shared}>'
        f"{label}{control}{help_html}{error}</div>"
    )


def _shared_note(sheet: Worksheet, unit: str) -> str:
    """The slot of the note that says where a shared detail came from (filled by the page script)."""
    dom_id = f"ws-{sheet.id}-shared-{unit}"
    return (
        f'<p class="ws-shared-note" id="{dom_id}" data-shared-note="{escape(unit)}" hidden>'
        "<span data-shared-note-text></span> "
        '<button type="button" class="ws-link-button" data-action="shared-toggle"></button></p>'
    )


def _row(sheet: Worksheet, table: Field, number: str, _: Translate) -> str:
    cells = "".join(
        _labelled(column, _, f"ws-{sheet.id}-{table.id}-{number}-{column.id}", f"{table.id}.{number}.{column.id}")
        for column in table.columns
    )
    legend = _("Row {number}").format(number=number) if number != "__N__" else ""
    return f'<fieldset class="ws-row" data-row="{number}"><legend>{escape(legend)}</legend>{cells}</fieldset>'


def _table(sheet: Worksheet, table: Field, _: Translate) -> str:
    """A table field: numbered rows of cells, a row template, add-row and import."""
    dom_id = f"ws-{sheet.id}-{table.id}"
    rows = "".join(_row(sheet, table, str(number), _) for number in range(1, table.rows + 1))
    help_html = f'<p class="ws-help" id="{dom_id}-help">{escape(_(table.help))}</p>' if table.help else ""
    accept = ".csv,.json,text/csv,application/json"
    return (
        f'<div class="ws-field ws-field--table" data-field="{table.id}" data-table="{table.id}" '
        f'data-max-rows="{table.max_rows}">{help_html}'
        f'<div class="ws-rows" data-rows>{rows}</div>'
        f"<template data-row-template>{_row(sheet, table, '__N__', _)}</template>"
        '<div class="ws-table-actions">'
        f'<button type="button" class="md-button" data-action="add-row">{escape(_("Add a row"))}</button>'
        f'<label class="ws-import md-button" for="{dom_id}-import">{escape(_("Import a CSV or JSON file"))}</label>'
        f'<input type="file" id="{dom_id}-import" accept="{accept}" '
        f'data-action="import" data-table-import="{table.id}">'
        "</div>"
        f'<p class="ws-error" id="{dom_id}-error" data-error-for="{table.id}" role="alert" hidden></p></div>'
    )


def render_field(sheet: Worksheet, field: Field, locale: str) -> str:
    """One labelled control (or a whole table) with its help text and error slot."""
    _ = translator(locale)
    if field.kind == "table":
        return _table(sheet, field, _)
    if field.id == sheet.message_locale_field and any(choice.value == locale for choice in field.choices):
        field = replace(field, default=locale)  # messages default to the page's language
    return _labelled(field, _, f"ws-{sheet.id}-{field.id}", field.id)


def _group_fields(sheet: Worksheet, fields: tuple[Field, ...], locale: str, noted: set[str]) -> str:
    """A group's fields; a shared unit's note goes before its first field."""
    parts = []
    for field in fields:
        if field.shared and field.shared not in noted:
            noted.add(field.shared)
            parts.append(_shared_note(sheet, field.shared))
        parts.append(render_field(sheet, field, locale))
    return "".join(parts)


def _message(output: dict[str, object], _: Translate) -> str:
    subject = str(output.get("subject") or "")
    subject_html = (
        f'<p class="ws-subject"><span class="ws-subject-label">{escape(_("Subject:"))}</span> '
        f'<span data-out="subject">{escape(subject)}</span></p>'
    )
    return (
        f'<article class="ws-message" data-output-id="{escape(str(output["id"]))}">'
        f'<h3 data-out="title">{escape(str(output["title"]))}</h3>'
        f"{subject_html if subject else ''}"
        f'<pre class="ws-body" data-out="body" tabindex="0">{escape(str(output["body"]))}</pre>'
        f'<p class="ws-count" data-out="count"></p>'
        f'<ul class="ws-warnings" data-out="warnings"></ul>'
        "</article>"
    )


def _template(_: Translate) -> str:
    # Every action of every kind (macros/contract.py); the page script removes those an output's kind
    # does not offer, and "share" where the browser cannot share (no Web Share API).
    labels = {
        "copy": _("Copy"),
        "download-txt": _("Download .txt"),
        "download-eml": _("Download .eml"),
        "print": _("Print"),
        "share": _("Share…"),
    }
    offered = dict.fromkeys(action for actions in ACTIONS.values() for action in actions if action != "mailto")
    unlabelled = set(offered) - set(labels)
    if unlabelled:
        raise ValueError(f"macros/contract.py: the actions {sorted(unlabelled)} have no label in macros/forms.py")
    actions = "".join(
        f'<button type="button" class="md-button" data-action="{action}">{escape(labels[action])}</button>'
        for action in sorted(offered, key=list(labels).index)
    )
    mail = f'<a class="md-button" data-action="mailto" href="mailto:">{escape(_("Open in mail program"))}</a>'
    return (
        "<template data-ws-message-template>"
        '<article class="ws-message">'
        '<h3 data-out="title"></h3>'
        f'<p class="ws-subject"><span class="ws-subject-label">{escape(_("Subject:"))}</span> '
        '<span data-out="subject"></span></p>'
        '<pre class="ws-body" data-out="body" tabindex="0"></pre>'
        '<p class="ws-count" data-out="count"></p>'
        '<ul class="ws-warnings" data-out="warnings"></ul>'
        '<ul class="ws-links" data-out="links" hidden></ul>'
        f'<div class="ws-message-actions">{actions}{mail}'
        '<span class="ws-action-status" role="status" aria-live="polite" data-out="action-status"></span></div>'
        "</article></template>"
    )


def strings(locale: str) -> dict[str, str]:
    """The texts the page script shows, in ``locale`` (the script has none of its own)."""
    _ = translator(locale)
    return {
        "loading": _("Python is starting in your browser… You can already fill in the form."),
        "ready": _("Ready. The results update as you type."),
        "error": _(
            "The worksheet could not start: perhaps the connection broke off, or this browser cannot run it. "
            "Your entries are kept. Try again; you can also use the example texts below as a template "
            "or print this page."
        ),
        "crash": _("Something went wrong while writing your messages. Your entries are kept; please try again."),
        "invalid": _("Please check the marked fields."),
        "copied": _("Copied to the clipboard."),
        "copy_failed": _("Copying did not work; select the text and copy it by hand."),
        "confirm_clear": _("Delete everything you entered in this worksheet on this device?"),
        "cleared": _("Your entries were deleted."),
        "draft_restored": _("Your saved entries were restored."),
        "draft_set_aside": _(
            "This worksheet has changed since your last visit; your old entries were set aside and not restored."
        ),
        "storage_full": _("Your entries could not be saved on this device (storage is full)."),
        "storage_unavailable": _(
            "This browser does not let the page keep drafts (as in some private windows). "
            "The worksheet works, but your entries are gone once you leave the page."
        ),
        "characters": _("{count} characters"),
        "characters_limit": _("{count} of {limit} characters"),
        "row": _("Row {number}"),
        "imported": _("Rows imported: {count}."),
        "import_failed": _("Nothing was imported:"),
        "import_unreadable": _("The file could not be read."),
        "download_file": _("Download {filename}"),
        "share_failed": _("Sharing did not work; copy the text instead."),
        "confirm_clear_all": _("Delete everything you entered in all five worksheets on this device?"),
        "cleared_all": _("Your entries in all worksheets were deleted."),
        "shared_from": _("Filled in from “{sheet}”."),
        "shared_detach": _("Change only here"),
        "shared_own": _("Only for this worksheet."),
        "shared_attach": _("Use the shared details again"),
        **sheet_titles(locale),
    }


def sheet_titles(locale: str) -> dict[str, str]:
    """Each worksheet's title in ``locale``, keyed ``sheet:<id>`` (the notes and the overview name them)."""
    _ = translator(locale)
    return {f"sheet:{sheet.id}": _(sheet.title) for sheet in SHEETS.values()}


def render_worksheet(sheet: Worksheet, locale: str, runtime_url: str) -> str:
    """The whole worksheet: form, status line, output region with a build-time example."""
    _ = translator(locale)
    prefix = f"ws-{sheet.id}"
    noted: set[str] = set()
    fieldsets = [
        f'<fieldset class="ws-group" data-group="{group.id}"><legend>{escape(_(group.legend))}</legend>'
        + _group_fields(sheet, group.fields, locale, noted)
        + "</fieldset>"
        for group in sheet.groups
    ]
    # On a phone the messages are far below: a jump to them after the first group, and one back.
    show = escape(_("Show my messages"))
    jump = f'<p class="ws-jump" id="{prefix}-jump"><a href="#{prefix}-output-title">{show}</a></p>'
    groups = "".join(fieldsets[:1]) + jump + "".join(fieldsets[1:])
    messages = ""
    if sheet.examples:
        example = run_sheet(sheet, sheet.example(locale), locale)
        messages = "".join(_message(output, _) for output in example["outputs"])  # type: ignore[union-attr]
    form_attributes = _attrs(
        data_worksheet=sheet.id,
        data_worksheet_state="loading",
        data_locale=locale,
        data_spec_version=sheet.version,
        data_runtime=runtime_url,
        novalidate=True,
        aria_labelledby=prefix + "-title",
    )
    no_script = _("This worksheet needs JavaScript to write your messages; without it, use the example below.")
    example_note = _("Example with made-up details – your own messages appear here once you fill in the form.")
    form = (
        f'<form class="ws-form" {form_attributes}>'
        f'<p class="ws-intro">{escape(_(sheet.intro))}</p>'
        f'<p class="ws-status" id="{prefix}-status" role="status" aria-live="polite" tabindex="-1" data-ws-status>'
        f"{escape(no_script)}</p>"
        # Shown while the engine could not start: after a broken connection, a second start often works.
        f'<p class="ws-retry" data-ws-retry hidden><button type="button" class="md-button" data-action="retry">'
        f"{escape(_('Try again'))}</button></p>"
        f'<p class="ws-summary" id="{prefix}-summary" role="alert" data-ws-summary hidden></p>'
        f"{groups}"
        '<div class="ws-actions">'
        f'<button type="submit" class="md-button md-button--primary">{escape(_(sheet.submit_label))}</button>'
        f'<button type="button" class="md-button" data-action="clear">{escape(_("Delete my entries"))}</button>'
        f'<button type="button" class="md-button" data-action="clear-all">'
        f"{escape(_('Delete my entries in all worksheets'))}</button>"
        "</div></form>"
    )
    output = (
        f'<section class="ws-output" aria-labelledby="{prefix}-output-title" data-ws-output>'
        f'<h2 id="{prefix}-output-title" tabindex="-1">{escape(_(sheet.output_heading))}</h2>'
        f'<p class="ws-jump ws-jump--back"><a href="#{prefix}-jump">{escape(_("Back to the form"))}</a></p>'
        f'<p class="ws-example-note" data-ws-example-note>{escape(example_note)}</p>'
        f'<div class="ws-messages" data-ws-messages>{messages}</div>'
        "</section>"
    )
    # An attribute, not a <script type="application/json">: Material's instant
    # navigation re-inserts body scripts without their type and would run it.
    data = escape(json.dumps(strings(locale), ensure_ascii=False), quote=True)
    return (
        f'<div class="ws" data-ws-root id="{prefix}" data-ws-strings="{data}">'
        f'<h2 id="{prefix}-title" class="ws-title">{escape(_("Your details"))}</h2>'
        f"{form}{output}{_template(_)}"
        "</div>"
    )


def render_overview(locale: str) -> str:
    """The overview page's box: which worksheets have entries on this device, and the next step.

    The page script (docs/assets/js/shared-details.js) fills it from the
    drafts and shows it; without JavaScript it stays hidden.
    """
    _ = translator(locale)
    texts = {
        "entries": _("entries saved on this device, last changed on {date}"),
        "no_entries": _("no entries yet"),
        "no_step": _("Start with “Am I ready?”."),
        "open": _("Open “{sheet}”"),
        "confirm_clear_all": strings(locale)["confirm_clear_all"],
        "cleared_all": strings(locale)["cleared_all"],
        **sheet_titles(locale),
    }
    items = "".join(
        f'<li data-sheet="{escape(sheet.id)}"><a href="{escape(sheet.id)}/">{escape(_(sheet.title))}</a>: '
        "<span data-sheet-state></span></li>"
        for sheet in SHEETS.values()
    )
    data = escape(json.dumps(texts, ensure_ascii=False), quote=True)
    return (
        f'<section class="ws-overview" data-ws-overview data-locale="{escape(locale)}" data-ws-strings="{data}" '
        'aria-labelledby="ws-overview-title" hidden>'
        f'<h2 id="ws-overview-title">{escape(_("Your worksheets on this device"))}</h2>'
        f"<ul>{items}</ul>"
        f"<p data-next-step><strong>{escape(_('Your next step:'))}</strong> <span data-next-step-text></span> "
        "<a data-next-step-link hidden></a></p>"
        f'<p><button type="button" class="md-button" data-action="clear-all">'
        f"{escape(_('Delete my entries in all worksheets'))}</button></p>"
        '<p class="ws-overview-status" role="status" aria-live="polite" data-overview-status></p>'
        "</section>"
    )
