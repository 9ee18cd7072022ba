"""Staying on Express against moving: every bill until the horizon.

Both programs keep every listed item covered from its next renewal (what is
paid for until then is paid either way) to the horizon, an anniversary.
Express renews each item for twelve months at SRP on its own date; the last
renewal may run past the horizon, so it counts for its months inside, line
by line. Passport Advantage bills are the timeline's orders, which end on
anniversaries and so never run past it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from .dates import add_months, months_between
from .model import ZERO, Bill, Comparison, ProgramCost
from .money import prorated
from .renewals import Renewal
from .timeline import Timeline


def compare(renewals: tuple[Renewal, ...], timeline: Timeline, start: date, horizon: date, years: int,
            currency: str) -> Comparison:
    express = express_cost(renewals, horizon, currency)
    passport = passport_cost(timeline)
    return Comparison(start, horizon, years, express, passport, express.total - passport.total)


def express_cost(renewals: tuple[Renewal, ...], horizon: date, currency: str) -> ProgramCost:
    full: dict[date, list] = defaultdict(lambda: [ZERO, ZERO])  # date → [amount, amount in horizon]
    for renewal in renewals:
        annual = prorated(renewal.item.list_price, 12, ZERO, currency)
        day = renewal.date
        while day < horizon:
            inside = min(12, months_between(day, horizon))
            sums = full[day]
            sums[0] += annual
            sums[1] += annual if inside == 12 else prorated(renewal.item.list_price, inside, ZERO, currency)
            day = add_months(day, 12)
    bills = tuple(Bill(day, 12, amount, min(12, months_between(day, horizon)), inside)
                  for day, (amount, inside) in sorted(full.items()))
    return ProgramCost(bills, sum((b.amount_in_horizon for b in bills), ZERO))


def passport_cost(timeline: Timeline) -> ProgramCost:
    by_day: dict[date, list] = defaultdict(lambda: [0, ZERO])  # date → [months, amount]
    for placed in timeline.orders:
        sums = by_day[placed.order.date]
        sums[0] = placed.order.months
        sums[1] += placed.order.amount
    bills = tuple(Bill(day, months, amount, months, amount, timeline.rsvp_by_date[day])
                  for day, (months, amount) in sorted(by_day.items()))
    return ProgramCost(bills, sum((b.amount for b in bills), ZERO))
