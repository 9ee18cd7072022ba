// The files a visit to the calculator keeps for the next one: the memory
// snapshot's stored form (snapshot.js) and Pyodide's WebAssembly
// (pyodide-module.js), in the origin-private file system (OPFS), folder
// "pa-calculator", each under a name that carries its content's hash, so
// that a new build never reads an old file.
//
// Why here rather than where they come from (the HTTP cache, Cache Storage,
// which an earlier version kept the snapshot in): the worker reads an OPFS
// file with one synchronous call into its own buffer (a sync access
// handle, which only dedicated workers have). The HTTP cache hands the wasm
// over decoded again from Brotli by the network process at every visit, and
// Cache Storage the snapshot as a blob through the browser process, both in
// chunks that wait for the worker's thread while Pyodide's module keeps it
// busy. Measured, return visits ready about 125 ms sooner (loopback, median
// of 10 interleaved pairs: README, "Kept for return visits").
//
// What is read here is not trusted: the callers check it against the
// build's SHA-256 (sha256.js) and drop a copy that differs. Every
// failure (no OPFS: an insecure origin, an older browser; a full disk; a
// file that another tab's worker holds open) gives null or false: the
// visit then downloads, as a first visit does.

const FOLDER = "pa-calculator";

/** Whether this context has the file system at all (a secure origin, a recent browser). */
export const available = () => Boolean(globalThis.navigator?.storage?.getDirectory);

async function folder(create = false) {
  return (await navigator.storage.getDirectory()).getDirectoryHandle(FOLDER, { create });
}

// Only a dedicated worker's file handles have createSyncAccessHandle.
const synchronous = (handle) => "createSyncAccessHandle" in handle;

/** The kept file's bytes, or null. */
export async function read(name) {
  try {
    const handle = await (await folder()).getFileHandle(name);
    if (synchronous(handle)) {
      try {
        const access = await handle.createSyncAccessHandle();
        try {
          const bytes = new Uint8Array(access.getSize());
          if (access.read(bytes, { at: 0 }) === bytes.length) return bytes;
        } finally {
          access.close();
        }
      } catch {
        // Held open by another tab's worker: read it as a page would.
      }
    }
    return new Uint8Array(await (await handle.getFile()).arrayBuffer());
  } catch {
    return null;
  }
}

/** Whether a file of that name is kept (its bytes unchecked). */
export async function has(name) {
  try {
    await (await folder()).getFileHandle(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * Keeps `bytes` as `name`, and drops the other files whose names start with
 * `family` (an older build's). Resolves to whether it kept them. A write cut
 * short (the tab closed) leaves a file that the next visit's check drops.
 */
export async function write(name, bytes, family) {
  try {
    const dir = await folder(true);
    const handle = await dir.getFileHandle(name, { create: true });
    if (synchronous(handle)) {
      const access = await handle.createSyncAccessHandle();
      try {
        access.truncate(0);
        access.write(bytes, { at: 0 });
        access.flush();
      } finally {
        access.close();
      }
    } else {
      const writable = await handle.createWritable();
      await writable.write(bytes);
      await writable.close();
    }
    for await (const other of dir.keys()) {
      if (other !== name && other.startsWith(family)) await dir.removeEntry(other).catch(() => {});
    }
    return true;
  } catch {
    return false;
  }
}

/** Drops the kept file `name`; without a name, every kept file. */
export async function drop(name = null) {
  try {
    if (name) await (await folder()).removeEntry(name);
    else await (await navigator.storage.getDirectory()).removeEntry(FOLDER, { recursive: true });
  } catch {
    // Nothing kept, or no OPFS: nothing to drop.
  }
}
