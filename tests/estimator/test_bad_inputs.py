"""Bad input never crashes: each case gives its own code at its own path.

The table is shared with the command-line test below, which checks exit 2.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from calculator.api import estimate_dict
from tests.support.inputs import one_item_input, raw_quantity

from .helpers import TODAY


def with_item(**fields: Any) -> str:
    """The one-item input as JSON text, its item's ``fields`` changed."""
    return json.dumps(one_item_input(fields))


def with_input(**fields: Any) -> str:
    """The one-item input as JSON text, its own ``fields`` changed."""
    return json.dumps(one_item_input(**fields))


ITEM = "sites[0].items[0]"
ONE_ITEM = [{"quantity": 1, "points_per_unit": 1, "unit_price": 1}]
LEVEL_OK = [{"level": "BL", "min_points": "0", "discount_percent": "0"}]

CASES: list[tuple[str, str | bytes, str, str]] = [
    # (name, input text, expected code, expected path)
    ("negative quantity", with_item(quantity=-1), "negative", f"{ITEM}.quantity"),
    ("fractional quantity", with_item(quantity=1.5), "not_whole_number", f"{ITEM}.quantity"),
    ("huge quantity", with_item(quantity=10**12), "too_large", f"{ITEM}.quantity"),
    ("NaN", raw_quantity("NaN"), "not_a_number", f"{ITEM}.quantity"),
    ("Infinity", raw_quantity("Infinity"), "not_a_number", f"{ITEM}.quantity"),
    ("-Infinity", raw_quantity("-Infinity"), "not_a_number", f"{ITEM}.quantity"),
    ("1e400", raw_quantity("1e400"), "too_large", f"{ITEM}.quantity"),
    ("exponent past Decimal's range", raw_quantity("1e99999999999999999999999"), "too_large",
     f"{ITEM}.quantity"),
    ("negative exponent past range", raw_quantity("1e-99999999999999999999999"), "not_whole_number",
     f"{ITEM}.quantity"),
    ("100 digits", with_item(unit_price="9" * 100), "too_large", f"{ITEM}.unit_price"),
    ("a number longer than any field", with_item(unit_price="1" * 201), "too_long", f"{ITEM}.unit_price"),
    ("NaN as a string", with_item(unit_price="NaN"), "not_a_number", f"{ITEM}.unit_price"),
    ("word for a number", with_item(points_per_unit="ten"), "not_a_number", f"{ITEM}.points_per_unit"),
    ("boolean for a number", with_item(quantity=True), "wrong_type", f"{ITEM}.quantity"),
    ("list for a number", with_item(unit_price=[1]), "wrong_type", f"{ITEM}.unit_price"),
    ("negative price", with_item(unit_price="-0.01"), "negative", f"{ITEM}.unit_price"),
    ("too many decimals", with_item(unit_price="1.0000001"), "too_many_decimals", f"{ITEM}.unit_price"),
    ("missing quantity", with_item(quantity=None), "required", f"{ITEM}.quantity"),
    ("unknown item field", with_item(colour="red"), "unknown_field", f"{ITEM}.colour"),
    ("unknown top field", with_input(discount="99"), "unknown_field", "discount"),
    ("missing sites", json.dumps({"currency": "USD"}), "required", "sites"),
    ("no sites", with_input(sites=[]), "empty", "sites"),
    ("a site without items", with_input(sites=[{"name": "HQ", "items": []}]), "empty", "sites[0].items"),
    ("a site without a name", with_input(sites=[{"name": " ", "items": ONE_ITEM}]), "empty", "sites[0].name"),
    ("two sites, one name", with_input(sites=[{"name": "HQ", "items": ONE_ITEM}] * 2), "duplicate_name",
     "sites[1].name"),
    ("impossible date", with_item(renewal_date="2026-02-30"), "invalid_date", f"{ITEM}.renewal_date"),
    ("not a date", with_input(migration_date="next year"), "invalid_date", "migration_date"),
    ("date format", with_input(migration_date="15/12/2026"), "invalid_date", "migration_date"),
    ("distant date", with_input(migration_date="9999-01-01"), "date_out_of_range", "migration_date"),
    ("malformed JSON", '{"sites": [', "invalid_json", ""),
    ("empty document", "", "invalid_json", ""),
    ("not an object", "[1, 2]", "wrong_type", ""),
    ("deep nesting", "[" * 100_000 + "]" * 100_000, "invalid_json", ""),
    ("invalid UTF-8", b'{"sites": "\xff\xfe"}', "invalid_encoding", ""),
    ("1 MB description", with_item(description="x" * 1_000_000), "too_long", f"{ITEM}.description"),
    ("null byte in a description", with_item(description="Db2\x00"), "invalid_character",
     f"{ITEM}.description"),
    ("control character in a site name", with_input(sites=[{"name": "H\x1bQ", "items": ONE_ITEM}]),
     "invalid_character", "sites[0].name"),
    ("lone surrogate in an order", with_item(order="\ud800"), "invalid_character", f"{ITEM}.order"),
    ("unknown field named with a surrogate", with_item(**{"\udfff": 1}), "unknown_field", f"{ITEM}.\ufffd"),
    ("currency not ISO", with_input(currency="dollars"), "invalid_currency", "currency"),
    ("unknown current level", with_input(current_level="Z"), "unknown_level", "current_level"),
    ("negative existing points", with_input(existing_points="-5"), "negative", "existing_points"),
    ("levels out of order", with_input(levels=LEVEL_OK + [
        {"level": "D", "min_points": "500", "discount_percent": "4"},
        {"level": "E", "min_points": "400", "discount_percent": "7"}]),
     "thresholds_not_increasing", "levels[2].min_points"),
    ("discount above 100", with_input(levels=LEVEL_OK + [
        {"level": "D", "min_points": "500", "discount_percent": "101"}]),
     "discount_out_of_range", "levels[1].discount_percent"),
    ("falling discount", with_input(levels=LEVEL_OK + [
        {"level": "D", "min_points": "5", "discount_percent": "9"},
        {"level": "E", "min_points": "9", "discount_percent": "8"}]),
     "discount_decreasing", "levels[2].discount_percent"),
    ("levels not starting at 0",
     with_input(levels=[{"level": "D", "min_points": "1", "discount_percent": "0"}]),
     "first_threshold_not_zero", "levels[0].min_points"),
    ("empty level table", with_input(levels=[]), "empty", "levels"),
    ("level missing a field", with_input(levels=[{"level": "BL", "min_points": "0"}]),
     "required", "levels[0].discount_percent"),
    ("a price finer than the currency's cents", with_item(unit_price="10.005"), "too_many_decimals",
     f"{ITEM}.unit_price"),
    ("a fraction of a yen", with_input(currency="JPY", sites=[{"name": "HQ", "items": [
        {"quantity": 1, "points_per_unit": "1", "unit_price": "1200.5"}]}]), "not_whole_number",
     f"{ITEM}.unit_price"),
    ("full-width digits", with_item(quantity="５"), "not_a_number", f"{ITEM}.quantity"),
    ("Arabic-Indic digits", with_item(unit_price="١٢٣"), "not_a_number", f"{ITEM}.unit_price"),
    ("an anniversary not on a 1st", with_input(anniversary_date="2027-03-15"), "not_first_of_month",
     "anniversary_date"),
    ("an anniversary that is no date", with_input(anniversary_date="March"), "invalid_date",
     "anniversary_date"),
    ("points earned without an agreement", with_input(existing_points="700"), "anniversary_required",
     "existing_points"),
    ("a horizon of 0 years", with_input(horizon_years=0), "out_of_range", "horizon_years"),
    ("a horizon of 6 years", with_input(horizon_years="6"), "out_of_range", "horizon_years"),
    ("a horizon of 2.5 years", with_input(horizon_years=2.5), "out_of_range", "horizon_years"),
    ("a horizon in words", with_input(horizon_years="three"), "not_a_number", "horizon_years"),
]


@pytest.mark.parametrize("name, text, code, path", CASES, ids=[c[0] for c in CASES])
def test_each_bad_input_gives_its_code_at_its_path(name, text, code, path):
    result = estimate_dict(text, today=TODAY)
    assert "errors" in result, name
    assert {"code": code, "path": path} in [{"code": e["code"], "path": e["path"]} for e in result["errors"]]
    for error in result["errors"]:  # codes only: no English sentences come out
        assert set(error) == {"code", "path", "params"}
        assert " " not in error["code"]


def test_every_problem_is_reported_not_just_the_first():
    text = json.dumps({"sites": [{"name": "HQ", "items": [
        {"quantity": -1, "points_per_unit": "x", "unit_price": "1"},
        {"quantity": 1, "points_per_unit": "1", "unit_price": "1", "renewal_date": "2026-02-30"}]}],
        "currency": "us"})
    paths = {e["path"] for e in estimate_dict(text, today=TODAY)["errors"]}
    assert paths == {"sites[0].items[0].quantity", "sites[0].items[0].points_per_unit",
                     "sites[0].items[1].renewal_date", "currency"}


def test_the_params_carry_what_a_message_needs():
    (error,) = estimate_dict(with_item(quantity=10**12), today=TODAY)["errors"]
    assert error["params"] == {"max": "1000000000"}


def test_an_unusable_character_is_located_for_the_message():
    (error,) = estimate_dict(with_item(description="Db2 \x00 Std"), today=TODAY)["errors"]
    assert error["params"] == {"position": 5}


def test_a_bad_level_table_file_is_reported_beside_the_input_problems():
    levels = '[{"level": "A", "min_points": "3", "discount_percent": "0"}]'
    result = estimate_dict(with_item(quantity=-1), levels, today=TODAY)
    assert [(e["code"], e["path"]) for e in result["errors"]] == [
        ("first_threshold_not_zero", "levels[0].min_points"), ("negative", f"{ITEM}.quantity")]


def test_current_level_is_checked_against_the_table_the_estimate_uses():
    own = json.dumps([{"level": "Base", "min_points": "0", "discount_percent": "0"},
                      {"level": "Top", "min_points": "9", "discount_percent": "5"}])
    # The replacing table lacks the input's D: the input's level is unknown to it.
    result = estimate_dict(with_input(current_level="D"), own, today=TODAY)
    assert [(e["code"], e["path"]) for e in result["errors"]] == [("unknown_level", "current_level")]
    assert result["errors"][0]["params"]["levels"] == ["Base", "Top"]
    # And a level the replacing table has is not unknown, though the example lacks it.
    assert "errors" not in estimate_dict(with_input(current_level="Top"), own, today=TODAY)


def test_a_lower_case_currency_is_its_code():
    assert estimate_dict(with_input(currency="jpy"), today=TODAY)["currency"] == "JPY"


@pytest.mark.parametrize("text, code, path", [c[1:] for c in CASES[::4]], ids=[c[0] for c in CASES[::4]])
def test_the_command_line_exits_2_with_the_errors_json(text, code, path):
    data = text if isinstance(text, bytes) else text.encode()
    done = subprocess.run([sys.executable, "-m", "calculator", "estimate", "-", "--format", "json"],
                          input=data, capture_output=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert (code, path) in [(e["code"], e["path"]) for e in json.loads(done.stdout)["errors"]]
    assert done.stderr.strip().count(b"\n") == 0  # one short line
