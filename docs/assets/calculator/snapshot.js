// The memory snapshot's bytes, for worker.js: expanded into a buffer of the
// snapshot's size (runtime.json "snapshot_size") from its stored form, which
// comes from Cache Storage when an earlier visit kept it, else is downloaded
// (on the wire as the server's precompressed Brotli or gzip sibling, with
// Content-Encoding, inflated by the browser as it arrives).
//
// Why a buffer of known size: loadPyodide needs only the snapshot's length
// to create the WebAssembly memory and reads the bytes only once the module
// is instantiated, so the worker hands it the buffer at once and the bytes
// arrive while the WebAssembly is fetched and compiled.
//
// Why the stored form (hooks/pyodide_assets.py encode_snapshot writes it,
// fill() below reads it): more than half of the 31 MB memory is runs of
// zeros (the heap's free space is zeroed before the snapshot:
// tools/pyodide_run.mjs), which it leaves out; and 3 MB more are what
// pyodide.asm.wasm's data segments put into the memory and Python left as
// they were: the build XORed them away (hooks/wasm_data.py), and the worker
// XORs back the memory as instantiated (pyodide-module.js copies it). Fewer
// bytes to download and to keep in the browser's storage: 9.1 MB stored.
// (A return visit's start is no faster for it: its bytes wait for this
// thread, busy preparing Pyodide, not for Cache Storage;
// benchmarks/results/latest.md, "steps".)
//
// Why keep it: inflating it again costs this thread CPU that a return
// visit's start competes for. The kept copy's key is the snapshot's URL,
// which names the Pyodide version and a hash of the wheel and its warm-up,
// so a new build never meets an old entry; only the current snapshot is kept.
//
// Why a hash: a snapshot whose bytes were damaged (on the way, on disk, in
// Cache Storage) may still be well formed and restore, then crash or compute
// wrongly at the first estimate. runtime.json names the SHA-256 of the
// stored bytes (recorded by the build, hooks/pyodide_assets.py); bytes that
// differ are never restored, and a kept copy that differs is dropped.

const KEPT = "pa-calculator-snapshot"; // the Cache Storage cache
const MAGIC = "PASPARS2";
// The header: magic, the snapshot's size, where the wasm memory starts in
// it, how much of the wasm's initial memory was XORed in from there.
const HEADER = 20;

// The segments of a stored snapshot of `size` bytes, stored against an
// initial memory of `image` bytes, checked before anything is written:
// [zeros to skip, offset in `sparse`, length].
function segments(sparse, size, image) {
  const view = new DataView(sparse.buffer, sparse.byteOffset, sparse.byteLength);
  if (sparse.length < HEADER || String.fromCharCode(...sparse.subarray(0, 8)) !== MAGIC) {
    throw new Error("not a stored snapshot");
  }
  if (view.getUint32(8, true) !== size) throw new Error(`snapshot is not ${size} bytes`);
  if (view.getUint32(16, true) !== image) throw new Error(`snapshot is not stored against ${image} bytes`);
  if (view.getUint32(12, true) + image > size) throw new Error("snapshot header out of bounds");
  const found = [];
  let at = HEADER;
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

// Throws unless the stored bytes are the build's (SubtleCrypto, ~30 ms for 9 MB).
async function check(sparse, sha256) {
  const found = hex(new Uint8Array(await crypto.subtle.digest("SHA-256", sparse)));
  if (found !== sha256) throw new Error(`snapshot sha256 ${found}, expected ${sha256}`);
}

// Writes the stored segments into `target` (all zeros).
function write(sparse, parts, target) {
  for (const [out, at, length] of parts) target.set(sparse.subarray(at, at + length), out);
}

// XORs the wasm's initial memory (a fresh copy) into `target` from where
// the memory starts, a word at a time: the build refuses a start that is
// not a multiple of 4 (Pyodide's header is rounded up to 16 bytes).
function xorImage(sparse, target, image) {
  const base = new DataView(sparse.buffer, sparse.byteOffset, HEADER).getUint32(12, true);
  const words = image.length >> 2;
  const into = new Uint32Array(target.buffer, target.byteOffset + base, words);
  const from = new Uint32Array(image.buffer, image.byteOffset, words);
  for (let i = 0; i < words; i++) into[i] ^= from[i];
  for (let i = words * 4; i < image.length; i++) target[base + i] ^= image[i];
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

// The kept copy's segments, or null (and the copy is dropped) when it does
// not check out (hash, form).
async function usable(copy, snapshot, size) {
  try {
    await check(copy, snapshot.sha256);
    return segments(copy, size, snapshot.image);
  } catch {
    await forget(snapshot);
    return null;
  }
}

/**
 * Fills `target` (a new, all-zero buffer) with the snapshot; resolves to
 * {source: "cache" or "download", sparse: the stored bytes to keep}.
 * `kept: false` skips the kept copy. A kept copy that does not check out
 * (hash, form) is dropped and the snapshot downloaded instead: nothing is
 * written until the bytes are checked. `image`: a promise of the wasm's
 * memory as instantiated (`snapshot.image` bytes of it: pyodide-module.js),
 * XORed in last, when the instance is made; the rest is written before.
 */
export async function fill(snapshot, target, { kept = true, image }) {
  const copy = kept ? await readKept(snapshot) : null;
  let parts = copy && (await usable(copy, snapshot, target.length));
  let source = "cache";
  let sparse = copy;
  if (!parts) {
    source = "download";
    sparse = await download(snapshot);
    await check(sparse, snapshot.sha256);
    parts = segments(sparse, target.length, snapshot.image);
  }
  write(sparse, parts, target);
  xorImage(sparse, target, await image); // `snapshot.image` bytes: segments() checked the header's
  return { source, sparse };
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
