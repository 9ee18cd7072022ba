"""Calendar rules of a Passport Advantage term, with plain ``datetime.date``.

First term: from the first order to the last day of the twelfth full month
after it. An order on the 1st starts exactly twelve months; any other day gets
the rest of its month plus twelve full months. The anniversary is the day
after the term ends (always the 1st of a month).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def end_of_month(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def term_end(first_order: date) -> date:
    """Last day of the first term that starts with ``first_order``."""
    months = 11 if first_order.day == 1 else 12
    return end_of_month(add_months(first_order.replace(day=1), months))


def anniversary(first_order: date) -> date:
    return term_end(first_order) + timedelta(days=1)


def months_rounded_up(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end``, a started month counting as one."""
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if add_months(start, months) > end:
        months -= 1
    if add_months(start, months) < end:
        months += 1
    return months


def next_on_or_after(day: date, floor: date) -> date:
    """``day`` moved forward by whole years until it is not before ``floor``."""
    years = 0
    moved = day
    while moved < floor:
        years += 1
        moved = add_months(day, 12 * years)
    return moved
