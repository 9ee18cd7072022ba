"""A readable terminal summary of the contract's JSON (``--format text``).

Labels come from ``data/text-en.json`` so that no sentence lives in code.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

from .money import for_display


@lru_cache(maxsize=1)
def labels() -> dict[str, str]:
    return json.loads(resources.files(__package__).joinpath("data/text-en.json").read_text("utf-8"))


def chart_labels() -> dict[str, str]:
    t = labels()
    return {key: t[f"chart_{key}"] for key in ("title", "points", "discount", "you", "example")}


def render_text(result: dict[str, Any]) -> str:
    t = labels()
    if "errors" in result:
        return t["errors"].format(count=len(result["errors"]))
    if "total_points" not in result:
        return _table(result, t)
    cur = result["currency"]

    def money(key_or_value: str) -> str:
        return f"{for_display(Decimal(key_or_value), cur):,} {cur}"

    lines = []
    if result["example_table"]:
        lines += [f"! {t['example_note']}", ""]
    lines += [
        f"{t['points']}:",
        f"  {t['existing_points']}: {result['existing_points']}",
        f"  {t['migrated_points']}: {result['migrated_points']}",
        f"  {t['total_points']}: {result['total_points']}",
        f"  {t['sites']}: " + ", ".join(f"{s['name']} {s['points']}" for s in result["site_points"]),
        f"{t['level']}: {result['level']} ({result['discount_percent']}% {t['discount']})",
        f"  {t['list_price']}: {money(result['list_price_total'])}",
        f"  {t['estimated_price']}: {money(result['estimated_price_total'])}",
        f"  {t['savings']}: {money(result['estimated_savings'])}",
    ]
    if result["next_level"] is None:
        lines.append(f"  {t['top_level']}")
    else:
        lines.append(f"  {t['next_level']}: {result['next_level']}, {result['points_to_next_level']} "
                     f"{t['points_to_next']}, {t['savings_at_next']} {money(result['savings_at_next_level'])}")
    lines.append(t["this_term"].format(level=result["current_level"]))
    for order in result["orders"]:
        if order["svp_applies"]:
            lines.append("  " + t["order_svp"].format(order=order["order"], site=order["site"],
                                                       level=order["svp_level"]))
    lines += [
        f"  {t['savings_this_term']}: {money(result['savings_this_term'])}",
        f"{t['term_end']}: {result['term_end_date']}",
        f"{t['anniversary']}: {result['anniversary_date']}",
        t["renewal_dates"].format(before=result["renewal_dates_before"]),
        f"{t['coterm']}: {money(result['coterm']['total'])}",
        f"  ({t['coterm_rule']})",
    ]
    for warning in result["warnings"]:
        if warning["code"] != "example_table":
            lines.append(f"{t['warning']}: {warning['code']} {warning['path']}".rstrip())
    return "\n".join(lines) + "\n"


def _table(result: dict[str, Any], t: dict[str, str]) -> str:
    lines = [f"! {t['example_note']}", ""] if result["example_table"] else []
    lines.append(t["levels_header"])
    for row in result["level_table"]:
        lines.append(f"{row['level']:<6} {row['min_points']:>11}  {row['discount_percent']:>9}")
    return "\n".join(lines) + "\n"
