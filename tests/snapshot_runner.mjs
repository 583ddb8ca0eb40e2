// Boot Pyodide from the site's memory snapshot as the browser's engine does:
// with an empty file in place of the standard library's zip, and the real one
// put in place only when Python imports a module that is not in memory
// (worksheets.adapter.load_stdlib_on_first_import). Under Node.js. Usage:
//   node snapshot_runner.mjs <runtime dir> <unpacked snapshot> <empty file>
// Reads a JSON list of request strings on stdin; writes {results, loadsAfterRequests,
// imported, loads, docstrings} as JSON on stdout: after the requests, one import of a
// module outside the snapshot, and what became of docstrings, columns and line numbers.
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [runtimeArg, snapshotArg, emptyArg] = process.argv.slice(2);
const runtime = path.resolve(runtimeArg) + path.sep;
const { loadPyodide } = await import(pathToFileURL(runtime + "pyodide.mjs").href);
const pyodide = await loadPyodide({
  indexURL: runtime,
  stdLibURL: path.resolve(emptyArg),
  _loadSnapshot: new Uint8Array(readFileSync(snapshotArg)),
  stdout: (line) => process.stderr.write(line + "\n"),
});
const adapter = pyodide.pyimport("worksheets.adapter");
let loads = 0;
adapter.load_stdlib_on_first_import((zip) => {
  loads += 1;
  pyodide.FS.writeFile(zip, new Uint8Array(readFileSync(runtime + "python_stdlib.zip")));
});
const requests = JSON.parse(readFileSync(0, "utf-8"));
const results = requests.map((request) => JSON.parse(adapter.handle(request)));
const loadsAfterRequests = loads;
const imported = pyodide.runPython("import statistics; str(statistics.median([3, 1, 2]))");
// The build took the docstrings and the columns out (tools/snapshot_trim.py); line numbers must stay.
const docstrings = JSON.parse(
  pyodide.runPython(`
import json, traceback, worksheets.adapter, worksheets.spec
def compiled_after_the_restore():
    "kept"
class MadeAfterTheRestore:
    "kept"
try:
    json.loads("not json")
except ValueError as error:
    lines = [frame.lineno for frame in traceback.extract_tb(error.__traceback__)]
def has_columns(function):
    return any(column is not None for _, _, column, _ in function.__code__.co_positions())
json.dumps({"snapshot": [worksheets.adapter.handle.__doc__, json.loads.__doc__],
            "modules_and_classes": [worksheets.adapter.__doc__, json.__doc__, worksheets.spec.Field.__doc__,
                                    json.JSONDecoder.__doc__],
            "class_after": MadeAfterTheRestore.__doc__,
            "after": compiled_after_the_restore.__doc__, "lines": lines,
            "columns": [has_columns(worksheets.adapter.handle), has_columns(json.loads)],
            "columns_after": has_columns(compiled_after_the_restore)})
`),
);
process.stdout.write(JSON.stringify({ results, loadsAfterRequests, imported, loads, docstrings }));
