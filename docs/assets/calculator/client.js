// Main-thread handle on the calculator worker (no UI here).
//
//   import { calc } from "./client.js";   // importing starts Python loading
//   calc.onState(({ state, stage, fraction }) => ...);  // returns an unsubscribe
//   const text = await calc.raw("view", { text, labels, today });  // answer text
//
// A request names one of calculator.api.WORKER_FUNCTIONS; its payload holds
// the arguments (``text``, ``labels``, ``today``) that function takes.
//
// Answers that report input problems ({errors: [...]}) resolve normally; the
// promise rejects (Error with .code "internal", "load_failed", "timeout")
// only when the calculator itself failed.
//
// A worker that stops answering (an input that makes the estimator run for
// ever, a wasm loop) would leave the page waiting until it is reloaded: the
// worker answers in order, so when it has said nothing for CALL_TIMEOUT_MS
// while a call waits, it is stuck on the oldest. The waiting calls fail with
// "timeout" (their input is not sent again: it could stall the next worker
// too) and the worker is replaced; the page's next call goes to the new one.
// A start that takes longer than START_TIMEOUT_MS is retried without the
// memory snapshot. Both budgets are generous: a 16 MiB input takes seconds,
// a first visit on a slow line downloads ~17 MB before Python is ready.

const WORKER_URL = new URL("worker.js", import.meta.url);
// What the worker asks for before its big downloads, one after the other:
// its script, then its imports and theirs, then runtime.json (worker.js).
export const WORKER_FILES = ["worker.js", "pyodide-module.js", "pyodide-wheel.js", "sha256.js", "snapshot.js", "kept.js", "runtime.json"];
const MAX_RESTARTS = 3;
export const CALL_TIMEOUT_MS = 60_000;
export const START_TIMEOUT_MS = 300_000;
const failure = (code) => Object.assign(new Error(`calculator: ${code}`), { code });

export function createCalculator(workerUrl = WORKER_URL) {
  const pending = new Map(); // id -> {message, resolve, reject}
  const listeners = new Set();
  let status = { state: "loading", stage: "start", fraction: 0 };
  let worker = null;
  let nextId = 1;
  let restarts = 0;
  let withSnapshot = true; // false once a worker broke: the snapshot may be why
  let pageStarted = false; // the page's own start is done: a worker may begin
  let watchdog = 0;
  let resolveReady, rejectReady;
  const ready = new Promise((res, rej) => ((resolveReady = res), (rejectReady = rej)));
  ready.catch(() => {}); // rejection is reported through state and calls

  function setStatus(next) {
    status = { ...status, ...next };
    for (const listener of listeners) listener(status);
  }

  function settle(id, ok, value) {
    const call = pending.get(id);
    if (!call) return;
    pending.delete(id);
    if (ok) call.resolve(value);
    else call.reject(failure(value));
  }

  // (Re)arms the watchdog: the start's budget while loading, a call's while
  // a call waits on a ready worker, none when idle. Called whenever the
  // worker answers or is given its first waiting call.
  function watch() {
    clearTimeout(watchdog);
    watchdog = 0;
    if (status.state === "loading") watchdog = setTimeout(stalled, START_TIMEOUT_MS);
    else if (status.state === "ready" && pending.size) watchdog = setTimeout(stalled, CALL_TIMEOUT_MS);
  }

  function stalled() {
    watchdog = 0;
    if (status.state === "ready") {
      // The calls queued behind it are most likely later edits of the same
      // input: they would stall the next worker too. The page asks again on
      // the next edit.
      for (const id of [...pending.keys()]) settle(id, false, "timeout");
      restart();
    } else {
      restart({ broken: true });
    }
  }

  function loadFailed() {
    clearTimeout(watchdog);
    setStatus({ state: "failed", error: "load_failed" });
    rejectReady(failure("load_failed"));
    for (const id of [...pending.keys()]) settle(id, false, "load_failed");
  }

  function start() {
    // After a breakdown, start the next worker without the memory snapshot:
    // if the snapshot itself was bad, a normal boot is the way out (and that
    // worker drops the kept copy).
    let url = workerUrl;
    if (!withSnapshot) {
      url = new URL(workerUrl);
      url.searchParams.set("snapshot", "0");
    }
    worker = new Worker(url, { type: "module" });
    worker.onmessage = ({ data }) => {
      if (data.type === "progress") return setStatus({ stage: data.stage, fraction: data.fraction });
      if (data.type === "ready") {
        setStatus({ state: "ready", timings: data.timings });
        resolveReady(data.timings);
      } else if (data.type === "failed") return loadFailed();
      else if (data.type === "fatal") return restart({ broken: true });
      else if (data.ok) {
        restarts = 0; // a worker that answers: the restarts so far did not loop
        settle(data.id, true, data.result);
      } else settle(data.id, false, data.error?.code ?? "internal");
      watch();
    };
    // The module itself could not be loaded (404, syntax error, CSP).
    worker.onerror = (event) => {
      event.preventDefault?.();
      if (status.state !== "ready") loadFailed();
    };
    if (pageStarted) worker.postMessage({ type: "begin" });
    // Calls made before (or while) starting: the worker queues them until ready.
    for (const [id, call] of pending) worker.postMessage({ id, ...call.message });
    watch();
  }

  // The Python runtime broke (its answer was already an error) or a worker
  // stopped answering: the calls still waiting go to a fresh worker (which
  // costs another start-up). `broken`: the next one starts without the snapshot.
  function restart({ broken = false } = {}) {
    worker.terminate();
    if (broken) withSnapshot = false;
    if (++restarts > MAX_RESTARTS) return loadFailed();
    setStatus({ state: "loading", stage: "start", fraction: 0 });
    start();
  }

  function call(type, payload) {
    const id = nextId++;
    const message = { type, payload };
    if (status.state === "failed") return Promise.reject(failure("load_failed"));
    return new Promise((resolve, reject) => {
      pending.set(id, { message, resolve, reject });
      worker?.postMessage({ id, ...message }); // else start() sends it
      // While loading the start's budget runs; else the watchdog is on the call before.
      if (pending.size === 1 && status.state === "ready") watch();
    });
  }

  function onState(listener) {
    listeners.add(listener);
    listener(status);
    return () => listeners.delete(listener);
  }

  // Python starts once the page's own start is done: the theme's script and
  // calculator.js run theirs at DOMContentLoaded, and a worker starting
  // beside them took the core they needed on a two-core phone (Lighthouse's
  // total blocking time on this page: 470-830 ms, 200-300 ms once it
  // waited). The worker is created at DOMContentLoaded, before them, but
  // until it is told to begin (after them) it only reads what a start needs
  // and takes no core for it: on a return visit, the copies kept
  // (worker.js, pageBegun). Meanwhile its first files come into the HTTP
  // cache (a versioned folder, served immutable), so that waiting costs no
  // round trips on a slow link.
  for (const name of WORKER_FILES) fetch(new URL(name, workerUrl)).then((r) => r.arrayBuffer()).catch(() => {});
  const begin = () => {
    pageStarted = true;
    worker.postMessage({ type: "begin" });
  };
  const startNow = () => {
    start();
    setTimeout(begin);
  };
  if (document.readyState === "loading") addEventListener("DOMContentLoaded", startNow, { once: true });
  else startNow();
  return {
    ready,
    get state() {
      return status;
    },
    onState,
    /** The answer text of a request (a calculator.api worker function). */
    raw: call,
  };
}

// One worker per page, created once the page is parsed.
export const calc = createCalculator();
