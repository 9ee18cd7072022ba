"""Properties that hold for every input, checked by hypothesis."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from calculator import EstimateInput, LineItem, Site, estimate, example_table

money = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
points = st.decimals(min_value=0, max_value=10**4, places=3, allow_nan=False, allow_infinity=False)
items = st.builds(LineItem, quantity=st.integers(0, 10_000), points_per_unit=points, unit_price=money,
                  order=st.sampled_from([None, "a", "b"]))
site_lists = st.lists(st.lists(items, min_size=1, max_size=5), min_size=1, max_size=4)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


def sites_of(lists: list[list[LineItem]]) -> tuple[Site, ...]:
    return tuple(Site(f"site {n}", tuple(items)) for n, items in enumerate(lists))


def run(sites, existing=Decimal(0), day=date(2026, 12, 15)):
    return estimate(EstimateInput(sites, day, existing), example_table())


@given(site_lists, points, points)
def test_adding_points_never_lowers_the_level(lists, existing, extra):
    table = example_table()
    before = run(sites_of(lists), existing)
    after = run(sites_of(lists), existing + extra)
    assert table.rank(table.named(after.level)) >= table.rank(table.named(before.level))


@given(site_lists, points)
def test_savings_are_never_negative_and_never_exceed_the_list_price(lists, existing):
    result = run(sites_of(lists), existing)
    for saved, price in [(result.estimated_savings, result.list_price_total),
                         (result.savings_this_term, result.list_price_total)]:
        assert 0 <= saved <= price
    if result.savings_at_next_level is not None:
        assert result.estimated_savings <= result.savings_at_next_level <= result.list_price_total


@given(site_lists, points)
def test_totals_equal_the_sum_over_sites(lists, existing):
    result = run(sites_of(lists), existing)
    assert result.total_points == existing + sum(s.points for s in result.site_points)
    assert result.migrated_points == sum(i.points for s in lists for i in s)
    assert result.list_price_total == sum(s.list_price for s in result.site_points)
    assert result.list_price_total == sum(o.list_price for o in result.orders)


@given(site_lists, st.randoms(use_true_random=False))
def test_reordering_sites_or_items_changes_no_total(lists, rnd):
    original = run(sites_of(lists))
    shuffled_lists = [list(items) for items in lists]
    for items in shuffled_lists:
        rnd.shuffle(items)
    sites = list(sites_of(shuffled_lists))
    rnd.shuffle(sites)
    shuffled = run(tuple(sites))
    for name in ("total_points", "level", "list_price_total", "estimated_savings",
                 "price_this_term", "savings_this_term", "points_to_next_level"):
        assert getattr(shuffled, name) == getattr(original, name), name
    assert shuffled.coterm.total == original.coterm.total


@given(days)
@settings(max_examples=300)
def test_the_first_term_is_twelve_months_plus_the_rest_of_the_first_month(day):
    result = run(sites_of([[LineItem(1, Decimal(1), Decimal(1))]]), day=day)
    assert result.anniversary_date.day == 1
    months = (result.anniversary_date.year - day.year) * 12 + result.anniversary_date.month - day.month
    assert months == (12 if day.day == 1 else 13)
