"""Each rule of ../shared/passport-advantage.md, as an example of use."""

from datetime import date
from decimal import Decimal

from calculator import Site

from .helpers import item, run, table

SMALL = table(("BL", 0, 0), ("D", 100, 5), ("E", 1000, 10))
NO_DISCOUNT = table(("BL", 0, 0), ("D", 100, 0), ("E", 1000, 0))
TEN_PERCENT = table(("BL", 0, 10), ("D", 100, 10), ("E", 1000, 10))


def bills(result, program):
    return [(b.date, b.months, b.amount) for b in getattr(result.comparison, program).bills]


# ---- a year of the listed licences --------------------------------------------

def test_points_are_quantity_times_points_per_unit_and_pool_across_sites():
    result = run(Site("HQ", (item(3, "20"),)), Site("Plant", (item(2, "45.5"),)), table=SMALL)
    assert [s.points for s in result.site_points] == [Decimal(60), Decimal(91)]
    assert result.total_points == Decimal(151)
    # Neither site reaches D alone; pooled they do.
    assert SMALL.level_for(Decimal(60)).name == "BL"
    assert result.level == "D"


def test_points_already_earned_count_toward_the_level():
    result = run(Site("HQ", (item(1, "50"),)), existing="60", table=SMALL, anniversary=date(2027, 6, 1))
    assert result.total_points == Decimal(110)
    assert result.level == "D"


def test_there_is_no_minimum_to_enter():
    result = run(Site("HQ", (item(0, "10"),)), table=SMALL)
    assert result.level == "BL"
    assert result.discount_percent == 0
    assert [w.code for w in result.warnings] == ["no_points"]


def test_a_year_at_the_level_reached_and_at_the_next():
    result = run(Site("HQ", (item(10, "10", "250.00"),)), table=SMALL)
    assert (result.level, result.next_level, result.points_to_next_level) == ("D", "E", Decimal(900))
    assert result.list_price_total == Decimal("2500.00")
    assert result.estimated_savings == Decimal("125.00")
    assert result.estimated_price_total == Decimal("2375.00")
    assert result.savings_at_next_level == Decimal("250.00")


def test_the_top_level_has_no_next_level():
    result = run(Site("HQ", (item(100, "10"),)), table=SMALL)
    assert result.level == "E"
    assert result.next_level is result.points_to_next_level is result.savings_at_next_level is None


def test_a_threshold_is_reached_exactly_at_its_points():
    assert run(Site("HQ", (item(10, "10"),)), table=SMALL).level == "D"
    assert run(Site("HQ", (item(1, "99.999"),)), table=SMALL).level == "BL"


# ---- when licences move, and the agreement's dates --------------------------------

def test_express_coverage_that_ends_in_november_renews_on_december_1st():
    # The example: 2026-11-20 under IBM's rule ends 2027-11-30 (its yearly
    # renewal already passed), renews 2027-12-01: one month to a January anniversary.
    result = run(Site("HQ", (item(1, "1", "1200", renewal_date=date(2026, 11, 20)),)),
                 anniversary=date(2025, 1, 1))
    (first,) = result.items
    assert (first.renews_on, first.months, first.express_amount) == (date(2027, 12, 1), 1, Decimal("100.00"))
    assert [(w.code, w.params) for w in result.warnings if w.code.startswith("renewal_date")] == [
        ("renewal_date_not_first", {"given": "2026-11-20", "used": "2026-12-01"}),
        ("renewal_date_rolled_forward", {"given": "2026-12-01", "used": "2027-12-01"})]


def test_a_new_agreements_first_term_starts_with_its_first_order():
    # Moving on 2026-12-15; the first licence renews on 2027-03-01: that is the first order.
    result = run(Site("HQ", (item(renewal_date=date(2027, 3, 1)), item(renewal_date=date(2027, 7, 31)))))
    assert result.agreement == "new"
    assert (result.first_order_date, result.anniversary_date) == (date(2027, 3, 1), date(2028, 3, 1))
    assert result.term_end_date == date(2028, 2, 29)
    assert [(o.date, o.months) for o in result.orders][:2] == [(date(2027, 3, 1), 12), (date(2027, 8, 1), 7)]


def test_joining_an_existing_agreement_keeps_its_anniversary():
    result = run(Site("HQ", (item(renewal_date=date(2027, 3, 1)),)), anniversary=date(2020, 10, 1))
    assert result.agreement == "existing"
    assert result.anniversary_date == date(2027, 10, 1)
    assert [(o.date, o.months) for o in result.orders][:2] == [(date(2027, 3, 1), 7), (date(2027, 10, 1), 12)]


def test_a_licence_without_a_renewal_date_moves_on_the_next_first_of_a_month():
    result = run(Site("HQ", (item(),)), migration=date(2026, 12, 15))
    assert result.items[0].renews_on == date(2027, 1, 1)
    assert "unknown_renewal_date" in result.assumptions
    assert "unknown_renewal_date" not in run(Site("HQ", (item(renewal_date=date(2027, 1, 1)),))).assumptions


def test_distinct_renewal_dates_today_become_one_anniversary():
    items = (item(renewal_date=date(2027, 3, 1)), item(renewal_date=date(2027, 3, 31)),
             item(renewal_date=date(2027, 6, 15)), item())
    result = run(Site("HQ", items))
    assert result.renewal_dates == (date(2027, 3, 1), date(2027, 4, 1), date(2027, 7, 1))
    assert (result.renewal_dates_before, result.renewal_dates_after) == (3, 1)


def test_the_horizon_is_the_first_anniversary_on_or_after_the_years_asked():
    site = Site("HQ", (item(renewal_date=date(2027, 3, 1)),))
    assert run(site, years=3).comparison.horizon_date == date(2030, 3, 1)   # 2029-12-15 → next March
    assert run(site, years=1).comparison.horizon_date == date(2028, 3, 1)
    assert run(site, years=5, anniversary=date(2020, 1, 1)).comparison.horizon_date == date(2032, 1, 1)


# ---- orders and the level in force --------------------------------------------

def test_an_order_is_what_one_site_buys_on_one_date():
    # Three 200-point items renewing in February, June and October are three
    # orders, each BL on its own: not one 600-point order at D.
    items = tuple(item(1, "200", renewal_date=date(2027, month, 1)) for month in (2, 6, 10))
    result = run(Site("HQ", items), table=table(("BL", 0, 0), ("D", 500, 5)), anniversary=date(2020, 1, 1))
    first = [o for o in result.orders if o.date.year == 2027]
    assert [(o.date.month, o.svp_level) for o in first] == [(2, "BL"), (6, "BL"), (10, "BL")]


def test_a_label_splits_what_renews_on_one_date_and_warns_when_it_spans_dates():
    items = (item(order="A", renewal_date=date(2027, 2, 1)), item(order="B", renewal_date=date(2027, 2, 1)),
             item(renewal_date=date(2027, 2, 1)), item(order="A", renewal_date=date(2027, 5, 1)))
    result = run(Site("HQ", items), anniversary=date(2020, 1, 1))
    february = [(o.order, o.item_count) for o in result.orders if o.date == date(2027, 2, 1)]
    assert february == [(None, 1), ("A", 1), ("B", 1)]
    (warning,) = [w for w in result.warnings if w.code == "order_spans_dates"]
    assert warning.params == {"order": "A", "site": "HQ", "dates": 2}


def test_one_large_order_is_priced_at_its_own_svp_level_when_that_beats_the_rsvp_level():
    big = item(20, "60", "100", order="big", renewal_date=date(2027, 1, 1))    # 1200 points: E
    small = item(1, "10", "100", order="small", renewal_date=date(2027, 1, 1))  # 10 points: BL
    result = run(Site("HQ", (big, small)), current="D", table=SMALL)
    orders = {o.order: o for o in result.orders if o.date == date(2027, 1, 1)}
    big_order = orders["big"]
    assert (big_order.svp_level, big_order.priced_at_level, big_order.svp_applies) == ("E", "E", True)
    assert (orders["small"].rsvp_level, orders["small"].priced_at_level) == ("D", "D")
    assert not orders["small"].svp_applies
    assert orders["big"].amount == Decimal("1800.00") and orders["small"].amount == Decimal("95.00")


def test_the_first_bill_is_priced_at_the_level_in_force_not_at_express_prices():
    # A renewal on the migration day is the first order: twelve months (not
    # thirteen), at its level, not "a cost to align" at SRP.
    result = run(Site("HQ", (item(10, "60", "1200", renewal_date=date(2026, 12, 1)),)),
                 migration=date(2026, 12, 1), table=SMALL)
    (order, *_) = result.orders
    assert (order.months, order.points, order.priced_at_level) == (12, Decimal(600), "D")
    assert (order.list_amount, order.amount) == (Decimal("12000.00"), Decimal("11400.00"))
    assert result.items[0].amount == order.amount


def test_the_level_rises_within_a_term_once_its_points_reach_a_higher_one():
    # Existing agreement at BL (anniversary in January), D from 100 points.
    items = tuple(item(6, "12", "100", renewal_date=date(2027, month, 1)) for month in (3, 5, 9))
    result = run(Site("HQ", items), table=SMALL, anniversary=date(2020, 1, 1))
    march, may, september = result.orders[:3]
    assert (march.rsvp_level, march.points) == ("BL", Decimal("60.00"))   # 72 points × 10/12
    assert (may.rsvp_level, may.points) == ("BL", Decimal("48.00"))       # 60 so far: still BL
    assert september.rsvp_level == "D"                                    # 108 after May
    assert (result.level_reached.level, result.level_reached.date) == ("D", date(2027, 5, 1))
    assert "rsvp_raised_within_term" in result.assumptions


def test_orders_on_one_day_see_the_same_level():
    sites = [Site(name, (item(1, "100", renewal_date=date(2027, 1, 1)),)) for name in ("A", "B")]
    result = run(*sites, table=SMALL, anniversary=date(2020, 7, 1))
    a, b = result.orders[:2]
    assert (a.rsvp_level, b.rsvp_level) == ("BL", "BL")
    assert (a.months, a.points) == (6, Decimal("50.00"))


def test_each_anniversary_sets_the_level_from_the_term_before():
    items = (item(1, "1200", "100", renewal_date=date(2027, 1, 1)),)
    result = run(Site("HQ", items), table=SMALL, anniversary=date(2020, 7, 1), years=2)
    assert [(t.start, t.level, t.points) for t in result.terms] == [
        (date(2026, 7, 1), "BL", Decimal("600.00")),
        (date(2027, 7, 1), "D", Decimal(1200)),
        (date(2028, 7, 1), "E", Decimal(1200))]


def test_an_existing_agreement_starts_with_its_level_and_the_points_it_earned():
    result = run(Site("HQ", (item(1, "10", renewal_date=date(2027, 2, 1)),)), table=SMALL,
                 anniversary=date(2020, 7, 1), current="D", existing="950")
    assert result.terms[0].level == "D" and result.terms[0].points == Decimal("950") + Decimal("4.17")
    assert result.orders[0].rsvp_level == "D"
    assert "later_terms_listed_items_only" in result.assumptions


def test_a_level_that_falls_at_an_anniversary_is_warned_of():
    result = run(Site("HQ", (item(1, "10", renewal_date=date(2027, 2, 1)),)), table=SMALL,
                 anniversary=date(2020, 7, 1), current="E")
    (drop,) = [w for w in result.warnings if w.code == "level_drops"]
    assert drop.params == {"date": "2027-07-01", "from": "E", "to": "BL"}


# ---- the comparison -------------------------------------------------------------

def test_without_discounts_both_programs_cost_the_same():
    items = (item(3, "40", "2200", renewal_date=date(2027, 3, 15)), item(1, "5", "99.99"),
             item(6, "7.5", "310.25", renewal_date=date(2027, 10, 31)))
    result = run(Site("HQ", items), table=NO_DISCOUNT)
    assert result.comparison.express.total == result.comparison.passport_advantage.total
    assert result.comparison.difference == 0


def test_with_one_discount_everywhere_passport_advantage_costs_that_much_less():
    items = (item(3, "40", "2400", renewal_date=date(2027, 3, 1)), item(2, "5", "1200"),
             item(6, "7", "360", renewal_date=date(2027, 10, 1)))
    result = run(Site("HQ", items), Site("Plant", (item(1, "1", "600", renewal_date=date(2027, 6, 1)),)),
                 table=TEN_PERCENT)
    express, passport = result.comparison.express.total, result.comparison.passport_advantage.total
    assert passport == express * Decimal("0.9")
    assert result.comparison.difference == express - passport == express / 10


def test_express_renews_each_licence_yearly_and_counts_the_last_renewal_inside_the_horizon():
    result = run(Site("HQ", (item(1, "1", "1200", renewal_date=date(2027, 3, 1)),)),
                 anniversary=date(2020, 1, 1), years=1)
    assert result.comparison.horizon_date == date(2028, 1, 1)
    (bill,) = result.comparison.express.bills
    assert (bill.date, bill.amount, bill.months_in_horizon, bill.amount_in_horizon) == (
        date(2027, 3, 1), Decimal("1200.00"), 10, Decimal("1000.00"))
    assert bills(result, "passport_advantage") == [(date(2027, 3, 1), 10, Decimal("1000.00"))]


def test_figures_shown_together_add_up_as_shown():
    # 12.50 less 4 % is 12.00; line amounts are in cents, so totals and
    # differences of them need no further rounding.
    result = run(Site("HQ", (item(1, "600", "12.50", renewal_date=date(2027, 5, 1)),)), table=SMALL)
    for bill in result.comparison.passport_advantage.bills + result.comparison.express.bills:
        assert bill.amount == bill.amount.quantize(Decimal("0.01"))
    assert result.estimated_price_total + result.estimated_savings == result.list_price_total
    c = result.comparison
    assert c.express.total - c.passport_advantage.total == c.difference
    assert sum(o.amount for o in result.orders) == c.passport_advantage.total


def test_a_whole_unit_currency_keeps_whole_amounts():
    result = run(Site("HQ", (item(1, "1", "1000", renewal_date=date(2027, 5, 1)),)), currency="JPY",
                 anniversary=date(2020, 1, 1))
    assert result.orders[0].amount == Decimal(667)  # 1000 × 8 / 12 = 666.67, half-up to a whole yen


def test_the_shipped_table_is_marked_as_an_example_everywhere_it_is_used():
    result = run(Site("HQ", (item(),)))
    assert result.example_table is True
    assert result.warnings[0].code == "example_table"
    assert run(Site("HQ", (item(),)), table=SMALL).example_table is False
