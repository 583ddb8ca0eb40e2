"""Chromium with an observer in every page, and the ways the audit drives a worksheet.

The observer (``OBSERVER``) is installed with ``add_init_script`` (Playwright
runs it through the CDP, outside the page's CSP) before any page script. It
records, in ``window.__audit``:

- ``securitypolicyviolation`` events;
- calls of ``window.__canary`` (a payload that ran) and elements with
  ``data-canary`` that appeared at any time (a payload parsed as HTML);
- the engine's traffic: the last ``run`` request the page sent to the worker
  and the worker's answer to it, so a test waits for exactly its own answer
  and compares it with what CPython answers for the same values;
- the MIME type of every Blob offered for download, and long tasks.

It only watches: the page's own script is unchanged.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from audit.payloads import CANARY_ATTRIBUTE, CANARY_PATH
from macros.contract import STORAGE
from worksheets.spec import Field, Worksheet

BOOT_TIMEOUT = 60_000
TIMEOUT = 15_000
FORM = "form[data-worksheet]"
MESSAGES = "[data-ws-messages]"
DRAFT_PREFIX = STORAGE["draftPrefix"]
# What the page itself puts into the output region (macros/forms.py, worksheet.js).
OUTPUT_TAGS = frozenset({"article", "h3", "p", "span", "pre", "ul", "li", "div", "button", "a"})
# A watchdog, not a speed target: a page that paints no frame for this long is frozen (hung),
# however loaded the machine. How long tasks take is a figure of `make bench`, never a failure here.
FROZEN_MS = 10_000

OBSERVER = """
(() => {
  if (window.__audit) return;
  const audit = (window.__audit = {
    csp: [], canary: [], canaryElements: 0, asked: 0, answered: 0,
    lastRequest: null, lastResult: null, crashes: 0, blobTypes: [],
  });
  window.__canary = (what) => audit.canary.push(String(what));
  document.addEventListener("securitypolicyviolation", (e) => {
    audit.csp.push({ directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile,
                     line: e.lineNumber, sample: e.sample, page: location.pathname });
  });
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1) continue;
        if (node.matches("[CANARY]") || node.querySelector("[CANARY]")) audit.canaryElements += 1;
      }
    }
  }).observe(document, { childList: true, subtree: true });
  // Results come on the page's own BroadcastChannel (worksheet.js), or else from the worker itself.
  const answered = (event) => {
    const message = event.data || {};
    if (message.type !== "result") return;
    audit.answered = message.id;
    audit.lastResult = message.result;
    if (message.result && message.result.crash) audit.crashes += 1;
  };
  const NativeChannel = window.BroadcastChannel;
  if (NativeChannel) {
    window.BroadcastChannel = class extends NativeChannel {
      constructor(name) {
        super(name);
        if (String(name).startsWith("worksheet-answers:")) this.addEventListener("message", answered);
      }
    };
  }
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", answered);
    }
    postMessage(message, ...rest) {
      if (message && message.type === "run") {
        audit.asked = message.id;
        audit.lastRequest = message.request;
      }
      return super.postMessage(message, ...rest);
    }
  };
  const createObjectURL = URL.createObjectURL;
  URL.createObjectURL = function (object) {
    if (object instanceof Blob) audit.blobTypes.push(object.type);
    return createObjectURL.apply(this, arguments);
  };
})();
""".replace("CANARY", CANARY_ATTRIBUTE)


def host_of(url: str) -> str:
    """The host a request went to (``data``/``blob``/``about`` for local schemes)."""
    parts = urlsplit(url)
    return parts.hostname or parts.scheme


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's headless Chromium with the project's flags (tests/conftest.py)."""
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Watch:
    """Everything a context's pages did that the audit counts."""

    hosts: Counter[str] = field(default_factory=Counter)
    urls: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def foreign(self) -> list[str]:
        """Requests to any host but 127.0.0.1 (``data:``/``blob:``/``about:`` are local)."""
        return [url for url in self.urls if host_of(url) not in ("127.0.0.1", "data", "blob", "about")]

    def canary_requests(self) -> list[str]:
        """Requests a payload caused by becoming markup (``/__canary__/...``)."""
        return [url for url in self.urls if CANARY_PATH in urlsplit(url).path]


def new_context(browser: Any, watch: Watch, *, scheme: str = "light", reduced_motion: str = "no-preference") -> Any:
    """A fresh context (cold cache, empty storage) with the observer, recording into ``watch``."""
    context = browser.new_context(
        color_scheme=scheme,
        reduced_motion=reduced_motion,
        permissions=["clipboard-read", "clipboard-write"],
        accept_downloads=True,
    )
    context.set_default_timeout(TIMEOUT)
    context.add_init_script(OBSERVER)

    def record(request: Any) -> None:
        watch.urls.append(request.url)
        watch.hosts[host_of(request.url)] += 1

    context.on("request", record)
    context.on("page", lambda page: _watch_page(page, watch))
    return context


def _watch_page(page: Any, watch: Watch) -> None:
    page.on("pageerror", lambda error: watch.page_errors.append(str(error)))
    page.on("console", lambda message: watch.console_errors.append(message.text) if message.type == "error" else None)


def audit_state(page: Any) -> dict[str, Any]:
    """A copy of ``window.__audit``."""
    return dict(page.evaluate("() => JSON.parse(JSON.stringify(window.__audit || {}))"))


# --- worksheets -----------------------------------------------------------------------------


def control(name: str) -> str:
    """The selector of the form control named ``name``."""
    return f'{FORM} [name="{name}"]'


def wait_ready(page: Any) -> None:
    """Wait until the engine has started."""
    page.wait_for_selector(f"{FORM}[data-worksheet-state=ready]", timeout=BOOT_TIMEOUT)


def open_worksheet(context: Any, url: str) -> Any:
    """A new page at ``url``, with its engine ready."""
    page = context.new_page()
    page.goto(url)
    wait_ready(page)
    return page


def set_value(page: Any, spec: Field, name: str, value: object) -> None:
    """Put ``value`` into the control ``name`` the way a reader would (fill, choose, tick)."""
    selector = control(name)
    if spec.kind == "checkbox":
        page.set_checked(selector, value is True)
    elif spec.kind == "select":
        page.select_option(selector, str(value if value is not None else spec.default))
    else:
        page.fill(selector, "" if value is None else str(value))


def fill_values(page: Any, sheet: Worksheet, values: dict[str, object]) -> None:
    """Fill the whole form with ``values`` (table rows added as needed); fields not named get their default."""
    for spec in sheet.fields:
        if spec.kind != "table":
            set_value(page, spec, spec.id, values.get(spec.id, spec.default))
            continue
        rows = values.get(spec.id) or []
        assert isinstance(rows, list)
        while page.locator(f'[data-table="{spec.id}"] [data-rows] > [data-row]').count() < len(rows):
            page.click(f'[data-table="{spec.id}"] [data-action=add-row]')
        for number, row in enumerate(rows, start=1):
            for column in spec.columns:
                set_value(page, column, f"{spec.id}.{number}.{column.id}", row.get(column.id, column.default))


def submit(page: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Press "Write my messages"; wait for the engine's answer to exactly this run; (request, result)."""
    asked = page.evaluate("window.__audit.asked")
    page.click(f"{FORM} button[type=submit]")
    page.wait_for_function(
        "n => window.__audit.asked > n && window.__audit.answered === window.__audit.asked", arg=asked
    )
    state = audit_state(page)
    return json.loads(state["lastRequest"]), state["lastResult"]


def frozen(page: Any, watchdog_ms: int = FROZEN_MS) -> bool:
    """True when the page paints no frame and runs no task within ``watchdog_ms`` (a hung page)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.evaluate(
        """() => {
            window.__auditFrame = false;
            requestAnimationFrame(() => setTimeout(() => { window.__auditFrame = true; }, 0));
        }"""
    )
    try:
        page.wait_for_function("() => window.__auditFrame === true", timeout=watchdog_ms)
    except PlaywrightTimeout:
        return True
    return False


def page_problems(page: Any, watch: Watch, crash_text: str) -> list[str]:
    """Injection, tracebacks and crashes visible in the page right now."""
    problems = []
    state = audit_state(page)
    found = page.evaluate(
        """([attribute, allowed]) => ({
            now: document.querySelectorAll(`[${attribute}]`).length,
            foreign: [...document.querySelectorAll('[data-ws-messages] *')]
                .map((e) => e.tagName.toLowerCase()).filter((tag) => !allowed.includes(tag)),
            scriptLinks: document.querySelectorAll('a[href^="javascript:" i], a[href^="data:" i]').length,
            mailto: [...document.querySelectorAll('[data-action=mailto]')].map((a) => a.getAttribute('href')),
            text: document.body.innerText,
            status: (document.querySelector('[data-ws-status]') || {}).textContent || '',
        })""",
        [CANARY_ATTRIBUTE, sorted(OUTPUT_TAGS)],
    )
    if state.get("canary"):
        problems.append(f"a payload ran: __canary({state['canary']})")
    if state.get("canaryElements") or found["now"]:
        problems.append(f"a payload became markup: {found['now'] or state['canaryElements']} data-canary element(s)")
    if found["foreign"]:
        problems.append(f"unexpected elements in the messages: {sorted(set(found['foreign']))}")
    if found["scriptLinks"]:
        problems.append("a javascript:/data: link is on the page")
    bad_mail = [href for href in found["mailto"] if href != "mailto:" and not href.startswith("mailto:?")]
    bad_mail += [href for href in found["mailto"] if any(ch in href for ch in '<>" \n')]
    if bad_mail:
        problems.append(f"unsafe mailto links: {[href[:60] for href in bad_mail]}")
    if "Traceback" in found["text"] or 'File "/' in found["text"]:
        problems.append("a Python traceback is on the page")
    if state.get("crashes") or crash_text in found["status"]:
        problems.append("the engine crashed (the page shows its crash message)")
    canaries = watch.canary_requests()
    if canaries:
        problems.append(f"a payload made the browser request {canaries[:3]}")
    return problems


def storage(page: Any) -> dict[str, Any]:
    """What the site keeps in this browser: storage keys and values, Cache Storage, IndexedDB."""
    return dict(
        page.evaluate(
            """async () => {
                const entries = (s) => Object.fromEntries(Object.keys(s).map((k) => [k, s.getItem(k)]));
                const caches_ = {};
                if (self.caches) {
                    for (const name of await caches.keys()) {
                        const cache = await caches.open(name);
                        caches_[name] = (await cache.keys()).map((r) => new URL(r.url).pathname);
                    }
                }
                const databases = indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : [];
                return { local: entries(localStorage), session: entries(sessionStorage), caches: caches_, databases };
            }"""
        )
    )


def downloads(article: Any) -> Iterator[tuple[str, Any]]:
    """Press each download button of one output; (action, Playwright download) for each."""
    for action in ("download-txt", "download-eml"):
        button = article.locator(f"button[data-action={action}]")
        if not button.count():
            continue
        with article.page.expect_download() as info:
            button.click()
        yield action, info.value


def clear_entries(page: Any) -> list[str]:
    """Press "Delete my entries" and confirm; return what the confirmation asked."""
    asked: list[str] = []

    def accept(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    page.click(f"{FORM} [data-action=clear]")
    return asked


def instant_visit(page: Any, url: str) -> None:
    """Go to ``url`` the way a reader's click does with instant navigation (no reload)."""
    page.evaluate(
        """(url) => {
            const link = document.createElement('a');
            link.href = url;
            document.body.append(link);
            link.click();
            link.remove();
        }""",
        url,
    )
    page.wait_for_url(url)
    page.wait_for_load_state()
