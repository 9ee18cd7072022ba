// The memory snapshot's bytes, for worker.js: expanded into a buffer of the
// memory's size (runtime.json "snapshot_size") from its sparse form, which
// comes from Cache Storage when an earlier visit kept it, else is downloaded
// (3.9 MB on the wire as Brotli, 5.4 MB as gzip: the server's precompressed
// sibling with Content-Encoding, inflated by the browser as it arrives).
//
// Why a buffer of known size: loadPyodide needs only the snapshot's length
// to create the WebAssembly memory and reads the bytes only once the module
// is instantiated, so the worker hands it the buffer at once and the bytes
// arrive while the WebAssembly is fetched and compiled.
//
// Why sparse: more than half of the 31 MB memory is runs of zeros (the
// heap's free space is zeroed before the snapshot: tools/pyodide_run.mjs),
// which the sparse form leaves out (12.4 MB; hooks/pyodide_assets.py
// sparse_snapshot writes it, expand() below reads it): fewer bytes to
// inflate on a first visit and to keep in the browser's storage. (A return visit's start is no faster
// for it: its bytes wait for this thread, busy preparing Pyodide, not for
// Cache Storage; benchmarks/results/latest.md, "steps".)
//
// Why keep it: inflating it again costs this thread CPU that a return
// visit's start competes for. The kept copy's key is the snapshot's URL,
// which names the Pyodide version and a hash of the wheel and its warm-up,
// so a new build never meets an old entry; only the current snapshot is kept.
//
// Why a hash: a sparse snapshot whose bytes were damaged (on the way, on
// disk, in Cache Storage) may still be well formed and restore, then crash
// or compute wrongly at the first estimate. runtime.json names the SHA-256
// of the sparse bytes (recorded by the build, hooks/pyodide_assets.py); bytes
// that differ are never restored, and a kept copy that differs is dropped.

const KEPT = "pa-calculator-snapshot"; // the Cache Storage cache
const MAGIC = "PASPARS1";

// The segments of a sparse snapshot for a memory of `size` bytes, checked
// before anything is written: [zeros to skip, offset in `sparse`, length].
function segments(sparse, size) {
  const view = new DataView(sparse.buffer, sparse.byteOffset, sparse.byteLength);
  if (sparse.length < 12 || String.fromCharCode(...sparse.subarray(0, 8)) !== MAGIC) {
    throw new Error("not a sparse snapshot");
  }
  if (view.getUint32(8, true) !== size) throw new Error(`snapshot is not ${size} bytes`);
  const found = [];
  let at = 12;
  let out = 0;
  while (at < sparse.length) {
    if (at + 8 > sparse.length) throw new Error("snapshot cut short");
    const skip = view.getUint32(at, true);
    const length = view.getUint32(at + 4, true);
    at += 8;
    out += skip;
    if (at + length > sparse.length || out + length > size) throw new Error("snapshot segment out of bounds");
    found.push([out, at, length]);
    at += length;
    out += length;
  }
  return found;
}

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

// Throws unless the sparse bytes are the build's (SubtleCrypto, ~40 ms for 12 MB).
async function check(sparse, sha256) {
  const found = hex(new Uint8Array(await crypto.subtle.digest("SHA-256", sparse)));
  if (found !== sha256) throw new Error(`snapshot sha256 ${found}, expected ${sha256}`);
}

/** Writes the memory a sparse snapshot holds into `target` (all zeros). */
export function expand(sparse, target) {
  for (const [out, at, length] of segments(sparse, target.length)) {
    target.set(sparse.subarray(at, at + length), out);
  }
}

async function download({ url }, init = {}) {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${response.status} ${url}`);
  return new Uint8Array(await response.arrayBuffer());
}

// The kept sparse bytes, or null (no Cache Storage on an insecure origin or
// in some private modes, nothing kept yet).
async function readKept({ url }) {
  try {
    const hit = await (await caches.open(KEPT)).match(url);
    return hit ? new Uint8Array(await hit.arrayBuffer()) : null;
  } catch {
    return null;
  }
}

/**
 * Fills `target` (a new, all-zero buffer) with the snapshot's memory;
 * resolves to {source: "cache" or "download", sparse: the bytes to keep}.
 * `kept: false` skips the kept copy. A kept copy that does not check out
 * (hash, form) is dropped and the snapshot downloaded instead: both checks
 * run before anything is written, so `target` is still all zeros then.
 */
export async function fill(snapshot, target, { kept = true } = {}) {
  const copy = kept ? await readKept(snapshot) : null;
  if (copy) {
    try {
      await check(copy, snapshot.sha256);
      expand(copy, target);
      return { source: "cache", sparse: copy };
    } catch {
      await forget(snapshot); // damaged: download the snapshot instead (below)
    }
  }
  const sparse = await download(snapshot);
  await check(sparse, snapshot.sha256);
  expand(sparse, target);
  return { source: "download", sparse };
}

/** Keeps a snapshot's sparse `bytes` for the next visit, in place of any older snapshot. */
export async function keep({ url }, bytes) {
  try {
    const cache = await caches.open(KEPT);
    for (const old of await cache.keys()) if (old.url !== url) await cache.delete(old);
    await cache.put(url, new Response(bytes));
  } catch {
    // Quota, a full disk, no Cache Storage: the next visit downloads again.
  }
}

/**
 * Fetches the snapshot and keeps it for the calculator page's next start,
 * unless a copy is kept already: prefetch.js, when a reader of another page
 * shows intent. Following the link is then a start from the kept copy, as
 * on a return visit, rather than a download to inflate and check again.
 * Bytes that are not the build's are not kept. Resolves to whether it kept.
 */
export async function keepAhead(snapshot) {
  try {
    if (await (await caches.open(KEPT)).match(snapshot.url)) return false;
  } catch {
    return false; // no Cache Storage: nothing to keep it in
  }
  const sparse = await download(snapshot, { priority: "low" });
  await check(sparse, snapshot.sha256);
  await keep(snapshot, sparse);
  return true;
}

/** Drops the kept copy (it failed a check, to restore or to estimate); without a snapshot, every kept copy. */
export async function forget(snapshot = null) {
  try {
    if (snapshot) await (await caches.open(KEPT)).delete(snapshot.url);
    else await caches.delete(KEPT);
  } catch {
    // No Cache Storage: nothing was kept to forget.
  }
}
