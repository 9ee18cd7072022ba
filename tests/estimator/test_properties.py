"""Properties that hold for every input, checked by hypothesis."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings, strategies as st

from calculator import EstimateInput, LineItem, Site, estimate, example_table
from calculator.dates import add_months, months_between
from calculator.years_chart import running_totals

from .helpers import table

# Shared, noisy machines: an example's time is not what these tests check.
settings.register_profile("untimed", deadline=None)
settings.load_profile("untimed")

money = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
points = st.decimals(min_value=0, max_value=10**4, places=3, allow_nan=False, allow_infinity=False)
renewal_dates = st.one_of(st.none(), st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
items = st.builds(LineItem, quantity=st.integers(0, 10_000), points_per_unit=points, unit_price=money,
                  renewal_date=renewal_dates, order=st.sampled_from([None, "a", "b"]))
site_lists = st.lists(st.lists(items, min_size=1, max_size=5), min_size=1, max_size=4)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
anniversaries = st.one_of(st.none(), st.integers(1, 12).map(lambda month: date(2020, month, 1)))
years = st.integers(1, 5)


def sites_of(lists: list[list[LineItem]]) -> tuple[Site, ...]:
    return tuple(Site(f"site {n}", tuple(items)) for n, items in enumerate(lists))


def run(sites, existing=Decimal(0), day=date(2026, 12, 15), anniversary=None, horizon=3, levels=None):
    data = EstimateInput(sites, day, existing, None, "USD", anniversary, horizon)
    return estimate(data, levels or example_table())


@given(site_lists, points, points, anniversaries)
def test_adding_points_never_lowers_the_level(lists, existing, extra, anniversary):
    table = example_table()
    anniversary = anniversary or date(2020, 1, 1)
    before = run(sites_of(lists), existing, anniversary=anniversary)
    after = run(sites_of(lists), existing + extra, anniversary=anniversary)
    assert table.rank(table.named(after.level)) >= table.rank(table.named(before.level))


@given(site_lists)
def test_savings_are_never_negative_and_never_exceed_the_list_price(lists):
    result = run(sites_of(lists))
    assert 0 <= result.estimated_savings <= result.list_price_total
    assert result.estimated_price_total + result.estimated_savings == result.list_price_total
    if result.savings_at_next_level is not None:
        assert result.estimated_savings <= result.savings_at_next_level <= result.list_price_total


@given(site_lists, anniversaries, years)
def test_totals_are_the_sums_of_what_is_shown(lists, anniversary, horizon):
    result = run(sites_of(lists), anniversary=anniversary, horizon=horizon)
    assert result.migrated_points == sum(i.points for s in lists for i in s)
    assert result.list_price_total == sum(s.list_price for s in result.site_points)
    c = result.comparison
    assert c.passport_advantage.total == sum(o.amount for o in result.orders)
    assert c.express.total == sum(b.amount_in_horizon for b in c.express.bills)
    assert c.difference == c.express.total - c.passport_advantage.total
    # Each item's first bill is a line of the orders of its date.
    for day in {o.date for o in result.orders}:
        first = sum(i.amount for i in result.items if i.renews_on == day)
        assert first <= sum(o.amount for o in result.orders if o.date == day)


@given(site_lists, anniversaries, years, days)
def test_without_discounts_staying_and_moving_cost_the_same(lists, anniversary, horizon, day):
    flat = table(("BL", 0, 0), ("D", 500, 0), ("E", 1000, 0))
    c = run(sites_of(lists), day=day, anniversary=anniversary, horizon=horizon, levels=flat).comparison
    assert c.express.total == c.passport_advantage.total


@given(site_lists, anniversaries, years, st.integers(0, 100))
def test_one_discount_everywhere_takes_that_share_off_to_the_cent_per_line(lists, anniversary, horizon,
                                                                          percent):
    flat = table(("BL", 0, percent), ("D", 500, percent))
    result = run(sites_of(lists), anniversary=anniversary, horizon=horizon, levels=flat)
    c = result.comparison
    expected = c.express.total * (100 - percent) / 100
    lines = sum(o.item_count for o in result.orders)
    # Each line is rounded to the cent once, on each side.
    assert abs(c.passport_advantage.total - expected) <= Decimal("0.01") * lines


@given(site_lists, anniversaries)
def test_moving_never_costs_more_than_staying(lists, anniversary):
    c = run(sites_of(lists), anniversary=anniversary).comparison
    assert c.passport_advantage.total <= c.express.total


@given(site_lists, st.randoms(use_true_random=False), anniversaries)
def test_reordering_sites_or_items_changes_no_total(lists, rnd, anniversary):
    original = run(sites_of(lists), anniversary=anniversary)
    shuffled_lists = [list(items) for items in lists]
    for items in shuffled_lists:
        rnd.shuffle(items)
    sites = list(sites_of(shuffled_lists))
    rnd.shuffle(sites)
    shuffled = run(tuple(sites), anniversary=anniversary)
    for name in ("total_points", "level", "list_price_total", "estimated_savings", "points_to_next_level",
                 "level_reached", "terms", "anniversary_date"):
        assert getattr(shuffled, name) == getattr(original, name), name
    assert shuffled.comparison == original.comparison


@given(days, anniversaries, years)
@settings(max_examples=300)
def test_the_horizon_is_an_anniversary_at_least_the_years_asked_ahead(day, anniversary, horizon):
    result = run(sites_of([[LineItem(1, Decimal(1), Decimal(1))]]), day=day, anniversary=anniversary,
                 horizon=horizon)
    end = result.comparison.horizon_date
    assert end >= add_months(day, 12 * horizon) and end.day == 1
    assert months_between(result.anniversary_date, end) % 12 == 0
    # A new agreement's first term starts with its first order: twelve months, as it is a 1st.
    if anniversary is None:
        assert months_between(result.first_order_date, result.anniversary_date) == 12


@given(site_lists, anniversaries, years)
def test_the_years_table_runs_up_to_each_programs_total(lists, anniversary, horizon):
    """The years chart's figures (its table): one row per date a bill falls
    due, in order, never falling, ending at each program's total."""
    result = run(sites_of(lists), anniversary=anniversary, horizon=horizon)
    rows = running_totals(result)
    c = result.comparison
    bill_dates = {b.date for b in c.express.bills + c.passport_advantage.bills}
    assert [day for day, _, _ in rows] == sorted(bill_dates)
    assert all(a[1] <= b[1] and a[2] <= b[2] for a, b in zip(rows, rows[1:], strict=False))
    if rows:
        assert rows[-1][1:] == (c.express.total, c.passport_advantage.total)
