// The calculator page: the form, import/export, the address that holds the
// state, and the results. Python (the calculator package under Pyodide) runs
// in a worker (client.js); this file only moves text between the two.

import { calc } from "./client.js";
import { limits } from "./contract.js";
import { fill, formatter } from "./format.js";
import { renderSites, showErrors as paintErrors } from "./form.js";
import { renderChart, renderResult, summary } from "./results.js";
import {
  decodeState, defaultState, emptyItem, encodeState, formPath, isBlankItem, sanitize, toInput,
} from "./state.js";

const root = document.querySelector("[data-calculator]");
const strings = JSON.parse(document.getElementById("calculator-strings").textContent);
const levels = JSON.parse(document.getElementById("calculator-levels-data").textContent);
const lang = root.lang || document.documentElement.lang || "en";
const $ = (selector) => root.querySelector(selector);
// The user's local date, YYYY-MM-DD, built from its parts rather than
// borrowing Swedish locale data for its shape (toLocaleDateString("sv-SE")).
const today = (d = new Date()) =>
  [d.getFullYear(), d.getMonth() + 1, d.getDate()].map((n, i) => String(n).padStart(i ? 2 : 4, "0")).join("-");

let state = defaultState(strings, levels, today());
let lastAnswer = null; // {inputText, text} of the last good estimate, for export
let sequence = 0;
let timer = 0;
let notices = []; // problems not tied to an edit (an unreadable link), shown until the next edit
let edited = false; // announce estimates the user asked for, not the one a page load computes
let announceTimer = 0;

const showErrors = (where, problems) => paintErrors(where, [...notices, ...problems], message);

const message = (problem) => fill(strings.errors[problem.code] ?? strings.errors.internal, problem.params ?? {});

// The live region gets its line once typing pauses, so a screen reader
// speaks the outcome rather than every intermediate figure.
function announce(text) {
  if (!edited) return;
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => {
    const region = $("[data-announce]");
    if (region.textContent !== text) region.textContent = text;
  }, 500);
}

function setState(name) {
  root.dataset.state = name;
  const status = $("[data-status]");
  status.hidden = false;
  status.querySelector("[data-status-text]").textContent =
    { loading: strings.status.loading, ready: strings.status.ready, error: strings.status.failed }[name];
  if (name !== "loading") status.querySelector("[data-progress]").hidden = true;
}

// ---- form <-> state -------------------------------------------------------

function paintForm() {
  renderSites($("[data-sites]"), state, strings);
  for (const input of root.querySelectorAll(".calculator-agreement [data-field]")) {
    input.value = state[input.dataset.field] ?? "";
  }
}

function onInput(event) {
  const input = event.target;
  const field = input.dataset.field;
  if (!field) return;
  if (input.dataset.item !== undefined) state.sites[+input.dataset.site].items[+input.dataset.item][field] = input.value;
  else if (input.dataset.site !== undefined) state.sites[+input.dataset.site].name = input.value;
  else state[field] = input.value;
  notices = [];
  changed();
}

function onClick(event) {
  const button = event.target.closest("button[data-action], button[data-export]");
  if (!button) return;
  const s = +button.dataset.site;
  const i = +button.dataset.item;
  const action = button.dataset.action ?? `export-${button.dataset.export}`;
  const focus = (selector) => requestAnimationFrame(() => root.querySelector(selector)?.focus());
  switch (action) {
    case "add-site":
      state.sites.push({ name: "", items: [emptyItem()] });
      restructure();
      return focus(`[data-path="sites[${state.sites.length - 1}].name"]`);
    case "remove-site":
      state.sites.splice(s, 1);
      restructure();
      return focus('[data-action="add-site"]');
    case "add-item":
      state.sites[s].items.push(emptyItem());
      restructure();
      return focus(`[data-path="sites[${s}].items[${state.sites[s].items.length - 1}].description"]`);
    case "remove-item":
      state.sites[s].items.splice(i, 1);
      restructure();
      return focus(`[data-action="add-item"][data-site="${s}"]`);
    case "reset":
      state = defaultState(strings, levels, today());
      paintForm();
      return changed();
    case "copy-link":
      return copyLink();
    case "export-json":
      return lastAnswer && download("estimate.json", "application/json", lastAnswer.text);
    case "export-csv":
      return calc.raw("export_csv", { text: JSON.stringify(state) })
        .then((text) => download("line-items.csv", "text/csv", text), showInternal);
    case "export-print":
      return window.print();
  }
}

function restructure() {
  renderSites($("[data-sites]"), state, strings);
  changed();
}

// ---- computing ------------------------------------------------------------

function changed() {
  edited = true;
  saveToAddress();
  clearTimeout(timer);
  busy(true);
  timer = setTimeout(() => { timer = 0; compute(); }, 60);
}

// The results are aria-busy from an edit until its estimate (and chart) is
// shown, so assistive technology (and a test) can tell a settled page from
// one about to change: errors that come and go move the form's buttons.
function busy(on) {
  $("[data-results]").setAttribute("aria-busy", on ? "true" : "false");
}

async function compute() {
  const mine = ++sequence;
  busy(true);
  try {
    await showEstimate(mine);
  } finally {
    if (mine === sequence && !timer) busy(false); // else a newer edit is on its way
  }
}

async function showEstimate(mine) {
  const { input, paths, itemCount } = toInput(state);
  const results = $("[data-results]");
  results.hidden = false;
  if (!itemCount) {
    showErrors(root, []);
    $("[data-results-body]").replaceChildren(Object.assign(document.createElement("p"), { textContent: strings.results.empty }));
    announce(strings.results.empty);
    lastAnswer = null;
    return;
  }
  const inputText = JSON.stringify(input);
  let view;
  try {
    // One call: the estimate (as the command line prints it) and the chart.
    view = JSON.parse(await calc.raw("view", { text: inputText, labels: JSON.stringify(strings.chart), today: today() }));
  } catch (error) {
    return mine === sequence && showInternal(error);
  }
  if (mine !== sequence) return; // a newer edit is on its way
  const text = view.estimate;
  const result = JSON.parse(text);
  if (result.errors) {
    showErrors(root, result.errors.map((p) => ({ ...p, path: formPath(p.path, paths) })));
    const note = document.createElement("p");
    note.className = "calculator-error";
    note.textContent = strings.results.has_errors;
    $("[data-results-body]").replaceChildren(note);
    announce(strings.results.has_errors);
    lastAnswer = null;
    return;
  }
  showErrors(root, []);
  lastAnswer = { inputText, text };
  const fmt = formatter(lang, result.currency);
  renderResult($("[data-results-body]"), result, strings, fmt);
  announce(summary(result, strings, fmt));
  if (view.chart) renderChart($("[data-chart]"), view.chart);
}

function showInternal() {
  showErrors(root, [{ code: "internal", path: "sites", params: {} }]);
  announce(strings.errors.internal);
}

// ---- the address holds the state ------------------------------------------

let saving = Promise.resolve();
function saveToAddress() {
  const snapshot = JSON.stringify(state);
  saving = saving.then(async () => {
    const encoded = await encodeState(JSON.parse(snapshot));
    history.replaceState(null, "", `#state=${encoded}`);
  }).catch(() => {});
}

async function loadFromAddress() {
  const match = /^#state=(.*)$/.exec(location.hash);
  if (!match) return;
  try {
    const { state: kept, complete } = sanitize(await decodeState(match[1]), defaultState(strings, levels, today()));
    state = kept;
    if (!complete) throw new Error("partial");
  } catch {
    notices = [{ code: "state_unreadable", path: "sites", params: {} }];
  }
}

async function copyLink() {
  await saving;
  const status = $("[data-link-status]");
  try {
    await navigator.clipboard.writeText(location.href);
  } catch {
    // No clipboard permission: the address bar holds the same link.
  }
  status.textContent = strings.transfer.link_copied;
}

// ---- import and export ----------------------------------------------------

function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function importProblems(problems, count) {
  const slot = $('[data-error-for="import"]');
  slot.replaceChildren();
  slot.hidden = !problems.length;
  if (problems.length) {
    const list = document.createElement("ul");
    for (const problem of problems.slice(0, 50)) {
      const item = document.createElement("li");
      const text = message(problem);
      item.textContent = problem.params?.row ? fill(strings.transfer.row_error, { row: problem.params.row, message: text }) : text;
      list.append(item);
    }
    slot.append(list);
  }
  const rows = new Set(problems.filter((p) => p.params?.row).map((p) => p.params.row)).size;
  $("[data-import-status]").textContent = count === null ? ""
    : fill(rows ? strings.transfer.imported_with_errors : strings.transfer.imported, { count, bad: rows });
}

async function onImport(event) {
  const file = event.target.files?.[0];
  event.target.value = "";
  if (!file) return;
  if (file.size > limits.max_input_bytes) return importProblems([{ code: "input_too_large", params: { max_bytes: limits.max_input_bytes } }], null);
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    return importProblems([{ code: "invalid_encoding", params: {} }], null);
  }
  const isJson = /\.json$/i.test(file.name) || /^\s*[{[]/.test(text);
  try {
    if (isJson) {
      const answer = JSON.parse(await calc.raw("import_json", { text, today: today() }));
      if (!answer.input) return importProblems(answer.errors, null);
      const { state: imported, complete } = sanitize(answer.input, defaultState(strings, levels, today()));
      const { dropped } = answer; // what the form cannot hold; the rest shows at its fields
      // Not the shape of an input (no list of sites): keep what the user has.
      if (!complete) return importProblems(dropped.length ? dropped : answer.errors, null);
      state = imported;
      importProblems(dropped, state.sites.reduce((n, site) => n + site.items.filter((i) => !isBlankItem(i)).length, 0));
    } else {
      const answer = JSON.parse(await calc.raw("import_csv", { text }));
      mergeSites(answer.sites);
      importProblems(answer.errors, answer.sites.reduce((n, site) => n + site.items.length, 0));
    }
  } catch (error) {
    return showInternal(error);
  }
  notices = [];
  paintForm();
  changed();
}

// Imported sites join the form: items go to the site of the same name, blank
// rows make way. What the user typed before stays.
function mergeSites(sites) {
  for (const site of state.sites) site.items = site.items.filter((item) => !isBlankItem(item));
  state.sites = state.sites.filter((site) => site.items.length || site.name.trim());
  for (const incoming of sites) {
    const target = state.sites.find((site) => site.name === incoming.name);
    if (target) target.items.push(...incoming.items);
    else state.sites.push({ name: incoming.name, items: incoming.items });
  }
  for (const site of state.sites) if (!site.items.length) site.items.push(emptyItem());
  if (!state.sites.length) state.sites.push({ name: "", items: [emptyItem()] });
}

// ---- start ----------------------------------------------------------------

function formatLevelTable() {
  const fmt = formatter(lang, state.currency || strings.default_currency);
  for (const cell of root.querySelectorAll("[data-level-table] [data-number]")) cell.textContent = fmt.number(cell.dataset.number);
  for (const cell of root.querySelectorAll("[data-level-table] [data-percent]")) cell.textContent = fmt.percent(cell.dataset.percent);
}

async function start() {
  root.addEventListener("input", onInput);
  root.addEventListener("click", onClick);
  $("[data-import]").addEventListener("change", onImport);
  await loadFromAddress();
  paintForm();
  for (const hidden of root.querySelectorAll("[data-form], [data-transfer]")) hidden.hidden = false;
  formatLevelTable();
  setState("loading");
  calc.onState(({ state: runtime, fraction }) => {
    if (runtime === "ready") setState("ready");
    else if (runtime === "failed") setState("error");
    else $("[data-progress]").value = fraction ?? 0;
  });
  showErrors(root, []);
  compute(); // queued by the client until Python is ready
}

start();
