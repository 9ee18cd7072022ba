// The sites and their line items, and the reader's own level table, as form
// controls built with the DOM (never from HTML strings), so whatever a user
// typed or imported stays text. A line item is a card: its fields wrap to the
// width there is, so nothing scrolls sideways on a phone.

import { ITEM_FIELDS, KINDS, LEVEL_FIELDS, NUMBER_KINDS, limits } from "./contract.js";
import { el } from "./dom.js";
import { fill } from "./format.js";
import { writeNumber } from "./numbers.js";
import { TYPED } from "./state.js";

// How each kind of field is typed (the kinds come with the contract).
const INPUT_TYPES = { date: "date" };
const INPUT_MODES = { whole: "numeric", decimal: "decimal", money: "decimal" };

// The id of a field's error slot, which the field names in aria-describedby.
const errorId = (path) => `err-${cssId(path)}`;

function errorSlot(path) {
  return el("p", { class: "calculator-error", "data-error-for": path, id: errorId(path), hidden: true });
}

export const cssId = (path) => path.replace(/[^A-Za-z0-9_-]+/g, "-");

/** What a field shows: the reader's unread text, or the value in the reader's way. */
export function shown(entry, key, lang) {
  const typed = entry[TYPED]?.[key];
  if (typed) return typed.text;
  return NUMBER_KINDS.has(KINDS[key]) ? writeNumber(entry[key], lang) : entry[key] ?? "";
}

// One labelled input of a card. Its name is the field's label and the card's
// number ("Quantity 2"), so each of the page's fields has a name of its own.
function cardField(entry, key, base, label, numberId, lang, data) {
  const path = `${base}.${key}`;
  const id = `calc-${cssId(path)}`;
  const input = el("input", {
    id, type: INPUT_TYPES[KINDS[key]] ?? "text", inputmode: INPUT_MODES[KINDS[key]], autocomplete: "off",
    "data-path": path, "data-field": key, ...data,
    "aria-labelledby": `${id}-label ${numberId}`, "aria-describedby": errorId(path),
  });
  input.value = shown(entry, key, lang);
  return el("div", { class: "calculator-field" }, el("label", { for: id, id: `${id}-label`, text: label }), input,
            errorSlot(path));
}

// A card's legend from its template ("Line item {number}"), the number in a
// span of its own, which each of the card's fields names after its label.
function legend(template, number, numberId) {
  const [before, after = ""] = String(template).split("{number}");
  return el("legend", {}, before, el("span", { id: numberId, text: String(number) }), after);
}

function itemCard(item, s, i, ctx, canRemove) {
  const f = ctx.strings.form;
  const base = `sites[${s}].items[${i}]`;
  const numberId = `calc-${cssId(base)}-n`;
  const data = { "data-site": s, "data-item": i };
  return el("fieldset", { class: "calculator-item", ...data },
    legend(f.item, i + 1, numberId),
    errorSlot(base),
    el("div", { class: "calculator-fields" },
      ...ITEM_FIELDS.map((key) => cardField(item, key, base, f[key], numberId, ctx.lang, data))),
    canRemove ? el("button", {
      type: "button", class: "calculator-remove", "data-action": "remove-item", ...data,
      text: fill(f.remove_item, { number: i + 1 }) }) : null);
}

function siteFieldset(site, s, ctx, canRemove) {
  const f = ctx.strings.form;
  const base = `sites[${s}]`;
  const nameId = `calc-${cssId(base)}-name`;
  return el("fieldset", { class: "calculator-site", "data-site": s },
    el("legend", { text: fill(f.site, { number: s + 1 }) }),
    el("div", { class: "calculator-field" },
      el("label", { for: nameId, text: f.site_name }),
      el("input", { id: nameId, type: "text", autocomplete: "off", value: site.name, "data-path": `${base}.name`,
                    "data-site": s, "data-field": "name", maxlength: limits.max_text,
                    "aria-describedby": errorId(`${base}.name`) }),
      errorSlot(`${base}.name`)),
    errorSlot(base),
    errorSlot(`${base}.items`),
    el("div", { class: "calculator-items", role: "group", "aria-label": f.items },
      ...site.items.map((item, i) => itemCard(item, s, i, ctx, site.items.length > 1))),
    el("p", {},
      el("button", { type: "button", class: "md-button", "data-action": "add-item", "data-site": s, text: f.add_item }),
      canRemove ? el("button", { type: "button", class: "md-button", "data-action": "remove-site", "data-site": s,
                                 text: f.remove_site }) : null));
}

export function renderSites(container, state, ctx) {
  container.replaceChildren(...state.sites.map((site, s) => siteFieldset(site, s, ctx, state.sites.length > 1)));
}

/** The reader's own level table: a card per level (empty: IBM's thresholds, example discounts). */
export function renderLevels(container, state, ctx) {
  const f = ctx.strings.form;
  container.replaceChildren(...state.levels.map((level, l) => {
    const base = `levels[${l}]`;
    const numberId = `calc-${cssId(base)}-n`;
    const data = { "data-level": l };
    return el("fieldset", { class: "calculator-item calculator-level", ...data },
      legend(f.level_row, l + 1, numberId),
      errorSlot(base),
      el("div", { class: "calculator-fields" },
        ...LEVEL_FIELDS.map((key) => cardField(level, key, base, f[`level_${key}`], numberId, ctx.lang, data))),
      el("button", { type: "button", class: "calculator-remove", "data-action": "remove-level", ...data,
                     text: fill(f.remove_level, { number: l + 1 }) }));
  }));
}

// Show each problem next to its field; a path with no field of its own goes
// to the nearest enclosing one (an item, its site, the sites list).
export function showErrors(root, problems, message) {
  for (const slot of root.querySelectorAll("[data-error-for]")) {
    if (slot.dataset.errorFor === "import") continue;
    slot.hidden = true;
    slot.textContent = "";
  }
  for (const input of root.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  for (const problem of problems) {
    let path = problem.path || "sites";
    let slot = null;
    while (path && !(slot = root.querySelector(`[data-error-for="${CSS.escape(path)}"]`))) {
      path = path.replace(/(\.[^.[\]]+|\[\d+\])$/, "");
    }
    slot ??= root.querySelector('[data-error-for="sites"]');
    slot.hidden = false;
    slot.textContent = slot.textContent ? `${slot.textContent} ${message(problem)}` : message(problem);
    root.querySelector(`[data-path="${CSS.escape(path)}"]`)?.setAttribute("aria-invalid", "true");
  }
}
