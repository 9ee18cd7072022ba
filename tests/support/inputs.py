"""Estimator inputs for the tests, from one builder: one site, "HQ", with
one line item, changed by what a test is about. The command-line tests,
the hostile table (typed, in a JSON file, in a link, as CSV) and the page
tests start from the same input, so a change to it is made once.

EXAMPLE is the fuller input the end-to-end tests type into the form: two
sites, three items, every kind of field.
"""

from __future__ import annotations

import json
from typing import Any

from calculator.csvio import COLUMNS
from calculator.parse import ITEM_FIELDS

# 2 × 10 = 20 points: the lowest level (BL) of the example table.
ITEM: dict[str, Any] = {"description": "Db2", "quantity": 2, "points_per_unit": "10", "unit_price": "100"}
MIGRATION_DATE = "2026-12-15"
_RAW = "\x00raw\x00"  # stands where raw_quantity's fragment goes

EXAMPLE: dict[str, Any] = {
    "sites": [
        {"name": "HQ", "items": [
            {"description": "Db2", "quantity": "10", "points_per_unit": "60", "unit_price": "1200.50",
             "renewal_date": "2027-03-15"},
            {"description": "MQ", "quantity": "4", "points_per_unit": "25", "unit_price": "800"}]},
        {"name": "Plant", "items": [
            {"description": "Cognos", "quantity": "3", "points_per_unit": "40", "unit_price": "999.99",
             "order": "big"}]},
    ],
    "existing_points": "100",
    "current_level": "BL",
    "anniversary_date": "2020-07-01",
    "migration_date": "2026-12-15",
    "horizon_years": "4",
    "currency": "EUR",
}


def one_item_input(item: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    """The input of one site, "HQ", with one line item: ITEM with ``item``'s
    fields changed or added (a value of None is JSON's null), and the
    input's own ``fields`` (``migration_date`` is 2026-12-15 unless given)."""
    return {"sites": [{"name": "HQ", "items": [{**ITEM, **(item or {})}]}],
            "migration_date": MIGRATION_DATE, **fields}


def form_state(**item: str) -> dict[str, Any]:
    """one_item_input() as the page's form holds it (state.js): every field
    of the contract, each as text, blank where not given."""
    blank = dict.fromkeys(ITEM_FIELDS, "")
    text = {key: str(value) for key, value in ITEM.items()}
    return one_item_input({**blank, **text, **item}, existing_points="0", current_level="BL", currency="USD")


def raw_quantity(fragment: str) -> str:
    """one_item_input() as JSON text, its quantity the raw ``fragment``
    (NaN, 1e400, …: what json.dumps cannot write)."""
    return json.dumps(one_item_input({"quantity": _RAW})).replace(json.dumps(_RAW), fragment)


def csv_row(site: str = "HQ", **item: Any) -> str:
    """One line of the CSV import (csvio.COLUMNS): ITEM, changed by ``item``."""
    cells = {"site": site, **ITEM, **item}
    return ",".join(str(cells.get(column, "")) for column in COLUMNS)
