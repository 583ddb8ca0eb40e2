// The worksheet engine: Pyodide plus our `worksheets` wheel, in a module worker
// so the page stays responsive while Python starts (Pyodide 314 refuses
// classic workers). One worker serves every worksheet page of a tab.
//
// Page -> worker: {type: "init", runtimeURL}        (absolute, ends in "/")
//                 {type: "run", id, request}         (request: JSON string)
// Worker -> page: {type: "ready", bootMs}
//                 {type: "error", message}           (for the console only)
//                 {type: "result", id, result}

let booting = null;
let handle = null;

function fail(error) {
  // After a successful start, a failing run answers with a crash result instead.
  if (handle) return console.error(error);
  self.postMessage({ type: "error", message: String((error && error.stack) || error) });
}

async function boot(runtimeURL) {
  const started = performance.now();
  // A static `import` cannot take the runtime URL from the page, hence import().
  const { loadPyodide } = await import(runtimeURL + "pyodide.mjs");
  const pyodide = await loadPyodide({
    indexURL: runtimeURL,
    lockFileURL: runtimeURL + "pyodide-lock.json",
    packages: [],
  });
  await pyodide.loadPackage("worksheets", { messageCallback: () => {} });
  pyodide.runPython("import worksheets.adapter");
  handle = pyodide.pyimport("worksheets.adapter").handle;
  self.postMessage({ type: "ready", bootMs: Math.round(performance.now() - started) });
}

async function run(id, request) {
  let result;
  try {
    await booting;
    result = JSON.parse(handle(request));
  } catch (error) {
    console.error(error);
    result = { ok: false, crash: String(error) };
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
