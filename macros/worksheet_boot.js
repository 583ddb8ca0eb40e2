// Inlined into the <head> of worksheet pages by macros/site_hooks.py. Two parts:
// when Material's bundle runs, and the worksheet engine's early start.
//
// Material's bundle: on worksheet pages the build leaves only a preload of it
// (macros/site_hooks.py, with_material_after_engine), because on two cores
// its work came straight off Python's start. worksheet.js calls start() once
// the first output is on screen (or the engine has failed); a page whose
// engine never settles gets Material FALLBACK_MS after DOMContentLoaded.
(() => {
  const FALLBACK_MS = 4000;
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
    // Material starts from DOMContentLoaded, which has passed: it gets one of its own.
    script.onload = () => document.dispatchEvent(new Event("DOMContentLoaded", { bubbles: true }));
    document.body.append(script);
  };
  window.__worksheetMaterial = { start };
  document.addEventListener("DOMContentLoaded", () => setTimeout(start, FALLBACK_MS), { once: true });
})();
// The engine starts from the page's <head>, before the stylesheets and
// Material's bundle load: Python boots while the rest of the page arrives.
// Two workers: the engine, and one that compiles the wasm and unpacks the
// snapshot for it on a thread of its own. Each finds what it needs in its own address (after "#"),
// so it starts work at once: a message from this page would only reach it
// once the page's busy main thread got round to passing it on.
// worksheet.js adopts the engine and replays what it said in the meantime.
(() => {
  const meta = document.querySelector('meta[name="worksheet-runtime"]');
  if (!meta || !window.Worker) return;
  performance.mark("worksheet-early-start");
  try {
    const runtimeURL = new URL(meta.content, location.href);
    const unpack = {
      wasm: runtimeURL.href + "pyodide.asm.wasm.gz",
      url: runtimeURL.href + meta.dataset.snapshot,
      parts: meta.dataset.snapshotParts,
    };
    const manifest = {
      runtime: runtimeURL.href,
      pyodide: meta.dataset.pyodide,
      snapshot: meta.dataset.snapshot,
      snapshotSize: meta.dataset.snapshotSize,
    };
    const start = (name, config) =>
      new Worker(new URL("../js/" + name + "#" + new URLSearchParams(config), runtimeURL), { type: "module" });
    const unpacker = start("unpack-worker.mjs", unpack); // first: it has the longest way
    const worker = start("worksheet-worker.mjs", manifest);
    const early = { worker, runtimeURL: runtimeURL.href, events: [] };
    const keep = (event) => early.events.push(event);
    worker.addEventListener("message", keep);
    worker.addEventListener("error", keep);
    early.release = () => {
      worker.removeEventListener("message", keep);
      worker.removeEventListener("error", keep);
      return early.events.splice(0);
    };
    const channel = new MessageChannel();
    unpacker.addEventListener("error", () => worker.postMessage({ type: "unpacker-failed" }));
    unpacker.postMessage({ port: channel.port1 }, [channel.port1]);
    worker.postMessage({ type: "unpacker-port", port: channel.port2 }, [channel.port2]);
    window.__worksheetEarlyEngine = early;
  } catch (error) {
    console.error("worksheet engine (early start):", error); // worksheet.js starts it later
  }
})();
