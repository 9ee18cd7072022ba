"""The estimate itself: a pure function from plain data to plain data.

Two views of one migration:

- a year of the listed licences: their points, per site and pooled with what
  the agreement already earned this term, the level those points reach and
  what a year at that level saves (``level``, ``estimated_savings``, …);
- the years ahead, bill by bill: each licence moves when its Express S&S
  renews, is ordered under Passport Advantage at the level in force that day,
  and the cost of keeping everything covered until the horizon is compared
  with staying on Express (``orders``, ``terms``, ``comparison``).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext

from . import errors
from .comparison import compare
from .dates import add_months, anniversary_on_or_after, months_between, next_anniversary_after
from .errors import Problem
from .model import ZERO, Estimate, EstimateInput, ItemBill, Level, LevelTable, SitePoints
from .money import prorated
from .renewals import Renewal, renewals
from .timeline import Calendar, Timeline, build

# Wide enough that no accepted input is ever rounded, and fixed so that every
# interpreter (CPython, Pyodide) gives the same digits whatever its default.
PRECISION = Context(prec=60, rounding=ROUND_HALF_EVEN)

# Every estimate rests on how the level moves within a term and on how
# anniversary renewals are grouped; the others depend on the input.
ALWAYS_ASSUMED = (errors.RSVP_RAISED_WITHIN_TERM, errors.ANNIVERSARY_ORDER_PER_SITE)


def estimate(data: EstimateInput, table: LevelTable) -> Estimate:
    """Points, levels, orders and the comparison for a validated input and table."""
    with localcontext(PRECISION):
        return _estimate(data, table)


def _estimate(data: EstimateInput, table: LevelTable) -> Estimate:
    warnings: list[Problem] = [Problem(errors.EXAMPLE_TABLE)] if table.example else []
    moving = renewals(data, warnings)
    current = table.named(data.current_level) if data.current_level else table.levels[0]
    if current is None:  # parse checks current_level against the table it returns
        raise ValueError(f"current_level {data.current_level!r} is not in the table")
    calendar = _calendar(data, moving)
    since = max(calendar.term_start, data.migration_date)
    timeline = build(moving, calendar, table, current, data.existing_points, since, data.currency, warnings)
    comparison = compare(moving, timeline, data.migration_date, calendar.horizon, data.horizon_years,
                         data.currency)

    site_points = tuple(
        SitePoints(site.name, _sum(i.points for i in site.items),
                   _sum(_annual(i.list_price, data) for i in site.items))
        for site in data.sites
    )
    migrated = _sum(s.points for s in site_points)
    total = data.existing_points + migrated
    if total == 0:
        warnings.append(Problem(errors.NO_POINTS))
    level = table.level_for(total)
    upper = table.above(level)
    list_total = _sum(s.list_price for s in site_points)
    given_dates = tuple(sorted({r.date for r in moving if r.item.renewal_date is not None}))

    return Estimate(
        currency=data.currency,
        migration_date=data.migration_date,
        agreement="new" if data.anniversary_date is None else "existing",
        existing_points=data.existing_points,
        migrated_points=migrated,
        total_points=total,
        site_points=site_points,
        level=level.name,
        discount_percent=level.discount_percent,
        list_price_total=list_total,
        estimated_price_total=_year_at(moving, level, data),
        estimated_savings=list_total - _year_at(moving, level, data),
        next_level=upper.name if upper else None,
        next_discount_percent=upper.discount_percent if upper else None,
        points_to_next_level=upper.min_points - total if upper else None,
        savings_at_next_level=list_total - _year_at(moving, upper, data) if upper else None,
        current_level=current.name,
        current_discount_percent=current.discount_percent,
        first_order_date=min(r.date for r in moving),
        term_end_date=calendar.first_anniversary - timedelta(days=1),
        anniversary_date=calendar.first_anniversary,
        renewal_dates_before=len(given_dates),
        renewal_dates=given_dates,
        renewal_dates_after=1,
        level_reached=timeline.level_reached,
        terms=tuple(timeline.terms),
        orders=tuple(p.order for p in timeline.orders),
        items=_first_bills(moving, timeline, calendar, data.currency),
        comparison=comparison,
        assumptions=_assumptions(data, timeline),
        level_table=table.levels,
        example_table=table.example,
        warnings=tuple(warnings),
    )


def _calendar(data: EstimateInput, moving: tuple[Renewal, ...]) -> Calendar:
    """A new agreement's first term starts with its first order; an existing
    one is in the term that contains the migration date."""
    if data.anniversary_date is None:
        anchor = start = min(r.date for r in moving)
    else:
        anchor = data.anniversary_date
        start = add_months(next_anniversary_after(data.migration_date, anchor), -12)
    horizon = anniversary_on_or_after(add_months(data.migration_date, 12 * data.horizon_years), anchor)
    return Calendar(anchor, start, max(horizon, add_months(start, 12)))


def _first_bills(moving: tuple[Renewal, ...], timeline: Timeline, calendar: Calendar,
                 currency: str) -> tuple[ItemBill, ...]:
    first: dict[str, tuple[Decimal, str]] = {}
    for placed in timeline.orders:
        for renewal, amount in zip(placed.lines, placed.amounts, strict=True):
            if renewal.date == placed.order.date:
                first[renewal.path] = (amount, placed.order.priced_at_level)
    bills = []
    for r in moving:
        months = months_between(r.date, calendar.next_anniversary(r.date))
        amount, level = first.get(r.path, (None, None))
        bills.append(ItemBill(r.path, r.site, r.item.description, r.item.renewal_date, r.date, months,
                              prorated(r.item.list_price, months, ZERO, currency), amount, level))
    return tuple(bills)


def _assumptions(data: EstimateInput, timeline: Timeline) -> tuple[str, ...]:
    found = list(ALWAYS_ASSUMED)
    if any(p.order.months != 12 for p in timeline.orders):
        found += [errors.PRORATED_PRICE, errors.PRORATED_POINTS]
    if any(item.renewal_date is None for site in data.sites for item in site.items):
        found.append(errors.UNKNOWN_RENEWAL_DATE)
    if data.anniversary_date is not None:
        found.append(errors.LATER_TERMS_LISTED_ITEMS_ONLY)
    return tuple(found)


def _year_at(moving: tuple[Renewal, ...], level: Level, data: EstimateInput) -> Decimal:
    """A year of every listed item at ``level``, line by line in minor units."""
    return _sum(prorated(r.item.list_price, 12, level.discount_percent, data.currency) for r in moving)


def _annual(amount: Decimal, data: EstimateInput) -> Decimal:
    return prorated(amount, 12, ZERO, data.currency)


def _sum(values) -> Decimal:
    return sum(values, ZERO)
