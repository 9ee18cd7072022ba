// The estimate, in words from the page's strings and numbers formatted by
// Intl. Everything goes in through textContent.

import { fill } from "./format.js";

function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  return node;
}

function group(title, rows) {
  const list = el("dl");
  for (const [term, value, attrs] of rows) {
    list.append(el("dt", term), el("dd", value, attrs ?? {}));
  }
  const section = el("section");
  section.append(el("h3", title), list);
  return section;
}

export function renderResult(container, result, strings, fmt) {
  const r = strings.results;
  const pts = (text) => fmt.number(text);
  const money = (text) => fmt.money(text);
  const nodes = [];

  if (result.example_table) {
    nodes.push(el("p", strings.warnings.example_table, { class: "calculator-example", "data-example-note": "" }));
  }
  nodes.push(group(r.points, [
    [r.existing_points, pts(result.existing_points)],
    [r.migrated_points, pts(result.migrated_points)],
    [r.total_points, pts(result.total_points), { "data-result": "total_points" }],
    ...result.site_points.map((site) => [`${r.site_points}: ${site.name}`, pts(site.points)]),
  ]));

  const next = result.next_level === null
    ? r.top_level
    : fill(r.next_level_value, { level: result.next_level, points: pts(result.points_to_next_level),
                                 savings: money(result.savings_at_next_level) });
  nodes.push(group(r.level, [
    [r.level, fill(r.level_value, { level: result.level, discount: fmt.percent(result.discount_percent) }),
     { "data-result": "level", "data-level": result.level }],
    [r.list_price, money(result.list_price_total), { "data-result": "list_price_total" }],
    [fill(r.estimated_price, { level: result.level }), money(result.estimated_price_total)],
    [r.savings, money(result.estimated_savings), { "data-result": "estimated_savings" }],
    [r.next_level, next, { "data-result": "next_level" }],
  ]));

  const better = result.orders.filter((order) => order.svp_applies);
  const term = group(r.this_term, [
    [r.savings_this_term, money(result.savings_this_term), { "data-result": "savings_this_term" }],
  ]);
  const lead = el("p", fill(better.length ? r.this_term_value : r.no_better_orders, { level: result.current_level }));
  term.insertBefore(lead, term.querySelector("dl"));
  if (better.length) {
    const list = el("ul");
    for (const order of better) {
      list.append(el("li", fill(r.order_value, { order: order.order, site: order.site, points: pts(order.points),
                                                level: order.svp_level })));
    }
    term.insertBefore(list, term.querySelector("dl"));
  }
  nodes.push(term);

  nodes.push(group(r.dates, [
    [r.term_end, fmt.date(result.term_end_date)],
    [r.anniversary, fmt.date(result.anniversary_date), { "data-result": "anniversary_date" }],
    [r.renewal_dates, fill(r.renewal_dates_value, { before: fmt.number(String(result.renewal_dates_before)) })],
    [r.coterm, money(result.coterm.total), { "data-result": "coterm_total" }],
  ]));
  const coterm = nodes[nodes.length - 1];
  coterm.append(el("p", strings.coterm_rules[result.coterm.rule] ?? result.coterm.rule, { class: "calculator-help" }));
  if (result.coterm.items.length) {
    const list = el("ul", undefined, { class: "calculator-coterm" });
    for (const item of result.coterm.items.slice(0, 200)) {
      list.append(el("li", fill(r.coterm_item, { description: item.description || "—", site: item.site,
                                                months: fmt.number(String(item.months)),
                                                date: fmt.date(item.aligned_to), cost: money(item.cost) })));
    }
    coterm.append(list);
  }

  const notes = result.warnings.filter((w) => w.code !== "example_table" && strings.warnings[w.code]);
  if (notes.length) {
    const list = el("ul", undefined, { class: "calculator-warnings" });
    for (const w of notes) list.append(el("li", fill(strings.warnings[w.code], w.params)));
    nodes.push(list);
  }
  container.replaceChildren(...nodes);
}

// The one line a screen reader hears when the estimate changes.
export function summary(result, strings, fmt) {
  return fill(strings.results.announce, { points: fmt.number(result.total_points), level: result.level,
                                          savings: fmt.money(result.estimated_savings) });
}

// The chart SVG comes from the calculator package, which escapes every text;
// it is parsed as XML (never as HTML) and only <svg> content is adopted.
export function renderChart(figure, svgText) {
  const doc = new DOMParser().parseFromString(svgText, "image/svg+xml");
  const svg = doc.documentElement;
  if (svg.nodeName !== "svg" || doc.querySelector("parsererror")) return;
  for (const node of svg.querySelectorAll("script, foreignObject")) node.remove();
  figure.replaceChildren(document.importNode(svg, true));
}
