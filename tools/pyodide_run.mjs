// Run the calculator under the pinned Pyodide from node_modules, in Node (no
// browser), installed from the same wheel the site ships and the same way the
// worker does (unpackArchive). The parity tests compare its output with CPython.
//
//   node tools/pyodide_run.mjs [--wheel FILE] [--today YYYY-MM-DD]
//        [--fn estimate|chart|levels|import_json|import_csv|export_csv[,...]]
//        [--levels FILE] [--labels JSON] [--jsonl] FILE...
//
// Without --wheel the wheel is built (or reused) by hooks/pyodide_assets.py,
// with $PYTHON or .venv/bin/python. Default output: each answer as is, like
// `python -m calculator`; --jsonl: one {"file", "fn", "output"} line per
// file and function (one Node start for many answers: it costs ~3 s).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadPyodide } from "../node_modules/pyodide/pyodide.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values: opts, positionals: files } = parseArgs({
  allowPositionals: true,
  options: {
    wheel: { type: "string" },
    today: { type: "string" },
    fn: { type: "string", default: "estimate" },
    levels: { type: "string" },
    labels: { type: "string", default: "{}" },
    jsonl: { type: "boolean", default: false },
  },
});

function wheelPath() {
  if (opts.wheel) return opts.wheel;
  const venv = join(root, ".venv", "bin", "python");
  const python = process.env.PYTHON || (existsSync(venv) ? venv : "python3");
  return execFileSync(python, [join(root, "hooks", "pyodide_assets.py")], { encoding: "utf8" }).trim();
}

const pyodide = await loadPyodide({ stdout: () => {}, stderr: (s) => process.stderr.write(s + "\n") });
// As the worker does. A Node Buffer is not a typed array Pyodide knows.
const sitePackages = pyodide.runPython("import sys; next(p for p in sys.path if p.endswith('site-packages'))");
pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath())), "wheel", { extractDir: sitePackages });
const api = pyodide.pyimport("calculator.api");

// JS undefined becomes Python None (null would become jsnull).
const levels = opts.levels ? readFileSync(opts.levels, "utf8") : undefined;
const calls = {
  estimate: (text) => api.estimate_json(text, levels, opts.today),
  chart: (text) => api.chart_svg(text, opts.labels, levels, opts.today),
  levels: (text) => api.levels_json(text),
  import_json: (text) => api.import_json(text, opts.today),
  import_csv: (text) => api.import_csv(text),
  export_csv: (text) => api.export_csv(text),
};
const fns = opts.fn.split(",");
for (const fn of fns) if (!calls[fn]) throw new Error(`unknown --fn ${fn}`);

for (const file of files) {
  const text = readFileSync(file, "utf8");
  for (const fn of fns) {
    const output = calls[fn](text);
    process.stdout.write(opts.jsonl ? JSON.stringify({ file, fn, output }) + "\n" : output);
  }
}
