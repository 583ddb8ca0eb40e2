// Make a Pyodide memory snapshot with the worksheets already imported and
// warmed up (build time, Node.js). Usage:
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
writeFileSync(outputArg, pyodide.makeMemorySnapshot());
