"""When each listed licence next renews, which is when it moves.

A migrated licence keeps the Express S&S it has paid for; it is first
ordered under Passport Advantage on the day that coverage would renew. IBM's
Express rule makes that day a 1st of a month (see ``dates.express_renewal``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import errors
from .dates import express_renewal, first_on_or_after, yearly_on_or_after
from .errors import Problem
from .model import EstimateInput, LineItem


@dataclass(frozen=True)
class Renewal:
    """A listed item, where it is in the input, and the 1st it renews on."""

    path: str
    site_index: int
    site: str
    item: LineItem
    date: date


def renewals(data: EstimateInput, warnings: list[Problem]) -> tuple[Renewal, ...]:
    """Every item with its next renewal on or after the migration date.

    A date that is not a 1st, or that lies before the migration, is moved
    (each with a warning at the item's path); an item without a date renews
    on the first 1st on or after the migration (an assumption the caller
    names).
    """
    found = []
    unknown = first_on_or_after(data.migration_date)
    for s_index, site in enumerate(data.sites):
        for i_index, item in enumerate(site.items):
            path = f"sites[{s_index}].items[{i_index}]"
            when = unknown if item.renewal_date is None else _moved(item.renewal_date, data.migration_date,
                                                                     f"{path}.renewal_date", warnings)
            found.append(Renewal(path, s_index, site.name, item, when))
    return tuple(found)


def _moved(given: date, migration: date, path: str, warnings: list[Problem]) -> date:
    first = express_renewal(given)
    if first != given:
        warnings.append(Problem(errors.RENEWAL_DATE_NOT_FIRST, path,
                                {"given": given.isoformat(), "used": first.isoformat()}))
    when = yearly_on_or_after(first, migration)
    if when != first:
        warnings.append(Problem(errors.RENEWAL_DATE_ROLLED_FORWARD, path,
                                {"given": first.isoformat(), "used": when.isoformat()}))
    return when
