// The estimate, in words from the page's strings and numbers formatted by
// Intl. The answer first: one or two sentences and the few figures that
// decide (each program's cost until the horizon, the difference, the level
// reached), the years ahead as a chart with the same figures in a table;
// then the details, each in a section that opens (orders, Express renewals,
// a year of points, dates, assumptions), in reading order for a screen
// reader. Everything goes in through textContent.

import { el } from "./dom.js";
import { fill } from "./format.js";

// Lists this long are cut: the figures above them are the sums of all rows.
const MAX_ROWS = 200;

function group(title, rows) {
  const dl = el("dl");
  for (const [term, value, attrs] of rows) dl.append(el("dt", { text: term }), el("dd", { ...attrs, text: value }));
  return title ? el("section", {}, el("h3", { text: title }), dl) : dl;
}

const list = (texts, attrs = {}) => el("ul", attrs, ...texts.slice(0, MAX_ROWS).map((text) => el("li", { text })));

// A detail the reader opens: its title is the summary of a <details>.
const details = (title, attrs, ...children) =>
  el("details", { class: "calculator-details", ...attrs }, el("summary", { text: title }), ...children);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

// A code's params with its dates in the reader's language.
const localParams = (params, fmt) =>
  Object.fromEntries(Object.entries(params ?? {}).map(([k, v]) => [k, ISO_DATE.test(v) ? fmt.date(v) : v]));

function answer(result, strings, fmt) {
  const r = strings.results;
  const c = result.comparison;
  const horizon = fmt.date(c.horizon_date);
  const express = fmt.money(c.express.total), passport = fmt.money(c.passport_advantage.total);
  const same = Number(c.difference) === 0;
  const sentence = fill(same ? r.answer_same : r.answer_saves,
                        { horizon, express, passport, difference: fmt.money(c.difference) });
  const reached = { level: result.level_reached.level, date: fmt.date(result.level_reached.date) };
  const figures = group(null, [
    [r.express_total, express, { "data-result": "express_total" }],
    [r.passport_total, passport, { "data-result": "passport_total" }],
    [r.difference, same ? r.difference_same : fill(r.difference_less, { amount: fmt.money(c.difference) }),
     { "data-result": "difference" }],
    [r.level_reached, fill(r.level_reached_value, reached),
     { "data-result": "level_reached", "data-level": result.level_reached.level }],
  ]);
  figures.classList.add("calculator-figures");
  return el("section", { class: "calculator-summary", "data-summary": true, "aria-labelledby": "calculator-answer" },
    el("h3", { id: "calculator-answer", text: fill(r.comparison, { horizon }) }),
    el("p", { class: "calculator-answer", text: `${sentence} ${fill(r.answer_level, reached)}` }),
    figures,
    el("p", { class: "calculator-help", text: fill(r.comparison_help, {
      horizon, years: fmt.number(String(c.horizon_years)), start: fmt.date(c.start_date) }) }));
}

// The years chart (SVG from the package), its description in the reader's
// words, and the same figures as a table: the running total of each program
// on every date a bill falls due (rows from the package: view's years_table).
function years(result, strings, fmt, svgText, rows) {
  const r = strings.results;
  const c = result.comparison;
  const figure = el("figure", { class: "calculator-chart calculator-years", "data-years-chart": true });
  renderChart(figure, svgText, fill(strings.years_chart.description, {
    horizon: fmt.date(c.horizon_date), express: fmt.money(c.express.total),
    passport: fmt.money(c.passport_advantage.total) }));
  const table = el("table", { class: "calculator-years-table" },
    el("caption", { text: r.years_table }),
    el("thead", {}, el("tr", {}, ...[r.years_date, r.express_total, r.passport_total].map(
      (text) => el("th", { scope: "col", text })))),
    el("tbody", {}, ...rows.map((row) => el("tr", {},
      el("th", { scope: "row", text: fmt.date(row.date) }),
      el("td", { text: fmt.money(row.express) }),
      el("td", { text: fmt.money(row.passport_advantage) })))));
  return [figure, details(r.years_table, { "data-years-table": true }, table)];
}

function yearOfPoints(result, strings, fmt) {
  const r = strings.results;
  const pts = (text) => fmt.number(text);
  const next = result.next_level === null
    ? r.top_level
    : fill(r.next_level_value, { level: result.next_level, points: pts(result.points_to_next_level),
                                 savings: fmt.money(result.savings_at_next_level) });
  return details(r.points, { "data-details": "points" },
    group(null, [
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
    ]));
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
  return details(r.orders, { "data-details": "orders" },
    el("p", { class: "calculator-help", text: r.orders_help }), list(rows, { "data-result": "orders" }));
}

function expressBills(result, strings, fmt) {
  const r = strings.results;
  const horizon = fmt.date(result.comparison.horizon_date);
  const rows = result.comparison.express.bills.map((b) => (b.months_in_horizon === b.months
    ? fill(r.express_bill_value, { date: fmt.date(b.date), amount: fmt.money(b.amount) })
    : fill(r.express_bill_partial, { date: fmt.date(b.date), amount: fmt.money(b.amount), horizon,
                                     months: fmt.number(String(b.months_in_horizon)),
                                     counted: fmt.money(b.amount_in_horizon) })));
  return details(r.express_bills, { "data-details": "express" }, list(rows, { "data-result": "express_bills" }));
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
  return details(r.dates, { "data-details": "dates" }, group(null, rows));
}

export function renderResult(container, result, strings, fmt, yearsSvg, yearsRows) {
  const nodes = [answer(result, strings, fmt)];
  if (result.example_table) {
    nodes.push(el("p", { class: "calculator-example", "data-example-note": true, text: strings.warnings.example_table }));
  }
  const notes = result.warnings.filter((w) => w.code !== "example_table" && strings.warnings[w.code]);
  if (notes.length) {
    nodes.push(list(notes.map((w) => fill(strings.warnings[w.code], localParams(w.params, fmt))),
                    { class: "calculator-warnings" }));
  }
  if (yearsSvg) nodes.push(...years(result, strings, fmt, yearsSvg, yearsRows));
  const assumed = result.assumptions.map((code) => strings.assumptions[code] ?? code);
  nodes.push(orders(result, strings, fmt), expressBills(result, strings, fmt), yearOfPoints(result, strings, fmt),
             dates(result, strings, fmt),
             details(strings.results.assumptions, { "data-details": "assumptions" },
                     list(assumed, { "data-result": "assumptions" })));
  container.replaceChildren(...nodes);
}

// The level table in use, in its section: the shipped one (IBM's thresholds,
// example discounts) or the reader's own, labelled as theirs.
export function renderLevelTable(root, result, strings, fmt) {
  const t = strings.level_table;
  const caption = result.example_table ? `${t.caption} (${t.example_label})` : `${t.caption} (${t.own_label})`;
  for (const node of root.querySelectorAll("[data-level-caption]")) node.textContent = caption;
  for (const node of root.querySelectorAll(".calculator-levels [data-example-note]")) node.hidden = !result.example_table;
  root.querySelector("[data-level-table] tbody").replaceChildren(...result.level_table.map((row) => el("tr", {},
    el("th", { scope: "row", text: row.level }),
    el("td", { "data-number": row.min_points, text: fmt.number(row.min_points) }),
    el("td", { "data-percent": row.discount_percent, text: fmt.percent(row.discount_percent) }))));
}

// The one line a screen reader hears when the estimate changes.
export function summary(result, strings, fmt) {
  const c = result.comparison;
  return fill(strings.results.announce, { horizon: fmt.date(c.horizon_date), express: fmt.money(c.express.total),
                                          passport: fmt.money(c.passport_advantage.total),
                                          level: result.level_reached.level });
}

// A chart's SVG comes from the calculator package, which escapes every text;
// it is parsed as XML (never as HTML) and only <svg> content is adopted. A
// description given here replaces the package's (the reader's words).
export function renderChart(figure, svgText, description) {
  const doc = new DOMParser().parseFromString(svgText, "image/svg+xml");
  const svg = doc.documentElement;
  if (svg.nodeName !== "svg" || doc.querySelector("parsererror")) return;
  for (const node of svg.querySelectorAll("script, foreignObject")) node.remove();
  if (description !== undefined) {
    const desc = svg.querySelector("desc");
    if (desc) desc.textContent = description;
  }
  figure.replaceChildren(document.importNode(svg, true));
}
