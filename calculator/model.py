"""The plain data the estimator takes and gives.

Money and points are ``Decimal`` (never float), dates are ``datetime.date``.
Nothing here is rounded: rounding to a currency's minor unit happens only
where a figure is displayed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from .errors import Problem

ZERO = Decimal(0)


@dataclass(frozen=True)
class LineItem:
    """A licence (or other eligible part) that moves from Express.

    ``unit_price`` is the annual price per unit under Express, i.e. at SRP.
    ``renewal_date`` is when its S&S renews under Express, if known.
    ``order`` groups items into one order when they renew on the same date;
    ``None``: one order per site and date.
    """

    quantity: int
    points_per_unit: Decimal
    unit_price: Decimal
    description: str = ""
    renewal_date: date | None = None
    order: str | None = None

    @property
    def points(self) -> Decimal:
        return self.quantity * self.points_per_unit

    @property
    def list_price(self) -> Decimal:
        return self.quantity * self.unit_price


@dataclass(frozen=True)
class Site:
    name: str
    items: tuple[LineItem, ...]


@dataclass(frozen=True)
class Level:
    """An RSVP/SVP level: where it starts and its discount against SRP."""

    name: str
    min_points: Decimal
    discount_percent: Decimal


@dataclass(frozen=True)
class LevelTable:
    """Levels from lowest to highest. ``example`` marks the shipped table,
    whose thresholds are IBM's but whose discounts are examples (IBM
    publishes none): wherever it is shown, it must say so."""

    levels: tuple[Level, ...]
    example: bool = False

    def level_for(self, points: Decimal) -> Level:
        """The highest level whose threshold the points reach."""
        reached = self.levels[0]
        for level in self.levels:
            if points >= level.min_points:
                reached = level
            else:
                break
        return reached

    def above(self, level: Level) -> Level | None:
        index = self.rank(level)
        return self.levels[index + 1] if index + 1 < len(self.levels) else None

    def named(self, name: str) -> Level | None:
        return next((level for level in self.levels if level.name == name), None)

    def rank(self, level: Level) -> int:
        return self._ranks[level.name]

    @cached_property
    def _ranks(self) -> dict[str, int]:
        """Names are unique (``validate_table``): a lookup, not a scan
        comparing every level's fields."""
        return {level.name: index for index, level in enumerate(self.levels)}

    def better(self, one: Level, other: Level) -> Level:
        return one if self.rank(one) >= self.rank(other) else other



@dataclass(frozen=True)
class EstimateInput:
    """``anniversary_date`` is an existing agreement's anniversary (any year;
    a 1st); ``None`` means a new agreement whose first term starts with its
    first order. ``horizon_years`` sets how far the comparison looks."""

    sites: tuple[Site, ...]
    migration_date: date
    existing_points: Decimal = ZERO
    current_level: str | None = None
    currency: str = "USD"
    anniversary_date: date | None = None
    horizon_years: int = 3


@dataclass(frozen=True)
class SitePoints:
    name: str
    points: Decimal
    list_price: Decimal


@dataclass(frozen=True)
class Order:
    """What one site buys under Passport Advantage on one date.

    It runs ``months`` to the next anniversary: twelve on an anniversary (or
    at a new agreement's first order), fewer for a licence that moves within
    a term. ``rsvp_level`` is the agreement's level in force before the
    order; it is priced at the better of that and its own ``svp_level``.
    ``list_amount`` is what the same months cost at Express prices.
    """

    date: date
    site: str
    order: str | None
    item_count: int
    months: int
    points: Decimal
    svp_level: str
    rsvp_level: str
    priced_at_level: str
    discount_percent: Decimal
    svp_applies: bool
    list_amount: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Term:
    """A term of the agreement inside the horizon: the level it starts with
    (``level``), the points its orders earn, and the level they raise it to."""

    start: date
    end: date
    level: str
    points: Decimal
    reached_level: str


@dataclass(frozen=True)
class Bill:
    """Everything billed on one date under one program. ``amount_in_horizon``
    is the part for the months inside the horizon, line by line."""

    date: date
    months: int
    amount: Decimal
    months_in_horizon: int
    amount_in_horizon: Decimal
    level: str | None = None


@dataclass(frozen=True)
class ProgramCost:
    bills: tuple[Bill, ...]
    total: Decimal


@dataclass(frozen=True)
class Comparison:
    """Keeping every listed item covered from the migration date to
    ``horizon_date`` under each program; ``difference`` is Express's total
    less Passport Advantage's."""

    start_date: date
    horizon_date: date
    horizon_years: int
    express: ProgramCost
    passport_advantage: ProgramCost
    difference: Decimal


@dataclass(frozen=True)
class ItemBill:
    """One listed item's first Passport Advantage bill (``amount`` and
    ``level`` are ``None`` when it falls after the horizon)."""

    path: str
    site: str
    description: str
    renewal_date: date | None
    renews_on: date
    months: int
    express_amount: Decimal
    amount: Decimal | None
    level: str | None


@dataclass(frozen=True)
class LevelReached:
    level: str
    date: date


@dataclass(frozen=True)
class Estimate:
    currency: str
    migration_date: date
    agreement: str
    existing_points: Decimal
    migrated_points: Decimal
    total_points: Decimal
    site_points: tuple[SitePoints, ...]
    level: str
    discount_percent: Decimal
    list_price_total: Decimal
    estimated_price_total: Decimal
    estimated_savings: Decimal
    next_level: str | None
    next_discount_percent: Decimal | None
    points_to_next_level: Decimal | None
    savings_at_next_level: Decimal | None
    current_level: str
    current_discount_percent: Decimal
    first_order_date: date
    term_end_date: date
    anniversary_date: date
    renewal_dates_before: int
    renewal_dates: tuple[date, ...]
    renewal_dates_after: int
    level_reached: LevelReached
    terms: tuple[Term, ...]
    orders: tuple[Order, ...]
    items: tuple[ItemBill, ...]
    comparison: Comparison
    assumptions: tuple[str, ...]
    level_table: tuple[Level, ...]
    example_table: bool
    warnings: tuple[Problem, ...] = field(default=())
