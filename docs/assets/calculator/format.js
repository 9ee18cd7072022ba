// Numbers, money, percentages and dates in the page's language, with the
// browser's Intl. Amounts arrive as exact decimal strings; Intl formats a
// string without going through a float, rounding half away from zero
// (half-up for the amounts here) to the currency's minor unit.

// Made once per language and currency, not four new Intl objects for every
// result shown.
const made = new Map();

export function formatter(lang, currency) {
  const key = `${lang} ${currency}`;
  if (!made.has(key)) made.set(key, make(lang, currency));
  return made.get(key);
}

function make(lang, currency) {
  const number = new Intl.NumberFormat(lang, { maximumFractionDigits: 6 });
  const percent = new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 4 });
  const date = new Intl.DateTimeFormat(lang, { dateStyle: "long", timeZone: "UTC" });
  let money;
  try {
    money = new Intl.NumberFormat(lang, { style: "currency", currency, roundingMode: "halfExpand" });
  } catch {
    money = null; // not a currency Intl knows: show the code beside the number
  }
  return {
    number: (text) => number.format(text),
    // "4" → "4 %" in Danish, "4%" in English and Chinese (Intl decides).
    percent: (text) => percent.format(`${text}E-2`),
    money: (text) => (money ? money.format(text) : `${number.format(text)} ${currency}`),
    date: (iso) => date.format(new Date(`${iso}T00:00:00Z`)),
  };
}

// "{level} at {points}" with values filled in; the caller puts the result in
// textContent, so nothing a user typed is ever parsed as HTML.
export function fill(template, params = {}) {
  return String(template).replace(/\{(\w+)\}/g, (whole, key) => (key in params ? String(params[key]) : whole));
}
