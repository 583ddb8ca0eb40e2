// The worksheet engine: Pyodide plus our `worksheets` wheel, in a module worker
// so the page stays responsive while Python starts (Pyodide 314 refuses
// classic workers). One worker serves every worksheet page of a tab.
//
// Started from the page's <head> (macros/worksheet_boot.js) as
//   worksheet-worker.mjs#runtime=…&pyodide=…&snapshot=…&snapshotSize=…
// it boots at once; then
//   {type: "unpacker-port", port}  brings the port unpack-worker.mjs answers on,
//   {type: "unpacker-failed"}      says that worker could not start.
// Started by worksheet.js (after instant navigation, or on the plain path), it waits for
//   {type: "init", runtimeURL, fastStart}  (absolute, ends in "/"; manifest from runtime.json;
//                                          fastStart false: a plain boot, macros/contract.py).
// Then, either way:
//   {type: "run", id, request, reply}  (request: JSON string; reply: a BroadcastChannel's name, or none)
// Worker -> page: {type: "ready", bootMs, via, brotli} (via: "snapshot", "boot" or "plain";
//                                                      brotli: how the snapshot was unpacked, see unpack-worker.mjs)
//                 {type: "error", message}           (for the console only)
//                 {type: "result", id, result}       (on the reply channel when the run named one)

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

function deferred() {
  const later = { settled: false };
  later.promise = new Promise((resolve, reject) => {
    later.resolve = (value) => ((later.settled = true), resolve(value));
    later.reject = (error) => ((later.settled = true), reject(error));
  });
  later.promise.catch(() => {}); // whoever awaits it sees the failure
  return later;
}

// The two large inputs come from unpack-worker.mjs, on a thread of its own:
// the compiled wasm module, then the snapshot's bytes, both on a port. The
// page's <head> usually started that worker already and sends its port;
// otherwise it is started here.
const unpacked = { module: deferred(), snapshot: deferred() };

function unpackerFailed(error) {
  unpacked.module.reject(error);
  unpacked.snapshot.reject(error);
}

function listen(port) {
  unpacked.port = port;
  // Both have come: the unpack worker may close. Firefox 153 cannot read a
  // compiled module whose sender has closed (a "messageerror" instead of a
  // message; 4 of 8 runs with a broken snapshot, whose failure came at once).
  const received = () => unpacked.module.settled && unpacked.snapshot.settled && port.postMessage("received");
  port.onmessage = ({ data }) => {
    if (!data) return;
    if (data.module) unpacked.module.resolve(data.module);
    else if ("moduleError" in data) unpacked.module.reject(new Error(data.moduleError));
    else if (data.bytes) {
      unpacked.brotli = data.brotli;
      unpacked.snapshot.resolve(data.bytes);
    }
    else if ("error" in data) unpacked.snapshot.reject(new Error(data.error));
    received();
  };
  // Should a message still not be readable, it is the first one missing (they come in
  // that order: the module, then the snapshot), and its failure sends the start down
  // its fallback (the plain wasm, or a normal boot) instead of waiting for ever.
  port.onmessageerror = () => {
    const error = new Error("a message from the unpack worker could not be read");
    (unpacked.module.settled ? unpacked.snapshot : unpacked.module).reject(error);
    received();
  };
}

function startUnpacker(runtimeURL, manifest) {
  const channel = new MessageChannel();
  const config = new URLSearchParams({
    wasm: runtimeURL + manifest.files.wasmBr,
    url: runtimeURL + manifest.snapshot,
    parts: manifest.snapshotParts,
    decoder: runtimeURL + manifest.files.brotliDecoder,
    cache: manifest.storage.cachePrefix,
    version: manifest.version,
  });
  const worker = new Worker(new URL("../js/unpack-worker.mjs#" + config, runtimeURL), { type: "module" });
  worker.addEventListener("error", () => unpackerFailed(new Error("unpack worker failed")));
  worker.postMessage({ port: channel.port1 }, [channel.port1]);
  listen(channel.port2);
}

// Pyodide requests its files one stage after another: the wasm, the standard
// library and the lock file once pyodide.mjs has loaded, and it compiles the
// wasm only once the snapshot is in memory. Here everything is requested at
// once, and the wasm is compiled (by the unpacker) while the snapshot
// downloads. Pyodide's own requests are answered with those responses, and
// its instantiateStreaming with the module compiled already. Without that
// module, Pyodide's usual path runs, with the plain pyodide.asm.wasm.
// The standard library (python_stdlib.zip, 2.5 MB) is left out of the
// snapshot's boot: the snapshot holds every module the worksheets import.
// Pyodide gets an empty file in its place, and the first import of a module
// that is not in memory fetches the real one (withStdlibOnFirstImport).
const stdlib = { deferred: false };

function requestEarly(runtimeURL) {
  const fetchNetwork = self.fetch.bind(self);
  const wasmURL = runtimeURL + "pyodide.asm.wasm";
  const stdlibURL = runtimeURL + "python_stdlib.zip";
  const early = new Map(["pyodide-lock.json"].map((name) => [runtimeURL + name, fetchNetwork(runtimeURL + name)]));
  for (const response of early.values()) response.catch(() => {}); // Pyodide sees any failure
  self.fetch = (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url === wasmURL) return Promise.resolve(new Response(null)); // never read: see below
    if (url === stdlibURL && stdlib.deferred) return Promise.resolve(new Response(new Uint8Array(0)));
    // Each early response is handed out once; a second boot (the fallback) fetches anew.
    const response = early.get(url);
    early.delete(url);
    return response || fetchNetwork(input, init);
  };
  const instantiateStreaming = WebAssembly.instantiateStreaming.bind(WebAssembly);
  WebAssembly.instantiateStreaming = async (source, imports) => {
    let module;
    try {
      module = await unpacked.module.promise;
    } catch {
      return instantiateStreaming(fetchNetwork(wasmURL), imports);
    }
    return { module, instance: await WebAssembly.instantiate(module, imports) };
  };
}

// Pyodide waits for the snapshot's bytes before it creates its module,
// only to learn the memory size, which the manifest already gives. So it
// gets a stand-in of that size at once and builds the module (instantiation,
// file system, dynamic linking) while the snapshot still unpacks.
// createPyodideModule is Pyodide's documented (experimental) hook for
// supplying the module factory. When Pyodide then restores the stand-in, it
// gets the unpacked bytes instead: copying 31 MB into the stand-in first
// took some 30 ms. The stand-in is never written, so it takes no memory.
function whileUnpacking(manifest, snapshot, asm) {
  const size = Number(manifest.snapshotSize);
  if (!(size > 0)) return { _loadSnapshot: snapshot };
  const standIn = new Uint8Array(size);
  const createPyodideModule = async (settings) => {
    const module = await (await asm).default(settings);
    const unpacked = await snapshot;
    if (unpacked.length !== size) throw new Error(`snapshot has ${unpacked.length} bytes, the manifest says ${size}`);
    const api = module.API;
    if (api && typeof api.restoreSnapshot === "function") {
      const restore = api.restoreSnapshot;
      api.restoreSnapshot = (bytes) => {
        api.restoreSnapshot = restore; // once: the bytes are not kept after the restore
        return restore.call(api, bytes === standIn ? unpacked : bytes);
      };
    } else {
      standIn.set(unpacked); // a Pyodide without that internal: copy
    }
    return module;
  };
  return { _loadSnapshot: standIn, createPyodideModule };
}

// Python calls load(path) before its first import of a module that is not in
// memory (worksheets.adapter.load_stdlib_on_first_import); the zip is then
// fetched synchronously, which a worker may do, through the service worker
// and its cache like every other file.
function withStdlibOnFirstImport(pyodide, adapter, url) {
  adapter.load_stdlib_on_first_import((path) => {
    const request = new XMLHttpRequest();
    request.open("GET", url, false);
    request.responseType = "arraybuffer";
    request.send();
    if (request.status !== 200) throw new Error(`standard library: ${request.status} ${url}`);
    pyodide.FS.writeFile(path, new Uint8Array(request.response));
    performance.mark("worksheet-stdlib-loaded");
  });
}

// The fast path: a memory snapshot made at build time with the worksheets
// already imported (tools/make_snapshot.mjs). It only fits the exact Pyodide
// build it was made with, so it is used only when the manifest (from the
// page, or else runtime.json) names this version, and any failure falls back
// to a normal boot. Everything the boot needs is requested at once.
async function boot(runtimeURL, fromHead, fastStart = true) {
  const startedAt = performance.now();
  if (!fastStart) return plainBoot(runtimeURL, startedAt);
  // The small scripts first: requested behind the large files, they would
  // wait for them. (A static `import` cannot take the runtime URL, hence import().)
  const loader = import(runtimeURL + "pyodide.mjs");
  // Parsed now, while the downloads run; loadPyodide imports it again from the module map.
  const asm = import(runtimeURL + "pyodide.asm.mjs");
  asm.catch(() => {}); // loadPyodide reports it
  requestEarly(runtimeURL);
  const manifest = fromHead ? Promise.resolve(fromHead) : fetchJSON(runtimeURL + "runtime.json");
  if (!fromHead) {
    manifest.then((m) => (m && m.snapshot ? startUnpacker(runtimeURL, m) : unpackerFailed(new Error("no manifest"))));
  }
  const snapshot = unpacked.snapshot.promise;
  const { loadPyodide, version } = await loader;
  const options = { indexURL: runtimeURL, lockFileURL: runtimeURL + "pyodide-lock.json" };
  let via = "snapshot";
  const known = await manifest;
  if (known?.pyodide === version) {
    try {
      stdlib.deferred = true;
      const pyodide = await attempt(loadPyodide({ ...options, ...whileUnpacking(known, snapshot, asm) }));
      const adapter = pyodide.pyimport("worksheets.adapter");
      withStdlibOnFirstImport(pyodide, adapter, runtimeURL + "python_stdlib.zip");
      handle = adapter.handle;
    } catch (error) {
      console.warn("worksheet engine: snapshot not usable, booting normally:", error);
    }
  }
  if (!handle) {
    via = "boot";
    stdlib.deferred = false;
    await normalBoot(loadPyodide, options);
  }
  const brotli = via === "snapshot" ? unpacked.brotli : undefined;
  self.postMessage({ type: "ready", bootMs: Math.round(performance.now() - startedAt), via, brotli });
  setTimeout(started, STARTED_AFTER_READY_MS);
}

async function normalBoot(loadPyodide, options) {
  const pyodide = await attempt(loadPyodide(options));
  await pyodide.loadPackage("worksheets", { messageCallback: () => {} });
  handle = pyodide.pyimport("worksheets.adapter").handle;
}

// The plain path (the build's fast_start off): loadPyodide and the wheel, nothing else.
async function plainBoot(runtimeURL, started) {
  const { loadPyodide } = await import(runtimeURL + "pyodide.mjs");
  await normalBoot(loadPyodide, { indexURL: runtimeURL, lockFileURL: runtimeURL + "pyodide-lock.json" });
  self.postMessage({ type: "ready", bootMs: Math.round(performance.now() - started), via: "plain" });
}

// A result goes back on the page's own BroadcastChannel when the page names
// one: Chromium holds back a worker's ordinary messages after a key press
// until it has drawn the next frame (some 10 ms), but not a channel's
// (worksheet.js says more).
const replyChannels = new Map();

function answer(message, reply) {
  if (!reply || typeof BroadcastChannel !== "function") return self.postMessage(message);
  let channel = replyChannels.get(reply);
  if (!channel) replyChannels.set(reply, (channel = new BroadcastChannel(reply)));
  channel.postMessage(message);
}

async function run(id, request, reply) {
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
  answer({ type: "result", id, result }, reply);
  started();
}

// Tells the unpack worker that the start is over, so that it may keep its
// copies now (their storing slowed the start): after the first answer, or
// STARTED_AFTER_READY_MS after "ready" on a page that asks nothing at once.
const STARTED_AFTER_READY_MS = 1000;

function started() {
  if (!unpacked.port || unpacked.startedSent) return;
  unpacked.startedSent = true;
  unpacked.port.postMessage("started");
}

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === "init" && !booting) {
    booting = boot(message.runtimeURL, null, message.fastStart !== false);
    booting.catch(fail);
  } else if (message.type === "unpacker-port") {
    listen(message.port);
  } else if (message.type === "unpacker-failed") {
    unpackerFailed(new Error("unpack worker failed"));
  } else if (message.type === "run") {
    run(message.id, message.request, message.reply);
  }
});

// Started from the page's <head>, this worker finds the runtime's address and
// manifest after "#" in its own address and boots at once, without waiting
// for an "init" message (macros/worksheet_boot.js says why).
const fromHead = new URLSearchParams(self.location.hash.slice(1));
if (fromHead.has("runtime")) {
  const manifest = {
    pyodide: fromHead.get("pyodide"),
    snapshot: fromHead.get("snapshot"),
    snapshotSize: Number(fromHead.get("snapshotSize")),
  };
  booting = boot(fromHead.get("runtime"), manifest);
  booting.catch(fail);
}

// Pyodide 314 only logs a failed wasm start ("wasm instantiation failed!", e.g.
// a missing or broken pyodide.asm.wasm, or one whose download broke off) and
// then waits forever. The start under way (attempt) fails at once instead: the
// snapshot's start then falls back to a normal boot, which asks for the wasm
// again, and a normal boot's failure is reported to the page, which would
// otherwise wait for its timeout.
let wasmFailed = null; // the deferred failure of the start under way
function attempt(start) {
  const failed = deferred();
  wasmFailed = failed;
  return Promise.race([start, failed.promise]).finally(() => {
    if (wasmFailed === failed) wasmFailed = null;
  });
}
const warn = console.warn.bind(console);
console.warn = (...args) => {
  warn(...args);
  if (!String(args[0]).includes("wasm instantiation failed")) return;
  if (wasmFailed) wasmFailed.reject(new Error(args.join(" ")));
  else fail(args.join(" "));
};

// Firefox cancels a worker's loads when the reader leaves or reloads the page
// (NS_BINDING_ABORTED); what fails then is not reported to a page that is going away.
const leaving = (reason) => String((reason && reason.message) || reason).includes("NS_BINDING_ABORTED");

// Emscripten can fail outside the promise chain (e.g. an aborted wasm start).
self.addEventListener("unhandledrejection", (event) => {
  if (leaving(event.reason)) event.preventDefault();
  else fail(event.reason);
});
self.addEventListener("error", (event) => {
  if (leaving(event.message)) event.preventDefault();
  else fail(event.message);
});
