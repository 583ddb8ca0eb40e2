"""Browser measurements in headless Chromium: readiness, main-thread blocking, keystrokes, bytes."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.server import CountingServer
from macros.plugin.html_edits import HELD_MATERIAL_BUNDLE
from tests.conftest import CHROMIUM, CHROMIUM_ARGS

BOOT_TIMEOUT = 90_000
SHEET = "introduction-request"
WORKSHEET = f"worksheets/{SHEET}/"
MARKER = "Bench Person"

# A bare Pyodide page for the baseline: loadPyodide on the main thread, then one runPython.
BARE_PAGE = """<!doctype html><html lang="en"><meta charset="utf-8"><title>bare Pyodide</title>
<script type="module">
import { loadPyodide } from "./assets/pyodide/pyodide.mjs";
const pyodide = await loadPyodide({ indexURL: new URL("./assets/pyodide/", location.href).href });
document.title = pyodide.runPython("str(1 + 1)");
performance.mark("bare-ready");
</script></html>
"""

# Collects, from the very start of a page, long tasks (main-thread tasks over 50 ms) and long
# animation frames (over 50 ms from a frame's first task to its rendering; the Long Tasks API
# leaves the browser's style and layout out, and a page's first frames are mostly that).
LONG_TASKS = """
window.__longTasks = [];
window.__longFrames = [];
window.__ourScripts = []; // per long frame, the time of each script of ours in it (assets/js, or inline)
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
}).observe({ type: "longtask", buffered: true });
if (PerformanceObserver.supportedEntryTypes.includes("long-animation-frame")) {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      window.__longFrames.push(entry.duration);
      for (const script of entry.scripts) {
        const source = script.sourceURL || "";
        if (source.includes("/assets/js/") || source === location.href) window.__ourScripts.push(script.duration);
      }
    }
  }).observe({ type: "long-animation-frame", buffered: true });
}
"""


def _longest(page: Any) -> tuple[float, float]:
    """The page's longest task and longest animation frame so far (0 when none was over 50 ms)."""
    tasks, frames = page.evaluate("[window.__longTasks, window.__longFrames]")
    return max(tasks, default=0.0), max(frames, default=0.0)


def draft_script(values: dict[str, object]) -> str:
    """An init script that stores ``values`` as the benchmarked worksheet's saved draft."""
    draft = {"version": 1, "values": values, "saved": 0}
    return f"localStorage.setItem({json.dumps('worksheet-draft:' + SHEET)}, {json.dumps(json.dumps(draft))});"


def _output_shown(page: Any) -> float:
    """Wait until Python's output for the seeded draft is on the page; its time since navigation start."""
    handle = page.wait_for_function(
        """(marker) => {
            const body = document.querySelector('[data-ws-messages] [data-output-id] [data-out="body"]');
            return body && body.textContent.includes(marker) ? performance.now() : false;
        }""",
        arg=MARKER,
        timeout=BOOT_TIMEOUT,
    )
    return float(handle.json_value())


# Chromium holds back tasks such as a worker's messages after a key press
# until it has drawn the next frame, so an answer that Python has ready within
# a few milliseconds reaches the page one frame later. Switched off only to
# show how much of the keystroke time is that wait, not our code.
NO_INPUT_DEFERRAL = ("--disable-features=DeferRendererTasksAfterInput",)


@contextmanager
def chromium(extra_args: tuple[str, ...] = ()) -> Iterator[Any]:
    """Debian's headless Chromium through Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *extra_args])
        try:
            yield browser
        finally:
            browser.close()


# Material's JavaScript bundle on a worksheet page: only a preload, run once Python has started.
MATERIAL_BUNDLE = HELD_MATERIAL_BUNDLE
# The worksheet page without Material's bundle, beside the real one (so every relative address holds).
WITHOUT_MATERIAL = WORKSHEET + "without-material.html"


def without_material_bundle(html: str) -> str:
    """The page without Material's bundle: every task left while it loads is ours (or the browser's)."""
    stripped, count = MATERIAL_BUNDLE.subn("", html)
    if count != 1:
        raise ValueError(f"expected Material's bundle script once in the page, found it {count} times")
    return stripped


def prepare_site(site: Path) -> None:
    """Add the bare Pyodide page and the worksheet without Material (the benchmark's copy only)."""
    (site / "bench-bare.html").write_text(BARE_PAGE, encoding="utf-8")
    page = (site / WORKSHEET / "index.html").read_text(encoding="utf-8")
    (site / WITHOUT_MATERIAL).write_text(without_material_bundle(page), encoding="utf-8")


SETTLE_MS = 1000
# Reloads: at once (the first page may still be finishing its own start), after
# the page has settled (what a reader's reload meets), and, for the worksheet,
# once its service worker controls the page (a later visit, every file from its cache).
RELOADS = ("at_once", "settled", "service_worker")


def _settle(page: Any) -> None:
    """Let a loaded page finish what it does after its first output (well before the service worker's 3 s)."""
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(SETTLE_MS)


def _bare_ready(page: Any) -> float:
    page.wait_for_function("() => performance.getEntriesByName('bare-ready').length > 0", timeout=BOOT_TIMEOUT)
    return float(page.evaluate("performance.getEntriesByName('bare-ready')[0].startTime"))


def _load_and_reload(
    browser: Any, url: str, ready: Callable[[Any], float], reload: str, scripts: tuple[str, ...]
) -> tuple[float, tuple[float, float], float]:
    """Fresh context: the first load's time to ``ready``, its longest task and frame before the reload, the reload's.

    Only a settled page's longest task covers its whole load: on a worksheet
    page Material's bundle runs after the first output.
    """
    context = browser.new_context()
    for script in (LONG_TASKS, *scripts):
        context.add_init_script(script)
    try:
        page = context.new_page()
        page.goto(url)
        cold = ready(page)
        if reload == "settled":
            _settle(page)
        elif reload == "service_worker":
            page.wait_for_function("() => Boolean(navigator.serviceWorker.controller)", timeout=BOOT_TIMEOUT)
        longest = _longest(page)
        page.reload()
        warm = ready(page)
        if reload == "service_worker":
            assert page.evaluate("Boolean(navigator.serviceWorker.controller)"), "reload not served by the worker"
        return cold, longest, warm
    finally:
        context.close()


def readiness(
    browser: Any, server: CountingServer, values: dict[str, object], runs: int, names: tuple[str, ...] = ("ws", "bare")
) -> dict[str, list[float]]:
    """Navigation start to first output (worksheet) and to bare-ready, cold and reloaded; longest tasks and frames.

    Each reload gets a fresh context, so every one is the page's second load,
    for the worksheet and the bare page alike.
    """
    figures: dict[str, list[float]] = {
        f"{name}_{figure}": [] for name in names for figure in ("cold", "longest_task", "longest_frame")
    }
    pages = {"ws": (WORKSHEET, _output_shown, (draft_script(values),)), "bare": ("bench-bare.html", _bare_ready, ())}
    for _ in range(runs):
        for reload in RELOADS:
            # The bare page has no service worker.
            for name in [name for name in names if name == "ws" or reload != "service_worker"]:
                path, ready, scripts = pages[name]
                cold, longest, warm = _load_and_reload(browser, server.url + path, ready, reload, scripts)
                figures.setdefault(f"{name}_warm_{reload}", []).append(warm)
                if reload == "at_once":
                    figures[f"{name}_cold"].append(cold)
                if reload == "settled":  # the whole load, Material's late start included
                    figures[f"{name}_longest_task"].append(longest[0])
                    figures[f"{name}_longest_frame"].append(longest[1])
    return figures


KEY_LATENCY = """
window.__lastInput = 0; window.__lastRender = 0;
document.addEventListener("input", () => { window.__lastInput = performance.now(); }, true);
addEventListener("DOMContentLoaded", () => {
  const target = document.querySelector("[data-ws-messages]");
  new MutationObserver(() => { window.__lastRender = performance.now(); })
    .observe(target, { subtree: true, childList: true, characterData: true });
});
"""


def keystrokes(
    browser: Any, server: CountingServer, values: dict[str, object], count: int, since_output: list[float] | None = None
) -> list[float]:
    """Milliseconds from each keystroke (input event) to the updated output, ``count`` times.

    Typing starts the moment the first output is shown; ``since_output``, when
    given, receives each keystroke's time after that moment.
    """
    context = browser.new_context()
    context.add_init_script(draft_script(values))
    context.add_init_script(KEY_LATENCY)
    page = context.new_page()
    page.goto(server.url + WORKSHEET)
    shown = _output_shown(page)
    field = page.locator("#ws-introduction-request-pitch")
    field.focus()
    page.keyboard.press("End")
    latencies = []
    for index in range(count):
        page.keyboard.type("abcdefghij"[index % 10])
        handle = page.wait_for_function(
            """() => (window.__lastRender > window.__lastInput
                ? [window.__lastRender - window.__lastInput, window.__lastInput] : false)""",
            timeout=10_000,
        )
        latency, typed_at = handle.json_value()
        latencies.append(float(latency))
        if since_output is not None:
            since_output.append(float(typed_at) - shown)
    context.close()
    return latencies


# A reader's browser that asks to save data: pages that link to a worksheet then warm up no runtime.
SAVE_DATA = "Object.defineProperty(navigator, 'connection', { get: () => ({ saveData: true }) });"


def page_bytes(
    browser: Any, server: CountingServer, path: str, wait_for_output: bool, scripts: tuple[str, ...] = ()
) -> tuple[int, int]:
    """Bytes sent for a first visit and for a repeat visit of ``path``."""
    context = browser.new_context()
    for script in scripts:
        context.add_init_script(script)
    page = context.new_page()
    counts = []
    for visit in range(2):
        server.reset()
        page.goto(server.url + path) if visit == 0 else page.reload()
        if wait_for_output:
            page.wait_for_selector('form[data-worksheet-state="ready"]', timeout=BOOT_TIMEOUT)
        page.wait_for_load_state("networkidle")
        counts.append(server.bytes_sent)
    context.close()
    return counts[0], counts[1]


def runtime_bytes(browser: Any, server: CountingServer, path: str) -> int:
    """Bytes of Pyodide files (assets/pyodide/) that a first visit of ``path`` requests while it loads.

    Until its ``load`` event: pages that link to a worksheet warm the runtime
    up once they are quiet (docs/assets/js/warm-up.js), which the throttled
    rows count as "with its warm-up".
    """
    context = browser.new_context()
    page = context.new_page()
    sizes: list[int] = []
    page.on(
        "requestfinished",
        lambda request: (
            sizes.append(request.sizes()["responseBodySize"]) if "/assets/pyodide/" in request.url else None
        ),
    )
    page.goto(server.url + path, wait_until="load")
    context.close()
    return sum(sizes)


def _longest_tasks(
    browser: Any,
    url: str,
    runs: int,
    scripts: tuple[str, ...],
    loaded: Callable[[Any], object],
    ours: list[float] | None = None,
) -> tuple[list[float], list[float]]:
    """Longest task and longest frame of each of ``runs`` cold loads of ``url``, in fresh contexts, until ``loaded``.

    With ``ours``, also the longest run of one script of ours in a long frame, per load (0 if none).
    """
    tasks, frames = [], []
    for _ in range(runs):
        context = browser.new_context()
        for script in (LONG_TASKS, *scripts):
            context.add_init_script(script)
        try:
            page = context.new_page()
            page.goto(url)
            loaded(page)
            task, frame = _longest(page)
            tasks.append(task)
            frames.append(frame)
            if ours is not None:
                ours.append(max(page.evaluate("window.__ourScripts"), default=0.0))
        finally:
            context.close()
    return tasks, frames


def longest_task_without_material(
    browser: Any, server: CountingServer, values: dict[str, object], runs: int, ours: list[float] | None = None
) -> tuple[list[float], list[float]]:
    """Longest tasks and frames while the worksheet without Material's bundle loads (until quiet after its output).

    The Long Animation Frames API names the scripts in a long frame: ``ours`` gets the longest of ours per load.
    What is left of the longest task is the browser's first style and layout of the page, with no script in it.
    """

    def loaded(page: Any) -> None:
        _output_shown(page)
        _quiet(page)

    return _longest_tasks(browser, server.url + WITHOUT_MATERIAL, runs, (draft_script(values),), loaded, ours)


def _quiet(page: Any) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # as long as the worksheet's wait for its first output, roughly


def longest_tasks_beside_plain(
    browser: Any, ours: CountingServer, plain: CountingServer, values: dict[str, object], runs: int
) -> dict[str, list[float]]:
    """Longest task and frame of the worksheet page and of plain Material's build of it, ``runs`` loads each, in turn.

    Each one's median moves with the machine from one minute to the next (five
    loads each flipped the ratio; bench/README.md, 2026-12-08), so the two are
    loaded one after the other, under the same conditions, more often than the other rows.
    The worksheet is waited for as in ``readiness()``: its output, then settled.
    """
    pages = (
        (
            "ws_beside_plain",
            ours.url + WORKSHEET,
            (draft_script(values),),
            lambda page: (_output_shown(page), _settle(page)),
        ),
        ("plain", plain.url + WORKSHEET, (), _quiet),
    )
    figures: dict[str, list[float]] = {
        f"{name}_{figure}": [] for name, *_ in pages for figure in ("longest_task", "longest_frame")
    }
    for _ in range(runs):
        for name, url, scripts, loaded in pages:
            (task,), (frame,) = _longest_tasks(browser, url, 1, scripts, loaded)
            figures[f"{name}_longest_task"].append(task)
            figures[f"{name}_longest_frame"].append(frame)
    return figures
