// What the page knows of the estimator's contract, given by the build
// (calculator.api.form_dict, in the page as JSON): the fields of an item and
// of the agreement, each with its kind, and the input limits. No field list
// is written here by hand.

const form = JSON.parse(document.getElementById("calculator-form").textContent);
export const ITEM_FIELDS = form.item_fields.map(({ field }) => field);
export const AGREEMENT_FIELDS = form.agreement_fields.map(({ field }) => field);
export const LEVEL_FIELDS = form.level_fields.map(({ field }) => field);
/** field → kind (text, whole, decimal, money, date, level, currency) */
export const KINDS = Object.fromEntries([...form.item_fields, ...form.agreement_fields, ...form.level_fields]
  .map(({ field, kind }) => [field, kind]));
/** The kinds of field a reader types as a number, in the language's way. */
export const NUMBER_KINDS = new Set(["whole", "decimal", "money"]);
export const limits = form.limits;
