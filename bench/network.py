"""Worksheet and bare Pyodide page over a throttled link (bench/throttle.py): ready, bytes, memory."""

from __future__ import annotations

import json
import time
from typing import Any

from bench.browser import BOOT_TIMEOUT, WORKSHEET, _bare_ready, _output_shown, draft_script
from bench.throttle import Profile, ThrottledServer

ARTICLE = "article/"
QUIET_S = 1.5  # the server sent nothing for this long: the page (and its service worker) are done
# Chromium refuses CPU throttling for workers ("Operation is only supported for
# pages, not workers"), so the 4x profile slows the page's main thread only.
CPU_THROTTLING_SCOPE = "main thread only (Chromium throttles no workers)"


def _quiet(server: ThrottledServer, limit_s: float = 60) -> None:
    """Wait until the server has sent nothing for QUIET_S seconds."""
    deadline = time.monotonic() + limit_s
    last, since = server.bytes_sent, time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        if server.bytes_sent != last:
            last, since = server.bytes_sent, time.monotonic()
        elif time.monotonic() - since >= QUIET_S:
            return


def _context(browser: Any, scripts: tuple[str, ...], profile: Profile) -> tuple[Any, Any]:
    context = browser.new_context()
    for script in scripts:
        context.add_init_script(script)
    page = context.new_page()
    if profile.cpu_slowdown != 1:
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": profile.cpu_slowdown})
    return context, page


def _controlled(page: Any) -> None:
    page.wait_for_function("() => Boolean(navigator.serviceWorker.controller)", timeout=BOOT_TIMEOUT)


def _visits(browser: Any, server: ThrottledServer, name: str, values: dict[str, object]) -> dict[str, float]:
    """First visit and repeat visit of one page in a fresh context: ready (ms) and bytes sent for each."""
    worksheet = name == "ws"
    scripts = (draft_script(values),) if worksheet else ()
    ready = _output_shown if worksheet else _bare_ready
    context, page = _context(browser, scripts, server.profile)
    try:
        server.reset()
        page.goto(server.url + (WORKSHEET if worksheet else "bench-bare.html"))
        first = ready(page)
        at_ready = server.bytes_sent
        if worksheet:
            _controlled(page)  # a later visit meets the service worker
        _quiet(server)
        first_bytes = server.bytes_sent
        server.reset()
        page.reload()
        repeat = ready(page)
        _quiet(server)
        return {
            "first": first,
            "first_bytes_at_ready": at_ready,
            "first_bytes": first_bytes,
            "repeat": repeat,
            "repeat_bytes": server.bytes_sent,
        }
    finally:
        context.close()


def _article_then_worksheet(browser: Any, server: ThrottledServer, values: dict[str, object]) -> dict[str, float]:
    """The article first (until quiet: its warm-up included), then the worksheet in the same tab."""
    context, page = _context(browser, (draft_script(values),), server.profile)
    try:
        server.reset()
        page.goto(server.url + ARTICLE)
        page.wait_for_load_state("load")
        article_load_bytes = server.bytes_sent
        _quiet(server)
        article_bytes = server.bytes_sent
        server.reset()
        page.goto(server.url + WORKSHEET)
        ready = _output_shown(page)
        at_ready = server.bytes_sent
        _quiet(server)
        return {
            "article_bytes_at_load": article_load_bytes,
            "article_bytes": article_bytes,
            "worksheet": ready,
            "worksheet_bytes_at_ready": at_ready,
            "worksheet_bytes": server.bytes_sent,
        }
    finally:
        context.close()


def network_rows(browser: Any, site: Any, values: dict[str, object], profiles: tuple[Profile, ...], runs: int) -> dict:
    """Per profile, ``runs`` times: the worksheet, the bare page, and the article followed by the worksheet."""
    results: dict[str, Any] = {}
    for profile in profiles:
        server = ThrottledServer(site, profile)
        rows: dict[str, list[dict[str, float]]] = {"ws": [], "bare": [], "article_ws": []}
        try:
            for _ in range(runs):
                rows["ws"].append(_visits(browser, server, "ws", values))
                rows["bare"].append(_visits(browser, server, "bare", values))
                if profile.cpu_slowdown == 1:
                    rows["article_ws"].append(_article_then_worksheet(browser, server, values))
        finally:
            server.stop()
        results[profile.name] = {"profile": profile.__dict__, "runs": rows}
    return results


MEMORY_HEADERS = {"Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp"}
FAST = Profile("loopback", 10_000, 0)


def worksheet_memory(browser: Any, site: Any, values: dict[str, object]) -> dict[str, int]:
    """The worksheet page's memory once ready (measureUserAgentSpecificMemory; needs cross-origin isolation).

    Served with COOP and COEP for this one measurement only; the breakdown
    names the engine's worker, which holds Pyodide's wasm memory.
    """
    server = ThrottledServer(site, FAST, MEMORY_HEADERS)
    context, page = _context(browser, (draft_script(values),), FAST)
    try:
        page.goto(server.url + WORKSHEET)
        _output_shown(page)
        measured = json.loads(
            page.evaluate(
                """async () => {
                const r = await performance.measureUserAgentSpecificMemory();
                const engine = r.breakdown
                  .filter((b) => b.attribution.some((a) => a.url.includes("worksheet-worker.mjs")))
                  .reduce((sum, b) => sum + b.bytes, 0);
                return JSON.stringify({ total: r.bytes, engine });
            }"""
            )
        )
        return {"total": measured["total"], "engine_worker": measured["engine"]}
    finally:
        context.close()
        server.stop()
