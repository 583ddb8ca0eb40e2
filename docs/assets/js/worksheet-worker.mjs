// The worksheet engine: Pyodide plus our `worksheets` wheel, in a module worker
// so the page stays responsive while Python starts (Pyodide 314 refuses
// classic workers). One worker serves every worksheet page of a tab.
//
// Page -> worker: {type: "init", runtimeURL, manifest?, snapshotPort?}
//                   (URL absolute, ends in "/"; manifest as in runtime.json;
//                   snapshotPort: where snapshot-worker.mjs sends the snapshot)
//                 {type: "snapshot-failed"}          (that worker could not start)
//                 {type: "run", id, request}         (request: JSON string)
// Worker -> page: {type: "ready", bootMs, via}        (via: "snapshot" or "boot")
//                 {type: "error", message}           (for the console only)
//                 {type: "result", id, result}

let booting = null;
let handle = null;

function fail(error) {
  // After a successful start, a failing run answers with a crash result instead.
  if (handle) return console.error(error);
  self.postMessage({ type: "error", message: String((error && error.stack) || error) });
}

async function fetchJSON(url) {
  try {
    const response = await fetch(url, { cache: "no-cache" });
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

// Pyodide requests its files one stage after another: the wasm, the standard
// library and the lock file once pyodide.mjs has loaded, and it compiles the
// wasm only once the snapshot is in memory. This worker requests everything
// at once and compiles the wasm while the snapshot downloads; Pyodide's own
// requests are then answered with those responses, and its
// instantiateStreaming with the module compiled here. If the early compile
// fails, Pyodide's usual path runs, with a fresh download.
function requestEarly(runtimeURL) {
  const fetchNetwork = self.fetch.bind(self);
  const wasmURL = runtimeURL + "pyodide.asm.wasm";
  const compiled = WebAssembly.compileStreaming(fetchNetwork(wasmURL));
  compiled.catch(() => {}); // handled below
  const early = new Map(
    ["python_stdlib.zip", "pyodide-lock.json"].map((name) => [runtimeURL + name, fetchNetwork(runtimeURL + name)]),
  );
  for (const response of early.values()) response.catch(() => {}); // Pyodide sees any failure
  self.fetch = (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url === wasmURL) return Promise.resolve(new Response(null)); // never read: compiled here
    // Each early response is handed out once; a second boot (the fallback) fetches anew.
    const response = early.get(url);
    early.delete(url);
    return response || fetchNetwork(input, init);
  };
  const instantiateStreaming = WebAssembly.instantiateStreaming.bind(WebAssembly);
  WebAssembly.instantiateStreaming = async (source, imports) => {
    let module;
    try {
      module = await compiled;
    } catch {
      return instantiateStreaming(fetchNetwork(wasmURL), imports);
    }
    return { module, instance: await WebAssembly.instantiate(module, imports) };
  };
}

// The snapshot arrives on a port from snapshot-worker.mjs, which unpacks it
// on a thread of its own. The page's <head> usually started that worker
// already and passes its port with "init"; otherwise it is started here.
let snapshotFailed = () => {};

function receiveSnapshot(port) {
  return new Promise((resolve, reject) => {
    snapshotFailed = reject;
    port.onmessage = (event) => (event.data && event.data.bytes ? resolve(event.data.bytes) : reject(new Error(event.data && event.data.error)));
  });
}

function startSnapshotWorker(runtimeURL, manifest) {
  const channel = new MessageChannel();
  const worker = new Worker(new URL("../js/snapshot-worker.mjs", runtimeURL), { type: "module" });
  worker.addEventListener("error", () => snapshotFailed(new Error("snapshot worker failed")));
  const message = { url: runtimeURL + manifest.snapshot, size: manifest.snapshotSize, port: channel.port1 };
  worker.postMessage(message, [channel.port1]);
  return channel.port2;
}

// The fast path: a memory snapshot made at build time with the worksheets
// already imported (tools/make_snapshot.mjs). It only fits the exact Pyodide
// build it was made with, so it is used only when the manifest (from the
// page, or else runtime.json) names this version, and any failure falls back
// to a normal boot. Everything the boot needs is requested at once.
async function boot(runtimeURL, given, snapshotPort) {
  const started = performance.now();
  requestEarly(runtimeURL);
  const manifest = given && given.snapshot ? Promise.resolve(given) : fetchJSON(runtimeURL + "runtime.json");
  const snapshot = snapshotPort
    ? receiveSnapshot(snapshotPort)
    : manifest.then((m) => (m && m.snapshot ? receiveSnapshot(startSnapshotWorker(runtimeURL, m)) : null));
  snapshot.catch(() => {}); // a failed download is handled below, not an unhandled rejection
  // Parsed now, while the downloads run; loadPyodide imports it again from the module map.
  import(runtimeURL + "pyodide.asm.mjs").catch(() => {});
  // A static `import` cannot take the runtime URL from the page, hence import().
  const { loadPyodide, version } = await import(runtimeURL + "pyodide.mjs");
  const options = { indexURL: runtimeURL, lockFileURL: runtimeURL + "pyodide-lock.json" };
  let via = "snapshot";
  if ((await manifest)?.pyodide === version) {
    try {
      const pyodide = await loadPyodide({ ...options, _loadSnapshot: snapshot });
      handle = pyodide.pyimport("worksheets.adapter").handle;
    } catch (error) {
      console.warn("worksheet engine: snapshot not usable, booting normally:", error);
    }
  }
  if (!handle) {
    via = "boot";
    const pyodide = await loadPyodide(options);
    await pyodide.loadPackage("worksheets", { messageCallback: () => {} });
    handle = pyodide.pyimport("worksheets.adapter").handle;
  }
  self.postMessage({ type: "ready", bootMs: Math.round(performance.now() - started), via });
}

async function run(id, request) {
  let result;
  try {
    await booting;
    result = JSON.parse(handle(request));
  } catch (error) {
    // handle() answers every Python error itself; an exception here means
    // Pyodide is broken (fatal), and the page replaces this worker.
    console.error(error);
    result = { ok: false, crash: String(error), fatal: Boolean(handle) };
  }
  self.postMessage({ type: "result", id, result });
}

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === "init" && !booting) {
    booting = boot(message.runtimeURL, message.manifest, message.snapshotPort);
    booting.catch(fail);
  } else if (message.type === "snapshot-failed") {
    snapshotFailed(new Error("snapshot worker failed"));
  } else if (message.type === "run") {
    run(message.id, message.request);
  }
});

// Pyodide 314 only logs a failed wasm start ("wasm instantiation failed!", e.g.
// a missing or broken pyodide.asm.wasm) and then waits forever; report it at
// once instead of letting the page wait for its timeout.
const warn = console.warn.bind(console);
console.warn = (...args) => {
  warn(...args);
  if (String(args[0]).includes("wasm instantiation failed")) fail(args.join(" "));
};

// Emscripten can fail outside the promise chain (e.g. an aborted wasm start).
self.addEventListener("unhandledrejection", (event) => fail(event.reason));
self.addEventListener("error", (event) => fail(event.message));
