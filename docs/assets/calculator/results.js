// The estimate, in words from the page's strings and numbers formatted by
// Intl. Everything goes in through textContent. The answer comes first (the
// two programs until the horizon), then a year of points, the orders, the
// Express renewals, the dates, the assumptions and the notes.

import { el } from "./dom.js";
import { fill } from "./format.js";

// Lists this long are cut: the figures above them are the sums of all rows.
const MAX_ROWS = 200;

function group(title, rows) {
  const dl = el("dl");
  for (const [term, value, attrs] of rows) dl.append(el("dt", { text: term }), el("dd", { ...attrs, text: value }));
  return el("section", {}, el("h3", { text: title }), dl);
}

const section = (title, ...children) => el("section", {}, el("h3", { text: title }), ...children);

const list = (texts, attrs = {}) => el("ul", attrs, ...texts.slice(0, MAX_ROWS).map((text) => el("li", { text })));

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

// A code's params with its dates in the reader's language.
const localParams = (params, fmt) =>
  Object.fromEntries(Object.entries(params ?? {}).map(([k, v]) => [k, ISO_DATE.test(v) ? fmt.date(v) : v]));

function answer(result, strings, fmt) {
  const r = strings.results;
  const c = result.comparison;
  const horizon = fmt.date(c.horizon_date);
  const difference = Number(c.difference) === 0
    ? r.difference_same
    : fill(r.difference_less, { amount: fmt.money(c.difference) });
  const reached = fill(r.level_reached_value, { level: result.level_reached.level, date: fmt.date(result.level_reached.date) });
  const node = group(fill(r.comparison, { horizon }), [
    [r.express_total, fmt.money(c.express.total), { "data-result": "express_total" }],
    [r.passport_total, fmt.money(c.passport_advantage.total), { "data-result": "passport_total" }],
    [r.difference, difference, { "data-result": "difference" }],
    [r.level_reached, reached, { "data-result": "level_reached", "data-level": result.level_reached.level }],
  ]);
  node.append(el("p", { class: "calculator-help", text: fill(r.comparison_help, {
    horizon, years: fmt.number(String(c.horizon_years)), start: fmt.date(c.start_date) }) }));
  return node;
}

function year(result, strings, fmt) {
  const r = strings.results;
  const pts = (text) => fmt.number(text);
  const next = result.next_level === null
    ? r.top_level
    : fill(r.next_level_value, { level: result.next_level, points: pts(result.points_to_next_level),
                                 savings: fmt.money(result.savings_at_next_level) });
  return [
    group(r.points, [
      [r.existing_points, pts(result.existing_points)],
      [r.migrated_points, pts(result.migrated_points)],
      [r.total_points, pts(result.total_points), { "data-result": "total_points" }],
      ...result.site_points.map((site) => [`${r.site_points}: ${site.name}`, pts(site.points)]),
    ]),
    group(r.level, [
      [r.level, fill(r.level_value, { level: result.level, discount: fmt.percent(result.discount_percent) }),
       { "data-result": "level", "data-level": result.level }],
      [r.list_price, fmt.money(result.list_price_total), { "data-result": "list_price_total" }],
      [fill(r.estimated_price, { level: result.level }), fmt.money(result.estimated_price_total)],
      [r.savings, fmt.money(result.estimated_savings), { "data-result": "estimated_savings" }],
      [r.next_level, next, { "data-result": "next_level" }],
    ]),
  ];
}

function orders(result, strings, fmt) {
  const r = strings.results;
  const rows = result.orders.map((o) => {
    const site = o.order === null ? o.site : fill(r.order_label, { site: o.site, order: o.order });
    const text = fill(r.order_value, { date: fmt.date(o.date), site, count: fmt.number(String(o.item_count)),
                                       months: fmt.number(String(o.months)), points: fmt.number(o.points),
                                       level: o.priced_at_level, amount: fmt.money(o.amount) });
    return o.svp_applies ? `${text} ${r.order_svp}` : text;
  });
  const help = el("p", { class: "calculator-help", text: r.orders_help });
  return section(r.orders, help, list(rows, { "data-result": "orders" }));
}

function expressBills(result, strings, fmt) {
  const r = strings.results;
  const horizon = fmt.date(result.comparison.horizon_date);
  const rows = result.comparison.express.bills.map((b) => (b.months_in_horizon === b.months
    ? fill(r.express_bill_value, { date: fmt.date(b.date), amount: fmt.money(b.amount) })
    : fill(r.express_bill_partial, { date: fmt.date(b.date), amount: fmt.money(b.amount), horizon,
                                     months: fmt.number(String(b.months_in_horizon)),
                                     counted: fmt.money(b.amount_in_horizon) })));
  return section(r.express_bills, list(rows, { "data-result": "express_bills" }));
}

function dates(result, strings, fmt) {
  const r = strings.results;
  const rows = [
    [r.agreement, result.agreement === "new" ? r.agreement_new : r.agreement_existing],
    [r.first_order, fmt.date(result.first_order_date)],
    [r.anniversary, fmt.date(result.anniversary_date), { "data-result": "anniversary_date" }],
  ];
  if (result.renewal_dates_before) {
    rows.push([r.renewal_dates, fill(r.renewal_dates_value, { before: fmt.number(String(result.renewal_dates_before)) })]);
  }
  return group(r.dates, rows);
}

export function renderResult(container, result, strings, fmt) {
  const nodes = [answer(result, strings, fmt)];
  if (result.example_table) {
    nodes.push(el("p", { class: "calculator-example", "data-example-note": true, text: strings.warnings.example_table }));
  }
  nodes.push(...year(result, strings, fmt), orders(result, strings, fmt), expressBills(result, strings, fmt),
             dates(result, strings, fmt));
  const assumed = result.assumptions.map((code) => strings.assumptions[code] ?? code);
  nodes.push(section(strings.results.assumptions, list(assumed, { "data-result": "assumptions" })));
  const notes = result.warnings.filter((w) => w.code !== "example_table" && strings.warnings[w.code]);
  if (notes.length) {
    nodes.push(list(notes.map((w) => fill(strings.warnings[w.code], localParams(w.params, fmt))),
                    { class: "calculator-warnings" }));
  }
  container.replaceChildren(...nodes);
}

// The one line a screen reader hears when the estimate changes.
export function summary(result, strings, fmt) {
  const c = result.comparison;
  return fill(strings.results.announce, { horizon: fmt.date(c.horizon_date), express: fmt.money(c.express.total),
                                          passport: fmt.money(c.passport_advantage.total),
                                          level: result.level_reached.level });
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
