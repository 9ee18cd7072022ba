"""Co-terming: aligning each item's S&S to the agreement's anniversary.

IBM's exact proration rule is not public, so the estimator states the rule it
uses wherever the figure is shown: the S&S from an item's Express renewal date
to the next anniversary is charged for whole months, a started month counting
as a full one, at the item's Express (SRP) annual price divided by twelve.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .dates import add_months, months_rounded_up
from .model import ZERO, Coterm, CotermItem, Site

RULE = "whole_months_rounded_up"
# A twelfth of a price rarely ends: such costs keep ten decimal places, far
# below any currency's minor unit (display rounds them half-up).
PLACES = Decimal("1E-10")
PRICE_BASIS = "express_annual_price"
TWELVE = Decimal(12)


def coterm(sites: tuple[Site, ...], anniversary: date) -> Coterm:
    """One-time cost, per item with a renewal date, of ending S&S on an anniversary."""
    items: list[CotermItem] = []
    for site in sites:
        for item in site.items:
            if item.renewal_date is None:
                continue
            target = _next_anniversary(item.renewal_date, anniversary)
            months = months_rounded_up(item.renewal_date, target)
            cost = _tidy(item.list_price * months / TWELVE) if months else ZERO
            items.append(CotermItem(site.name, item.description, item.renewal_date,
                                    target, months, cost))
    return Coterm(RULE, PRICE_BASIS, tuple(items), sum((i.cost for i in items), ZERO))


def _next_anniversary(renewal: date, anniversary: date) -> date:
    """The first anniversary on or after the renewal date."""
    target = anniversary
    while target < renewal:
        target = add_months(target, 12)
    return target


def _tidy(amount: Decimal) -> Decimal:
    exact = amount.normalize()
    if exact.as_tuple().exponent >= PLACES.as_tuple().exponent:  # type: ignore[operator]
        return amount
    return amount.quantize(PLACES, rounding=ROUND_HALF_UP)
