// Pyodide's Emscripten module for worker.js's start from the snapshot,
// prepared as soon as the worker knows where Pyodide is: the module's
// factory (pyodide.asm.mjs, which loadPyodide takes as its
// createPyodideModule option) imported and its WebAssembly compiled, both
// while the snapshot's bytes come, instead of one after the other inside
// loadPyodide (measured at ~80 ms of a return visit's start, 7 runs each).
//
// Pyodide instantiates its WebAssembly itself, with instantiateStreaming on
// its own fetch. While the factory runs, that one call is answered with the
// module compiled here; any other call, or no compiled module, goes to the
// browser's own function. So a Pyodide that loads differently is slower,
// never broken: `precompiled` says which happened, and a test watches it.
//
// The moment it is instantiated, the memory holds the wasm's data segments
// and nothing else yet (the module has no start function; Emscripten's own
// start comes after): that copy of its first bytes (`image`) is what the
// stored snapshot was XORed with (hooks/wasm_data.py), and snapshot.js
// XORs it back. Without the call answered here there is no copy, and the
// start from the snapshot gives way to a normal boot.
//
// The WebAssembly's bytes come from the copy an earlier visit kept
// (kept.js), checked against runtime.json's "wasm_sha256" while they
// compile, else from the HTTP cache or the network, compiled as they
// arrive; `keep()` then keeps them for the next visit.

import * as kept from "./kept.js";
import { sha256 as hashOf } from "./sha256.js";

const FAMILY = "pyodide.asm-";
const keptName = (sha256) => `${FAMILY}${sha256.slice(0, 16)}.wasm`;

// Fetches the wasm (from the HTTP cache when it is there: immutable) and
// keeps it if it is the build's and the browser can keep it; resolves to
// whether it kept it.
async function keepWasm(url, name, sha256, init = {}) {
  const bytes = new Uint8Array(await (await fetch(url, init)).arrayBuffer());
  return kept.available() && (await hashOf(bytes)) === sha256 && kept.write(name, bytes, FAMILY);
}

/**
 * Fetches Pyodide's WebAssembly at low priority for the calculator page's
 * next start, into the HTTP cache and kept (prefetch.js, when a reader of
 * another page shows intent), unless a copy is kept already. Resolves to
 * whether it kept it.
 */
export async function keepWasmAhead(indexURL, sha256) {
  if (await kept.has(keptName(sha256))) return false;
  return keepWasm(new URL("pyodide.asm.wasm", indexURL).href, keptName(sha256), sha256, { priority: "low" });
}

// A module compiled from the kept copy `bytes`, or null (none, or not the
// build's: then dropped). The hash is taken while the bytes compile.
async function compileKept(bytes, name, sha256) {
  if (!bytes) return null;
  const [module, found] = await Promise.all([WebAssembly.compile(bytes).catch(() => null), hashOf(bytes)]);
  if (module && found === sha256) return module;
  await kept.drop(name);
  return null;
}

/**
 * {create(settings), image, precompiled, source, keep()}: pass `create` to
 * loadPyodide as createPyodideModule; `image` is a promise of the first
 * `imageLength` bytes of the memory as instantiated; `source` says where
 * the compiled bytes came from ("kept" or "http"), once `create` has run;
 * `keep()` keeps them for the next visit unless they came from there.
 * `wasmSha256`: runtime.json's. `begin`: a promise for the page's word
 * that its own start is done (worker.js, pageBegun), which all that takes
 * a core waits for. `stamp(name)` gives a pass-through that records when
 * that step finished (the worker's timings).
 */
export function prepareModule(indexURL, stamp, imageLength, wasmSha256, begin) {
  const wasmUrl = new URL("pyodide.asm.wasm", indexURL).href;
  const name = keptName(wasmSha256);
  let copied;
  const image = new Promise((resolve, reject) => (copied = { resolve, reject }));
  image.catch(() => {}); // reported by snapshot.js's fill, which awaits it
  const prepared = { precompiled: false, image, source: null };

  // The kept copy is read at once (a read takes no core): its compile is
  // what a return visit's start waits for longest. All the rest takes a
  // core, so it waits for `begin`: the kept copy's compile and hash, else
  // the download compiled as it arrives; the factory's import (a megabyte
  // of JavaScript to parse).
  const read = kept.read(name);
  const fromKept = Promise.all([read, begin]).then(([bytes]) => compileKept(bytes, name, wasmSha256));
  const factory = begin.then(() => import(new URL("pyodide.asm.mjs", indexURL).href)).then(stamp("factory"));
  const compiled = fromKept
    .then((module) => {
      prepared.source = module ? "kept" : "http";
      return module ?? WebAssembly.compileStreaming(fetch(wasmUrl));
    })
    .then(stamp("wasm_compiled"));
  factory.catch(() => {}); // reported when create() awaits it
  compiled.catch(() => {}); // then Pyodide compiles it (e.g. a server without application/wasm)

  prepared.keep = async () => {
    if (prepared.source !== "http" || !prepared.precompiled || !kept.available()) return false;
    return keepWasm(wasmUrl, name, wasmSha256);
  };
  prepared.create = async (settings) => {
    const { default: create } = await factory;
    const module = await compiled.catch(() => null);
    const instantiateStreaming = WebAssembly.instantiateStreaming;
    if (module) {
      WebAssembly.instantiateStreaming = async (source, imports) => {
        const response = await source;
        if (response?.url !== wasmUrl) return instantiateStreaming.call(WebAssembly, response, imports);
        response.body?.cancel().catch(() => {}); // Pyodide's own download of it is not needed
        prepared.precompiled = true;
        const instance = await WebAssembly.instantiate(module, imports).then(stamp("instantiated"));
        const { memory } = instance.exports;
        if (memory) copied.resolve(new Uint8Array(memory.buffer, 0, imageLength).slice());
        return { module, instance };
      };
    }
    try {
      return stamp("module_created")(await create(settings));
    } finally {
      WebAssembly.instantiateStreaming = instantiateStreaming;
      copied.reject(new Error("calculator worker: the wasm's memory was not copied as instantiated"));
    }
  };
  return prepared;
}

/**
 * Has the browser load Pyodide's JavaScript once more, in a throwaway
 * worker (code-cache.js says why), so that the next start reads it
 * compiled: after a first start is ready (worker.js), and twice after the
 * runtime was fetched ahead (prefetch.js: the calculator page's first start
 * then reads it). Resolves once that worker has compiled, or could not.
 * Where nested workers are missing, the next start compiles it.
 */
export function warmCodeCache(indexURL) {
  return new Promise((done) => {
    try {
      const worker = new Worker(new URL("code-cache.js", import.meta.url), { type: "module" });
      worker.onmessage = worker.onerror = () => done();
      worker.postMessage(indexURL);
    } catch {
      done(); // no worker from a worker here
    }
  });
}

/**
 * Runs `load` (a loadPyodide call restoring the snapshot) with Pyodide's
 * download of the standard library (python_stdlib.zip under `indexURL`,
 * 2.5 MB) answered here with an empty file. The restored interpreter has
 * imported all it needs (the snapshot holds its modules, not their files:
 * tools/pyodide_run.mjs's warm-up), so the file would only cost a first
 * visit its bytes. loadPyodide fetches it as it starts, so the answer is
 * given only while `load` runs; a normal boot afterwards fetches it.
 */
export async function withoutStdlib(indexURL, load) {
  const stdlibUrl = new URL("python_stdlib.zip", indexURL).href;
  const { fetch } = globalThis;
  globalThis.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    return url === stdlibUrl ? Promise.resolve(new Response(new Uint8Array(0))) : fetch.call(globalThis, input, init);
  };
  try {
    return await load();
  } finally {
    globalThis.fetch = fetch;
  }
}
