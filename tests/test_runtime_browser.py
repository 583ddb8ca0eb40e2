"""The runtime in the browser: snapshot boot and its fallback, the service worker, offline use."""

from __future__ import annotations

import functools
import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

import pytest
from playwright.sync_api import expect

from macros.contract import FILES, STORAGE
from tests.conftest import NATIVE_BROTLI, _QuietHandler, performance_mark, response_start

pytestmark = pytest.mark.browser

PAGE = "worksheets/ready-check/"
READY = 'form[data-worksheet-state="ready"]'
BOOT_TIMEOUT = 60_000


def boot(page: Any, url: str) -> dict[str, Any]:
    """Open ``url``, wait until the engine is ready; the ready mark's detail."""
    page.goto(url)
    page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    return page.evaluate("performance.getEntriesByName('worksheet-ready')[0].detail")


def tick_first_box_and_read_result(page: Any) -> str:
    page.check("#ws-ready-check-cv_updated")
    locator = page.locator('[data-ws-messages] [data-output-id="todo"] [data-out="body"]')
    locator.wait_for(timeout=15_000)
    return locator.inner_text()


def runtime_dir(site: Path) -> Path:
    return site / "assets" / "pyodide"


EARLY_META = re.compile(r'\s*<meta name="worksheet-runtime"[^>]*>')


def break_runtime(site: Path, breakage: str | None) -> None:
    """Damage the copied site the way ``breakage`` names."""
    runtime = runtime_dir(site)
    page = site / PAGE / "index.html"
    manifest = json.loads((runtime / "runtime.json").read_text(encoding="utf-8"))
    if breakage == "corrupt-snapshot":
        (runtime / f"{manifest['snapshot']}.1").write_bytes(b"\x1f\x8b" + b"not a snapshot" * 100)
    elif breakage == "other-pyodide":
        # The page's inline contract (macros/contract.py) names another Pyodide than the runtime's.
        html = page.read_text(encoding="utf-8")
        named = f'"pyodide":"{manifest["pyodide"]}"'
        assert html.count(named) == 1, "the page's contract does not name the Pyodide version"
        page.write_text(html.replace(named, '"pyodide":"0.0.0"'), encoding="utf-8")
    elif breakage == "corrupt-wasm-br":
        (runtime / "pyodide.asm.wasm.br").write_bytes(b"\x1f\x8b" + b"not wasm" * 100)
    elif breakage == "no-brotli-decoder":
        (runtime / FILES["brotliDecoder"]).unlink()
    elif breakage == "no-unpack-worker":
        (site / "assets" / "js" / "unpack-worker.mjs").unlink()
    elif breakage in ("no-early-start", "no-early-start-no-manifest"):
        # The page then starts the engine from worksheet.js, as after instant navigation.
        html, count = EARLY_META.subn("", page.read_text(encoding="utf-8"))
        assert count == 1
        page.write_text(html, encoding="utf-8")
        if breakage == "no-early-start-no-manifest":
            (runtime / "runtime.json").unlink()


BY_DECODER = "snapshot, if the browser unpacks brotli itself"


@pytest.mark.parametrize(
    ("breakage", "via", "early"),
    [
        pytest.param(None, "snapshot", True, id="intact"),
        pytest.param("corrupt-snapshot", "boot", True, id="corrupt-snapshot"),
        pytest.param("other-pyodide", "boot", True, id="snapshot-of-another-pyodide"),
        pytest.param("no-unpack-worker", "boot", True, id="unpack-worker-missing"),
        pytest.param("no-brotli-decoder", BY_DECODER, True, id="brotli-decoder-missing"),
        pytest.param("corrupt-wasm-br", "snapshot", True, id="brotli-wasm-corrupt-plain-wasm-used"),
        pytest.param("no-early-start", "snapshot", False, id="started-by-worksheet-js"),
        pytest.param("no-early-start-no-manifest", "boot", False, id="started-by-worksheet-js-no-runtime-json"),
    ],
)
def test_the_engine_boots_from_the_snapshot_or_falls_back(
    breakage: str | None,
    via: str,
    early: bool,
    site_copy: Callable[[], Path],
    serve: Callable[[Path], str],
    context: Any,
) -> None:
    site = site_copy()
    break_runtime(site, breakage)
    page = context.new_page()
    detail = boot(page, serve(site) + PAGE)
    native = page.evaluate(NATIVE_BROTLI)
    if via == BY_DECODER:  # only a browser without a brotli DecompressionStream needs the decoder
        via = "snapshot" if native else "boot"
    assert detail["via"] == via
    if via == "snapshot":
        assert detail["brotli"] == ("native" if native else "wasm")
    # One engine per page: the one the <head> started is adopted, not doubled.
    assert page.evaluate("window.__worksheetWorkerBoots") == 1
    assert page.evaluate("performance.getEntriesByName('worksheet-early-start').length") == int(early)
    result = tick_first_box_and_read_result(page)
    assert result.startswith("Noch nicht ganz"), result  # German, from the catalogs in the engine


BROTLI_FILE = re.compile(r"\.br(\.\d+)?$")


class _DecodingHostHandler(_QuietHandler):
    """A host that sends its ``.br`` files as ``Content-Encoding: br``, so that the browser unpacks them itself."""

    def end_headers(self) -> None:
        if BROTLI_FILE.search(self.path.split("?")[0]):
            self.send_header("Content-Encoding", "br")
        super().end_headers()


@contextmanager
def decoding_host(site: Path, handler: type[_QuietHandler] = _DecodingHostHandler) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 through ``handler`` (by default ``_DecodingHostHandler``); its base URL."""
    from http.server import ThreadingHTTPServer

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_a_host_that_unpacks_the_brotli_files_itself_still_gets_the_snapshot(built_site: Path, context: Any) -> None:
    with decoding_host(built_site) as base:
        page = context.new_page()
        encodings: list[str | None] = []
        page.on(
            "response",
            lambda r: encodings.append(r.headers.get("content-encoding")) if ".snapshot.br." in r.url else None,
        )
        detail = boot(page, base + PAGE)
        assert encodings == ["br"]  # the host said so, and the browser unpacked it
        assert detail["via"] == "snapshot"
        assert detail["brotli"] == "plain"  # the unpack worker saw the snapshot's own first bytes
        assert tick_first_box_and_read_result(page).startswith("Noch nicht ganz")


WASM_CHUNK = 64 * 1024
WASM_CHUNK_GAP_S = 0.03  # about 2 MB/s: the wasm takes some 1.3 s


class _SlowWasmHandler(_QuietHandler):
    """Sends the brotli'd wasm slowly; notes how much of it had gone when the snapshot was asked for."""

    wasm_sent: ClassVar[int] = 0
    wasm_size: ClassVar[int] = 0
    sent_when_snapshot_asked: ClassVar[list[int]] = []

    def copyfile(self, source: Any, outputfile: Any) -> None:
        if not self.path.split("?")[0].endswith("pyodide.asm.wasm.br"):
            super().copyfile(source, outputfile)
            return
        while chunk := source.read(WASM_CHUNK):
            outputfile.write(chunk)
            outputfile.flush()
            type(self).wasm_sent += len(chunk)
            time.sleep(WASM_CHUNK_GAP_S)

    def send_head(self) -> Any:
        path = self.path.split("?")[0]
        if ".snapshot.br." in path:
            type(self).sent_when_snapshot_asked.append(type(self).wasm_sent)
        if path.endswith("pyodide.asm.wasm.br"):
            type(self).wasm_size = Path(self.translate_path(path)).stat().st_size
        return super().send_head()


def test_the_snapshot_is_downloaded_after_the_wasm_not_beside_it(built_site: Path, context: Any) -> None:
    """So that the engine builds Pyodide's module while the snapshot still downloads (unpack-worker.mjs)."""
    _SlowWasmHandler.sent_when_snapshot_asked = []
    _SlowWasmHandler.wasm_sent = 0
    with decoding_host(built_site, _SlowWasmHandler) as base:
        page = context.new_page()
        detail = boot(page, base + PAGE)
        assert detail["via"] == "snapshot"
        assert tick_first_box_and_read_result(page).startswith("Noch nicht ganz")
    asked = _SlowWasmHandler.sent_when_snapshot_asked
    assert asked, "the snapshot was never asked for"
    # Asked for once the wasm was nearly done: at this rate, with a first byte in milliseconds, its last chunks.
    assert min(asked) >= 0.9 * _SlowWasmHandler.wasm_size, (asked, _SlowWasmHandler.wasm_size)


LATENCY_S = 0.2


def _boot_with_our_decoder(site: Path, context: Any, handler: type[_QuietHandler]) -> list[str]:
    """Boot the page from ``handler``'s host with our brotli decoder and answer; the wasm's resource initiators."""
    with decoding_host(site, handler) as base:
        page = context.new_page()
        detail = boot(page, base + PAGE)
        assert (detail["via"], detail["brotli"]) == ("snapshot", "wasm")
        assert tick_first_box_and_read_result(page).startswith("Noch nicht ganz")
        return page.evaluate(
            """() => performance.getEntriesByType('resource')
                 .filter((e) => e.name.endsWith('pyodide.asm.wasm.br')).map((e) => e.initiatorType)"""
        )


class _DistantSlowWasmHandler(_SlowWasmHandler):
    """The slow wasm, its head at once; the decoder's two files, the unpack worker's other requests, after LATENCY_S.

    So the head's preload has the wasm's first bytes at once, and so has the worker's fetch, which joins it:
    only the worker's other requests tell it how long a request waits for its first byte.
    """

    arrived_when_snapshot_asked: ClassVar[list[int]] = []

    def send_head(self) -> Any:
        path = self.path.split("?")[0]
        if ".snapshot.br." in path:
            type(self).arrived_when_snapshot_asked.append(type(self).wasm_sent)
        if "/brotli_dec_wasm" in path:
            time.sleep(LATENCY_S)
        return super().send_head()


def test_the_snapshot_is_asked_for_before_a_preloaded_wasm_ends(built_site: Path, context: Any) -> None:
    """The worker's fetch joins the head's preload and has its first bytes at once; the lead comes from its others.

    Asked for only at the wasm's end, the snapshot left the link idle for a round trip (unpack-worker.mjs).
    """
    _DistantSlowWasmHandler.arrived_when_snapshot_asked = []
    _DistantSlowWasmHandler.wasm_sent = 0
    initiators = _boot_with_our_decoder(built_site, context, _DistantSlowWasmHandler)
    assert initiators == ["link"], initiators  # the preload's download, which the worker's fetch joined
    asked, size = _DistantSlowWasmHandler.arrived_when_snapshot_asked, _DistantSlowWasmHandler.wasm_size
    assert asked, "the snapshot was never asked for"
    # The lead (unpack-worker.mjs): 1.5 x the others' first byte (LATENCY_S) at the wasm's rate, some 0.65 MB before
    # the end (0.64 in four runs). By the wasm's own first byte alone, it was 0.12-0.25 MB.
    early = 1.5 * LATENCY_S * WASM_CHUNK / WASM_CHUNK_GAP_S
    assert size - 1.6 * early <= min(asked) <= size - 0.6 * early, (asked, size)


class _OrderedSlowWasmHandler(_SlowWasmHandler):
    """The slow wasm, and the paths asked for, in the order they were asked for."""

    asked: ClassVar[list[str]] = []

    def send_head(self) -> Any:
        type(self).asked.append(self.path.split("?")[0])
        return super().send_head()


def test_the_wasm_is_preloaded_with_the_stylesheets_and_downloaded_once(built_site: Path, context: Any) -> None:
    """The head's preload starts it before the unpack worker can; the worker reads that download (worksheet_boot.js)."""
    _OrderedSlowWasmHandler.asked = []
    _OrderedSlowWasmHandler.wasm_sent = 0
    initiators = _boot_with_our_decoder(built_site, context, _OrderedSlowWasmHandler)
    asked = _OrderedSlowWasmHandler.asked
    wasm = [index for index, path in enumerate(asked) if path.endswith("pyodide.asm.wasm.br")]
    assert len(wasm) == 1, asked  # while it was still arriving, the worker's fetch read the same download
    assert initiators == ["link"], initiators
    assert wasm[0] < asked.index("/assets/js/unpack-worker.mjs"), asked


# Run before the page's own scripts: the time of the page's first frame (a rAF
# callback runs just before the browser draws it), and how to pretend that the
# tab draws no frames, or is hidden.
FIRST_FRAME = "requestAnimationFrame(() => (window.__firstFrame = performance.now()));"
NO_FRAMES = "window.requestAnimationFrame = () => 0;"
HIDDEN = "Object.defineProperty(document, 'visibilityState', { get: () => 'hidden' });"
FIRST_FRAME_WAIT_MS = 300  # macros/worksheet_boot.js


def test_the_engine_starts_once_the_page_has_drawn_its_first_frame(site_url: str, context: Any) -> None:
    context.add_init_script(FIRST_FRAME)
    page = context.new_page()
    assert boot(page, site_url + PAGE)["via"] == "snapshot"
    early, frame = performance_mark(page, "worksheet-early-start"), page.evaluate("window.__firstFrame")
    response = response_start(page)
    # After the first frame, or (on a machine too busy to draw it in time) when the wait ran out.
    waited_out = frame > early >= response + FIRST_FRAME_WAIT_MS - 1
    assert early >= frame or waited_out, (early, frame, response)
    assert page.evaluate("window.__worksheetWorkerBoots") == 1


@pytest.mark.parametrize(
    ("scripts", "starts_before_worksheet_js"),
    [
        pytest.param((NO_FRAMES,), False, id="no-frame-drawn"),
        pytest.param((NO_FRAMES, HIDDEN), True, id="hidden-tab"),
    ],
)
def test_the_engine_starts_without_a_frame(
    scripts: tuple[str, ...], starts_before_worksheet_js: bool, site_url: str, context: Any
) -> None:
    for script in scripts:
        context.add_init_script(script)
    page = context.new_page()
    assert boot(page, site_url + PAGE)["via"] == "snapshot"
    early, adopting = performance_mark(page, "worksheet-early-start"), performance_mark(page, "worksheet-engine-start")
    response = response_start(page)
    if starts_before_worksheet_js:  # a hidden tab: at once, from the <head>
        assert early < adopting, (early, adopting)
    else:  # no frame: when the wait runs out
        assert early >= response + FIRST_FRAME_WAIT_MS - 1, (early, response)
    assert page.evaluate("window.__worksheetWorkerBoots") == 1
    assert tick_first_box_and_read_result(page).startswith("Noch nicht ganz")


def caches(page: Any) -> list[str]:
    return page.evaluate("caches.keys()")


def wait_for_caches(page: Any, expected: list[str], seconds: float = 15.0) -> None:
    """Poll until the page's cache names are ``expected`` (an async predicate would not be awaited)."""
    deadline = time.monotonic() + seconds
    while caches(page) != expected:
        assert time.monotonic() < deadline, f"caches are {caches(page)}, not {expected}"
        page.wait_for_timeout(100)


@contextmanager
def controlled(browser: Any, url: str) -> Iterator[tuple[Any, Any]]:
    """A fresh context whose page has booted ``url`` once and is now controlled by the service worker."""
    context = browser.new_context()
    try:
        page = context.new_page()
        boot(page, url)
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15_000)
        yield context, page
    finally:
        context.close()


def test_a_worksheet_works_offline_after_one_visit(site_url: str, browser: Any) -> None:
    with controlled(browser, site_url + PAGE) as (context, page):
        boot(page, site_url + PAGE)  # now through the service worker, which caches what it serves
        context.set_offline(True)
        detail = boot(page, site_url + PAGE)
        assert detail["via"] == "snapshot"
        assert tick_first_box_and_read_result(page).startswith("Noch nicht ganz")


def test_a_repeat_visit_takes_the_runtime_from_the_cache(site_url: str, browser: Any) -> None:
    with controlled(browser, site_url + PAGE) as (_, page):
        served: list[str] = []
        fetched: list[str] = []
        page.on("response", lambda r: (served if r.from_service_worker else fetched).append(r.url))
        assert boot(page, site_url + PAGE)["brotli"] == "stored"  # the copy the first visit kept (tests below)
        assert any(url.endswith("pyodide.asm.mjs") for url in served)
        assert not [url for url in fetched if "/assets/pyodide/" in url], fetched


UNPACKED = "caches.keys().then((names) => caches.open(names[0])).then((cache) => cache.keys())"
EVERY_CACHED_URL = """caches.keys()
    .then((names) => Promise.all(names.map((name) => caches.open(name).then((cache) => cache.keys()))))
    .then((lists) => lists.flat().map((request) => request.url))"""
CACHES = "caches.keys()"


def kept_copies(page: Any) -> list[str]:
    """What the unpack worker kept in the service worker's cache (once its write had a second to finish)."""
    page.wait_for_timeout(1000)
    return [url for url in page.evaluate(f"{UNPACKED}.then((rs) => rs.map((r) => r.url))") if "?unpacked" in url]


def test_a_first_visit_keeps_what_the_decoder_unpacked_and_the_next_takes_it(site_url: str, context: Any) -> None:
    page = context.new_page()
    assert not page.evaluate(NATIVE_BROTLI), "Chromium 156 has no brotli DecompressionStream: our decoder runs"
    assert boot(page, site_url + PAGE)["brotli"] == "wasm"
    contract = page.evaluate("JSON.parse(document.getElementById('worksheet-contract').textContent)")
    assert len(kept_copies(page)) == 2
    # In the cache the service worker makes and keeps: the same name.
    assert page.evaluate(CACHES) == [contract["storage"]["cachePrefix"] + contract["version"]]
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15_000)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    detail = boot(page, site_url + PAGE)
    assert (detail["via"], detail["brotli"]) == ("snapshot", "stored")
    assert not [url for url in requested if ".br" in url], requested
    assert tick_first_box_and_read_result(page).startswith("Noch nicht ganz")


def test_the_copies_are_kept_only_once_the_engine_has_started(site_url: str, context: Any) -> None:
    """Storing them (some 24 MB) while the engine restored the snapshot slowed the start (unpack-worker.mjs)."""
    page = context.new_page()
    assert boot(page, site_url + PAGE)["brotli"] == "wasm"  # a page that asks nothing at once: no answer yet
    page.wait_for_timeout(300)  # the engine's word comes 1 s after "ready" on such a page
    assert not [url for url in page.evaluate(EVERY_CACHED_URL) if "?unpacked" in url]
    page.wait_for_timeout(1000)
    assert len(kept_copies(page)) == 2


def test_a_page_of_an_older_build_makes_no_cache_beside_a_newer_builds(site_url: str, context: Any) -> None:
    newer = STORAGE["cachePrefix"] + "a-newer-build"
    context.route("**/sw.js", lambda route: route.abort())  # no service worker of this build gets in between
    page = context.new_page()
    page.goto(site_url + "404.html")
    page.evaluate(f"caches.open({json.dumps(newer)})")
    assert boot(page, site_url + PAGE)["brotli"] == "wasm"
    page.wait_for_timeout(1000)
    assert page.evaluate(CACHES) == [newer]  # that build has deleted ours: not made again


def test_a_spoilt_copy_in_the_cache_falls_back_and_is_forgotten(site_url: str, browser: Any) -> None:
    with controlled(browser, site_url + PAGE) as (_, page):
        assert len(kept_copies(page)) == 2
        page.evaluate(
            """caches.keys().then((names) => caches.open(names[0])).then(async (cache) => {
              const key = (await cache.keys()).find((r) => r.url.endsWith("?unpacked"));
              await cache.put(key, new Response("WSSNAP02 spoilt"));
            })"""
        )
        assert boot(page, site_url + PAGE)["via"] == "boot"
        assert kept_copies(page) == []  # forgotten: the next visit unpacks again
        assert boot(page, site_url + PAGE)["brotli"] == "wasm"


def test_a_visit_while_the_service_worker_sleeps_requests_the_page_at_once(site_url: str, browser: Any) -> None:
    with controlled(browser, site_url + PAGE) as (context, page):
        state = page.evaluate("navigator.serviceWorker.ready.then((r) => r.navigationPreload.getState())")
        assert state["enabled"] is True
        # As on a later day: the browser has stopped the idle worker.
        cdp = context.new_cdp_session(page)
        cdp.send("ServiceWorker.enable")
        cdp.send("ServiceWorker.stopAllWorkers")
        requests: list[tuple[str, bool]] = []
        context.on("request", lambda r: requests.append((r.url, "service-worker-navigation-preload" in r.headers)))
        detail = boot(page, site_url + PAGE)
        # The page was requested while the worker started (navigation preload), and
        # the worker used that answer instead of asking the network again.
        from_network = [preload for url, preload in requests if url == site_url + PAGE and not preload]
        assert [url for url, preload in requests if preload] == [site_url + PAGE]
        assert len(from_network) == 1, requests  # the page's own request, answered by the worker
        assert detail["via"] == "snapshot"
        assert page.evaluate("navigator.serviceWorker.controller !== null")


def test_a_new_build_replaces_the_cache(
    site_copy: Callable[[], Path], serve: Callable[[Path], str], browser: Any
) -> None:
    site = site_copy()
    url = serve(site)
    sw = site / "sw.js"
    old = re.search(r'const VERSION = "([^"]+)"', sw.read_text(encoding="utf-8"))
    assert old
    with controlled(browser, url + PAGE) as (_, page):
        boot(page, url + PAGE)
        assert caches(page) == [f"netzwerk-guide-{old.group(1)}"]
        # A deploy: the next build carries another version.
        sw.write_text(sw.read_text(encoding="utf-8").replace(old.group(1), "next-build"), encoding="utf-8")
        page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
        wait_for_caches(page, ["netzwerk-guide-next-build"])
        boot(page, url + PAGE)
        assert caches(page) == ["netzwerk-guide-next-build"]


def _runtime_requests(requests: list[str]) -> list[str]:
    return [url for url in requests if "/assets/pyodide/" in url or url.endswith("sw.js")]


def cached_urls(page: Any) -> list[str]:
    return page.evaluate(
        "caches.keys().then((names) => Promise.all(names.map((n) => caches.open(n).then((c) => c.keys()))))"
        ".then((lists) => lists.flat().map((request) => request.url))"
    )


def test_article_pages_load_no_runtime_while_loading_then_warm_it_up_for_the_worksheet(
    site_url: str, browser: Any
) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        requests: list[str] = []
        context.on("request", lambda request: requests.append(request.url))
        page.goto(site_url + "article/", wait_until="load")
        assert not _runtime_requests(requests), "the article requested the runtime while it loaded"
        # Once the page is quiet, the service worker stores the runtime.
        page.wait_for_function("() => Boolean(navigator.serviceWorker.controller)", timeout=30_000)
        deadline = time.monotonic() + 60
        while not any(".snapshot.br." in url for url in cached_urls(page)):
            assert time.monotonic() < deadline, cached_urls(page)
            page.wait_for_timeout(250)
        served: list[str] = []
        page.on("response", lambda r: served.append(r.url) if r.from_service_worker else None)
        detail = boot(page, site_url + PAGE)
        assert detail["via"] == "snapshot"
        assert any(url.endswith(".snapshot.br.1") for url in served)
        assert any(url.endswith("pyodide.asm.wasm.br") for url in served)
    finally:
        context.close()


NO_WARM_UP = {
    "save-data": "{saveData: true, effectiveType: '4g', type: 'wifi'}",
    "3g": "{saveData: false, effectiveType: '3g', type: 'wifi'}",
    "cellular": "{saveData: false, effectiveType: '4g', type: 'cellular'}",
    "no-connection-api": "undefined",
}


@pytest.mark.parametrize(
    ("connection", "path"),
    [
        *[pytest.param(NO_WARM_UP[name], "article/", id=name) for name in NO_WARM_UP],
        pytest.param(None, "about-the-source/", id="page-without-a-worksheet-link"),
    ],
)
def test_no_warm_up_on_a_metered_or_slow_connection_or_without_a_worksheet_link(
    connection: str | None, path: str, site_url: str, browser: Any
) -> None:
    context = browser.new_context()
    if connection is not None:
        context.add_init_script(f"Object.defineProperty(navigator, 'connection', {{ get: () => ({connection}) }});")
    try:
        page = context.new_page()
        requests: list[str] = []
        context.on("request", lambda request: requests.append(request.url))
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(2000)  # well past an idle page's requestIdleCallback
        assert page.evaluate("performance.getEntriesByName('runtime-warm-up').length") == 0
        assert page.evaluate("navigator.serviceWorker.getRegistrations().then((r) => r.length)") == 0
        assert not _runtime_requests(requests)
    finally:
        context.close()


def test_a_dead_worker_is_replaced_and_the_entries_survive(site_url: str, context: Any) -> None:
    page = context.new_page()
    boot(page, site_url + PAGE)
    tick_first_box_and_read_result(page)
    page.evaluate("window.__worksheetEngine.worker.terminate()")  # the worker dies without a word

    page.check("#ws-ready-check-target_clear")  # this run gets no answer; the page notices and restarts

    page.wait_for_function("() => window.__worksheetWorkerBoots === 2", timeout=15_000)
    page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    todo = page.locator('[data-ws-messages] [data-output-id="todo"] [data-out="body"]')
    expect(todo).not_to_contain_text("Legen Sie fest, zu welcher Organisation", timeout=15_000)
    assert "Benennen Sie die Stelle" in todo.inner_text()
    assert page.is_checked("#ws-ready-check-cv_updated")
    assert page.is_checked("#ws-ready-check-target_clear")
    assert "Fehler" in page.locator("[data-ws-status]").inner_text()


CONTRACT = re.compile(r'<script type="application/json" id="worksheet-contract">(.*?)</script>', re.S)
MATERIAL_BUNDLE = re.compile(r'<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"></script>')


def test_the_plain_path_boots_normally_with_material_untouched(
    plain_site: Path, serve: Callable[[Path], str], context: Any
) -> None:
    html = (plain_site / PAGE / "index.html").read_text(encoding="utf-8")
    contract = CONTRACT.search(html)
    assert contract, "no contract on the plain path's worksheet page"
    assert json.loads(contract.group(1))["fastStart"] is False
    assert json.loads((runtime_dir(plain_site) / "runtime.json").read_text(encoding="utf-8"))["fastStart"] is False
    # No start from <head>, no held-back bundle, no search wrapper: Material's page as Material writes it.
    markup = CONTRACT.sub("", html)  # the contract names the data-* vocabulary, data-material-bundle too
    for trick in ("worksheet-early-start", "data-material-bundle", "search-guard", 'name="worksheet-runtime"'):
        assert trick not in markup, trick
    assert MATERIAL_BUNDLE.search(markup), "Material's bundle is not loaded as Material writes it"
    page = context.new_page()
    # The fast start's channels (answers, the search's wait) are not opened on the plain path.
    page.add_init_script(
        "window.__channels = []; const Channel = window.BroadcastChannel;"
        "window.BroadcastChannel = class extends Channel {"
        "  constructor(name) { super(name); window.__channels.push(String(name)); } };"
    )
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    detail = boot(page, serve(plain_site) + PAGE)
    assert detail["via"] == "plain"
    assert page.evaluate("window.__worksheetWorkerBoots") == 1
    assert "Noch nicht ganz" in tick_first_box_and_read_result(page)
    assert page.evaluate("window.__channels") == [], "the plain path opened the fast start's channels"
    assert not [url for url in requests if ".snapshot.br" in url or url.endswith("unpack-worker.mjs")], requests
