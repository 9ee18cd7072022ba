// Numbers as the reader's language writes them, in the form only: a Danish
// reader types 1.200,50 or 12,5, an English or Chinese one 1,200.50. The
// separators come from Intl, not from a list. The state, the address, the
// estimator's JSON and the exports hold the canonical form (1200.50).
//
//   readNumber("1.200,50", "da")  → { value: "1200.50" }
//   readNumber("12.5", "da")      → { problem: { code: "ambiguous_number", params: { example: "12,5" } } }
//   writeNumber("1200.50", "da")  → "1200,50"

const CANONICAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const made = new Map();

/** The language's decimal mark and digit-group separator. */
export function separators(lang) {
  if (!made.has(lang)) {
    const parts = new Intl.NumberFormat(lang).formatToParts(12345.6);
    const part = (type, fallback) => parts.find((p) => p.type === type)?.value ?? fallback;
    made.set(lang, { decimal: part("decimal", "."), group: part("group", ",") });
  }
  return made.get(lang);
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// Spaces of any width are one group separator (French, Swedish, …) when the
// language groups with a space.
const SPACES = /[\s\u00a0\u202f]/g;
const SPACE = /^[\s\u00a0\u202f]$/;

/** What the language allows: grouped digits (groups of three), its decimal mark. */
function localPattern({ decimal, group }) {
  const g = escape(group), d = escape(decimal);
  return new RegExp(`^[+-]?(\\d{1,3}(${g}\\d{3})+|\\d+)(${d}\\d+)?$`);
}

/**
 * The canonical text of a number typed in ``lang``: ``{ value }``, or, when
 * it could only be a number written another language's way (a decimal
 * point where the language writes a comma, or the other way round),
 * ``{ problem }`` with the same number as this language writes it.
 * Text that is no number at all passes as it is: the estimator says so.
 */
export function readNumber(text, lang) {
  const sep = separators(lang);
  let typed = String(text).trim();
  if (!typed) return { value: "" };
  if (SPACE.test(sep.group)) typed = typed.replace(SPACES, sep.group);
  if (localPattern(sep).test(typed)) {
    return { value: typed.split(sep.group).join("").replace(sep.decimal, ".") };
  }
  // Canonical text is the language's too when it has no separator the
  // language reads otherwise ("12", "1e400"; "12.5" where "." is decimal).
  const foreign = sep.decimal === "." ? "," : ".";
  if (CANONICAL.test(typed) && (sep.decimal === "." || !typed.includes("."))) return { value: typed };
  if (typed.includes(foreign)) {
    const other = { decimal: foreign, group: foreign === "." ? "," : "." };
    if (localPattern(other).test(typed)) {
      const value = typed.split(other.group).join("").replace(other.decimal, ".");
      return { problem: { code: "ambiguous_number", params: { example: writeNumber(value, lang) } } };
    }
  }
  return { value: typed };
}

/** A canonical number as the form shows it in ``lang`` (no grouping). */
export function writeNumber(value, lang) {
  const text = String(value ?? "");
  // A whole number is written alike everywhere: no need of Intl (costly the first time).
  if (!/^[+-]?\d+\.\d+$/.test(text)) return text;
  return text.replace(".", separators(lang).decimal);
}
