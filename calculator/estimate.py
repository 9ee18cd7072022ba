"""The estimate itself: a pure function from plain data to plain data."""

from __future__ import annotations

from decimal import Context, Decimal, ROUND_HALF_EVEN, localcontext

from . import errors
from .coterm import coterm
from .dates import anniversary, next_on_or_after, term_end
from .errors import Problem
from .model import (ZERO, Estimate, EstimateInput, Level, LevelTable, LineItem,
                    OrderResult, Site, SitePoints)

HUNDRED = Decimal(100)
# Wide enough that no accepted input is ever rounded, and fixed so that every
# interpreter (CPython, Pyodide) gives the same digits whatever its default.
PRECISION = Context(prec=60, rounding=ROUND_HALF_EVEN)


def estimate(data: EstimateInput, table: LevelTable) -> Estimate:
    """Points, level and savings for a validated input and level table.

    The pooled points of every site (plus what the agreement already earned)
    set the RSVP level that applies from the next anniversary. In the current
    term each order is priced at the better of its own SVP level and the
    agreement's current level.
    """
    with localcontext(PRECISION):
        return _estimate(data, table)


def _estimate(data: EstimateInput, table: LevelTable) -> Estimate:
    warnings: list[Problem] = []
    sites = _roll_renewals_forward(data, warnings)
    site_points = tuple(
        SitePoints(site.name, _sum(i.points for i in site.items), _sum(i.list_price for i in site.items))
        for site in sites
    )
    migrated = _sum(s.points for s in site_points)
    total = data.existing_points + migrated
    list_total = _sum(s.list_price for s in site_points)

    level = table.level_for(total)
    upper = table.above(level)
    current = table.named(data.current_level) if data.current_level else table.levels[0]
    assert current is not None, "parse rejects a current_level that is not in the table"
    orders = _orders(sites, table, current)
    price_this_term = _sum(o.price_this_term for o in orders)

    first_anniversary = anniversary(data.migration_date)
    renewal_dates = tuple(sorted({i.renewal_date for s in sites for i in s.items if i.renewal_date}))
    if table.example:
        warnings.insert(0, Problem(errors.EXAMPLE_TABLE))
    if total == 0:
        warnings.append(Problem(errors.NO_POINTS))

    return Estimate(
        currency=data.currency,
        migration_date=data.migration_date,
        existing_points=data.existing_points,
        migrated_points=migrated,
        total_points=total,
        site_points=site_points,
        level=level.name,
        discount_percent=level.discount_percent,
        list_price_total=list_total,
        estimated_price_total=list_total - _discount(list_total, level),
        estimated_savings=_discount(list_total, level),
        next_level=upper.name if upper else None,
        next_discount_percent=upper.discount_percent if upper else None,
        points_to_next_level=upper.min_points - total if upper else None,
        savings_at_next_level=_discount(list_total, upper) if upper else None,
        current_level=current.name,
        current_discount_percent=current.discount_percent,
        orders=orders,
        price_this_term=price_this_term,
        savings_this_term=list_total - price_this_term,
        term_end_date=term_end(data.migration_date),
        anniversary_date=first_anniversary,
        renewal_dates_before=len(renewal_dates),
        renewal_dates=renewal_dates,
        renewal_dates_after=1,
        coterm=coterm(sites, first_anniversary),
        level_table=table.levels,
        example_table=table.example,
        warnings=tuple(warnings),
    )


def _orders(sites: tuple[Site, ...], table: LevelTable, current: Level) -> tuple[OrderResult, ...]:
    """Group items into orders (per site, by label) and price each one."""
    grouped: dict[tuple[str, str], list[LineItem]] = {}
    for site in sites:
        for item in site.items:
            grouped.setdefault((site.name, item.order or site.name), []).append(item)
    results = []
    for (site_name, label), items in grouped.items():
        points = _sum(i.points for i in items)
        list_price = _sum(i.list_price for i in items)
        svp = table.level_for(points)
        priced = svp if table.rank(svp) > table.rank(current) else current
        results.append(OrderResult(
            site=site_name, order=label, points=points,
            svp_level=svp.name, svp_discount_percent=svp.discount_percent,
            priced_level=priced.name, priced_discount_percent=priced.discount_percent,
            svp_applies=priced is svp and svp is not current,
            list_price=list_price, price_this_term=list_price - _discount(list_price, priced),
        ))
    return tuple(results)


def _roll_renewals_forward(data: EstimateInput, warnings: list[Problem]) -> tuple[Site, ...]:
    """A renewal date before the migration recurs yearly: use the next one."""
    sites = []
    for s_index, site in enumerate(data.sites):
        items = []
        for i_index, item in enumerate(site.items):
            when = item.renewal_date
            if when is not None and when < data.migration_date:
                moved = next_on_or_after(when, data.migration_date)
                warnings.append(Problem(errors.RENEWAL_DATE_ROLLED_FORWARD,
                                        f"sites[{s_index}].items[{i_index}].renewal_date",
                                        {"given": when.isoformat(), "used": moved.isoformat()}))
                item = LineItem(item.quantity, item.points_per_unit, item.unit_price,
                                item.description, moved, item.order)
            items.append(item)
        sites.append(Site(site.name, tuple(items)))
    return tuple(sites)


def _discount(amount: Decimal, level: Level) -> Decimal:
    return amount * level.discount_percent / HUNDRED


def _sum(values) -> Decimal:
    return sum(values, ZERO)
