// On the pages other than the calculator's: once the reader shows they may
// go there, fetch what its start needs into the browser's HTTP cache, at the
// browser's lowest priority, so that following the link is a return visit.
//
// Intent: a link to the calculator in the page's text comes into view, or
// any link to it (the navigation's too, always in view on a wide screen) is
// hovered or focused. Nothing is fetched before, and nothing at all when
// the browser reports Save-Data or a slow connection (2g, 3g).
//
// What: runtime.json (where the runtime is), then, as <link rel=prefetch>,
// Pyodide's loader, its module and WebAssembly, and the memory snapshot
// (~6.9 MB compressed): the files with a hash or version in their name,
// which the calculator page then takes from the cache without asking the
// server (Cache-Control: immutable). Not the wheel: a start from the
// snapshot does not need it. And the calculator page itself (the link's
// address, in the reader's language), its scripts and stylesheet
// (runtime.json "page_files") and runtime.json: a few dozen KB, which the
// server says to revalidate; a browser that fetched them ahead uses them
// once without asking again for five minutes (Chromium's rule for
// prefetched files), so following the link waits for no server at all.
//
// <html data-calculator-prefetch> says where it stands: "waiting" (for
// intent), "declined" (the connection), "fetching", "done"; the tests and
// anyone looking at the page can tell without timing anything.

const RUNTIME_URL = new URL("runtime.json", import.meta.url);
const PAGE = /\/calculator\/$/; // the calculator page's path, in every language
const PYODIDE_FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm"];

/** Whether the connection the browser reports allows fetching ahead. */
export function connectionAllows(connection = navigator.connection) {
  if (!connection) return true; // not reported (Firefox, Safari): assume it does
  return !connection.saveData && !["slow-2g", "2g", "3g"].includes(connection.effectiveType);
}

/** What the calculator page's start needs, from runtime.json: the runtime's
 * URLs, the page's own files and runtime.json itself. */
export async function runtimeUrls(runtimeUrl = RUNTIME_URL) {
  const response = await fetch(runtimeUrl, { cache: "no-cache", priority: "low" });
  if (!response.ok) return [];
  const runtime = await response.json();
  const pyodide = new URL(runtime.pyodide, runtimeUrl);
  const urls = PYODIDE_FILES.map((name) => new URL(name, pyodide).href);
  if (runtime.snapshot) urls.push(new URL(runtime.snapshot, runtimeUrl).href);
  for (const file of runtime.page_files ?? []) urls.push(new URL(file, runtimeUrl).href);
  return [...urls, new URL(runtimeUrl).href];
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
    for (const url of [page, ...(await runtimeUrls())]) prefetch(url);
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
