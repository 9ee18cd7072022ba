// The sites and their line items as form controls, built with the DOM (never
// from HTML strings), so whatever a user typed or imported stays text.

import { ITEM_FIELDS, KINDS, limits } from "./contract.js";
import { el } from "./dom.js";
import { fill } from "./format.js";

// How each kind of field is typed (the kinds come with the contract).
const INPUT_TYPES = { date: "date" };
const INPUT_MODES = { whole: "numeric", decimal: "decimal", money: "decimal" };

// The id of a field's error slot, which the field names in aria-describedby.
const errorId = (path) => `err-${cssId(path)}`;

function errorSlot(path) {
  return el("p", { class: "calculator-error", "data-error-for": path, id: errorId(path), hidden: true });
}

export const cssId = (path) => path.replace(/[^A-Za-z0-9_-]+/g, "-");

function siteFieldset(site, s, strings, canRemove) {
  const f = strings.form;
  const base = `sites[${s}]`;
  const nameId = `calc-${cssId(base)}-name`;
  const headId = `calc-${cssId(base)}-head`;
  const header = el("tr", {},
    el("th", { scope: "col", id: `${headId}-n`, text: "#" }),
    ...ITEM_FIELDS.map((key) => el("th", { scope: "col", id: `${headId}-${key}`, text: f[key] })),
    el("td"));
  const body = el("tbody");
  site.items.forEach((item, i) => body.append(itemRow(item, s, i, strings, headId, site.items.length > 1)));
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
    el("div", { class: "calculator-scroll", role: "group", "aria-label": f.items, tabindex: "0" },
      el("table", { class: "calculator-items" }, el("caption", { text: f.items }), el("thead", {}, header), body)),
    el("p", {},
      el("button", { type: "button", class: "md-button", "data-action": "add-item", "data-site": s, text: f.add_item }),
      canRemove ? el("button", { type: "button", class: "md-button", "data-action": "remove-site", "data-site": s,
                                 text: f.remove_site }) : null));
}

function itemRow(item, s, i, strings, headId, canRemove) {
  const base = `sites[${s}].items[${i}]`;
  const rowHead = `calc-${cssId(base)}-n`;
  const cells = ITEM_FIELDS.map((key) => {
    const path = `${base}.${key}`;
    const input = el("input", {
      id: `calc-${cssId(path)}`, type: INPUT_TYPES[KINDS[key]] ?? "text", inputmode: INPUT_MODES[KINDS[key]],
      autocomplete: "off",
      "data-path": path, "data-site": s, "data-item": i, "data-field": key,
      "aria-labelledby": `${headId}-${key} ${rowHead}`, "aria-describedby": errorId(path),
    });
    input.value = item[key] ?? "";
    return el("td", {}, input, errorSlot(path));
  });
  return el("tr", { "data-site": s, "data-item": i },
    el("th", { scope: "row", id: rowHead, text: String(i + 1) }, errorSlot(base)),
    ...cells,
    el("td", {}, canRemove ? el("button", {
      type: "button", class: "calculator-remove", "data-action": "remove-item", "data-site": s, "data-item": i,
      "aria-label": fill(strings.form.remove_item, { number: i + 1 }), text: "×" }) : null));
}

export function renderSites(container, state, strings) {
  container.replaceChildren(...state.sites.map((site, s) => siteFieldset(site, s, strings, state.sites.length > 1)));
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
