// Make a Pyodide memory snapshot with the worksheets already imported and
// warmed up (build time, Node.js), without docstrings (of functions, classes and modules) or column tables (tools/snapshot_trim.py)
// and with malloc's free memory zeroed, so that it packs small. Usage:
//   node tools/make_snapshot.mjs <runtime dir> <wheel file> <output file>
// The snapshot API is private in Pyodide 314 (_makeSnapshot /
// makeMemorySnapshot / _loadSnapshot) and tied to the exact Pyodide build; the
// page falls back to a normal boot when it does not load.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [runtimeArg, wheelArg, outputArg] = process.argv.slice(2);
const runtime = path.resolve(runtimeArg) + path.sep;
const { loadPyodide } = await import(pathToFileURL(runtime + "pyodide.mjs").href);
const pyodide = await loadPyodide({
  indexURL: runtime,
  _makeSnapshot: true,
  stdout: (line) => process.stderr.write(line + "\n"),
});
// unpackArchive, not loadPackage: loadPackage leaves JS references behind
// that a snapshot cannot hold.
pyodide.unpackArchive(new Uint8Array(readFileSync(wheelArg)), "wheel");
pyodide.runPython("import worksheets.adapter; worksheets.adapter.warm_up()");
// In a namespace of its own, so that nothing of it stays in __main__.
const trim = "/tmp/snapshot_trim.py";
pyodide.FS.writeFile(trim, readFileSync(new URL("./snapshot_trim.py", import.meta.url)));
pyodide.runPython(`_trim = {}\nexec(open("${trim}").read(), _trim)\n_trim["drop_docs"]()\n__import__("gc").collect()\n_trim["trim_code"]()\ndel _trim\n__import__("gc").collect()`);
pyodide.FS.unlink(trim);
zeroFreeMemory(pyodide._module);
writeFileSync(outputArg, pyodide.makeMemorySnapshot());

// Memory that malloc has taken back still holds what was there (4.4 MB once the
// docstrings are gone), and the snapshot would carry it: 0.6 MB of the brotli'd
// file on 2026-12-03. So take every free block malloc can give without growing the
// memory, zero it and give it back. The names are Emscripten's dlmalloc
// exports; without them, or if the memory grew, the build fails.
function zeroFreeMemory(module) {
  for (const name of ["_malloc", "_free", "_malloc_footprint", "_malloc_set_footprint_limit"]) {
    if (typeof module[name] !== "function") throw new Error(`Pyodide's module has no ${name}: its build changed`);
  }
  const size = module.HEAPU8.length;
  module._malloc_set_footprint_limit(module._malloc_footprint());
  const blocks = [];
  try {
    for (let request = 1 << 24; request >= 8; ) {
      const block = module._malloc(request);
      if (!block) {
        request >>= 1;
        continue;
      }
      module.HEAPU8.fill(0, block, block + request);
      blocks.push(block);
    }
  } finally {
    for (const block of blocks.reverse()) module._free(block);
    module._malloc_set_footprint_limit(-1); // (size_t) -1: no limit again
  }
  if (module.HEAPU8.length !== size) throw new Error("zeroing the free memory grew the wasm memory");
}
