"""Hostile sizes are judged in time linear in the input and reported in
bounded memory: the estimator answers a 16 MiB document as surely as a
small one, and any number of problems as the first hundred and a count."""

from __future__ import annotations

import json
import time

import pytest

from calculator.api import estimate_dict, import_csv
from calculator.csvio import COLUMNS
from calculator.errors import MAX_PROBLEMS
from tests.support.inputs import ITEM, one_item_input

from .helpers import TODAY


def seconds(text: str) -> float:
    start = time.perf_counter()
    estimate_dict(text, today=TODAY)
    return time.perf_counter() - start


@pytest.mark.parametrize("end", ["", "\\"], ids=["closing on a pair", "cut after a backslash"])
def test_an_unterminated_string_of_escaped_quotes_is_refused_in_linear_time(end):
    # Was quadratic: 7 s at 20 KB, 61 s at 80 KB; and, cut after a
    # backslash (a 16 MiB file cut at the limit), 9.5 s at 40 KB. Compared
    # with itself at a tenth of the size, so a slow machine changes nothing
    # but both figures.
    small = '{"sites":["' + '\\"' * 40_000 + end
    large = '{"sites":["' + '\\"' * 400_000 + end
    assert estimate_dict(large, today=TODAY)["errors"][0]["code"] == "invalid_json"
    assert seconds(large) < 30 * max(seconds(small), 0.01)


def test_two_hundred_thousand_unknown_fields_are_reported_as_a_hundred_and_a_count():
    # The whole 16 MiB (1.35 million keys) is benchmarks' to measure: the
    # work is linear, and this is already 2,000 times the cap.
    data = one_item_input({f"x{n}": 1 for n in range(200_000)})
    errors = estimate_dict(json.dumps(data), today=TODAY)["errors"]
    assert len(errors) == MAX_PROBLEMS + 1
    assert {e["code"] for e in errors[:-1]} == {"unknown_field"}
    more = 200_000 - MAX_PROBLEMS
    assert errors[-1] == {"code": "too_many_problems", "path": "", "params": {"more": more}}


def test_a_csv_header_of_unknown_columns_is_reported_as_a_hundred_and_a_count():
    header = ",".join(COLUMNS) + "," + ",".join(f"extra{n}" for n in range(50_000))
    errors = json.loads(import_csv(header + "\n"))["errors"]
    assert len(errors) == MAX_PROBLEMS + 1
    assert errors[-1]["params"] == {"more": 50_000 - MAX_PROBLEMS}


def test_bad_rows_past_the_cap_are_counted():
    rows = "\n".join("HQ,part,-1,1,1,," for _ in range(500))
    errors = json.loads(import_csv(",".join(COLUMNS) + "\n" + rows + "\n"))["errors"]
    assert len(errors) == MAX_PROBLEMS + 1 and errors[-1]["params"] == {"more": 400}


def test_a_negative_zero_is_zero():
    item = ITEM | {"unit_price": "-0.00", "points_per_unit": "-0"}
    result = estimate_dict(json.dumps(one_item_input(item)), today=TODAY)
    assert "errors" not in result
    assert not result["list_price_total"].startswith("-") and result["total_points"] == "0"
