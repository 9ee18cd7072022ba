"""Calendar rules of Passport Advantage and Express, with plain ``datetime.date``.

- First term (IBM): from the first order to the last day of the twelfth full
  month after it. An order on the 1st starts exactly twelve months; any other
  day gets the rest of its month plus twelve full months. The anniversary is
  the day after the term ends, always the 1st of a month.
- Express S&S (IBM): coverage ends on the last day of a month, so it renews on
  the 1st of the next month.

Every function is arithmetic on month numbers, never a loop over years, so a
date decades away costs what today's does.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def month_index(day: date) -> int:
    """Months since year 0: the difference of two is a whole number of months."""
    return day.year * 12 + day.month - 1


def from_month_index(index: int, day: int = 1) -> date:
    year, month = divmod(index, 12)
    if day > 28:  # every month has the 1st to the 28th
        day = min(day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's last day."""
    return from_month_index(month_index(day) + months, day.day)


def months_between(start: date, end: date) -> int:
    """Whole months from one 1st of a month to another (``end`` not before ``start``)."""
    return month_index(end) - month_index(start)


def end_of_month(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def first_on_or_after(day: date) -> date:
    """``day`` if it is a 1st, else the 1st of the next month."""
    return day if day.day == 1 else from_month_index(month_index(day) + 1)


def term_end(first_order: date) -> date:
    """Last day of the first term that starts with ``first_order``."""
    months = 11 if first_order.day == 1 else 12
    return end_of_month(add_months(first_order.replace(day=1), months))


def anniversary(first_order: date) -> date:
    return term_end(first_order) + timedelta(days=1)


def express_renewal(given: date) -> date:
    """When S&S bought or renewed under Express renews next.

    IBM: coverage "ends on the last day of the corresponding month in the
    following year", so a renewal falls on a 1st. A date that is not a 1st is
    read as the month the coverage ends in: it renews on the next 1st.
    """
    return first_on_or_after(given)


def yearly_on_or_after(day: date, floor: date) -> date:
    """``day`` moved forward by whole years until it is not before ``floor``."""
    if day >= floor:
        return day
    years = floor.year - day.year
    moved = add_months(day, 12 * years)
    return moved if moved >= floor else add_months(day, 12 * (years + 1))


def next_anniversary_after(day: date, anchor: date) -> date:
    """The first anniversary strictly after ``day``, anniversaries falling
    every twelve months on ``anchor``'s month (``anchor`` is a 1st)."""
    offset = (month_index(day) - month_index(anchor)) % 12
    return from_month_index(month_index(day) - offset + 12)


def anniversary_on_or_after(day: date, anchor: date) -> date:
    """The first anniversary on or after ``day`` (see ``next_anniversary_after``)."""
    before = next_anniversary_after(day, anchor)
    previous = add_months(before, -12)
    return previous if previous >= day else before
