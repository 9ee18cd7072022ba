"""How long the estimator takes for large inputs (CPython, in process).

    .venv/bin/python -m benchmarks.estimator

Reports medians of repeated runs; nothing is asserted (machines here are shared).
"""

from __future__ import annotations

import json
import statistics
import time

from calculator.api import estimate_json


def make_input(count: int, sites: int = 3) -> str:
    return json.dumps({
        "sites": [{"name": f"site {s}", "items": [
            {"description": f"part {n}", "quantity": n % 9, "points_per_unit": "12.5",
             "unit_price": "199.99", "renewal_date": f"2027-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
             "order": f"order {n % 5}"}
            for n in range(count // sites)]} for s in range(sites)],
        "migration_date": "2026-12-15", "anniversary_date": "2020-07-01", "existing_points": "250",
        "horizon_years": 5})


def median_seconds(text: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        estimate_json(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    print("| items | median ms (JSON in → JSON out) | runs |")
    print("|---:|---:|---:|")
    for count, runs in [(50, 51), (1_000, 21), (10_000, 7)]:
        text = make_input(count)
        print(f"| {count:,} | {median_seconds(text, runs) * 1000:.1f} | {runs} |")


if __name__ == "__main__":
    main()
