// Run worksheet requests inside the real Pyodide runtime that the built site
// ships (its assets/pyodide folder), under Node.js. Reads a JSON list of
// request strings on stdin, writes {python, results} as JSON on stdout.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";

const runtime = path.resolve(process.argv[2]) + path.sep;
const { loadPyodide } = await import(pathToFileURL(runtime + "pyodide.mjs").href);
const pyodide = await loadPyodide({
  indexURL: runtime,
  lockFileURL: runtime + "pyodide-lock.json",
  stdout: (line) => process.stderr.write(line + "\n"),
});
await pyodide.loadPackage("worksheets", { messageCallback: () => {} });
const handle = pyodide.pyimport("worksheets.adapter").handle;
const requests = JSON.parse(readFileSync(0, "utf-8"));
const results = requests.map((request) => JSON.parse(handle(request)));
const python = pyodide.runPython("import sys; sys.version.split()[0]");
const wheel = pyodide.runPython("import worksheets, pathlib; str(pathlib.Path(worksheets.__file__).parent)");
process.stdout.write(JSON.stringify({ python, wheel, results }));
