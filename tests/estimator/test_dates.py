"""The calendar rules, each with the example that shows it."""

from datetime import date

import pytest

from calculator.dates import (
    add_months,
    anniversary,
    anniversary_on_or_after,
    express_renewal,
    months_between,
    next_anniversary_after,
    term_end,
    yearly_on_or_after,
)


def test_an_order_mid_month_gets_the_rest_of_the_month_plus_twelve():
    # IBM: "until the last day of the twelfth full month thereafter".
    assert term_end(date(2026, 12, 15)) == date(2027, 12, 31)
    assert anniversary(date(2026, 12, 15)) == date(2028, 1, 1)


def test_an_order_on_the_first_starts_exactly_twelve_months():
    assert term_end(date(2026, 12, 1)) == date(2027, 11, 30)
    assert anniversary(date(2026, 12, 1)) == date(2027, 12, 1)


@pytest.mark.parametrize("first, expected", [
    (date(2027, 1, 31), date(2028, 2, 1)),
    (date(2027, 2, 28), date(2028, 3, 1)),
    (date(2028, 2, 29), date(2029, 3, 1)),
    (date(2027, 1, 1), date(2028, 1, 1)),
])
def test_the_anniversary_is_always_the_first_of_a_month(first, expected):
    assert anniversary(first) == expected
    assert anniversary(first).day == 1


@pytest.mark.parametrize("given, renews", [
    (date(2026, 11, 20), date(2026, 12, 1)),   # coverage ends 2026-11-30
    (date(2027, 3, 31), date(2027, 4, 1)),
    (date(2027, 12, 2), date(2028, 1, 1)),
    (date(2027, 3, 1), date(2027, 3, 1)),      # already a 1st: renews that day
])
def test_express_s_and_s_renews_on_the_first_of_a_month(given, renews):
    # IBM: Express S&S "ends on the last day of the corresponding month".
    assert express_renewal(given) == renews


def test_a_past_yearly_date_moves_forward_to_its_next_occurrence():
    assert yearly_on_or_after(date(2025, 3, 1), date(2026, 12, 15)) == date(2027, 3, 1)
    assert yearly_on_or_after(date(2026, 12, 1), date(2026, 12, 15)) == date(2027, 12, 1)
    assert yearly_on_or_after(date(2024, 2, 29), date(2026, 12, 15)) == date(2027, 2, 28)
    assert yearly_on_or_after(date(2027, 1, 1), date(2026, 12, 15)) == date(2027, 1, 1)


def test_a_date_decades_back_moves_forward_in_one_step():
    assert yearly_on_or_after(date(1990, 6, 1), date(2200, 12, 31)) == date(2201, 6, 1)


@pytest.mark.parametrize("day, after, on_or_after", [
    (date(2027, 3, 15), date(2028, 1, 1), date(2028, 1, 1)),
    (date(2027, 1, 1), date(2028, 1, 1), date(2027, 1, 1)),
    (date(2026, 12, 31), date(2027, 1, 1), date(2027, 1, 1)),
])
def test_anniversaries_recur_on_the_anchor_month(day, after, on_or_after):
    anchor = date(2020, 1, 1)  # any year: only the month counts
    assert next_anniversary_after(day, anchor) == after
    assert anniversary_on_or_after(day, anchor) == on_or_after


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2027, 12, 15), 1) == date(2028, 1, 15)


def test_months_between_firsts_are_whole():
    assert months_between(date(2027, 3, 1), date(2028, 1, 1)) == 10
    assert months_between(date(2028, 1, 1), date(2028, 1, 1)) == 0
