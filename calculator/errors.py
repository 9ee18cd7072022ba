"""Problems are codes with parameters, never sentences.

The words live in each language's translation file (the site) or in the
command line's message file, so the package stays language-neutral and a
translator can reach every message a user sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input (or worth a warning).

    ``path`` points at the offending value in the JSON input, for example
    ``sites[0].items[2].quantity``; the empty string means the whole input.
    """

    code: str
    path: str = ""
    params: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "path": self.path, "params": dict(self.params)}


# At most this many problems are reported, then how many more there were:
# a file of a million unknown columns must not become a million messages.
MAX_PROBLEMS = 100
TOO_MANY_PROBLEMS = "too_many_problems"


def capped(problems: list[Problem], more: int = 0) -> list[Problem]:
    """The first MAX_PROBLEMS problems, and one saying how many more there
    were (lists capped before, such as an input's and a level file's, merge)."""
    more += sum(p.params["more"] for p in problems if p.code == TOO_MANY_PROBLEMS)
    problems = [p for p in problems if p.code != TOO_MANY_PROBLEMS]
    more += max(0, len(problems) - MAX_PROBLEMS)
    kept = problems[:MAX_PROBLEMS]
    return kept + [Problem(TOO_MANY_PROBLEMS, "", {"more": more})] if more else kept


class InputError(ValueError):
    """Raised with every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        super().__init__(", ".join(f"{p.path or '<input>'}: {p.code}" for p in problems))
        self.problems = problems


# The stable codes. Translation files have one message per code.
INVALID_JSON = "invalid_json"
INVALID_CSV = "invalid_csv"
INVALID_ENCODING = "invalid_encoding"
INPUT_TOO_LARGE = "input_too_large"
WRONG_TYPE = "wrong_type"
REQUIRED = "required"
UNKNOWN_FIELD = "unknown_field"
EMPTY = "empty"
NOT_A_NUMBER = "not_a_number"
NOT_WHOLE_NUMBER = "not_whole_number"
NEGATIVE = "negative"
TOO_LARGE = "too_large"
TOO_MANY_DECIMALS = "too_many_decimals"
TOO_LONG = "too_long"
INVALID_CHARACTER = "invalid_character"
TOO_MANY = "too_many"
INVALID_DATE = "invalid_date"
DATE_OUT_OF_RANGE = "date_out_of_range"
INVALID_CURRENCY = "invalid_currency"
UNKNOWN_LEVEL = "unknown_level"
DUPLICATE_NAME = "duplicate_name"
DUPLICATE_LEVEL = "duplicate_level"
FIRST_THRESHOLD_NOT_ZERO = "first_threshold_not_zero"
THRESHOLDS_NOT_INCREASING = "thresholds_not_increasing"
DISCOUNT_OUT_OF_RANGE = "discount_out_of_range"
DISCOUNT_DECREASING = "discount_decreasing"
NOT_FIRST_OF_MONTH = "not_first_of_month"
OUT_OF_RANGE = "out_of_range"
ANNIVERSARY_REQUIRED = "anniversary_required"

# Warnings: the estimate stands, but the user should know.
EXAMPLE_TABLE = "example_table"
RENEWAL_DATE_NOT_FIRST = "renewal_date_not_first"
RENEWAL_DATE_ROLLED_FORWARD = "renewal_date_rolled_forward"
NO_POINTS = "no_points"
LEVEL_DROPS = "level_drops"
ORDER_SPANS_DATES = "order_spans_dates"

ERROR_CODES = (
    INVALID_JSON, INVALID_CSV, INVALID_ENCODING, INPUT_TOO_LARGE, WRONG_TYPE, REQUIRED,
    UNKNOWN_FIELD, EMPTY, NOT_A_NUMBER, NOT_WHOLE_NUMBER, NEGATIVE, TOO_LARGE,
    TOO_MANY_DECIMALS, TOO_LONG, INVALID_CHARACTER, TOO_MANY, INVALID_DATE, DATE_OUT_OF_RANGE,
    INVALID_CURRENCY, UNKNOWN_LEVEL, DUPLICATE_NAME, DUPLICATE_LEVEL,
    FIRST_THRESHOLD_NOT_ZERO, THRESHOLDS_NOT_INCREASING, DISCOUNT_OUT_OF_RANGE,
    DISCOUNT_DECREASING, NOT_FIRST_OF_MONTH, OUT_OF_RANGE, ANNIVERSARY_REQUIRED, TOO_MANY_PROBLEMS,
)
WARNING_CODES = (EXAMPLE_TABLE, RENEWAL_DATE_NOT_FIRST, RENEWAL_DATE_ROLLED_FORWARD, NO_POINTS, LEVEL_DROPS,
                 ORDER_SPANS_DATES)

# Assumptions: what an estimate rests on that IBM does not publish. Named in
# every estimate that uses them (``assumptions``), worded in the translation
# files like the codes above.
RSVP_RAISED_WITHIN_TERM = "rsvp_raised_within_term"
ANNIVERSARY_ORDER_PER_SITE = "anniversary_order_per_site"
PRORATED_PRICE = "prorated_price"
PRORATED_POINTS = "prorated_points"
UNKNOWN_RENEWAL_DATE = "unknown_renewal_date"
LATER_TERMS_LISTED_ITEMS_ONLY = "later_terms_listed_items_only"

ASSUMPTION_CODES = (RSVP_RAISED_WITHIN_TERM, ANNIVERSARY_ORDER_PER_SITE, PRORATED_PRICE, PRORATED_POINTS,
                    UNKNOWN_RENEWAL_DATE, LATER_TERMS_LISTED_ITEMS_ONLY)
