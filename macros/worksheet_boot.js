// Inlined into the <head> of worksheet pages by macros/plugin/worksheet_pages.py. Two parts:
// when Material's bundle runs, and the worksheet engine's early start.
//
// Material's bundle: on worksheet pages the build leaves only a preload of it
// (macros/plugin/html_edits.py, with_material_after_engine), because on two cores
// its work came straight off Python's start. worksheet.js calls start() once
// the first output is on screen (or the engine has failed); a page whose
// engine never settles gets Material FALLBACK_MS after DOMContentLoaded.
// Both read the build's contract (macros/contract.py), inline just before this script.
(() => {
  const holder = document.getElementById("worksheet-contract");
  const FALLBACK_MS = holder ? JSON.parse(holder.textContent).timeoutsMs.materialFallback : 0;
  let started = false;
  const start = () => {
    if (started) return;
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", start, { once: true });
      return;
    }
    started = true;
    const held = document.querySelector("link[data-material-bundle]");
    if (!held || window.document$) return;
    performance.mark("material-start");
    const script = document.createElement("script");
    script.src = held.href;
    // Material starts from DOMContentLoaded, which has passed: it gets one of its own, in a
    // task of its own (after its script's evaluation, in the same task, they were one long task).
    script.onload = () =>
      setTimeout(() => document.dispatchEvent(new Event("DOMContentLoaded", { bubbles: true })), 0);
    document.body.append(script);
  };
  window.__worksheetMaterial = { start };
  document.addEventListener("DOMContentLoaded", () => setTimeout(start, FALLBACK_MS), { once: true });
})();
// The engine starts from the page's <head>, once the browser has drawn the
// page's first frame: Python boots while the rest of the page arrives. Started
// any earlier, its downloads and compiling took both cores of a small machine
// while the browser laid the page out, and the page appeared some 100 ms later,
// with nothing gained for Python. In a hidden tab, which draws no frames, it
// starts at once, and it never waits more than FIRST_FRAME_WAIT_MS.
// Two workers: the engine, and one that compiles the wasm and unpacks the
// snapshot for it on a thread of its own. Each finds what it needs in its own address (after "#"),
// so it starts work at once: a message from this page would only reach it
// once the page's busy main thread got round to passing it on.
// docs/assets/js/fast-start.js adopts the engine (early.adopt) for worksheet.js, before or after it has
// started, and replays what it said in the meantime.
(() => {
  const meta = document.querySelector('meta[name="worksheet-runtime"]');
  const holder = document.getElementById("worksheet-contract");
  if (!meta || !holder || !window.Worker) return;
  const contract = JSON.parse(holder.textContent);
  const runtimeURL = new URL(meta.content, location.href);
  const early = { worker: null, runtimeURL: runtimeURL.href };
  let state = "waiting"; // then "started" or "cancelled"
  const adopters = [];
  // callback(worker) runs once the workers have started; worker is null if they could not.
  early.adopt = (callback) => (state === "waiting" ? adopters.push(callback) : callback(early.worker));
  early.cancel = () => {
    if (state === "started" && early.worker) early.worker.terminate();
    state = "cancelled";
  };
  const start = () => {
    if (state !== "waiting") return;
    state = "started";
    performance.mark("worksheet-early-start");
    try {
      const unpack = {
        wasm: runtimeURL.href + contract.files.wasmBr,
        url: runtimeURL.href + contract.snapshot,
        parts: contract.snapshotParts,
        decoder: runtimeURL.href + contract.files.brotliDecoder,
        cache: contract.storage.cachePrefix,
        version: contract.version,
      };
      const manifest = {
        runtime: runtimeURL.href,
        pyodide: contract.pyodide,
        snapshot: contract.snapshot,
        snapshotSize: contract.snapshotSize,
      };
      const spawn = (name, config) =>
        new Worker(new URL("../js/" + name + "#" + new URLSearchParams(config), runtimeURL), { type: "module" });
      const unpacker = spawn(contract.files.unpacker, unpack); // first: it has the longest way
      const worker = spawn(contract.files.engine, manifest);
      const said = []; // what the worker says before worksheet.js listens
      const keep = (event) => said.push(event);
      worker.addEventListener("message", keep);
      worker.addEventListener("error", keep);
      early.release = () => {
        worker.removeEventListener("message", keep);
        worker.removeEventListener("error", keep);
        return said.splice(0);
      };
      const channel = new MessageChannel();
      unpacker.addEventListener("error", () => worker.postMessage({ type: "unpacker-failed" }));
      unpacker.postMessage({ port: channel.port1 }, [channel.port1]);
      worker.postMessage({ type: "unpacker-port", port: channel.port2 }, [channel.port2]);
      early.worker = worker;
    } catch (error) {
      console.error("worksheet engine (early start):", error); // worksheet.js starts it itself
    }
    for (const callback of adopters.splice(0)) callback(early.worker);
  };
  window.__worksheetEarlyEngine = early;
  preloadWasm(runtimeURL.href + contract.files.wasmBr, contract.storage.cachePrefix + contract.version);
  if (document.visibilityState === "hidden") {
    start();
  } else {
    // After the frame: a rAF callback runs just before the browser draws it.
    requestAnimationFrame(() => setTimeout(start, 0));
    setTimeout(start, contract.timeoutsMs.firstFrameWait);
  }

  // The wasm (2.7 MB) is the longest download, and the unpack worker can ask for
  // it only after the stylesheets, the first frame and its own script: at
  // 9 Mbit/s, some 0.5 s in which the link carries little. A preload from here
  // starts it beside the stylesheets, and the worker's fetch reads the same
  // download from the HTTP cache while it is still arriving (first visit at
  // 9 Mbit/s 6.07 -> 5.87 s, first paint unchanged; README.md). Priority high:
  // at low, Chromium held it back until the stylesheets had arrived (they are
  // asked for first either way: the preload scanner finds them before this
  // script's promise settles); 8 first visits each, interleaved, ready 5,792 ->
  // 5,714 ms, first paint 536 -> 518 ms (bench/README.md). Only where that
  // is so: Chromium's engine, which alone has navigator.userAgentData. WebKit
  // downloads the wasm a second time for the worker; Firefox shares it, but
  // cannot be told apart without the user-agent string. Not when a visit
  // before left this build's cache: the worker reads its kept copy, or the
  // service worker answers, and a preload would only download what is not used.
  function preloadWasm(href, cacheName) {
    if (!navigator.userAgentData) return;
    const cached = window.caches ? caches.has(cacheName).catch(() => false) : Promise.resolve(false);
    cached.then((has) => {
      if (has || state === "cancelled") return;
      const link = document.createElement("link");
      link.rel = "preload";
      link.as = "fetch";
      link.crossOrigin = "anonymous"; // as the worker's fetch asks: one entry in the HTTP cache
      link.fetchPriority = "high";
      link.href = href;
      document.head.append(link);
    });
  }
})();
