"""The command line, run as a user would."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from calculator.api import estimate_dict
from tests.support.inputs import one_item_input


def cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calculator", *args], input=stdin,
                          capture_output=True, timeout=60)


@pytest.fixture
def input_file(tmp_path: Path) -> Path:
    path = tmp_path / "input.json"
    path.write_text(json.dumps(one_item_input({"renewal_date": "2027-03-15"})))
    return path


def test_estimate_prints_the_contract_as_json(input_file):
    done = cli("estimate", str(input_file), "--format", "json")
    assert done.returncode == 0
    assert json.loads(done.stdout) == estimate_dict(input_file.read_text())
    assert json.loads(done.stdout)["total_points"] == "20"


def test_stdin_is_read_with_a_dash(input_file):
    done = cli("estimate", "-", "--format", "json", stdin=input_file.read_bytes())
    assert done.returncode == 0 and json.loads(done.stdout)["level"] == "BL"


def test_text_format_leads_with_the_answer_and_names_the_example_discounts(input_file):
    done = cli("estimate", str(input_file), "--format", "text")
    out = done.stdout.decode()
    assert done.returncode == 0
    result = estimate_dict(input_file.read_text())
    c = result["comparison"]
    lines = out.splitlines()
    assert lines[0] == f"Keeping these licenses covered until {c['horizon_date']} (3 years from 2026-12-15):"
    assert lines[1].endswith(f"{Decimal(c['express']['total']):,} USD")
    assert lines[2].endswith(f"{Decimal(c['passport_advantage']['total']):,} USD")
    assert "Level reached: BL" in lines[4]
    assert "EXAMPLES" in out and "Anniversary: 2028-04-01" in out


def test_text_format_words_warnings_and_assumptions_from_the_english_catalogue(input_file):
    out = cli("estimate", str(input_file), "--format", "text").stdout.decode()
    assert "renewal_date_not_first" not in out and "prorated_price" not in out
    assert ("sites[0].items[0].renewal_date: S&S under Express renews on the 1st of a month: "
            "2027-03-15 is read as coverage ending that month, so it renews on 2027-04-01.") in out
    assert "  - At each anniversary, a site renews everything it has moved as one order." in out


def test_text_format_words_bad_input_as_sentences(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(one_item_input({"quantity": -1, "unit_price": "1.005"})))
    done = cli("estimate", str(path), "--format", "text")
    assert done.returncode == 2
    assert done.stdout.decode().splitlines() == [
        "The input has 2 problem(s):",
        "  sites[0].items[0].quantity: Enter 0 or more.",
        "  sites[0].items[0].unit_price: Use at most 2 decimal places."]
    assert done.stderr.decode().strip() == "The input has 2 problem(s):"


def test_text_format_shows_control_characters_as_replacement_marks(tmp_path):
    path = tmp_path / "names.json"
    data = one_item_input()
    data["sites"][0]["name"] = "A\u0085Total points: 999999999"
    path.write_text(json.dumps(data))
    out = cli("estimate", str(path), "--format", "text").stdout.decode()
    assert "A\ufffdTotal points: 999999999" in out and "\x85" not in out


def test_text_format_rounds_huge_three_decimal_amounts(tmp_path):
    path = tmp_path / "kwd.json"
    path.write_text(json.dumps({"currency": "KWD", "sites": [{"name": "HQ", "items": [
        {"quantity": 10**9, "points_per_unit": "1", "unit_price": "999999999999.999"}] * 50}]}))
    done = cli("estimate", str(path), "--format", "text", "--today", "2026-12-15")
    assert done.returncode == 0, done.stderr
    assert " KWD" in done.stdout.decode()


def test_a_csv_of_line_items_is_estimated_with_the_agreement_from_options(tmp_path):
    path = tmp_path / "items.csv"
    path.write_text("site,description,quantity,points_per_unit,unit_price,renewal_date,order\r\n"
                    "HQ,Db2,2,10,100,2027-03-15,\r\nPlant,MQ,1,5,50,,\r\n")
    done = cli("estimate", str(path), "--format", "json", "--migration-date", "2026-12-15",
               "--anniversary-date", "2020-01-01", "--existing-points", "700", "--current-level", "D",
               "--currency", "eur", "--years", "2")
    assert done.returncode == 0, done.stdout
    result = json.loads(done.stdout)
    same = estimate_dict(json.dumps({
        "sites": [{"name": "HQ", "items": [{"description": "Db2", "quantity": "2", "points_per_unit": "10",
                                            "unit_price": "100", "renewal_date": "2027-03-15"}]},
                  {"name": "Plant", "items": [{"description": "MQ", "quantity": "1", "points_per_unit": "5",
                                               "unit_price": "50"}]}],
        "migration_date": "2026-12-15", "anniversary_date": "2020-01-01", "existing_points": "700",
        "current_level": "D", "currency": "EUR", "horizon_years": 2}))
    assert "errors" not in same, same
    assert result == same
    assert result["agreement"] == "existing" and result["currency"] == "EUR"
    assert result["comparison"]["horizon_years"] == 2


def test_a_csv_with_bad_rows_is_refused_with_each_row_named(tmp_path):
    path = tmp_path / "items.csv"
    path.write_text("site,quantity,points_per_unit,unit_price\nHQ,-1,10,100\nHQ,1,10,100\n")
    done = cli("estimate", str(path), "--format", "text")
    assert done.returncode == 2
    assert "rows[1].quantity: Enter 0 or more." in done.stdout.decode()


def test_years_overrides_the_inputs_horizon(input_file):
    result = json.loads(cli("estimate", str(input_file), "--years", "5", "--format", "json").stdout)
    assert result["comparison"]["horizon_years"] == 5
    done = cli("estimate", str(input_file), "--years", "9", "--format", "json")
    assert done.returncode == 2 and json.loads(done.stdout)["errors"][0]["code"] == "out_of_range"


def test_svg_format_draws_the_years_ahead_under_each_program(input_file):
    done = cli("estimate", str(input_file), "--format", "svg")
    result = estimate_dict(input_file.read_text())
    assert done.returncode == 0
    svg = done.stdout.decode()
    assert svg.startswith("<svg") and 'class="express"' in svg and 'class="passport"' in svg
    # Its description says the answer in words, for those who cannot see the lines.
    total = f"{Decimal(result['comparison']['express']['total']):,} USD"
    assert f"{total} staying on Express" in svg


def test_svg_format_draws_the_level_chart_with_the_position(input_file):
    done = cli("estimate", str(input_file), "--format", "svg", "--chart", "levels")
    assert done.returncode == 0
    assert done.stdout.startswith(b"<svg") and b'class="you"' in done.stdout


def test_svg_format_draws_the_inputs_own_level_table(tmp_path):
    path = tmp_path / "own-levels.json"
    path.write_text(json.dumps(one_item_input(levels=[
        {"level": "Base", "min_points": 0, "discount_percent": 0},
        {"level": "Top", "min_points": 10, "discount_percent": 50}])))
    done = cli("estimate", str(path), "--format", "svg", "--chart", "levels")
    assert done.returncode == 0
    assert b">Base</text>" in done.stdout and b">Top</text>" in done.stdout
    assert b">BL</text>" not in done.stdout


def test_another_level_table_replaces_the_example(input_file, tmp_path):
    levels = tmp_path / "levels.json"
    levels.write_text(json.dumps([{"level": "BL", "min_points": 0, "discount_percent": 0},
                                  {"level": "Z", "min_points": 10, "discount_percent": 50}]))
    result = json.loads(cli("estimate", str(input_file), "--levels", str(levels), "--format", "json").stdout)
    assert (result["level"], result["discount_percent"], result["example_table"]) == ("Z", "50", False)
    table = json.loads(cli("levels", "--levels", str(levels), "--format", "json").stdout)
    assert table["example_table"] is False and [r["level"] for r in table["level_table"]] == ["BL", "Z"]


def test_levels_prints_the_shipped_example_table():
    done = cli("levels", "--format", "json")
    assert done.returncode == 0
    table = json.loads(done.stdout)
    assert table["example_table"] is True and table["level_table"][0] == {
        "level": "BL", "min_points": "0", "discount_percent": "0"}


def test_a_bad_level_table_exits_2(tmp_path):
    levels = tmp_path / "levels.json"
    levels.write_text('[{"level": "BL", "min_points": 0, "discount_percent": 120}]')
    done = cli("levels", "--levels", str(levels))
    assert done.returncode == 2
    assert json.loads(done.stdout)["errors"][0]["code"] == "discount_out_of_range"


def test_a_missing_file_exits_2_with_a_short_message(tmp_path):
    done = cli("estimate", str(tmp_path / "nope.json"))
    assert done.returncode == 2 and b"nope.json" in done.stderr


@pytest.mark.parametrize("args", [["--help"], ["estimate", "--help"], ["levels", "--help"]])
def test_every_command_has_help(args):
    done = cli(*args)
    assert done.returncode == 0 and b"usage:" in done.stdout


def test_ten_thousand_items_are_estimated(tmp_path):
    # Speed is reported by benchmarks/estimator.py; this proves the size is accepted.
    items = [{"description": f"part {n}", "quantity": n % 7, "points_per_unit": "1.5",
              "unit_price": "10.25", "renewal_date": f"2027-{n % 12 + 1:02d}-15", "order": f"o{n % 3}"}
             for n in range(10_000)]
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"sites": [{"name": "HQ", "items": items}], "migration_date": "2026-12-15"}))
    done = cli("estimate", str(path), "--format", "json")
    assert done.returncode == 0
    result = json.loads(done.stdout)
    assert Decimal(result["total_points"]) == sum(n % 7 for n in range(10_000)) * Decimal("1.5")
    assert len(result["items"]) == 10_000
