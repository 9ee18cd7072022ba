"""The command line, run as a user would."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from calculator.api import estimate_dict

from .helpers import one_item_input


def cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calculator", *args], input=stdin,
                          capture_output=True, timeout=60)


@pytest.fixture
def input_file(tmp_path: Path) -> Path:
    path = tmp_path / "input.json"
    path.write_text(json.dumps(one_item_input(renewal_date="2027-03-15")))
    return path


def test_estimate_prints_the_contract_as_json(input_file):
    done = cli("estimate", str(input_file), "--format", "json")
    assert done.returncode == 0
    assert json.loads(done.stdout) == estimate_dict(input_file.read_text())
    assert json.loads(done.stdout)["total_points"] == "20"


def test_stdin_is_read_with_a_dash(input_file):
    done = cli("estimate", "-", "--format", "json", stdin=input_file.read_bytes())
    assert done.returncode == 0 and json.loads(done.stdout)["level"] == "BL"


def test_text_format_is_a_readable_summary_naming_the_example_table(input_file):
    done = cli("estimate", str(input_file), "--format", "text")
    out = done.stdout.decode()
    assert done.returncode == 0
    assert "EXAMPLE" in out and "Anniversary: 2028-01-01" in out and "200.00 USD" in out


def test_svg_format_draws_the_level_chart_with_the_position(input_file):
    done = cli("estimate", str(input_file), "--format", "svg")
    assert done.returncode == 0
    assert done.stdout.startswith(b"<svg") and b'class="you"' in done.stdout


def test_svg_format_draws_the_inputs_own_level_table(tmp_path):
    path = tmp_path / "own-levels.json"
    path.write_text(json.dumps(one_item_input() | {"levels": [
        {"level": "Base", "min_points": 0, "discount_percent": 0},
        {"level": "Top", "min_points": 10, "discount_percent": 50}]}))
    done = cli("estimate", str(path), "--format", "svg")
    assert done.returncode == 0
    assert b">Base</text>" in done.stdout and b">Top</text>" in done.stdout and b">BL</text>" not in done.stdout


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
    assert len(result["coterm"]["items"]) == 10_000
