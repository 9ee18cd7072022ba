// Run the calculator under the pinned Pyodide from node_modules, in Node (no
// browser), installed from the same wheel the site ships and the same way the
// worker does (pyodide-wheel.js). The parity tests compare its output with
// CPython's.
//
//   node tools/pyodide_run.mjs [--wheel FILE] [--today YYYY-MM-DD] [--fn NAME[,...]]
//        [--labels JSON] [--jsonl] [--snapshot FILE] FILE...
//   node tools/pyodide_run.mjs --wheel FILE --make-snapshot OUT
//
// --fn names functions of calculator.api.WORKER_FUNCTIONS (default: view);
// each is called as the worker calls it (api.call), with the file's text as
// ``text`` and --today and --labels as ``today`` and ``labels``.
//
// --make-snapshot: boot Pyodide, install the wheel, import calculator.api,
// warm it with one call of each worker function, zero the heap's free
// space, and write a memory snapshot of that interpreter to OUT (the site hook does this at build
// time, the worker restores it). --snapshot FILE: start from such a snapshot
// instead of a normal boot and answer as usual, without installing the
// wheel, and with an empty standard library and only the lock file's info,
// as the worker does: a snapshot holds memory, not files, so this shows that
// the restored interpreter needs none of the package's files, nor
// python_stdlib.zip (which the worker does not download for it).
//
// Without --wheel the wheel is built (or reused) by hooks/pyodide_assets.py,
// with $PYTHON or .venv/bin/python. Default output: each answer as is, like
// `python -m calculator`; --jsonl: one {"file", "fn", "output"} line per
// file and function (one Node start for many answers: it costs ~3 s).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { installWheel } from "../docs/assets/calculator/pyodide-wheel.js";
import { loadPyodide } from "../node_modules/pyodide/pyodide.mjs";

// Imports calculator.api and calls each worker function once (fixed dates,
// nothing random), so the snapshot holds what a page's first calls need.
const WARM_UP = `
import json
import calculator.api as _api
_input = json.dumps({"sites": [{"name": "a", "items": [{"quantity": 2, "points_per_unit": "10",
    "unit_price": "100", "renewal_date": "2027-03-01", "order": "o"}]}], "migration_date": "2026-12-15"})
for _name in _api.WORKER_FUNCTIONS:
    _api.call(_name, json.dumps({"text": _input, "labels": "{}", "today": "2026-01-01"}))
_api.levels_json(None)
del _api, _input, _name, json
`;

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values: opts, positionals: files } = parseArgs({
  allowPositionals: true,
  options: {
    wheel: { type: "string" },
    today: { type: "string" },
    fn: { type: "string", default: "view" },
    labels: { type: "string", default: "{}" },
    jsonl: { type: "boolean", default: false },
    snapshot: { type: "string" },
    "make-snapshot": { type: "string" },
  },
});

function wheelPath() {
  if (opts.wheel) return opts.wheel;
  const venv = join(root, ".venv", "bin", "python");
  const python = process.env.PYTHON || (existsSync(venv) ? venv : "python3");
  return execFileSync(python, [join(root, "hooks", "pyodide_assets.py")], { encoding: "utf8" }).trim();
}

const quiet = { stdout: () => {}, stderr: (s) => process.stderr.write(s + "\n") };
// A Node Buffer is not a typed array Pyodide knows.
const install = (py) => installWheel(py, new Uint8Array(readFileSync(wheelPath())));

// Writes zeros over the heap's free space before the snapshot is taken.
// Loading Python leaves what it freed (read files, compiled code, import
// work) in malloc's free chunks; a snapshot carries those bytes like live
// ones. Zeroed, they fall out of the sparse form and compress to nothing:
// measured on Pyodide 314, the sparse snapshot went from 15.9 to 12.4 MB and
// its Brotli from 5.43 to 4.66 MB (quality 5). How: take every free chunk
// with malloc (largest requests first), fill it with zeros, free it all. A
// request is made only while malloc's top chunk could hold it, so the heap
// never grows (the snapshot's memory size stays what it was). Free memory's
// contents mean nothing, so the restored interpreter is the same.
function zeroFreeMemory(module) {
  const info = module._malloc(64); // struct mallinfo: ten ints; the last, keepcost, is the top chunk's size
  const topSize = () => {
    module._mallinfo(info);
    return module.HEAPU32[(info >> 2) + 9];
  };
  const taken = [];
  for (let size = 1 << 22; size >= 16; size >>= 2) {
    while (size + 4096 < topSize()) {
      const chunk = module._malloc(size);
      if (!chunk) break;
      module.HEAPU8.fill(0, chunk, chunk + size);
      taken.push(chunk);
    }
  }
  for (const chunk of [...taken, info]) module._free(chunk);
}

if (opts["make-snapshot"]) {
  const py = await loadPyodide({ ...quiet, _makeSnapshot: true });
  install(py);
  // Import and run once, so lazy imports, first-call work and the package's
  // data files (read once, then cached) are in the snapshot too: restored,
  // it has no files (see --snapshot). No JS proxies may be alive: runPython
  // only, results dropped.
  py.runPython(WARM_UP);
  zeroFreeMemory(py._module);
  const out = opts["make-snapshot"];
  writeFileSync(out + ".part", py.makeMemorySnapshot());
  renameSync(out + ".part", out); // atomic: a parallel build never reads half a snapshot
  process.exit(0);
}

// What the worker gives a restore instead of downloading (worker.js).
function restoreOptions() {
  const dir = mkdtempSync(join(tmpdir(), "pa-stdlib-"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  const emptyStdlib = join(dir, "python_stdlib.zip");
  writeFileSync(emptyStdlib, new Uint8Array(0));
  const lock = JSON.parse(readFileSync(join(root, "node_modules", "pyodide", "pyodide-lock.json"), "utf8"));
  return { stdLibURL: emptyStdlib, lockFileContents: { info: lock.info, packages: {} } };
}

const pyodide = opts.snapshot
  ? await loadPyodide({ ...quiet, ...restoreOptions(), _loadSnapshot: new Uint8Array(readFileSync(opts.snapshot)) })
  : await loadPyodide(quiet);
if (!opts.snapshot) install(pyodide);
const api = pyodide.pyimport("calculator.api");

const offered = JSON.parse(api.worker_functions());
const fns = opts.fn.split(",");
for (const fn of fns) if (!offered.includes(fn)) throw new Error(`unknown --fn ${fn}: not one of ${offered}`);

for (const file of files) {
  const text = readFileSync(file, "utf8");
  for (const fn of fns) {
    const output = api.call(fn, JSON.stringify({ text, today: opts.today, labels: opts.labels }));
    process.stdout.write(opts.jsonl ? JSON.stringify({ file, fn, output }) + "\n" : output);
  }
}
