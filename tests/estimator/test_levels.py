from decimal import Decimal

from calculator import example_table, validate_table
from calculator.model import Level


def levels(*rows):
    return tuple(Level(n, Decimal(p), Decimal(d)) for n, p, d in rows)


def codes(problems):
    return [(p.code, p.path) for p in problems]


def test_the_shipped_table_has_ibms_thresholds_and_is_labelled_for_its_example_discounts():
    # IBM's RSVP/SVP table: BL under 500, D 500, E 1,000, F 2,500, G 5,000, H 10,000.
    table = example_table()
    assert table.example
    assert [(level.name, level.min_points) for level in table.levels] == [
        ("BL", 0), ("D", 500), ("E", 1000), ("F", 2500), ("G", 5000), ("H", 10000)]
    assert table.levels[0].discount_percent == 0
    assert validate_table(table.levels) == []


def test_thresholds_must_strictly_increase():
    assert codes(validate_table(levels(("A", 0, 0), ("B", 10, 1), ("C", 10, 2)))) == [
        ("thresholds_not_increasing", "levels[2].min_points")]


def test_discounts_stay_within_0_and_100_and_never_fall():
    assert codes(validate_table(levels(("A", 0, 0), ("B", 10, 101), ("C", 20, 50)))) == [
        ("discount_out_of_range", "levels[1].discount_percent"),
        ("discount_decreasing", "levels[2].discount_percent")]


def test_the_lowest_level_starts_at_zero_points_and_names_are_unique():
    assert codes(validate_table(levels(("A", 5, 0), ("A", 10, 1)))) == [
        ("first_threshold_not_zero", "levels[0].min_points"),
        ("duplicate_level", "levels[1].level")]


def test_level_for_picks_the_highest_level_reached():
    table = example_table()
    assert table.level_for(Decimal(0)).name == "BL"
    assert table.level_for(Decimal(499)).name == "BL"
    assert table.level_for(Decimal(500)).name == "D"
    assert table.level_for(Decimal(9999.99)).name == "G"
    assert table.level_for(Decimal(10**9)).name == "H"
