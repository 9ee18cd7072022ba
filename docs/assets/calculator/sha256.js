// The SHA-256 of bytes, in hex: what every file the worker takes from
// elsewhere (a download, the HTTP cache, a copy kept by kept.js) is checked
// against, runtime.json naming the build's (the snapshot, Pyodide's
// WebAssembly, the wheel). SubtleCrypto, off the calling thread: ~30 ms
// for 9 MB.

/** The SHA-256 of `bytes`, in hex. */
export async function sha256(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}
