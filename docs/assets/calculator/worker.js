// Module worker: Python (Pyodide) and the calculator wheel, all fetched from
// this site's own origin, so the page stays responsive while Python starts
// (3-4 s on a slow machine) and no request ever leaves the site.
//
// Python starts from a memory snapshot when the site has one (runtime.json
// "snapshot", made at build time by hooks/pyodide_assets.py: an interpreter
// with calculator.api already imported), several times faster than a normal
// boot; if it is missing, unreadable or refused, the worker boots normally.
// A worker started as worker.js?snapshot=0 never tries it and drops any kept
// copy (the client asks for that after a worker broke).
//
// What catches a bad snapshot, and where it then falls: bytes that differ
// from the build's hash are never restored (snapshot.js); a restore that
// throws, or whose smoke estimate (runtime.json "smoke": an input and
// CPython's answer) differs or throws, means a normal boot in this worker;
// a first call that fails anyway makes the worker ask to be replaced by one
// without the snapshot. Each drops the kept copy, so the next visit is clean.
//
// Where the snapshot's bytes come from (a copy kept by an earlier visit,
// else a download) is snapshot.js's business; readying Pyodide's module
// meanwhile (its WebAssembly from a kept copy too) is pyodide-module.js's;
// where copies are kept, kept.js's; having the browser keep Pyodide's
// JavaScript compiled after a first visit, code-cache.js's.
//
// Messages out: {type:"progress", stage, fraction}, then {type:"ready", timings}
// or {type:"failed", error:{code:"load_failed"}}; {type:"fatal"} if the Python
// runtime broke (the client then starts a new worker).
// Also in: {type:"begin"} (no id), the page's word that its own start is
// done (client.js; see pageBegun).
// Requests in: {id, type, payload}, type one of calculator.api's
// WORKER_FUNCTIONS (api.call runs it with the payload's arguments; the
// answer is its text);
// answers out: {id, ok:true, result} or {id, ok:false, error:{code}}.

import { prepareModule, warmCodeCache, withoutStdlib } from "./pyodide-module.js";
import { installWheel } from "./pyodide-wheel.js";
import { sha256 } from "./sha256.js";
import * as snapshots from "./snapshot.js";

const progress = (stage, fraction) => postMessage({ type: "progress", stage, fraction });

// The stages' share of a typical cold start, for a rough progress bar.
// Pyodide reports nothing while it loads, so it is one big step.
const STAGES = { runtime: 0, python: 0.05, wheel: 0.85, import: 0.9, ready: 1 };

async function fetchOk(url, init) {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${response.status} ${url}`);
  return response;
}

async function fetchWheel(url, expected) {
  const bytes = new Uint8Array(await (await fetchOk(url)).arrayBuffer());
  const found = await sha256(bytes);
  // A stale cache or half-deployed site would give answers from other code.
  if (found !== expected) throw new Error(`wheel sha256 ${found}, expected ${expected}`);
  return bytes;
}

const useSnapshot = new URL(import.meta.url).searchParams.get("snapshot") !== "0";

// Python restored from the snapshot: {pyodide, source, sparse}. The bytes
// come into their buffer while Pyodide's module is prepared
// (pyodide-module.js, `prepared`: it also copies the wasm's memory as
// instantiated, which the snapshot is stored against); its `create` (the
// module's factory, which loadPyodide takes as an option) is wrapped to hold
// back the restore until they are all there. `copy`: the kept copy's bytes
// (a promise), or null to download. A second attempt (the kept copy failed)
// reuses the memory's copy: it depends on the wasm alone. On failure the
// error says where the bytes came from (error.source).
async function fromSnapshot(loadPyodide, options, snapshot, prepared, copy) {
  const bytes = new Uint8Array(snapshot.size);
  const filled = snapshots.fill(snapshot, bytes, { copy, image: prepared.image }).then(stamp("snapshot_filled"));
  filled.catch(() => {}); // reported through loadPyodide
  try {
    const pyodide = await withoutStdlib(options.indexURL, () => loadPyodide({
      ...options,
      _loadSnapshot: bytes,
      createPyodideModule: async (settings) => {
        const module = await prepared.create(settings);
        await filled;
        return module;
      },
    }));
    return { pyodide, ...(await filled) };
  } catch (err) {
    const source = (await filled.catch(() => null))?.source ?? null;
    throw Object.assign(new Error("snapshot not usable", { cause: err }), { source });
  }
}

// The restored interpreter answers the build's smoke estimate as CPython
// did, or this throws: a snapshot can restore and still be broken.
function smokeTest(pyodide, smoke) {
  if (!smoke) return;
  const api = pyodide.pyimport("calculator.api");
  try {
    const answer = JSON.parse(api.call("view", JSON.stringify(smoke.payload))).estimate;
    if (answer !== smoke.estimate) throw new Error("snapshot: the smoke estimate differs from CPython's");
  } finally {
    api.destroy();
  }
}

// Python from the snapshot if it can be had, restored and pass the smoke
// estimate, else a normal boot. `copy`: the kept copy's bytes (a promise).
async function startPython(loadPyodide, options, snapshot, prepared, smoke, copy) {
  for (const first of snapshot ? [true, false] : []) {
    let source = null;
    try {
      const restored = await fromSnapshot(loadPyodide, options, snapshot, prepared, first ? copy : null);
      source = restored.source;
      smokeTest(restored.pyodide, smoke);
      return { from: "snapshot", ...restored };
    } catch (err) {
      // Any failure drops the kept copy; if it was the kept copy that
      // failed, the snapshot is downloaded and tried once more.
      await snapshots.forget(snapshot);
      if ((source ?? err.source) === "kept") continue;
      // Wrong Pyodide build, truncated file, 404, a future Pyodide without
      // the option: none of it should cost the user the calculator.
      console.warn("calculator worker: snapshot not usable, starting Python normally", err.cause ?? err);
      break;
    }
  }
  return { pyodide: await loadPyodide(options), from: "boot" };
}

// The page's word that its own start is done (client.js creates this
// worker at DOMContentLoaded and says "begin" once the theme's script and
// calculator.js have run their part of it). Until then the worker only
// reads what takes no core: runtime.json, Pyodide's loader (18 KB) and the
// kept copies (two files, one synchronous read each), so a return visit
// has them when the word comes. What takes a core waits for it (the
// downloads, the factory's megabyte of JavaScript, the wasm's compile, the
// restore): beside those scripts it took the core they needed on a
// two-core phone (README: Lighthouse).
let begun;
const pageBegun = new Promise((resolve) => (begun = resolve));

// Work that must not delay the ready message; dropped once done, since it
// holds the snapshot's 12 MB.
let afterReady = null;

// When each step of the start finished (performance.now()), reported in the
// ready message's timings as ms since the start: the benchmark's breakdown
// of what a start waits for (benchmarks/run.py). stamp(name) is a
// pass-through for a promise's then() that records the moment.
const at = {};
const stamp = (name) => (value) => ((at[name] = performance.now()), value);

async function boot() {
  const t = [performance.now()];
  progress("runtime", STAGES.runtime);
  // runtime.json sits next to this file; its URLs are relative to it, so the
  // site works under any base path and in every language's copy. The page
  // loads this worker from a folder named by the files' content
  // (hooks/versioned_assets.py), served immutable: the fetch's default mode
  // lets the browser take runtime.json from its cache without asking.
  const runtimeUrl = new URL("runtime.json", import.meta.url);
  const runtime = stamp("runtime_json")(await (await fetchOk(runtimeUrl)).json());
  const indexURL = new URL(runtime.pyodide, runtimeUrl).href;
  const wheelUrl = new URL(runtime.wheel, runtimeUrl); // in a folder named by its hash

  const snapshot = useSnapshot && runtime.snapshot
    ? {
      url: new URL(runtime.snapshot, runtimeUrl).href,
      size: runtime.snapshot_size,
      image: runtime.snapshot_image,
      sha256: runtime.snapshot_sha256,
    }
    : null;
  if (!useSnapshot) snapshots.forget(); // the client saw a worker break: maybe the kept copies'
  // The wheel is for a normal boot only: the snapshot's interpreter has the
  // package imported and its data read already. Without a snapshot it comes
  // while Pyodide loads; after a failed restore, it is fetched then.
  const getWheel = () => fetchWheel(wheelUrl, runtime.wheel_sha256);
  progress("python", STAGES.python);
  // Both kept copies are asked for now, the WebAssembly first (its compile
  // is the longer wait), and read while the page's scripts run.
  pageBegun.then(stamp("begun"));
  const prepared = snapshot && prepareModule(indexURL, stamp, snapshot.image, runtime.wasm_sha256, pageBegun);
  const copy = snapshot && snapshots.readKept(snapshot);
  const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href).then(stamp("loader"));
  await pageBegun;
  const wheel = snapshot ? null : getWheel();
  wheel?.catch(() => {}); // reported below, when awaited
  // The lock file's info is all loadPyodide needs of it (no package of
  // Pyodide's is loaded): given here, it is not downloaded.
  const lockFileContents = { info: runtime.lock_info, packages: {} };
  const options = { indexURL, lockFileContents, stdout: () => {}, stderr: (line) => console.warn(line) };
  const started = await startPython(loadPyodide, options, snapshot, prepared, runtime.smoke, copy);
  const { pyodide, from } = started;
  t.push(performance.now());

  if (from === "boot") {
    progress("wheel", STAGES.wheel);
    installWheel(pyodide, await (wheel ?? getWheel()));
  }
  // From the snapshot the package's files are not there (the snapshot holds
  // memory, not files): every module is imported and the example level table
  // read when it is made (tools/pyodide_run.mjs), so nothing needs them, and
  // unpacking them would cost ~50 ms of a return visit's start (measured).
  // tests/runtime/test_snapshot.py runs every function from it without them.
  t.push(performance.now());

  progress("import", STAGES.import);
  const api = pyodide.pyimport("calculator.api");
  const offered = new Set(JSON.parse(api.worker_functions()));
  t.push(performance.now());
  const [start, python, installed, imported] = t;
  // A first visit (or a new build): keep the snapshot and the WebAssembly
  // for the next one, one after the other (each is 9 MB to write), and have
  // the browser keep Pyodide's JavaScript compiled (on its own thread).
  if (from === "snapshot") {
    afterReady = async () => {
      if (started.source === "download" || prepared.source === "http") warmCodeCache(indexURL);
      if (started.source === "download") await snapshots.keep(snapshot, started.sparse);
      await prepared.keep().catch(() => {}); // the next visit compiles from the HTTP cache again
    };
  }
  const timings = {
    from,
    snapshot_source: started.source ?? null, // "kept" or "download"
    wasm: prepared?.precompiled ? "precompiled" : "pyodide", // who compiled the WebAssembly
    wasm_source: prepared?.precompiled ? prepared.source : null, // "kept" or "http"
    started_at: Math.round(performance.timeOrigin + start), // epoch ms, to line up with the page
    python_ms: Math.round(python - start),
    wheel_ms: Math.round(installed - python),
    import_ms: Math.round(imported - installed),
    total_ms: Math.round(imported - start),
    // Steps that ran side by side, in the order they finished.
    steps: Object.fromEntries(Object.entries({ ...at, python })
      .map(([name, time]) => [name, Math.round(time - start)]).sort((a, b) => a[1] - b[1])),
  };
  // Kept now: after a fatal error even pyodide.ffi throws.
  return { api, offered, PythonError: pyodide.ffi.PythonError, timings, snapshot: from === "snapshot" };
}

// Request payloads are plain data: strings go to Python as JSON text, so no
// JS object (or its null, which would become jsnull) crosses over.
const payloadText = (payload) => JSON.stringify(payload && typeof payload === "object" ? payload : {});

const ready = boot();
ready.then(
  ({ timings }) => {
    progress("ready", STAGES.ready);
    postMessage({ type: "ready", timings });
    afterReady?.();
    afterReady = null;
  },
  (err) => {
    console.error("calculator worker: loading failed", err);
    postMessage({ type: "failed", error: { code: "load_failed" } });
  },
);

// A first call that fails from a restored snapshot: the snapshot is suspect.
let firstCall = true;

// Installed synchronously, so requests sent before Python is ready wait here.
self.onmessage = async ({ data }) => {
  const { id, type, payload } = data ?? {};
  if (type === "begin" && id === undefined) return begun();
  let state;
  try {
    state = await ready;
  } catch {
    postMessage({ id, ok: false, error: { code: "load_failed" } });
    return;
  }
  if (!state.offered.has(type)) {
    postMessage({ id, ok: false, error: { code: "bad_request" } });
    return;
  }
  const first = firstCall;
  firstCall = false;
  try {
    postMessage({ id, ok: true, result: state.api.call(type, payloadText(payload)) });
  } catch (err) {
    // A Python exception leaves the interpreter usable; anything else (a
    // wasm trap, out of memory) may not: then let the client replace us
    // (with a worker that drops the kept snapshot and boots normally). So
    // does a first call from a snapshot that fails at all.
    console.error("calculator worker:", err);
    postMessage({ id, ok: false, error: { code: "internal" } });
    if (!(err instanceof state.PythonError) || (first && state.snapshot)) postMessage({ type: "fatal" });
  }
};
