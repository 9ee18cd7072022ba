"""The plain data the estimator takes and gives.

Money and points are ``Decimal`` (never float), dates are ``datetime.date``.
Nothing here is rounded: rounding to a currency's minor unit happens only
where a figure is displayed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .errors import Problem

ZERO = Decimal(0)


@dataclass(frozen=True)
class LineItem:
    """A licence (or other eligible part) that moves from Express.

    ``unit_price`` is the annual price per unit under Express, i.e. at SRP.
    ``renewal_date`` is when its S&S renews under Express, if known.
    ``order`` groups items placed as one order; ``None`` means one order per site.
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
    whose numbers are not IBM's and must be labelled as an example."""

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
        index = self.levels.index(level)
        return self.levels[index + 1] if index + 1 < len(self.levels) else None

    def named(self, name: str) -> Level | None:
        return next((level for level in self.levels if level.name == name), None)

    def rank(self, level: Level) -> int:
        return self.levels.index(level)


@dataclass(frozen=True)
class EstimateInput:
    sites: tuple[Site, ...]
    migration_date: date
    existing_points: Decimal = ZERO
    current_level: str | None = None
    currency: str = "USD"


@dataclass(frozen=True)
class SitePoints:
    name: str
    points: Decimal
    list_price: Decimal


@dataclass(frozen=True)
class OrderResult:
    """One order: its own SVP level, and the level it is priced at this term
    (the better of that and the agreement's current RSVP level)."""

    site: str
    order: str
    points: Decimal
    svp_level: str
    svp_discount_percent: Decimal
    priced_level: str
    priced_discount_percent: Decimal
    svp_applies: bool
    list_price: Decimal
    price_this_term: Decimal


@dataclass(frozen=True)
class CotermItem:
    site: str
    description: str
    renewal_date: date
    aligned_to: date
    months: int
    cost: Decimal


@dataclass(frozen=True)
class Coterm:
    """The one-time cost of making each item's S&S end on the anniversary."""

    rule: str
    price_basis: str
    items: tuple[CotermItem, ...]
    total: Decimal


@dataclass(frozen=True)
class Estimate:
    currency: str
    migration_date: date
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
    orders: tuple[OrderResult, ...]
    price_this_term: Decimal
    savings_this_term: Decimal
    term_end_date: date
    anniversary_date: date
    renewal_dates_before: int
    renewal_dates: tuple[date, ...]
    renewal_dates_after: int
    coterm: Coterm
    level_table: tuple[Level, ...]
    example_table: bool
    warnings: tuple[Problem, ...] = field(default=())
