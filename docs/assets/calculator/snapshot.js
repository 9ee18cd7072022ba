// The memory snapshot's bytes, for worker.js: streamed into a buffer of the
// snapshot's size (runtime.json "snapshot_size"), from Cache Storage when an
// earlier visit kept them, else downloaded (and inflated: the site stores
// the snapshot gzipped, 6-7 MB on the wire instead of 31 MB).
//
// Why a buffer of known size: loadPyodide needs only the snapshot's length
// to create the WebAssembly memory and reads the bytes only once the module
// is instantiated, so the worker hands it the buffer at once and the bytes
// stream in while the WebAssembly is fetched and compiled.
//
// Why keep them: inflating 31 MB again costs this thread 150-250 ms of CPU
// that a return visit's start competes for (benchmarks/results/latest.md,
// "ours, snapshot not kept"). The kept copy's key is the snapshot's URL,
// which names the Pyodide version and the wheel's hash, so a new build never
// meets an old entry; only the current snapshot is kept.

const KEPT = "pa-calculator-snapshot"; // the Cache Storage cache

// Copies a stream into `target`, which it must fill exactly.
async function readInto(stream, target) {
  const reader = stream.getReader();
  let offset = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (value.length > target.length - offset) {
      reader.cancel().catch(() => {});
      throw new Error(`snapshot longer than ${target.length} bytes`);
    }
    target.set(value, offset);
    offset += value.length;
  }
  if (offset !== target.length) throw new Error(`snapshot is ${offset} bytes, expected ${target.length}`);
}

async function download({ url, encoding }, target) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${response.status} ${url}`);
  const body = encoding === "gzip" ? response.body.pipeThrough(new DecompressionStream("gzip")) : response.body;
  await readInto(body, target);
}

// True if the kept copy filled `target`. Any doubt (no Cache Storage on an
// insecure origin or in some private modes, a copy of the wrong size) means
// downloading instead, never failing.
async function readKept({ url }, target) {
  try {
    const hit = await (await caches.open(KEPT)).match(url);
    if (!hit) return false;
    await readInto(hit.body, target);
    return true;
  } catch {
    return false;
  }
}

/**
 * Fills `target` with the snapshot; resolves to where it came from,
 * "cache" or "download". `kept: false` skips the kept copy.
 */
export async function fill(snapshot, target, { kept = true } = {}) {
  if (kept && (await readKept(snapshot, target))) return "cache";
  await download(snapshot, target);
  return "download";
}

/** Keeps `bytes` for the next visit, in place of any older snapshot. */
export async function keep({ url }, bytes) {
  try {
    const cache = await caches.open(KEPT);
    for (const old of await cache.keys()) if (old.url !== url) await cache.delete(old);
    await cache.put(url, new Response(bytes));
  } catch {
    // Quota, a full disk, no Cache Storage: the next visit downloads again.
  }
}

/** Drops the kept copy (it failed to restore). */
export async function forget({ url }) {
  try {
    await (await caches.open(KEPT)).delete(url);
  } catch {}
}
