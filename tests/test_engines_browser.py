"""The core flows in three engines: Chromium, Firefox ESR and WebKitGTK (tests/engines/).

One set of scenarios, written once, runs on each engine's driver: every
worksheet boots (from the snapshot) and answers as CPython does, a typed draft
survives a reload and instant navigation, copy and download work, a worksheet
opened once works offline, a broken snapshot falls back, a worker that dies
is replaced. Each scenario uses one worksheet (the first visits them all), so
that the three engines together stay within a few minutes.

The site is served by tests/engines/server.py, which can take the network
away, cut a response short, or run a script first on every page, the same
way in every engine. Downloads are caught in the page (the link's blob is
read back) rather than through each browser's download manager;
tests/test_worksheet_browser.py checks the real downloads in Chromium.
"""

from __future__ import annotations

import email
import email.policy
import json
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from macros.contract import STORAGE
from macros.forms import strings
from tests.conftest import NATIVE_BROTLI, serve_with_own_sitemaps
from tests.engines import ENGINES, Engine, Tab, launch
from tests.engines.server import FaultyServer
from worksheets.engine import run
from worksheets.sheets import SHEETS

pytestmark = pytest.mark.browser

FORM = "form[data-worksheet]"
MESSAGES = "[data-ws-messages]"
STATUS = "[data-ws-status]"
BOOT_TIMEOUT = 60.0
TIMEOUT = 15.0
READY_CHECK = "worksheets/ready-check/"
READY_CHECK_FIRST_BOX = "#ws-ready-check-cv_updated"

# Each sheet's example with one change a reader would make (names with
# particles and diacritics, another organisation), so that the outputs are not
# the build-time example the page shows before Python answers.
CHANGES: dict[str, dict[str, Any]] = {
    "ready-check": {"cv_updated": True},
    "contact-map": {"organisation": "Max-Planck-Institut für Informatik"},
    "introduction-request": {"your_name": "Zoë van der Berg-Öztürk"},
    "follow-up": {"your_name": "Zoë van der Berg-Öztürk"},
    "thanks": {"your_name": "Zoë van der Berg-Öztürk"},
}
# A page saves its draft when it is left: consecutive pages are of different sheets,
# so that leaving one never overwrites the draft seeded for the next.
CASES = [(sheet_id, lang) for lang in ("de", "en") for sheet_id in SHEETS]

# The bodies of the shown outputs by output id (the build-time example has no kind, hence no id).
SHOWN = f"""() => Object.fromEntries([...document.querySelectorAll('{MESSAGES} article[data-kind]')]
    .map((e) => [e.dataset.outputId, e.querySelector('[data-out=body]').textContent]))"""
STATE = f"() => document.querySelector('{FORM}')?.dataset.worksheetState"
READY_DETAIL = "() => performance.getEntriesByName('worksheet-ready')[0]?.detail ?? null"
FAILURE = "() => window.__worksheetEngine?.failure ?? null"
# Material's search says "Type to start searching" once its worker has loaded the index and languages.
SEARCH_READY = """() => {
  const { translations } = JSON.parse(document.getElementById("__config").textContent);
  const meta = document.querySelector(".md-search-result__meta");
  return meta.textContent.trim() === translations["search.result.placeholder"];
}"""


def page_url(base: str, sheet_id: str, lang: str) -> str:
    return f"{base}{'' if lang == 'de' else 'en/'}worksheets/{sheet_id}/"


def changed_example(sheet_id: str, lang: str) -> dict[str, Any]:
    """The sheet's example for ``lang`` (as the page's build-time example is chosen), changed."""
    sheet = SHEETS[sheet_id]
    key = sheet.message_locale_field
    chosen = next((ex for ex in sheet.examples if key and ex.get(key) == lang), sheet.examples[0])
    return {**chosen, **CHANGES[sheet_id]}


def expected_bodies(sheet_id: str, values: dict[str, Any], lang: str) -> dict[str, str]:
    result = run(sheet_id, values, lang)
    assert result["ok"], result["errors"]
    return {output["id"]: output["body"] for output in result["outputs"]}


def wait_ready(tab: Tab) -> dict[str, Any]:
    """Wait until the engine is ready; the ready mark's detail (bootMs, via)."""
    state = tab.wait_for(f"() => ['ready', 'error'].includes(({STATE})()) && ({STATE})()", timeout=BOOT_TIMEOUT)
    assert state == "ready", f"{tab.engine}: the engine failed: {tab.evaluate(FAILURE)}"
    return tab.evaluate(READY_DETAIL)


def wait_for_outputs(tab: Tab, want: dict[str, str]) -> None:
    """Wait until the page shows exactly ``want`` (output id -> body)."""
    deadline = time.monotonic() + TIMEOUT
    while (shown := tab.evaluate(SHOWN)) != want:
        assert time.monotonic() < deadline, f"{tab.engine}: shown {shown}, want {want}"
        time.sleep(0.1)


def wait_for_instant_navigation(tab: Tab) -> None:
    """Until Material has started and read the sitemap (it only intercepts links listed there)."""
    tab.wait_for(
        "() => typeof document$ !== 'undefined' && performance.getEntriesByType('resource')"
        ".some((e) => e.name.endsWith('/sitemap.xml') && e.responseEnd > 0)",
        what="Material started and read the sitemap",
    )
    time.sleep(0.2)  # the sitemap parsed (Material says nothing when it is done)


def expect_status(tab: Tab, lang: str, *keys: str) -> None:
    """The status line says exactly these texts, in order (never "starting" once the messages are there)."""
    texts = strings(lang)
    assert tab.text(STATUS) == " ".join(texts[key] for key in keys)


def seed_draft(tab: Tab, sheet_id: str, values: dict[str, Any]) -> None:
    """Store a draft for ``sheet_id`` as the page would (the tab must be on the site)."""
    draft = {"version": SHEETS[sheet_id].version, "values": values, "saved": 1}
    tab.evaluate(
        "([key, value]) => localStorage.setItem(key, value)", [STORAGE["draftPrefix"] + sheet_id, json.dumps(draft)]
    )


def stored_draft(tab: Tab, sheet_id: str) -> dict[str, Any] | None:
    raw = tab.evaluate("(key) => localStorage.getItem(key)", STORAGE["draftPrefix"] + sheet_id)
    return json.loads(raw) if raw else None


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """One running browser of each engine, in turn."""
    name = request.param
    chromium = {"browser": request.getfixturevalue("browser")} if name == "chromium" else {}
    running = launch(name, **chromium)
    yield running
    running.quit()


# Known not to work yet (README, "Browsers"): test name -> engine -> (why, what it excuses).
# What it excuses is a pattern: the test then still runs and asserts everything, and only
# uncaught page errors that all match it turn it into an expected failure; any other error
# fails it.
CANCELLED_LOAD = r"NS_BINDING_ABORTED|NetworkError: Load failed"
KNOWN: dict[str, dict[str, tuple[str, str]]] = {
    "test_every_worksheet_boots_from_the_snapshot_and_answers_as_cpython": {
        "firefox": (
            "Firefox 153: leaving a page while it starts sometimes reports NS_BINDING_ABORTED "
            "(twice in one fresh clone's run of ten pages on 2026-12-01; in none of four runs on 2026-12-02)",
            CANCELLED_LOAD,
        )
    },
    "test_copy_and_downloads_carry_the_message": {
        "firefox": (
            "Firefox 153: leaving the page reports NS_BINDING_ABORTED from a load that is cancelled "
            "(once in a fresh clone's run, 2026-12-02 18:30)",
            CANCELLED_LOAD,
        )
    },
    "test_a_page_restored_from_the_back_forward_cache_answers_again": {
        "firefox": (
            "Firefox 153: leaving the page reports NS_BINDING_ABORTED from a load that is not yet kept from the page",
            CANCELLED_LOAD,
        ),
        "webkit": (
            "WebKitGTK 2.50: leaving the page reports 'NetworkError: Load failed' from a cancelled load",
            CANCELLED_LOAD,
        ),
    },
}


@pytest.fixture
def tab(engine: Engine, request: pytest.FixtureRequest) -> Iterator[Tab]:
    """A fresh tab (empty storage, cold cache); no uncaught page error may happen in it."""
    reason, excused = KNOWN.get(request.node.originalname, {}).get(engine.name, ("", ""))
    opened = engine.new_tab()
    yield opened
    try:
        errors = opened.errors()
    finally:
        opened.close()
    if reason and errors and all(re.search(excused, error) for error in errors):
        pytest.xfail(f"{reason}: {errors}")
    assert errors == [], f"{engine.name}: uncaught page errors: {errors}"


@pytest.fixture(scope="module")
def server(site_copy: Callable[[], Path]) -> Iterator[FaultyServer]:
    """The built site (its sitemaps naming this server, for instant navigation), on a server that can fail."""
    site = site_copy()
    served = FaultyServer(site)
    serve_with_own_sitemaps(site, lambda _: served.url)
    yield served
    served.stop()


@pytest.fixture
def net(server: FaultyServer) -> Iterator[FaultyServer]:
    """The server, back online with no script and no cuts after the test."""
    yield server
    server.offline = False
    server.set_init_script("")
    server.clear_cuts()


# --- the scenarios ----------------------------------------------------------------------------


def test_every_worksheet_boots_from_the_snapshot_and_answers_as_cpython(tab: Tab, net: FaultyServer) -> None:
    tab.goto(net.url)
    vias: dict[str, str] = {}
    brotli: set[str] = set()
    for sheet_id, lang in CASES:
        values = changed_example(sheet_id, lang)
        seed_draft(tab, sheet_id, values)
        tab.goto(page_url(net.url, sheet_id, lang))
        detail = wait_ready(tab)
        vias[f"{sheet_id}-{lang}"] = detail["via"]
        brotli.add(detail["brotli"])
        wait_for_outputs(tab, expected_bodies(sheet_id, values, lang))
        expect_status(tab, lang, "draft_restored", "ready")
    assert set(vias.values()) == {"snapshot"}, vias
    # The snapshot is brotli'd: unpacked by the browser's DecompressionStream where it can, else by our decoder.
    # Once the service worker has a cache, a visit that used our decoder keeps what it unpacked there ("stored").
    native = tab.evaluate(f"() => {NATIVE_BROTLI}")
    assert brotli in (({"native"},) if native else ({"wasm"}, {"wasm", "stored"})), (tab.engine, brotli)


def test_a_typed_draft_survives_a_reload_and_instant_navigation(tab: Tab, net: FaultyServer) -> None:
    sheet_id, lang = "introduction-request", "en"
    url = page_url(net.url, sheet_id, lang)
    texts = strings(lang)
    typed = {
        "your_name": "Zoë van der Berg-Öztürk",
        "pitch": "I am finishing a master's in environmental informatics at the University of Oxford",
        "contact_first": "Anna",
        "target_first": "Kim",
        "target_last": "Weber",
        "organisation": "Deutsche Bank",
        "role": "Graduate Analyst",
        "why_target": "You lead the team I would like to join",
    }
    tab.goto(url)
    wait_ready(tab)
    for name, text in typed.items():
        tab.fill(f'{FORM} [name="{name}"]', text)
    tab.wait_for(
        "([key, name]) => (localStorage.getItem(key) || '').includes(name)",
        [STORAGE["draftPrefix"] + sheet_id, typed["organisation"]],
        what="draft saved",
    )
    draft = stored_draft(tab, sheet_id)
    assert draft is not None
    assert {name: draft["values"][name] for name in typed} == typed
    want = expected_bodies(sheet_id, draft["values"], lang)
    wait_for_outputs(tab, want)

    tab.reload()
    assert texts["draft_restored"] in str(tab.text(STATUS))
    values = tab.evaluate("(names) => names.map((n) => document.querySelector(`[name='${n}']`).value)", list(typed))
    assert values == list(typed.values())
    wait_ready(tab)
    wait_for_outputs(tab, want)
    expect_status(tab, lang, "draft_restored", "ready")

    # Instant navigation (Material's, once it has started) to the article and back: no reload.
    wait_for_instant_navigation(tab)
    tab.evaluate("() => { window.__marker = 'no reload'; }")
    follow = "(end) => document.querySelector(`.md-sidebar--primary a.md-nav__link[href$='${end}']`).click()"
    tab.evaluate(follow, "/article/")
    tab.wait_for(f"() => location.pathname.endsWith('/article/') && !document.querySelector('{FORM}')")
    tab.evaluate(follow, f"/worksheets/{sheet_id}/")
    tab.wait_for(f"() => document.querySelector('{FORM}[data-ws-bound]') !== null", what="worksheet bound")
    assert tab.evaluate("() => window.__marker") == "no reload"
    wait_ready(tab)
    assert texts["draft_restored"] in str(tab.text(STATUS))
    wait_for_outputs(tab, want)
    assert tab.evaluate("() => window.__worksheetWorkerBoots") == 1


# Catches what download() hands to a link: the name and the blob's text (the
# pages' CSP does not let them fetch blob: addresses, so the blob is kept).
CATCH_DOWNLOADS = """() => {
  window.__downloads = [];
  window.__copied = [];
  const blobs = new Map();
  const createObjectURL = URL.createObjectURL;
  URL.createObjectURL = (blob) => { const url = createObjectURL(blob); blobs.set(url, blob); return url; };
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a[download]");
    if (!link || !blobs.has(link.href)) return;
    event.preventDefault();
    window.__downloads.push(blobs.get(link.href).text().then((text) => ({ name: link.download, text })));
  }, true);
  const write = navigator.clipboard.writeText.bind(navigator.clipboard);
  navigator.clipboard.writeText = (text) => { window.__copied.push(text); return write(text); };
}"""


def test_copy_and_downloads_carry_the_message(tab: Tab, net: FaultyServer) -> None:
    sheet_id, lang = "thanks", "de"
    values = changed_example(sheet_id, lang)
    tab.goto(net.url)
    seed_draft(tab, sheet_id, values)
    tab.goto(page_url(net.url, sheet_id, lang))
    wait_ready(tab)
    result = run(sheet_id, values, lang)
    message = next(output for output in result["outputs"] if output["id"] == "thanks_target")
    assert message["subject"]
    wait_for_outputs(tab, expected_bodies(sheet_id, values, lang))
    tab.evaluate(CATCH_DOWNLOADS)
    article = f'{MESSAGES} article[data-output-id="thanks_target"]'

    tab.click(f"{article} button[data-action=copy]")
    tab.wait_for("(s) => document.querySelector(s).textContent !== ''", f"{article} [data-out=action-status]")
    assert tab.text(f"{article} [data-out=action-status]") == strings(lang)["copied"]
    assert tab.evaluate("() => window.__copied") == [message["body"]]
    if tab.engine != "webkit":  # WebKit reads the clipboard only after the reader confirms a paste menu
        assert tab.evaluate("() => navigator.clipboard.readText()") == message["body"]

    tab.click(f"{article} button[data-action=download-txt]")
    tab.click(f"{article} button[data-action=download-eml]")
    tab.wait_for("() => window.__downloads.length === 2", what="two downloads")
    txt, eml = tab.evaluate("() => Promise.all(window.__downloads)")
    assert txt == {"name": message["filename"], "text": message["body"]}
    assert eml["name"] == message["filename"].removesuffix(".txt") + ".eml"
    mail = email.message_from_string(eml["text"], policy=email.policy.default)
    assert mail["subject"] == message["subject"]
    assert mail.get_content().replace("\r\n", "\n").removesuffix("\n") == message["body"]


def tick_and_read_todo(tab: Tab) -> str:
    tab.click(READY_CHECK_FIRST_BOX)
    body = f'{MESSAGES} article[data-output-id="todo"] [data-out=body]'
    return str(tab.wait_for("(s) => document.querySelector(s)?.textContent", body, what="todo output"))


def test_a_first_visit_downloads_the_wasm_once(tab: Tab, net: FaultyServer) -> None:
    """Chromium's preload and the unpack worker's fetch share one download (worksheet_boot.js); no engine gets two."""
    before = len(net.answered())
    tab.goto(net.url + READY_CHECK)
    assert wait_ready(tab)["via"] == "snapshot"
    assert tick_and_read_todo(tab).startswith("Noch nicht ganz")
    wasm = [status for path, status in net.answered()[before:] if path.endswith("/pyodide.asm.wasm.br")]
    assert wasm.count(200) == 1, wasm  # a 304 sends no body
    preloaded = tab.evaluate("() => !!document.querySelector('link[rel=preload][href$=\"pyodide.asm.wasm.br\"]')")
    assert preloaded is (tab.engine == "chromium")


def test_a_worksheet_opened_once_works_offline(tab: Tab, net: FaultyServer) -> None:
    tab.goto(net.url + READY_CHECK)
    wait_ready(tab)
    tab.wait_for("() => navigator.serviceWorker.controller !== null", timeout=30, what="service worker controls")
    # Stored while installing, or as it served them: wait until the runtime is all there.
    tab.wait_for(
        """async () => {
          const keys = await caches.keys();
          if (keys.length !== 1) return false;
          const cache = await caches.open(keys[0]);
          return (await cache.keys()).some((r) => r.url.includes('.snapshot.br.'));
        }""",
        timeout=30,
        what="runtime cached",
    )
    tab.goto(net.url + READY_CHECK)  # a second visit, through the service worker, which stores the page
    wait_ready(tab)
    # The search starts last (after Python). Left before it is ready, the page
    # cancels its worker's loads, which Firefox reports as page errors.
    tab.wait_for(SEARCH_READY, timeout=30, what="search ready")
    # Firefox fails an offline navigation whose preload fails (macros/sw.js): no preload there.
    preload = tab.evaluate("() => navigator.serviceWorker.ready.then((r) => r.navigationPreload.getState())")
    assert preload["enabled"] is (tab.engine != "firefox"), preload
    net.offline = True
    # Opened anew: Firefox's reload over WebDriver BiDi bypasses the service worker, as shift-reload does.
    tab.goto(net.url + READY_CHECK)
    assert wait_ready(tab)["via"] == "snapshot"
    assert tick_and_read_todo(tab).startswith("Noch nicht ganz")


# What reaches a driver of a search worker's failed load (WebKit's page sees none of its worker's errors).
SEARCH_FAILED = {"chromium": r"lunr\.de\.min\.js' failed to load", "firefox": r"NetworkError"}


def test_the_search_guard_still_reports_a_search_that_cannot_load(
    engine: Engine, site_copy: Callable[[], Path]
) -> None:
    """The guard holds a worker's error back only while the page may be leaving; a real failure still shows."""
    site = site_copy()
    (site / "assets" / "javascripts" / "lunr" / "min" / "lunr.de.min.js").unlink()
    broken = FaultyServer(site)
    opened = engine.new_tab()  # not ``tab``: this one must see an error
    try:
        opened.goto(broken.url + READY_CHECK)
        wait_ready(opened)
        assert tick_and_read_todo(opened).startswith("Noch nicht ganz")  # the worksheet works without search
        if engine.name in SEARCH_FAILED:
            deadline = time.monotonic() + 20
            while not any(re.search(SEARCH_FAILED[engine.name], error) for error in opened.errors()):
                assert time.monotonic() < deadline, f"{engine.name}: no error reached the page: {opened.errors()}"
                opened.evaluate("() => new Promise((done) => setTimeout(done, 250))")  # lets the driver's events in
        assert not opened.evaluate(SEARCH_READY)
    finally:
        opened.close()
        broken.stop()


def test_a_broken_snapshot_falls_back_to_a_normal_boot(tab: Tab, site_copy: Callable[[], Path]) -> None:
    site = site_copy()
    runtime = site / "assets" / "pyodide"
    manifest = json.loads((runtime / "runtime.json").read_text(encoding="utf-8"))
    (runtime / f"{manifest['snapshot']}.1").write_bytes(b"\x1f\x8b" + b"not a snapshot" * 100)
    broken = FaultyServer(site)
    try:
        tab.goto(broken.url + READY_CHECK)
        assert wait_ready(tab)["via"] == "boot"
        assert tick_and_read_todo(tab).startswith("Noch nicht ganz")
    finally:
        broken.stop()


def test_a_worker_that_dies_is_replaced_and_the_entries_survive(tab: Tab, net: FaultyServer) -> None:
    tab.goto(net.url + READY_CHECK)
    wait_ready(tab)
    tick_and_read_todo(tab)
    tab.evaluate("() => window.__worksheetEngine.worker.terminate()")  # dies without a word
    tab.click("#ws-ready-check-target_clear")  # this run gets no answer; the page notices and restarts
    tab.wait_for("() => window.__worksheetWorkerBoots === 2", timeout=30, what="second worker")
    wait_ready(tab)
    body = f'{MESSAGES} article[data-output-id="todo"] [data-out=body]'
    tab.wait_for(
        "(s) => !document.querySelector(s).textContent.includes('Legen Sie fest, zu welcher Organisation')",
        body,
        what="answer of the new worker",
    )
    assert "Benennen Sie die Stelle" in str(tab.text(body))
    assert tab.evaluate(
        f"() => ['{READY_CHECK_FIRST_BOX}', '#ws-ready-check-target_clear']"
        ".every((s) => document.querySelector(s).checked)"
    )
    assert "Fehler" in str(tab.text(STATUS))


# --- faults a reader's device meets -----------------------------------------------------------

# Run before the page's own scripts: a storage that the browser does not allow.
STORAGE_FAULTS = {
    # Blocked site data: even reading window.localStorage throws.
    "access-throws": """Object.defineProperty(window, "localStorage", {
        configurable: true, get() { throw new DOMException("The operation is insecure.", "SecurityError"); } });""",
    # Reading works, every write is refused.
    "write-throws": """Storage.prototype.setItem = function () {
        throw new DOMException("The operation is insecure.", "SecurityError"); };""",
}


@pytest.mark.parametrize("fault", sorted(STORAGE_FAULTS))
def test_a_storage_that_throws_leaves_a_working_sheet_that_says_so(tab: Tab, net: FaultyServer, fault: str) -> None:
    texts = strings("de")
    net.set_init_script(STORAGE_FAULTS[fault])
    tab.goto(net.url + READY_CHECK)
    wait_ready(tab)
    assert tick_and_read_todo(tab).startswith("Noch nicht ganz")
    status = str(tab.text(STATUS))
    assert texts["storage_unavailable"] in status, status
    assert texts["storage_full"] not in status


RETRY = "[data-action=retry]"
WASM_BR = "pyodide.asm.wasm.br"
WASM = "pyodide.asm.wasm"
SNAPSHOT_PART = ".snapshot.br.1"


@pytest.mark.parametrize(
    ("cuts", "every", "via"),
    [
        pytest.param({SNAPSHOT_PART: 1_000_000}, {}, "boot", id="snapshot-cut-short"),
        pytest.param({WASM_BR: 500_000}, {}, "snapshot", id="brotli-wasm-cut-short"),
        # Each file cut once: the plain wasm is asked for again (by the normal boot
        # after the snapshot's), and that second copy arrives whole.
        pytest.param(
            {WASM_BR: 500_000, WASM: 500_000, SNAPSHOT_PART: 1_000_000}, {}, "boot", id="both-wasm-files-cut-once"
        ),
        # The plain wasm also cut in the snapshot's start (which then waits for ever
        # in Pyodide 314): the start gives up on it, and the normal boot asks again.
        pytest.param({WASM_BR: 500_000, WASM: (500_000, 2)}, {}, "boot", id="plain-wasm-cut-twice"),
        # Both wasm files never arrive whole, however often they are asked for: no engine
        # can start, and the sheet says so at once.
        pytest.param(
            {SNAPSHOT_PART: 1_000_000}, {WASM_BR: 500_000, WASM: 500_000}, None, id="both-wasm-files-cut-short"
        ),
    ],
)
def test_a_connection_lost_halfway_through_the_runtime_never_leaves_the_sheet_starting(
    tab: Tab, net: FaultyServer, cuts: dict[str, int | tuple[int, int]], every: dict[str, int], via: str | None
) -> None:
    for suffix, cut in cuts.items():
        after, times = cut if isinstance(cut, tuple) else (cut, 1)
        if suffix == WASM_BR and tab.engine == "chromium":
            times += 1  # its head's preload asks first (worksheet_boot.js), and is cut long before the worker asks
        net.cut(suffix, after, times=times)
    for suffix, after in every.items():
        net.cut(suffix, after, every=True)
    texts = strings("de")
    before = len(net.served())
    tab.goto(net.url + READY_CHECK)
    if via is None:
        state = tab.wait_for(f"() => ({STATE})() !== 'loading' && ({STATE})()", timeout=BOOT_TIMEOUT)
        assert state == "error", f"{tab.engine}: {state} via {tab.evaluate(READY_DETAIL)}"
        status = str(tab.text(STATUS))
        assert status == texts["error"], status
        assert texts["loading"] not in status
        tab.click(READY_CHECK_FIRST_BOX)  # the form stays usable
        assert tab.evaluate(f"() => document.querySelector('{READY_CHECK_FIRST_BOX}').checked")
        assert tab.evaluate(f"() => !document.querySelector('{RETRY}').closest('[hidden]')"), "no 'Try again'"
    else:
        assert wait_ready(tab)["via"] == via
        assert tick_and_read_todo(tab).startswith("Noch nicht ganz")
        assert texts["ready"] in str(tab.text(STATUS))
        assert tab.evaluate(f"() => !!document.querySelector('{RETRY}').closest('[hidden]')"), "'Try again' shown"
    assert net.state.cuts == {}, "a response was not cut: the test did not do what it says"
    were_cut = net.state.were_cut
    assert all(any(path.endswith(suffix) for path in were_cut) for suffix in [*cuts, *every]), were_cut
    # Every response of a file cut each time was cut: none came whole from elsewhere.
    requested = sorted(path for path in net.served()[before:] if any(path.endswith(suffix) for suffix in every))
    assert requested == sorted(path for path in were_cut if any(path.endswith(suffix) for suffix in every)), requested
    if via is None:
        # The connection is back: "Try again" starts the engine, and the ticked box is answered.
        net.clear_cuts()
        tab.click(RETRY)
        assert wait_ready(tab)["via"] in ("snapshot", "boot")
        assert texts["ready"] in str(tab.text(STATUS))
        assert tab.wait_for("() => document.querySelector('[data-ws-example-note]').hidden", what="own messages")
        assert tab.evaluate(f"() => !!document.querySelector('{RETRY}').closest('[hidden]')"), "'Try again' shown"


def deployed(site: Path) -> Path:
    """``site`` as the next build writes it: another service-worker version, a changed article."""
    sw = site / "sw.js"
    version = re.search(r'const VERSION = "([^"]+)"', sw.read_text(encoding="utf-8"))
    assert version
    sw.write_text(sw.read_text(encoding="utf-8").replace(version.group(1), "next-build"), encoding="utf-8")
    article = site / "article" / "index.html"
    html, count = re.subn(r"(<h1[^>]*>)", r"\1Neue Fassung: ", article.read_text(encoding="utf-8"), count=1)
    assert count == 1
    article.write_text(html, encoding="utf-8")
    return site


def test_a_new_build_deployed_while_a_sheet_is_open(tab: Tab, net: FaultyServer, site_copy: Callable[[], Path]) -> None:
    old = net.state.directory
    next_build = deployed(site_copy())
    serve_with_own_sitemaps(next_build, lambda _: net.url)
    try:
        tab.goto(net.url + READY_CHECK)
        wait_ready(tab)
        tab.wait_for("() => navigator.serviceWorker.controller !== null", timeout=30, what="service worker controls")
        tab.wait_for("async () => (await caches.keys()).length === 1", timeout=30, what="runtime cached")
        net.serve_directory(next_build)
        # The open page keeps working: its engine is running.
        assert tick_and_read_todo(tab).startswith("Noch nicht ganz")
        # Its next navigation (Material's, instant) brings the new build's page.
        wait_for_instant_navigation(tab)
        tab.evaluate("() => document.querySelector(\".md-sidebar--primary a.md-nav__link[href$='/article/']\").click()")
        tab.wait_for("() => document.querySelector('h1')?.textContent.startsWith('Neue Fassung')", what="new article")
        # A worksheet opened now runs under the new build's service worker and cache.
        tab.goto(net.url + READY_CHECK)
        wait_ready(tab)
        assert tick_and_read_todo(tab).startswith("Noch nicht ganz")
        tab.wait_for(
            "async () => JSON.stringify(await caches.keys()) === JSON.stringify(['netzwerk-guide-next-build'])",
            timeout=30,
            what="only the new build's cache",
        )
    finally:
        net.serve_directory(old)


RECORD_PAGESHOW = "addEventListener('pageshow', (event) => { window.__restored = event.persisted; });"


def test_a_page_restored_from_the_back_forward_cache_answers_again(tab: Tab, net: FaultyServer) -> None:
    net.set_init_script(RECORD_PAGESHOW)
    tab.goto(net.url + READY_CHECK)
    wait_ready(tab)
    # Later, so that the call returns before the page goes.
    tab.evaluate("(url) => { setTimeout(() => { location.href = url; }, 50); }", net.url + "article/")
    tab.wait_for("() => location.pathname.endsWith('/article/') && document.readyState === 'complete'")
    tab.evaluate("() => { setTimeout(() => history.back(), 50); }")
    tab.wait_for(f"() => location.pathname.endsWith('/{READY_CHECK}') && document.readyState === 'complete'")
    wait_ready(tab)
    restored = tab.evaluate("() => window.__restored")
    print(f"\n{tab.engine}: restored from the back/forward cache: {restored}")
    assert tick_and_read_todo(tab).startswith("Noch nicht ganz")
    assert tab.evaluate("() => window.__worksheetWorkerBoots") == 1


def test_a_frozen_tab_answers_again_once_resumed(browser: Any, net: FaultyServer) -> None:
    """Chromium only: a phone freezes a background tab (Page Lifecycle), here through the DevTools protocol."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(net.url + READY_CHECK)
        page.wait_for_selector(f"{FORM}[data-worksheet-state=ready]", timeout=BOOT_TIMEOUT * 1000)
        cdp = context.new_cdp_session(page)
        cdp.send("Page.setWebLifecycleState", {"state": "frozen"})
        time.sleep(2)
        cdp.send("Page.setWebLifecycleState", {"state": "active"})
        page.check(READY_CHECK_FIRST_BOX)
        todo = page.locator(f'{MESSAGES} article[data-output-id="todo"] [data-out=body]')
        todo.wait_for(timeout=TIMEOUT * 1000)
        assert todo.inner_text().startswith("Noch nicht ganz")
        assert page.evaluate("window.__worksheetWorkerBoots") == 1
    finally:
        context.close()
