"""Each rule of ../shared/passport-advantage.md, as an example."""

from datetime import date
from decimal import Decimal

from calculator import Site
from calculator.coterm import RULE

from .helpers import item, run, table

SMALL = table(("BL", 0, 0), ("D", 100, 5), ("E", 1000, 10))


def test_points_are_quantity_times_points_per_unit_and_pool_across_sites():
    result = run(Site("HQ", (item(3, "20"),)), Site("Plant", (item(2, "45.5"),)), table=SMALL)
    assert [s.points for s in result.site_points] == [Decimal(60), Decimal(91)]
    assert result.total_points == Decimal(151)
    # Neither site reaches D alone; pooled they do.
    assert SMALL.level_for(Decimal(60)).name == "BL"
    assert result.level == "D"


def test_points_already_earned_count_toward_the_level():
    result = run(Site("HQ", (item(1, "50"),)), existing="60", table=SMALL)
    assert result.total_points == Decimal(110)
    assert result.level == "D"


def test_there_is_no_minimum_to_enter():
    result = run(Site("HQ", (item(0, "10"),)), table=SMALL)
    assert result.level == "BL"
    assert result.discount_percent == 0
    assert [w.code for w in result.warnings] == ["no_points"]


def test_discount_savings_and_price_at_the_level_reached():
    result = run(Site("HQ", (item(10, "10", "250.00"),)), table=SMALL)
    assert result.level == "D"
    assert result.list_price_total == Decimal("2500.00")
    assert result.estimated_savings == Decimal("125.00")
    assert result.estimated_price_total == Decimal("2375.00")


def test_next_level_points_and_savings():
    result = run(Site("HQ", (item(10, "10", "250"),)), table=SMALL)
    assert result.next_level == "E"
    assert result.points_to_next_level == Decimal(900)
    assert result.savings_at_next_level == Decimal(250)


def test_the_top_level_has_no_next_level():
    result = run(Site("HQ", (item(100, "10"),)), table=SMALL)
    assert result.level == "E"
    assert result.next_level is None
    assert result.points_to_next_level is None
    assert result.savings_at_next_level is None


def test_a_threshold_is_reached_exactly_at_its_points():
    assert run(Site("HQ", (item(10, "10"),)), table=SMALL).level == "D"
    assert run(Site("HQ", (item(1, "99.999"),)), table=SMALL).level == "BL"


def test_one_large_order_is_priced_at_its_own_svp_level_when_that_beats_the_current_level():
    big = item(20, "60", "100", order="big")       # 1200 points alone: E
    small = item(1, "10", "100", order="small")    # 10 points: BL
    result = run(Site("HQ", (big, small)), current="D", table=SMALL)
    orders = {o.order: o for o in result.orders}
    assert orders["big"].svp_level == "E" and orders["big"].priced_level == "E"
    assert orders["big"].svp_applies
    assert orders["small"].svp_level == "BL" and orders["small"].priced_level == "D"
    assert not orders["small"].svp_applies
    # This term: big at 10 % off, small at the current level's 5 % off.
    assert result.price_this_term == Decimal(2000) * Decimal("0.9") + Decimal(100) * Decimal("0.95")
    assert result.savings_this_term == Decimal(200) + Decimal(5)


def test_orders_default_to_one_per_site():
    result = run(Site("HQ", (item(),)), Site("Plant", (item(), item())), table=SMALL)
    assert [(o.site, o.order, o.points) for o in result.orders] == [
        ("HQ", "HQ", Decimal(10)), ("Plant", "Plant", Decimal(20))]


def test_current_level_defaults_to_the_lowest_as_for_a_new_enrollment():
    result = run(Site("HQ", (item(),)), table=SMALL)
    assert result.current_level == "BL"


def test_the_anniversary_follows_the_first_order():
    result = run(Site("HQ", (item(),)), migration=date(2026, 12, 15))
    assert (result.term_end_date, result.anniversary_date) == (date(2027, 12, 31), date(2028, 1, 1))
    result = run(Site("HQ", (item(),)), migration=date(2026, 12, 1))
    assert (result.term_end_date, result.anniversary_date) == (date(2027, 11, 30), date(2027, 12, 1))


def test_distinct_renewal_dates_today_become_one():
    items = (item(renewal_date=date(2027, 3, 1)), item(renewal_date=date(2027, 3, 1)),
             item(renewal_date=date(2027, 6, 15)), item())
    result = run(Site("HQ", items))
    assert result.renewal_dates_before == 2
    assert result.renewal_dates == (date(2027, 3, 1), date(2027, 6, 15))
    assert result.renewal_dates_after == 1


def test_coterm_charges_whole_months_to_the_anniversary_at_the_express_price():
    # Anniversary 2028-01-01. 2027-03-15 → 10 started months of a 1200-a-year item.
    result = run(Site("HQ", (item(1, "1", "1200", renewal_date=date(2027, 3, 15), description="Db2"),)))
    (line,) = result.coterm.items
    assert result.coterm.rule == RULE == "whole_months_rounded_up"
    assert (line.description, line.months, line.aligned_to) == ("Db2", 10, date(2028, 1, 1))
    assert line.cost == Decimal(1000)
    assert result.coterm.total == Decimal(1000)


def test_coterm_after_the_first_anniversary_aligns_to_the_next_one():
    result = run(Site("HQ", (item(1, "1", "1200", renewal_date=date(2028, 4, 1)),)))
    (line,) = result.coterm.items
    assert line.aligned_to == date(2029, 1, 1)
    assert line.months == 9 and line.cost == Decimal(900)


def test_an_item_renewing_on_the_anniversary_costs_nothing_to_align():
    result = run(Site("HQ", (item(1, "1", "1200", renewal_date=date(2028, 1, 1)),)))
    assert result.coterm.items[0].months == 0
    assert result.coterm.total == 0


def test_coterm_costs_that_do_not_end_keep_ten_places():
    result = run(Site("HQ", (item(1, "1", "100", renewal_date=date(2027, 12, 2)),)))
    assert result.coterm.total == Decimal("8.3333333333")


def test_a_renewal_date_before_the_migration_rolls_forward_with_a_warning():
    result = run(Site("HQ", (item(renewal_date=date(2026, 3, 15)),)), migration=date(2026, 12, 15))
    assert result.renewal_dates == (date(2027, 3, 15),)
    warning = next(w for w in result.warnings if w.code == "renewal_date_rolled_forward")
    assert warning.path == "sites[0].items[0].renewal_date"
    assert warning.params == {"given": "2026-03-15", "used": "2027-03-15"}


def test_the_shipped_table_is_marked_as_an_example_everywhere_it_is_used():
    result = run(Site("HQ", (item(),)))
    assert result.example_table is True
    assert result.warnings[0].code == "example_table"
    assert run(Site("HQ", (item(),)), table=SMALL).example_table is False
