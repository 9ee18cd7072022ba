// Module worker, thrown away: loads Pyodide's JavaScript once more after a
// first visit, so that the browser keeps it compiled for the next visit.
//
// Why: Pyodide's module (pyodide.asm.mjs, 1.25 MB of JavaScript) is parsed
// and compiled on every start. Chromium keeps the compiled code (V8's code
// cache) only for a script it sees a second time, and uses it from the
// third: so a return visit compiled the module again (about 80 ms on these
// machines) and then wrote the cache (30-50 ms more), both on the worker's
// thread while Python started. Loaded here after a first visit is ready,
// the return visit is the third sighting and reads the compiled code.
//
// What the cache holds is what V8 compiled by the time it writes it, which
// it does in a later task than the import's: so the module's factory is run
// at once, up to the instantiation of its WebAssembly, which never comes
// (Emscripten's documented instantiateWasm hook, answered "later" and never
// called back). Nothing is downloaded: the files are in the HTTP cache.
// Browsers without such a heuristic lose only this small task.
//
// A first sighting only marks the script in Chromium's cache, so after the
// runtime is fetched ahead (prefetch.js) this runs twice, one after the
// other: the calculator page's first start then reads the compiled code.
//
// Message in: the URL of Pyodide's folder (runtime.json "pyodide", resolved);
// out: one message, once compiled (or not: nothing to gain).

const LINGER_MS = 2000; // time for the browser to write the cache before this worker closes

addEventListener("message", async ({ data: indexURL }) => {
  try {
    await import(new URL("pyodide.mjs", indexURL).href);
    const { default: createModule } = await import(new URL("pyodide.asm.mjs", indexURL).href);
    createModule({ instantiateWasm: () => ({}) }).catch(() => {});
  } catch {
    // Nothing to gain: the next visit compiles as this one did.
  }
  postMessage("compiled");
  setTimeout(() => close(), LINGER_MS);
}, { once: true });
