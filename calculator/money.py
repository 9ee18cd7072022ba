"""Money in a currency's minor unit (cents, øre; none for yen).

Every amount the estimator gives is an amount of a bill line, rounded half-up
to the currency's minor unit as an invoice is, and every total is the exact
sum of such amounts: so figures shown together add up as shown.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from functools import lru_cache

# ISO 4217 minor units where they are not 2 (the common case).
_MINOR_UNITS = {
    "BHD": 3, "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "IQD": 3, "ISK": 0, "JOD": 3,
    "JPY": 0, "KMF": 0, "KRW": 0, "KWD": 3, "LYD": 3, "OMR": 3, "PYG": 0, "RWF": 0,
    "TND": 3, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
}
# Wide enough for the largest accepted total (about 10**26 with three places),
# whatever the interpreter's default context.
_WIDE = Context(prec=60)
TWELVE_HUNDRED = Decimal(1200)


def minor_unit(currency: str) -> int:
    return _MINOR_UNITS.get(currency.upper(), 2)


def for_display(amount: Decimal, currency: str) -> Decimal:
    """``amount`` rounded half-up to the currency's minor unit."""
    with localcontext(_WIDE):
        return amount.quantize(Decimal(1).scaleb(-minor_unit(currency)), rounding=ROUND_HALF_UP)


@lru_cache(maxsize=1 << 16)
def prorated(annual: Decimal, months: int, discount_percent: Decimal, currency: str) -> Decimal:
    """One bill line: ``months`` of an annual price, less a discount, in minor units.

    One rounding, at the end, so twelve months without a discount is the
    annual price itself. Kept for reuse: every anniversary bills the same
    lines again (a pure function of its arguments, whatever the caller's
    decimal context).
    """
    with localcontext(_WIDE):
        exact = annual * months * (100 - discount_percent) / TWELVE_HUNDRED
    return for_display(exact, currency)
