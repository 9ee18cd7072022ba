"""Small builders of the estimator's own objects (model dataclasses), so
tests read as examples of use. Inputs of the JSON contract come from
tests/support/inputs.py."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from calculator import EstimateInput, LineItem, Site, estimate, example_table
from calculator.api import estimate_dict
from calculator.model import Level, LevelTable

TODAY = "2026-11-23"


def item(quantity: int = 1, points: str = "10", price: str = "100", **extra: Any) -> LineItem:
    return LineItem(quantity, Decimal(points), Decimal(price), **extra)


def run(*sites: Site, migration: date = date(2026, 12, 15), existing: str = "0",
        current: str | None = None, table: LevelTable | None = None, anniversary: date | None = None,
        years: int = 3, currency: str = "USD"):
    data = EstimateInput(tuple(sites), migration, Decimal(existing), current, currency, anniversary, years)
    return estimate(data, table or example_table())


def table(*rows: tuple[str, int, int]) -> LevelTable:
    return LevelTable(tuple(Level(n, Decimal(p), Decimal(d)) for n, p, d in rows))


def contract(payload: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Run the JSON contract on a Python dict."""
    return estimate_dict(json.dumps(payload), today=TODAY, **kwargs)

