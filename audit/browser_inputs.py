"""The bad inputs typed into real worksheet pages (Pyodide in the worker, the page's script).

The representative subset of the issue: every payload in every text field of
one worksheet per locale (introduction-request in German, thanks in English),
the URL field in both locales and the date fields of follow-up in both.
Each case types the payload over the sheet's example, presses "Write my
messages" and waits for the engine's answer to exactly that run. Then:

- the engine answered (no crash, no traceback on the page, the page still
  paints a frame: a watchdog of ``FROZEN_MS`` catches a hung page; how
  long its tasks take is for ``make bench``);
- Pyodide's answer equals CPython's for the values the page sent (the
  browser may already have cut the text to the field's ``maxlength``);
- the page shows that answer: the error text at the field with
  ``aria-invalid`` and ``aria-describedby``, or the messages as text;
- nothing the payload holds ran or became an element.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from audit.browser import (
    FROZEN_MS,
    MESSAGES,
    Watch,
    audit_state,
    control,
    fill_values,
    frozen,
    new_context,
    open_worksheet,
    page_problems,
    submit,
)
from audit.inputs import LOCALE_ROOTS, example
from audit.payloads import DATE_PAYLOADS, PAYLOADS, Payload
from macros.forms import strings
from worksheets import run
from worksheets.sheets import SHEETS

TEXT_KINDS = ("text", "textarea", "url")


@dataclass(frozen=True)
class Plan:
    """Which payloads go into which fields of which worksheet, in which locale."""

    locale: str
    sheet: str
    fields: tuple[str, ...]
    payloads: tuple[Payload, ...] = PAYLOADS


def _text_fields(sheet_id: str) -> tuple[str, ...]:
    return tuple(spec.id for spec in SHEETS[sheet_id].fields if spec.kind in TEXT_KINDS)


def _date_fields(sheet_id: str) -> tuple[str, ...]:
    return tuple(spec.id for spec in SHEETS[sheet_id].fields if spec.kind == "date")


FULL_PLAN = (
    Plan("de", "introduction-request", _text_fields("introduction-request")),
    Plan("en", "thanks", _text_fields("thanks")),
    Plan("en", "introduction-request", ("link",)),
    Plan("de", "follow-up", _date_fields("follow-up"), DATE_PAYLOADS),
    Plan("en", "follow-up", _date_fields("follow-up"), DATE_PAYLOADS),
)


@dataclass
class BrowserOutcome:
    """One payload in one field of a live page."""

    locale: str
    sheet: str
    field: str
    payload: str
    sent: str = ""
    answer: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        """``<locale>:<sheet>:<field>:<payload>``."""
        return f"{self.locale}:{self.sheet}:{self.field}:{self.payload}"


def _comparable(result: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "title", "body", "subject", "filename", "mailto", "mime", "kind")
    return {
        "ok": result.get("ok"),
        "errors": result.get("errors"),
        "outputs": [{key: output.get(key) for key in keys} for output in result.get("outputs", [])],
        "warnings": result.get("warnings"),
    }


def _shown_problems(page: Any, result: dict[str, Any], texts: dict[str, str]) -> list[str]:
    """Does the page show ``result``: errors at their fields, or the messages?"""
    problems = []
    errors: dict[str, str] = result.get("errors") or {}
    if errors:
        shown = page.evaluate(
            """(names) => names.map((name) => {
                const slot = document.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
                const field = document.querySelector(`form[data-worksheet] [name="${CSS.escape(name)}"]`);
                return {
                    text: slot ? slot.textContent : null,
                    visible: !!slot && !slot.hidden,
                    invalid: field ? field.getAttribute('aria-invalid') : 'no field',
                    described: !!field && !!slot
                        && (field.getAttribute('aria-describedby') || '').split(' ').includes(slot.id),
                };
            })""",
            list(errors),
        )
        for (name, message), seen in zip(errors.items(), shown, strict=True):
            if seen["text"] != message or not seen["visible"]:
                problems.append(f"the page does not show the error of {name!r} ({seen['text']!r})")
            if seen["invalid"] not in ("true", "no field"):
                problems.append(f"{name!r} is not marked aria-invalid")
            if seen["invalid"] != "no field" and not seen["described"]:
                problems.append(f"{name!r} is not described by its error")
        summary = page.locator("[data-ws-summary]")
        if not summary.is_visible() or summary.text_content() != texts["invalid"]:
            problems.append("the error summary (role=alert) is not shown")
        return problems
    bodies = page.eval_on_selector_all(
        f"{MESSAGES} article[data-output-id]", "els => els.map(e => e.querySelector('[data-out=body]').textContent)"
    )
    expected = [output["body"] for output in result.get("outputs", [])]
    if bodies != expected:
        problems.append("the page does not show the messages the engine wrote")
    return problems


def run_plan(
    browser: Any, base_url: str, plan: Plan, watch: Watch, progress: Callable[[str], None] = print
) -> list[BrowserOutcome]:
    """Type every payload of ``plan`` into its fields on one live page."""
    sheet = SHEETS[plan.sheet]
    texts = strings(plan.locale)
    prefix = LOCALE_ROOTS[plan.locale]
    context = new_context(browser, watch)
    outcomes: list[BrowserOutcome] = []
    try:
        page = open_worksheet(context, f"{base_url}{prefix}worksheets/{plan.sheet}/")
        baseline = example(sheet, plan.locale)
        fill_values(page, sheet, baseline)
        _request, result = submit(page)
        if not result.get("ok"):
            raise AssertionError(f"{plan.sheet} ({plan.locale}): the example does not write messages: {result}")
        for name in plan.fields:
            spec = sheet.field(name)
            for payload in plan.payloads:
                outcome = BrowserOutcome(plan.locale, plan.sheet, name, payload.id)
                outcomes.append(outcome)
                try:
                    page.fill(control(name), payload.text)
                except Exception as error:  # a date input refuses text a reader cannot type either
                    if spec.kind != "date":
                        raise
                    outcome.answer = f"refused by the browser: {str(error).splitlines()[0][:80]}"
                    continue
                outcome.sent = page.input_value(control(name))
                request, result = submit(page)
                outcome.answer = "crash" if result.get("crash") else ("ok" if result.get("ok") else "error")
                expected = run(plan.sheet, request["values"], plan.locale)
                if _comparable(result) != _comparable(expected):
                    outcome.problems.append("Pyodide's answer differs from CPython's for the same values")
                outcome.problems.extend(_shown_problems(page, result, texts))
                outcome.problems.extend(page_problems(page, watch, texts["crash"]))
                if frozen(page):
                    outcome.problems.append(f"the page froze: no frame painted within {FROZEN_MS / 1000:.0f} s")
                page.fill(control(name), str(baseline.get(name, "") or ""))
            progress(f"  {plan.locale} {plan.sheet} {name}: {len(plan.payloads)} payloads")
        state = audit_state(page)
        if state.get("csp"):
            outcomes[-1].problems.append(f"CSP violations while typing: {state['csp'][:3]}")
        page.close()
    finally:
        context.close()
    return outcomes
