// The worksheet engine: Pyodide plus our `worksheets` wheel, in a module worker
// so the page stays responsive while Python starts (Pyodide 314 refuses
// classic workers). One worker serves every worksheet page of a tab.
//
// Page -> worker: {type: "init", runtimeURL}        (absolute, ends in "/")
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

async function fetchGunzipped(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(response.status + " " + url);
  const stream = response.body.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// The fast path: a memory snapshot made at build time with the worksheets
// already imported (tools/make_snapshot.mjs). It only fits the exact Pyodide
// build it was made with, so it is used only when runtime.json names this
// version, and any failure falls back to a normal boot. The manifest and the
// snapshot are fetched while pyodide.mjs loads.
async function boot(runtimeURL) {
  const started = performance.now();
  const manifest = fetchJSON(runtimeURL + "runtime.json");
  const snapshot = manifest.then((m) => (m && m.snapshot ? fetchGunzipped(runtimeURL + m.snapshot) : null));
  snapshot.catch(() => {}); // a failed download is handled below, not an unhandled rejection
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
    booting = boot(message.runtimeURL);
    booting.catch(fail);
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
