// The calculator page: the form, import/export, the address that holds the
// state, and the results. Python (the calculator package under Pyodide) runs
// in a worker (client.js); this file only moves text between the two.

import { calc } from "./client.js";
import { KINDS, NUMBER_KINDS, limits } from "./contract.js";
import { el } from "./dom.js";
import { fill, formatter } from "./format.js";
import { renderLevels, renderSites, showErrors as paintErrors, shown } from "./form.js";
import { readNumber, separators } from "./numbers.js";
import { renderChart, renderLevelTable, renderResult, summary } from "./results.js";
import {
  TYPED, decodeState, defaultState, emptyItem, emptyLevel, encodeState, formPath, hasRoom, leftSomething, merge,
  sanitize, toInput,
} from "./state.js";

const root = document.querySelector("[data-calculator]");
const strings = JSON.parse(document.getElementById("calculator-strings").textContent);
// The shipped level table (IBM's thresholds, example discounts), from the build.
const shipped = JSON.parse(document.getElementById("calculator-levels-data").textContent);
const lang = root.lang || document.documentElement.lang || "en";
const ctx = { strings, lang };
const $ = (selector) => root.querySelector(selector);
// The user's local date, YYYY-MM-DD, built from its parts rather than
// borrowing Swedish locale data for its shape (toLocaleDateString("sv-SE")).
const today = (d = new Date()) =>
  [d.getFullYear(), d.getMonth() + 1, d.getDate()].map((n, i) => String(n).padStart(i ? 2 : 4, "0")).join("-");

let state = defaultState(strings, shipped, today());
let lastAnswer = null; // {inputText, text} of the last good estimate, for export
let sequence = 0;
let timer = 0;
let notices = []; // problems not tied to an edit (an unreadable link), shown until the next edit
let edited = false; // announce estimates the user asked for, not the one a page load computes
let announceTimer = 0;

const showErrors = (where, problems) => paintErrors(where, [...notices, ...problems], message);

// What did not fit in the form (state.js), said with what was kept; none if all did.
const formFull = (kept, left) => (leftSomething(left) ? [{
  code: "form_full", path: "sites",
  params: { max_sites: limits.max_sites, max_items: limits.max_items, max_levels: limits.max_levels,
    kept_sites: kept.sites, kept_items: kept.items, left_sites: left.sites, left_items: left.items },
}] : []);

// The add buttons stop at the limits: the form says how many it takes.
function full(what, path) {
  if (hasRoom(state, what)) return false;
  const max = what === "level" ? limits.max_levels : what === "site" && state.sites.length >= limits.max_sites
    ? limits.max_sites : limits.max_items;
  notices = [{ code: "too_many", path, params: { max } }];
  changed();
  return true;
}

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
  status.querySelector("[data-status-text]").textContent =
    { loading: strings.status.loading, ready: strings.status.ready, error: strings.status.failed }[name];
}

// ---- form <-> state -------------------------------------------------------

function paintForm() {
  renderSites($("[data-sites]"), state, ctx);
  renderLevels($("[data-levels]"), state, ctx);
  paintLevelChoice();
  for (const input of root.querySelectorAll(".calculator-agreement [data-field]")) {
    input.value = shown(state, input.dataset.field, lang);
  }
}

// The agreement's level is one of the levels of the table in use: the
// reader's own when they entered one, else the shipped table's.
function paintLevelChoice() {
  const select = $('.calculator-agreement [data-field="current_level"]');
  const own = state.levels.map((level) => level.level.trim()).filter(Boolean);
  const names = [...new Set(own.length ? own : shipped.level_table.map((row) => row.level))];
  if (!names.includes(state.current_level)) state.current_level = names[0];
  select.replaceChildren(...names.map((name) => el("option", { value: name, text: name })));
  select.value = state.current_level;
}

// The object an input edits: an item, a level, or the state itself.
function target(input) {
  const { site, item, level } = input.dataset;
  if (item !== undefined) return state.sites[+site].items[+item];
  if (level !== undefined) return state.levels[+level];
  return state;
}

function onInput(event) {
  const input = event.target;
  const field = input.dataset.field;
  if (!field) return;
  if (field === "name" && input.dataset.item === undefined) state.sites[+input.dataset.site].name = input.value;
  else store(target(input), field, input.value);
  if (input.dataset.level !== undefined && field === "level") paintLevelChoice();
  notices = [];
  changed();
}

// A value into its object: a number as the reader's language writes it
// becomes canonical; one written another language's way stays as typed,
// with how to write it, until it is read.
function store(entry, field, value) {
  const typed = { ...entry[TYPED] };
  delete typed[field];
  entry[field] = value;
  if (NUMBER_KINDS.has(KINDS[field])) {
    const read = readNumber(value, lang);
    if (read.problem) {
      entry[field] = "";
      typed[field] = { text: value, example: read.problem.params.example };
    } else {
      entry[field] = read.value;
    }
  }
  if (Object.keys(typed).length) entry[TYPED] = typed;
  else delete entry[TYPED];
}

function onClick(event) {
  const button = event.target.closest("button[data-action], button[data-export]");
  if (!button) return;
  const s = +button.dataset.site;
  const i = +button.dataset.item;
  const l = +button.dataset.level;
  const action = button.dataset.action ?? `export-${button.dataset.export}`;
  const focus = (selector) => requestAnimationFrame(() => root.querySelector(selector)?.focus());
  switch (action) {
    case "add-site":
      if (full("site", "sites")) return;
      state.sites.push({ name: "", items: [emptyItem()] });
      restructure();
      return focus(`[data-path="sites[${state.sites.length - 1}].name"]`);
    case "remove-site":
      state.sites.splice(s, 1);
      restructure();
      return focus('[data-action="add-site"]');
    case "add-item":
      if (full("item", `sites[${s}].items`)) return;
      state.sites[s].items.push(emptyItem());
      restructure();
      return focus(`[data-path="sites[${s}].items[${state.sites[s].items.length - 1}].description"]`);
    case "remove-item":
      state.sites[s].items.splice(i, 1);
      restructure();
      return focus(`[data-action="add-item"][data-site="${s}"]`);
    case "add-level":
      if (full("level", "levels")) return;
      state.levels.push(emptyLevel());
      restructure();
      return focus(`[data-path="levels[${state.levels.length - 1}].level"]`);
    case "remove-level":
      state.levels.splice(l, 1);
      restructure();
      return focus('[data-action="add-level"]');
    case "clear-levels":
      state.levels = [];
      restructure();
      return focus('[data-action="add-level"]');
    case "reset":
      state = defaultState(strings, shipped, today());
      paintForm();
      return changed();
    case "copy-link":
      return copyLink();
    case "export-json":
      return lastAnswer && download("estimate.json", "application/json", lastAnswer.text);
    case "export-csv":
      // In the reader's convention: where the decimal mark is a comma, a
      // spreadsheet expects cells separated by semicolons.
      return calc.raw("export_csv", { text: JSON.stringify(state), decimal: separators(lang).decimal })
        .then((text) => download("line-items.csv", "text/csv", text), showInternal);
    case "export-print":
      return window.print();
  }
}

function restructure() {
  renderSites($("[data-sites]"), state, ctx);
  renderLevels($("[data-levels]"), state, ctx);
  paintLevelChoice();
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

// The words of both charts: the years chart's amounts are grouped as the
// reader's language groups digits (its dates are years: numbers anywhere).
const chartWords = () => JSON.stringify({ levels: strings.chart, years: { ...strings.years_chart, group: separators(lang).group } });

function showProblems(problems) {
  showErrors(root, problems);
  $("[data-results-body]").replaceChildren(el("p", { class: "calculator-error", text: strings.results.has_errors }));
  announce(strings.results.has_errors);
  lastAnswer = null;
}

async function showEstimate(mine) {
  const { input, paths, itemCount, problems } = toInput(state);
  const results = $("[data-results]");
  results.hidden = false;
  if (!itemCount) {
    showErrors(root, []);
    $("[data-results-body]").replaceChildren(el("p", { text: strings.results.empty }));
    announce(strings.results.empty);
    lastAnswer = null;
    return;
  }
  // A number the form could not read is not guessed at: nothing is estimated.
  if (problems.length) return showProblems(problems);
  const inputText = JSON.stringify(input);
  let view;
  try {
    // One call: the estimate (as the command line prints it) and both charts.
    view = JSON.parse(await calc.raw("view", { text: inputText, labels: chartWords(), today: today() }));
  } catch (error) {
    return mine === sequence && showInternal(error);
  }
  if (mine !== sequence) return; // a newer edit is on its way
  const text = view.estimate;
  const result = JSON.parse(text);
  if (result.errors) return showProblems(result.errors.map((p) => ({ ...p, path: formPath(p.path, paths) })));
  showErrors(root, []);
  lastAnswer = { inputText, text };
  const fmt = formatter(lang, result.currency);
  renderResult($("[data-results-body]"), result, strings, fmt, view.years_chart, view.years_table);
  renderLevelTable(root, result, strings, fmt);
  announce(summary(result, strings, fmt));
  if (view.chart) renderChart($("[data-chart]"), view.chart);
}

// The calculator failed, not the input. "timeout": the worker stopped
// answering on this input and was replaced (client.js); the form is kept as
// it is, and the next edit is estimated by the new worker.
function showInternal(error) {
  const code = error?.code === "timeout" ? "timeout" : "internal";
  showErrors(root, [{ code, path: "sites", params: {} }]);
  announce(strings.errors[code]);
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
    const found = sanitize(await decodeState(match[1]), defaultState(strings, shipped, today()));
    state = found.state;
    if (!found.complete) throw new Error("partial");
    notices = formFull(found.kept, found.left);
  } catch {
    notices = [{ code: "state_unreadable", path: "sites", params: {} }];
  }
}

// A link opened in this tab that differs from the page's address only after
// the "#" does not reload the page: the browser fires hashchange instead (the
// page's own writes, by replaceState, do not). The form follows the link as
// at a first load, with the same messages; one that cannot be decoded at all
// leaves the form as it was.
async function onAddressChange() {
  notices = [];
  await loadFromAddress();
  paintForm();
  compute();
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
      const found = sanitize(answer.input, defaultState(strings, shipped, today()));
      const { dropped } = answer; // what the form cannot hold; the rest shows at its fields
      // Not the shape of an input (no list of sites): keep what the user has.
      if (!found.complete) return importProblems(dropped.length ? dropped : answer.errors, null);
      state = found.state;
      importProblems([...formFull(found.kept, found.left), ...dropped], found.kept.items);
    } else {
      const answer = JSON.parse(await calc.raw("import_csv", { text }));
      const { kept, left } = merge(state, answer.sites);
      importProblems([...formFull(kept, left), ...answer.errors], kept.items);
    }
  } catch (error) {
    return showInternal(error);
  }
  notices = [];
  paintForm();
  changed();
}

// ---- start ----------------------------------------------------------------

function formatLevelTable() {
  const fmt = formatter(lang, state.currency || strings.default_currency);
  for (const cell of root.querySelectorAll("[data-level-table] [data-number]")) cell.textContent = fmt.number(cell.dataset.number);
  for (const cell of root.querySelectorAll("[data-level-table] [data-percent]")) cell.textContent = fmt.percent(cell.dataset.percent);
}

// Printed, the estimate shows all its details, whichever were open.
function printOpen() {
  const closed = [...root.querySelectorAll("details:not([open])")];
  for (const node of closed) node.open = true;
  addEventListener("afterprint", () => { for (const node of closed) node.open = false; }, { once: true });
}

// The main thread between two steps of the start: Material's own start (on
// DOMContentLoaded, right after this module) and ours are then two tasks,
// not one long one that keeps the page from answering a tap.
const yieldToPage = () => globalThis.scheduler?.yield?.() ?? new Promise((resume) => setTimeout(resume));
// What nobody waits for, when the page is idle (a second at the latest).
const whenIdle = (work) => (globalThis.requestIdleCallback ? requestIdleCallback(work, { timeout: 1000 }) : setTimeout(work));

async function start() {
  root.addEventListener("input", onInput);
  root.addEventListener("click", onClick);
  addEventListener("beforeprint", printOpen);
  addEventListener("hashchange", onAddressChange);
  $("[data-import]").addEventListener("change", onImport);
  await yieldToPage();
  await loadFromAddress();
  paintForm();
  // Laid out from the HTML, inert until now (overrides/partials/calculator.html).
  for (const waiting of root.querySelectorAll("[data-form], [data-transfer]")) {
    waiting.inert = false;
    waiting.removeAttribute("aria-busy");
  }
  setState("loading");
  calc.onState(({ state: runtime, fraction }) => {
    if (runtime === "ready") setState("ready");
    else if (runtime === "failed") setState("error");
    else {
      if (root.dataset.state !== "loading") setState("loading"); // a new worker after one broke
      $("[data-progress]").value = fraction ?? 0;
    }
  });
  showErrors(root, []);
  compute(); // queued by the client until Python is ready
  // The level table is in the page already, its figures as the build wrote
  // them; in the reader's way once the page is idle (Intl's first use is costly).
  whenIdle(formatLevelTable);
}

start();
