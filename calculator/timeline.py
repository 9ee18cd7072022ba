"""The orders of a migration, date by date, each at the level in force.

- Each licence is first ordered on the date its Express S&S renews, for the
  whole months to the next anniversary (both are 1sts). Items of one site
  renewing on one date are one order; an ``order`` label splits them further.
- At each anniversary a site renews everything it has moved, twelve months,
  as one order (an assumption: IBM quotes everything due on one date).
- The RSVP level of a term: a new agreement's first term starts at
  ``current_level``; an existing agreement's current term at
  ``current_level`` with ``existing_points`` already earned; each later term
  at the level of the points of the term before (IBM). Within a term the
  level rises as soon as the term's points reach a higher one (as IBM's
  partners state it; IBM's own clause was not found), after the orders of
  the day: orders on one date see the same level.
- Each order is priced at the better of that RSVP level and the SVP level of
  its own points (IBM). A prorated order earns its points times months / 12,
  to two decimals (an assumption: IBM does not publish it).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from . import errors
from .dates import add_months, months_between, next_anniversary_after
from .errors import Problem
from .model import ZERO, Level, LevelReached, LevelTable, Order, Term
from .money import prorated
from .renewals import Renewal

TWELVE = Decimal(12)
POINT_PLACES = Decimal("0.01")
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Calendar:
    """The agreement's dates: anniversaries fall on ``anchor``'s month; the
    first term in view starts on ``term_start``; the horizon is an anniversary."""

    anchor: date
    term_start: date
    horizon: date

    @property
    def first_anniversary(self) -> date:
        return add_months(self.term_start, 12)

    def next_anniversary(self, day: date) -> date:
        return next_anniversary_after(day, self.anchor)


@dataclass(frozen=True)
class Placed:
    """An order with its lines and each line's amount (the per-item bills)."""

    order: Order
    lines: tuple[Renewal, ...]
    amounts: tuple[Decimal, ...]


@dataclass
class Timeline:
    orders: list[Placed]
    terms: list[Term]
    level_reached: LevelReached
    rsvp_by_date: dict[date, str]


def build(renewals: tuple[Renewal, ...], calendar: Calendar, table: LevelTable, start: Level,
          start_points: Decimal, since: date, currency: str, warnings: list[Problem]) -> Timeline:
    """Every order before the horizon, in date order, priced at the level in
    force; ``since`` is when the view starts (the later of the migration and
    the first term's start)."""
    _warn_split_orders(renewals, warnings)
    book = _Book(calendar, table, start, start_points, since, warnings)
    placed: list[Placed] = []
    for day, groups in sorted(_orders_by_date(renewals, calendar).items()):
        book.move_to(day)
        rsvp = book.rsvp
        earned = ZERO
        for (_site, label), lines in sorted(groups.items(), key=_group_order):
            placed.append(_price(day, label, lines, calendar, table, rsvp, currency))
            earned += placed[-1].order.points
        book.record(day, rsvp, earned)
    book.move_to(calendar.horizon)
    return Timeline(placed, book.terms, book.reached, book.rsvp_by_date)


def _orders_by_date(renewals: tuple[Renewal, ...], calendar: Calendar):
    """date → (site index, label) → the renewals ordered then."""
    days: dict[date, dict[tuple[int, str | None], list[Renewal]]] = defaultdict(lambda: defaultdict(list))
    for renewal in renewals:
        if renewal.date >= calendar.horizon:
            continue
        days[renewal.date][renewal.site_index, renewal.item.order].append(renewal)
        day = calendar.next_anniversary(renewal.date)
        while day < calendar.horizon:
            days[day][renewal.site_index, None].append(renewal)
            day = add_months(day, 12)
    return days


def _warn_split_orders(renewals: tuple[Renewal, ...], warnings: list[Problem]) -> None:
    """An order is what is bought on one date: a label on items renewing on
    different dates names several orders."""
    dates: dict[tuple[str, str], set[date]] = defaultdict(set)
    for renewal in renewals:
        if renewal.item.order is not None:
            dates[renewal.site, renewal.item.order].add(renewal.date)
    for (site, label), days in dates.items():
        if len(days) > 1:
            warnings.append(Problem(errors.ORDER_SPANS_DATES, "", {"order": label, "site": site,
                                                                    "dates": len(days)}))


def _group_order(entry):
    (site_index, label), _ = entry
    return site_index, label is not None, label or ""


def _price(day: date, label: str | None, lines: list[Renewal], calendar: Calendar, table: LevelTable,
           rsvp: Level, currency: str) -> Placed:
    months = months_between(day, calendar.next_anniversary(day))
    points = sum((r.item.points for r in lines), ZERO)
    if months != 12:
        points = (points * months / TWELVE).quantize(POINT_PLACES, rounding=ROUND_HALF_UP)
    svp = table.level_for(points)
    priced = table.better(svp, rsvp)
    amounts = tuple(prorated(r.item.list_price, months, priced.discount_percent, currency) for r in lines)
    list_amount = sum((prorated(r.item.list_price, months, ZERO, currency) for r in lines), ZERO)
    order = Order(
        date=day, site=lines[0].site, order=label, item_count=len(lines), months=months, points=points,
        svp_level=svp.name, rsvp_level=rsvp.name, priced_at_level=priced.name,
        discount_percent=priced.discount_percent, svp_applies=priced is not rsvp,
        list_amount=list_amount, amount=sum(amounts, ZERO))
    return Placed(order, tuple(lines), amounts)


class _Book:
    """The agreement's terms and RSVP level as time moves forward."""

    def __init__(self, calendar: Calendar, table: LevelTable, start: Level, points: Decimal, since: date,
                 warnings: list[Problem]):
        self.calendar, self.table, self.warnings = calendar, table, warnings
        self.start, self.level, self.points = calendar.term_start, start, points
        self.rsvp = table.better(start, table.level_for(points))
        self.reached = LevelReached(self.rsvp.name, since)
        self.terms: list[Term] = []
        self.rsvp_by_date: dict[date, str] = {}

    def move_to(self, day: date) -> None:
        """Close every term that ends on or before ``day``."""
        while add_months(self.start, 12) <= day:
            end = add_months(self.start, 12)
            self.terms.append(Term(self.start, end - ONE_DAY, self.level.name, self.points, self.rsvp.name))
            following = self.table.level_for(self.points)
            if end < self.calendar.horizon and self.table.rank(following) < self.table.rank(self.rsvp):
                self.warnings.append(Problem(errors.LEVEL_DROPS, "", {
                    "date": end.isoformat(), "from": self.rsvp.name, "to": following.name}))
            self.start, self.level, self.points, self.rsvp = end, following, ZERO, following

    def record(self, day: date, rsvp: Level, earned: Decimal) -> None:
        """The day's orders are placed: their points may raise the level."""
        self.rsvp_by_date[day] = rsvp.name
        self.points += earned
        self.rsvp = self.table.better(self.rsvp, self.table.level_for(self.points))
        self._reach(day)

    def _reach(self, day: date) -> None:
        if self.table.rank(self.rsvp) > self.table.rank(self.table.named(self.reached.level)):
            self.reached = LevelReached(self.rsvp.name, day)
