// Starts the worksheet engine from the page's <head> (inlined there by
// macros/site_hooks.py, on worksheet pages only), before the stylesheets and
// Material's bundle load: Python boots while the rest of the page arrives.
// Two workers: the engine, and one that unpacks the snapshot for it on a
// thread of its own. worksheet.js adopts the engine and replays what it said
// in the meantime.
(() => {
  const meta = document.querySelector('meta[name="worksheet-runtime"]');
  if (!meta || !window.Worker) return;
  performance.mark("worksheet-early-start");
  try {
    const runtimeURL = new URL(meta.content, location.href);
    const script = (name) => new Worker(new URL("../js/" + name, runtimeURL), { type: "module" });
    const unpacker = script("snapshot-worker.mjs"); // first: the snapshot is the longest way
    const worker = script("worksheet-worker.mjs");
    const early = { worker, runtimeURL: runtimeURL.href, events: [] };
    const keep = (event) => early.events.push(event);
    worker.addEventListener("message", keep);
    worker.addEventListener("error", keep);
    early.release = () => {
      worker.removeEventListener("message", keep);
      worker.removeEventListener("error", keep);
      return early.events.splice(0);
    };
    const manifest = {
      pyodide: meta.dataset.pyodide,
      snapshot: meta.dataset.snapshot,
      snapshotSize: Number(meta.dataset.snapshotSize),
    };
    const channel = new MessageChannel();
    unpacker.addEventListener("error", () => worker.postMessage({ type: "snapshot-failed" }));
    const url = runtimeURL.href + manifest.snapshot;
    unpacker.postMessage({ url, size: manifest.snapshotSize, port: channel.port1 }, [channel.port1]);
    const init = { type: "init", runtimeURL: runtimeURL.href, manifest, snapshotPort: channel.port2 };
    worker.postMessage(init, [channel.port2]);
    window.__worksheetEarlyEngine = early;
  } catch (error) {
    console.error("worksheet engine (early start):", error); // worksheet.js starts it later
  }
})();
