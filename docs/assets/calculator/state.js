// The form's state: every value as a string, numbers in their canonical
// form (1200.50, whatever the reader's language). It lives in the page
// address (#state=…, deflate + base64url) so a link reproduces an estimate,
// and turns into the estimator's JSON input on demand.
//
// A number typed the way another language writes it (12.5 on a Danish page)
// cannot be read: its object keeps the text under `typed` (field → {text,
// example}), so nothing the reader typed is lost, and the form says how to
// write it instead of estimating with a guess.

import { AGREEMENT_FIELDS, ITEM_FIELDS, LEVEL_FIELDS, limits } from "./contract.js";

const MAX_STATE_CHARS = 2_000_000;
export const TYPED = "typed";

const blank = (fields) => () => Object.fromEntries(fields.map((key) => [key, ""]));
export const emptyItem = blank(ITEM_FIELDS);
export const emptyLevel = blank(LEVEL_FIELDS);
const isBlank = (fields) => (entry) =>
  fields.every((key) => !String(entry[key] ?? "").trim()) && !Object.keys(entry[TYPED] ?? {}).length;
export const isBlankItem = isBlank(ITEM_FIELDS);
export const isBlankLevel = isBlank(LEVEL_FIELDS);

export function defaultState(strings, levels, today) {
  return {
    sites: [{ name: "", items: [emptyItem()] }],
    existing_points: "0",
    current_level: levels.level_table[0].level,
    anniversary_date: "",
    migration_date: today,
    horizon_years: String(limits.default_horizon_years),
    currency: strings.default_currency,
    levels: [],
  };
}

const text = (value) => (value === null || value === undefined ? "" : typeof value === "object" ? "" : String(value));

// The fields of `raw` as strings, with its typed-but-unread numbers.
function copy(raw, fields) {
  const entry = Object.fromEntries(fields.map((key) => [key, text(raw[key])]));
  const typed = raw[TYPED];
  if (typed && typeof typed === "object" && !Array.isArray(typed)) {
    const kept = Object.entries(typed).filter(([key, value]) => fields.includes(key) && value && typeof value === "object")
      .map(([key, value]) => [key, { text: text(value.text), example: text(value.example) }]);
    if (kept.length) entry[TYPED] = Object.fromEntries(kept);
  }
  return entry;
}

// The form holds no more than the estimator takes (limits: max_sites,
// max_items, max_levels): past them there is no estimate, only a form too
// long to draw (a short link of 100,000 empty sites, a CSV file of 50,000
// site names: each froze the page for minutes). Every way in goes through
// here: a link and a JSON file (sanitize), a CSV file (merge), the add
// buttons (hasRoom). What does not fit is counted in `left` ({sites, items,
// levels}) and what does in `kept` ({sites, items}), so that the page says
// what it kept and what it left out.
const noneLeft = () => ({ sites: 0, items: 0, levels: 0 });
export const leftSomething = (left) => left.sites + left.items + left.levels > 0;
const itemCount = (state) => state.sites.reduce((n, site) => n + site.items.length, 0);

/** Whether one more of `what` ("site", "item", "level") fits in the form. */
export function hasRoom(state, what) {
  if (what === "level") return state.levels.length < limits.max_levels;
  if (what === "site" && state.sites.length >= limits.max_sites) return false;
  return itemCount(state) < limits.max_items;
}

// The non-blank items of a raw site, as strings: blank rows carry nothing,
// so they are not drawn (a 4 KB link of 1,000 sites × 50 empty items is
// 1,000 rows, not 50,000).
const itemsOf = (site) => (Array.isArray(site.items) ? site.items : [])
  .filter((i) => i && typeof i === "object").map((i) => copy(i, ITEM_FIELDS)).filter((i) => !isBlankItem(i));

// Keep what has the right shape, as far as the limits go; drop the rest (a
// tampered or truncated link must never break the page). Every kept value
// becomes a string. `complete`: false if something had the wrong shape.
export function sanitize(raw, fallback) {
  const { max_sites, max_items, max_levels } = limits;
  const left = noneLeft();
  const kept = { sites: 0, items: 0 };
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return { state: fallback, complete: false, kept, left };
  const state = { ...fallback, ...copy(raw, AGREEMENT_FIELDS.filter((key) => key in raw)), sites: [], levels: [] };
  for (const key of AGREEMENT_FIELDS) if (!(key in raw)) state[key] = fallback[key];
  let complete = Array.isArray(raw.sites);
  let room = max_items;
  for (const site of complete ? raw.sites : []) {
    if (!site || typeof site !== "object" || Array.isArray(site)) { complete = false; continue; }
    const items = itemsOf(site);
    const fits = state.sites.length < max_sites ? Math.min(items.length, Math.max(room, 0)) : 0;
    left.items += items.length - fits;
    if (state.sites.length >= max_sites || (items.length && !fits)) { left.sites += 1; continue; }
    room -= Math.max(fits, 1); // a site without items still shows one empty row
    kept.items += fits;
    kept.sites += 1;
    state.sites.push({ name: text(site.name), items: fits ? items.slice(0, fits) : [emptyItem()] });
  }
  if (!state.sites.length) state.sites = fallback.sites;
  const levels = (Array.isArray(raw.levels) ? raw.levels : []).filter((l) => l && typeof l === "object");
  left.levels = Math.max(0, levels.length - max_levels);
  state.levels = levels.slice(0, max_levels).map((level) => copy(level, LEVEL_FIELDS));
  return { state, complete, kept, left };
}

/**
 * Imported sites (a CSV file's) join `state`: items go to the site of the
 * same name, blank rows make way, what the user typed before stays. Returns
 * {kept, left}: the imported sites and line items that joined, and what did not fit.
 */
export function merge(state, sites) {
  const { max_sites, max_items } = limits;
  for (const site of state.sites) site.items = site.items.filter((item) => !isBlankItem(item));
  state.sites = state.sites.filter((site) => site.items.length || site.name.trim());
  const byName = new Map();
  for (const site of state.sites) if (!byName.has(site.name)) byName.set(site.name, site);
  const left = noneLeft();
  let room = max_items - itemCount(state);
  const kept = { sites: 0, items: 0 };
  for (const incoming of sites) {
    let target = byName.get(incoming.name);
    const fits = target || state.sites.length < max_sites ? Math.min(incoming.items.length, Math.max(room, 0)) : 0;
    left.items += incoming.items.length - fits;
    if (!fits) {
      if (!target) left.sites += 1;
      continue;
    }
    if (!target) {
      target = { name: incoming.name, items: [] };
      state.sites.push(target);
      byName.set(target.name, target);
    }
    for (let i = 0; i < fits; i++) target.items.push(incoming.items[i]);
    room -= fits;
    kept.items += fits;
    kept.sites += 1;
  }
  for (const site of state.sites) if (!site.items.length) site.items.push(emptyItem());
  if (!state.sites.length) state.sites.push({ name: "", items: [emptyItem()] });
  return { kept, left };
}

// The problems of numbers typed another language's way, at their form paths.
function unread(entry, base) {
  return Object.entries(entry[TYPED] ?? {}).map(([key, { example }]) =>
    ({ code: "ambiguous_number", path: base ? `${base}.${key}` : key, params: { example } }));
}

// Non-blank fields, trimmed: a blank optional field is left out, and so is a
// blank required one (the estimator says "required").
const filled = (entry, fields) => Object.fromEntries(
  fields.filter((key) => String(entry[key] ?? "").trim() !== "").map((key) => [key, String(entry[key]).trim()]));

// The estimator's input, leaving out blank rows; `paths` maps each input path
// back to the form's, since blank rows shift the indexes; `problems` are the
// form's own (numbers it could not read), which the estimator never sees.
export function toInput(state) {
  const input = { sites: [] };
  const paths = new Map();
  const problems = unread(state, "");
  state.sites.forEach((site, s) => {
    const items = [];
    site.items.forEach((item, i) => {
      if (isBlankItem(item)) return;
      problems.push(...unread(item, `sites[${s}].items[${i}]`));
      paths.set(`sites[${input.sites.length}].items[${items.length}]`, `sites[${s}].items[${i}]`);
      items.push(filled(item, ITEM_FIELDS));
    });
    paths.set(`sites[${input.sites.length}]`, `sites[${s}]`);
    input.sites.push({ name: site.name, items });
  });
  Object.assign(input, filled(state, AGREEMENT_FIELDS));
  const levels = [];
  (state.levels ?? []).forEach((level, l) => {
    if (isBlankLevel(level)) return;
    problems.push(...unread(level, `levels[${l}]`));
    paths.set(`levels[${levels.length}]`, `levels[${l}]`);
    levels.push(filled(level, LEVEL_FIELDS));
  });
  if (levels.length) input.levels = levels;
  const itemCount = input.sites.reduce((n, site) => n + site.items.length, 0);
  return { input, paths, itemCount, problems };
}

// An estimator path ("sites[0].items[2].quantity", "levels[1].min_points") as the form's path.
export function formPath(path, paths) {
  for (const pattern of [/^(sites\[\d+\]\.items\[\d+\])(.*)$/, /^(sites\[\d+\])(.*)$/, /^(levels\[\d+\])(.*)$/]) {
    const match = pattern.exec(path);
    if (match && paths.has(match[1])) return paths.get(match[1]) + match[2];
  }
  return path;
}

// Bytes through a (de)compression stream, refusing output past `limit`
// (a tiny link must not inflate into gigabytes).
async function pipe(bytes, stream, limit = Infinity) {
  const reader = new Blob([bytes]).stream().pipeThrough(stream).getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      reader.cancel();
      throw new Error("state too large");
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) out.set(chunk, (offset += chunk.length) - chunk.length);
  return out;
}

export async function encodeState(state) {
  const packed = await pipe(new TextEncoder().encode(JSON.stringify(state)), new CompressionStream("deflate-raw"));
  let binary = "";
  for (const byte of packed) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

// Resolves to the decoded object, or throws (the caller reports it).
export async function decodeState(text) {
  if (text.length > MAX_STATE_CHARS || !/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("state");
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const inflated = await pipe(bytes, new DecompressionStream("deflate-raw"), MAX_STATE_CHARS * 8);
  return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(inflated));
}
