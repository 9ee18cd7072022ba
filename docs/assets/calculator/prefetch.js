// On the pages other than the calculator's: once the reader shows they may
// go there, fetch what its start needs into the browser's HTTP cache, at the
// browser's lowest priority, so that following the link is a return visit.
//
// Intent: a link to the calculator in the page's text comes into view, or
// any link to it (the navigation's too, always in view on a wide screen) is
// hovered or focused. Nothing is fetched before, and nothing at all when
// the browser reports Save-Data or a slow connection (2g, 3g).
//
// What: runtime.json (where the runtime is); the memory snapshot (~2.9 MB
// compressed) and Pyodide's WebAssembly (~2.7 MB), each checked against the
// build's hash and kept (kept.js) as the calculator page keeps them
// (snapshot.js keepAhead, pyodide-module.js keepWasmAhead), so that its
// start is a return visit's (where nothing can be kept, an insecure origin
// or an older browser, the WebAssembly still comes into the HTTP cache),
// with Pyodide's JavaScript compiled ahead too (code-cache.js, twice);
// and, as <link rel=prefetch>, Pyodide's loader and module, and the
// calculator page itself (the link's address, in the reader's language):
// the runtime's files have a
// hash or version in their name, so the calculator page takes them from the
// cache without asking the server (Cache-Control: immutable), and so have
// the page's scripts and stylesheet, which its <head> names
// (hooks/versioned_assets.py). Not the wheel: a start from the snapshot does
// not need it. The page itself is revalidated when followed (one round
// trip), as the server says.
//
// <html data-calculator-prefetch> says where it stands: "waiting" (for
// intent), "declined" (the connection), "fetching", "done"; the tests and
// anyone looking at the page can tell without timing anything.

const RUNTIME_URL = new URL("runtime.json", import.meta.url);
const PAGE = /\/calculator\/$/; // the calculator page's path, in every language
const PYODIDE_FILES = ["pyodide.mjs", "pyodide.asm.mjs"];
const WASM = "pyodide.asm.wasm";

/** Whether the connection the browser reports allows fetching ahead. */
export function connectionAllows(connection = navigator.connection) {
  if (!connection) return true; // not reported (Firefox, Safari): assume it does
  return !connection.saveData && !["slow-2g", "2g", "3g"].includes(connection.effectiveType);
}

/** What the calculator page's start needs, from runtime.json: the URLs to
 * prefetch (Pyodide's and the page's own files), the snapshot, and where
 * Pyodide is with its WebAssembly's hash (`wasm`), for keeping them. */
export async function runtimeFiles(runtimeUrl = RUNTIME_URL) {
  const response = await fetch(runtimeUrl, { priority: "low" });
  if (!response.ok) return { urls: [], snapshot: null, wasm: null };
  const runtime = await response.json();
  const pyodide = new URL(runtime.pyodide, runtimeUrl);
  const urls = PYODIDE_FILES.map((name) => new URL(name, pyodide).href);
  for (const file of runtime.page_files ?? []) urls.push(new URL(file, runtimeUrl).href);
  const snapshot = runtime.snapshot
    ? { url: new URL(runtime.snapshot, runtimeUrl).href, sha256: runtime.snapshot_sha256 }
    : null;
  const wasm = { url: new URL(WASM, pyodide).href, indexURL: pyodide.href, sha256: runtime.wasm_sha256 ?? null };
  return { urls, snapshot, wasm };
}

function prefetch(url) {
  const link = document.createElement("link");
  link.rel = "prefetch";
  link.href = url;
  document.head.append(link);
}

const say = (state) => (document.documentElement.dataset.calculatorPrefetch = state);
let started = false;

async function start(page) {
  if (started) return;
  started = true;
  say("fetching");
  try {
    const { urls, snapshot, wasm } = await runtimeFiles();
    // A site with a snapshot (runtime.json then names the WebAssembly's
    // hash): keepWasmAhead fetches the WebAssembly, into the HTTP cache as
    // well; a prefetch beside it would download it twice.
    const keeping = Boolean(snapshot && wasm.sha256);
    for (const url of [page, ...urls, ...(keeping ? [] : [wasm.url])]) prefetch(url);
    if (keeping) { // the modules load on intent only
      const [snapshots, pyodideModule] = await Promise.all([import("./snapshot.js"), import("./pyodide-module.js")]);
      const kept = await Promise.all([snapshots.keepAhead(snapshot), pyodideModule.keepWasmAhead(wasm.indexURL, wasm.sha256)]);
      if (kept.some(Boolean)) { // once per build: Pyodide's JavaScript compiled for the calculator page
        await pyodideModule.warmCodeCache(wasm.indexURL);
        await pyodideModule.warmCodeCache(wasm.indexURL);
      }
    }
  } catch {
    // Offline, or the site has no calculator: nothing to fetch ahead.
  }
  say("done");
}

const calculatorLinks = () =>
  [...document.querySelectorAll("a[href]")].filter((a) => a.origin === location.origin && PAGE.test(a.pathname));

function watch() {
  const links = calculatorLinks();
  if (!links.length) return;
  if (!connectionAllows()) return say("declined");
  say("waiting");
  for (const link of links) {
    link.addEventListener("pointerenter", () => start(link.href), { once: true });
    link.addEventListener("focus", () => start(link.href), { once: true });
  }
  const inText = links.filter((a) => a.closest("article"));
  if (!inText.length || !("IntersectionObserver" in window)) return;
  const seen = new IntersectionObserver((entries) => {
    const shown = entries.find((entry) => entry.isIntersecting);
    if (shown) {
      seen.disconnect();
      start(shown.target.href);
    }
  });
  for (const link of inText) seen.observe(link);
}

// After the page's own loading: what is fetched ahead never competes with it.
if (document.readyState === "complete") watch();
else addEventListener("load", watch, { once: true });
