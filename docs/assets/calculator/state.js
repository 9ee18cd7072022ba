// The form's state: what the user typed, as strings, exactly. It lives in
// the page address (#state=…, deflate + base64url) so a link reproduces an
// estimate, and turns into the estimator's JSON input on demand.

import { AGREEMENT_FIELDS, ITEM_FIELDS, limits } from "./contract.js";

const MAX_STATE_CHARS = 2_000_000;

export const emptyItem = () => Object.fromEntries(ITEM_FIELDS.map((key) => [key, ""]));
export const isBlankItem = (item) => ITEM_FIELDS.every((key) => !String(item[key] ?? "").trim());

export function defaultState(strings, levels, today) {
  return {
    sites: [{ name: "", items: [emptyItem()] }],
    existing_points: "0",
    current_level: levels.level_table[0].level,
    anniversary_date: "",
    migration_date: today,
    horizon_years: String(limits.default_horizon_years),
    currency: strings.default_currency,
  };
}

// Keep what has the right shape; drop the rest (a tampered or truncated link
// must never break the page). Every kept value becomes a string. Past the
// estimator's limits ({max_sites, max_items}) there is no estimate, only a
// form too long to draw (a short link of 100,000 empty sites froze the page
// for minutes), so the rest is dropped too.
export function sanitize(raw, fallback) {
  const { max_sites, max_items } = limits;
  const text = (value) => (value === null || value === undefined ? "" : typeof value === "object" ? "" : String(value));
  const state = { ...fallback, sites: [] };
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return { state: fallback, complete: false };
  let complete = true;
  for (const key of AGREEMENT_FIELDS) if (key in raw) state[key] = text(raw[key]);
  const sites = Array.isArray(raw.sites) ? raw.sites : [];
  if (!Array.isArray(raw.sites)) complete = false;
  let room = max_items;
  for (const site of sites) {
    if (state.sites.length >= max_sites || room <= 0) { complete = false; break; }
    if (!site || typeof site !== "object") { complete = false; continue; }
    let items = (Array.isArray(site.items) ? site.items : []).filter((i) => i && typeof i === "object");
    if (items.length > room) { items = items.slice(0, room); complete = false; }
    room -= Math.max(items.length, 1);
    state.sites.push({
      name: text(site.name),
      items: items.length ? items.map((i) => Object.fromEntries(ITEM_FIELDS.map((k) => [k, text(i[k])]))) : [emptyItem()],
    });
  }
  if (!state.sites.length) state.sites = fallback.sites;
  return { state, complete };
}

// The estimator's input, leaving out blank rows and blank optional fields (a
// blank required field is left out too, so the estimator says "required").
// `paths` maps each input path back to the form's, since blank rows shift
// the indexes.
export function toInput(state) {
  const input = { sites: [] };
  const paths = new Map();
  state.sites.forEach((site, s) => {
    const items = [];
    site.items.forEach((item, i) => {
      if (isBlankItem(item)) return;
      const entry = {};
      for (const key of ITEM_FIELDS) if (String(item[key]).trim() !== "") entry[key] = String(item[key]).trim();
      paths.set(`sites[${input.sites.length}].items[${items.length}]`, `sites[${s}].items[${i}]`);
      items.push(entry);
    });
    paths.set(`sites[${input.sites.length}]`, `sites[${s}]`);
    input.sites.push({ name: site.name, items });
  });
  for (const key of AGREEMENT_FIELDS) if (String(state[key] ?? "").trim() !== "") input[key] = String(state[key]).trim();
  const itemCount = input.sites.reduce((n, site) => n + site.items.length, 0);
  return { input, paths, itemCount };
}

// An estimator path ("sites[0].items[2].quantity") as the form's path.
export function formPath(path, paths) {
  const item = /^(sites\[\d+\]\.items\[\d+\])(.*)$/.exec(path);
  if (item && paths.has(item[1])) return paths.get(item[1]) + item[2];
  const site = /^(sites\[\d+\])(.*)$/.exec(path);
  if (site && paths.has(site[1])) return paths.get(site[1]) + site[2];
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
