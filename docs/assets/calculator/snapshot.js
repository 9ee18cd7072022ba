// The memory snapshot's bytes, for worker.js: expanded into a buffer of the
// snapshot's size (runtime.json "snapshot_size") from its stored form, which
// comes from the copy an earlier visit kept (kept.js), else is downloaded
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
//
// Why keep it: inflating it again costs this thread CPU that a return
// visit's start competes for. The kept copy's name is the snapshot's file
// name, which names the Pyodide version and a hash of the wheel and its
// warm-up, so a new build never meets an old copy; only the current
// snapshot is kept.
//
// Why a hash: a snapshot whose bytes were damaged (on the way, on disk, in
// the browser's storage) may still be well formed and restore, then crash
// or compute wrongly at the first estimate. runtime.json names the SHA-256 of the
// stored bytes (recorded by the build, hooks/pyodide_assets.py); bytes that
// differ are never restored, and a kept copy that differs is dropped.

import * as kept from "./kept.js";
import { sha256 } from "./sha256.js";

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

// Throws unless the stored bytes are the build's.
async function check(sparse, expected) {
  const found = await sha256(sparse);
  if (found !== expected) throw new Error(`snapshot sha256 ${found}, expected ${expected}`);
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

// The kept copy's name: the snapshot's file name (its Pyodide and hash).
const FAMILY = "snapshot-";
const keptName = ({ url }) => url.slice(url.lastIndexOf("/") + 1);

/**
 * The kept stored bytes, or null (nothing kept, no OPFS): a promise for
 * fill(). worker.js asks as soon as it knows the snapshot, before Pyodide's
 * module keeps its thread busy: the read then waits for nothing.
 */
export function readKept(snapshot) {
  return kept.read(keptName(snapshot));
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
 * {source: "kept" or "download", sparse: the stored bytes to keep}.
 * `copy`: the kept copy (readKept's promise), or null to skip it. A kept
 * copy that does not check out (hash, form) is dropped and the snapshot
 * downloaded instead: nothing is written until the bytes are checked.
 * `image`: a promise of the wasm's memory as instantiated (`snapshot.image`
 * bytes of it: pyodide-module.js), XORed in last, when the instance is
 * made; the rest is written before.
 */
export async function fill(snapshot, target, { copy: keptCopy = null, image }) {
  const copy = await keptCopy;
  let parts = copy && (await usable(copy, snapshot, target.length));
  let source = "kept";
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

/**
 * Keeps a snapshot's stored `bytes` for the next visit, in place of any
 * older snapshot (and of the copy that versions before kept.js left in
 * Cache Storage). Quota, a full disk, no OPFS: the next visit downloads again.
 */
export async function keep(snapshot, bytes) {
  const done = await kept.write(keptName(snapshot), bytes, FAMILY);
  try {
    await caches.delete("pa-calculator-snapshot");
  } catch {
    // No Cache Storage (an insecure origin): nothing was left there.
  }
  return done;
}

/**
 * Fetches the snapshot and keeps it for the calculator page's next start,
 * unless a copy is kept already: prefetch.js, when a reader of another page
 * shows intent. Following the link is then a start from the kept copy, as
 * on a return visit, rather than a download to inflate and check again.
 * Bytes that are not the build's are not kept. Resolves to whether it kept.
 */
export async function keepAhead(snapshot) {
  if (!kept.available() || (await kept.has(keptName(snapshot)))) return false;
  const sparse = await download(snapshot, { priority: "low" });
  await check(sparse, snapshot.sha256);
  return keep(snapshot, sparse);
}

/**
 * Drops the kept copy (it failed a check, to restore or to estimate);
 * without a snapshot, everything kept.js keeps (a worker broke: the kept
 * WebAssembly may be why as well).
 */
export async function forget(snapshot = null) {
  await kept.drop(snapshot ? keptName(snapshot) : null);
}
