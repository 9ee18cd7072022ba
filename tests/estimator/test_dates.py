from datetime import date

import pytest

from calculator.dates import add_months, anniversary, months_rounded_up, next_on_or_after, term_end


def test_an_order_mid_month_gets_the_rest_of_the_month_plus_twelve():
    # The domain notes' first example.
    assert term_end(date(2026, 12, 15)) == date(2027, 12, 31)
    assert anniversary(date(2026, 12, 15)) == date(2028, 1, 1)


def test_an_order_on_the_first_starts_exactly_twelve_months():
    # The domain notes' second example.
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


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2027, 12, 15), 1) == date(2028, 1, 15)


@pytest.mark.parametrize("start, end, months", [
    (date(2027, 3, 15), date(2028, 1, 1), 10),   # 9 months and 17 days: a started month counts
    (date(2027, 3, 1), date(2028, 1, 1), 10),    # exactly 10
    (date(2027, 12, 31), date(2028, 1, 1), 1),   # one day is one month
    (date(2028, 1, 1), date(2028, 1, 1), 0),
    (date(2028, 2, 1), date(2028, 1, 1), 0),
])
def test_months_are_whole_and_rounded_up(start, end, months):
    assert months_rounded_up(start, end) == months


def test_a_past_yearly_date_moves_forward_to_its_next_occurrence():
    assert next_on_or_after(date(2025, 3, 15), date(2026, 12, 15)) == date(2027, 3, 15)
    assert next_on_or_after(date(2024, 2, 29), date(2026, 12, 15)) == date(2027, 2, 28)
