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
// promise rejects (Error with .code "internal", "load_failed", ...) only when
// the calculator itself failed.

const WORKER_URL = new URL("worker.js", import.meta.url);
const MAX_RESTARTS = 3;
const failure = (code) => Object.assign(new Error(`calculator: ${code}`), { code });

export function createCalculator(workerUrl = WORKER_URL) {
  const pending = new Map(); // id -> {message, resolve, reject}
  const listeners = new Set();
  let status = { state: "loading", stage: "start", fraction: 0 };
  let worker = null;
  let nextId = 1;
  let restarts = 0;
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

  function loadFailed() {
    setStatus({ state: "failed", error: "load_failed" });
    rejectReady(failure("load_failed"));
    for (const id of [...pending.keys()]) settle(id, false, "load_failed");
  }

  function start() {
    // After a breakdown, start the next worker without the memory snapshot:
    // if the snapshot itself was bad, a normal boot is the way out.
    let url = workerUrl;
    if (restarts > 0) {
      url = new URL(workerUrl);
      url.searchParams.set("snapshot", "0");
    }
    worker = new Worker(url, { type: "module" });
    worker.onmessage = ({ data }) => {
      if (data.type === "progress") setStatus({ stage: data.stage, fraction: data.fraction });
      else if (data.type === "ready") {
        setStatus({ state: "ready", timings: data.timings });
        resolveReady(data.timings);
      } else if (data.type === "failed") loadFailed();
      else if (data.type === "fatal") restart();
      else if (data.ok) settle(data.id, true, data.result);
      else settle(data.id, false, data.error?.code ?? "internal");
    };
    // The module itself could not be loaded (404, syntax error, CSP).
    worker.onerror = (event) => {
      event.preventDefault?.();
      if (status.state !== "ready") loadFailed();
    };
    // Calls made before (or while) starting: the worker queues them until ready.
    for (const [id, call] of pending) worker.postMessage({ id, ...call.message });
  }

  // The Python runtime broke: its answer was already an error; the calls still
  // waiting go to a fresh worker (which costs another start-up).
  function restart() {
    worker.terminate();
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
      worker.postMessage({ id, ...message });
    });
  }

  function onState(listener) {
    listeners.add(listener);
    listener(status);
    return () => listeners.delete(listener);
  }

  start();
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

// One worker per page, started as soon as this module is evaluated.
export const calc = createCalculator();
