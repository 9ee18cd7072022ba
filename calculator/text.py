"""A readable terminal summary of the contract's JSON (``--format text``).

It leads with the answer (what staying on Express and moving cost until the
horizon, the difference, the level reached), then the details. Layout labels
come from ``data/text-en.json``; every sentence about a code (errors,
warnings, assumptions) from ``data/messages-en.json``, a copy of the site's
English catalogue (``docs/en/calculator.yml``) that ``python -m tools.messages``
writes and a test keeps equal, so the command line and the browser say the
same thing.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from .money import for_display

# Controls (C0 but tab, DEL, C1): a name holding a carriage return or an
# escape sequence could rewrite the terminal's lines. Shown as U+FFFD instead.
_CONTROLS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@cache
def _data(name: str) -> dict[str, Any]:
    return json.loads(resources.files(__package__).joinpath(f"data/{name}").read_text("utf-8"))


def labels() -> dict[str, str]:
    return _data("text-en.json")


def messages() -> dict[str, dict[str, str]]:
    return _data("messages-en.json")


def chart_labels() -> dict[str, str]:
    t = labels()
    return {key: t[f"chart_{key}"] for key in ("title", "points", "discount", "you", "example")}


def years_labels(result: dict[str, Any]) -> dict[str, str]:
    """The years chart's words in English, its description with this
    estimate's totals (the page writes its own, in the reader's language)."""
    t, money, c = labels(), _money(result), result["comparison"]
    return {
        "title": t["years_title"],
        "description": t["years_description"].format(
            horizon=c["horizon_date"], express=money(c["express"]["total"]),
            passport=money(c["passport_advantage"]["total"])),
        "express": t["years_express"], "passport": t["years_passport"],
        "amount": t["years_amount"].format(currency=result["currency"]),
        "time": t["years_time"], "group": ",",
    }


def fill(template: str, params: dict[str, Any]) -> str:
    """``{name}`` placeholders filled in (as the page's ``fill`` does); an
    unknown one stays as it is."""
    def value(match: re.Match[str]) -> str:
        return str(params[match.group(1)]) if match.group(1) in params else match.group(0)

    return _PLACEHOLDER.sub(value, template)


def clean(text: Any) -> str:
    return _CONTROLS.sub("\ufffd", str(text))


def sentence(section: str, problem: dict[str, Any]) -> str:
    """A warning or error as the English catalogue words it."""
    catalogue = messages()[section]
    template = catalogue.get(problem["code"], problem["code"])
    params = {key: clean(value) for key, value in problem.get("params", {}).items()}
    return fill(template, params)


def render_errors(result: dict[str, Any]) -> str:
    problems = result["errors"]
    lines = [labels()["errors"].format(count=len(problems))]
    lines += [f"  {clean(p['path']) or labels()['whole_input']}: {sentence('errors', p)}" for p in problems]
    return "\n".join(lines) + "\n"


def render_text(result: dict[str, Any]) -> str:
    if "errors" in result:
        return render_errors(result)
    if "total_points" not in result:
        return _table(result, labels())
    return "\n".join(_answer(result) + _points(result) + _dates(result) + _orders(result)
                     + _notes(result)) + "\n"


def _money(result: dict[str, Any]):
    currency = result["currency"]
    return lambda amount: f"{for_display(Decimal(amount), currency):,} {currency}"


def _answer(r: dict[str, Any]) -> list[str]:
    t, money, c = labels(), _money(r), r["comparison"]
    reached = r["level_reached"]
    difference = Decimal(c["difference"])
    lines = [
        t["answer"].format(horizon=c["horizon_date"], years=c["horizon_years"], start=c["start_date"]),
        f"  {t['express_total']}: {money(c['express']['total'])}",
        f"  {t['passport_total']}: {money(c['passport_advantage']['total'])}",
        f"  {t['difference']}: {money(c['difference'])} "
        + (t["cheaper"] if difference > 0 else t["same"] if difference == 0 else t["dearer"]),
        f"  {t['level_reached']}: {clean(reached['level'])} ({t['from']} {reached['date']})",
    ]
    if r["example_table"]:
        lines.append(f"! {t['example_note']}")
    return lines + [""]


def _points(r: dict[str, Any]) -> list[str]:
    t, money = labels(), _money(r)
    lines = [
        f"{t['points']}:",
        f"  {t['existing_points']}: {r['existing_points']}",
        f"  {t['migrated_points']}: {r['migrated_points']}",
        f"  {t['total_points']}: {r['total_points']}",
        f"  {t['sites']}: " + ", ".join(f"{clean(s['name'])} {s['points']}" for s in r["site_points"]),
        f"{t['level']}: {clean(r['level'])} ({r['discount_percent']}% {t['discount']})",
        f"  {t['list_price']}: {money(r['list_price_total'])}",
        f"  {t['estimated_price']}: {money(r['estimated_price_total'])}",
        f"  {t['savings']}: {money(r['estimated_savings'])}",
    ]
    if r["next_level"] is None:
        lines.append(f"  {t['top_level']}")
    else:
        lines.append("  " + t["next_level"].format(
            level=clean(r["next_level"]), points=r["points_to_next_level"],
            savings=money(r["savings_at_next_level"])))
    return lines + [""]


def _dates(r: dict[str, Any]) -> list[str]:
    t = labels()
    lines = [
        t["agreement_" + r["agreement"]].format(level=clean(r["current_level"])),
        f"  {t['first_order']}: {r['first_order_date']}",
        f"  {t['anniversary']}: {r['anniversary_date']}",
    ]
    if r["renewal_dates_before"]:
        lines.append("  " + t["renewal_dates"].format(before=r["renewal_dates_before"]))
    lines.append(f"  {t['terms']}:")
    for term in r["terms"]:
        lines.append("    " + t["term"].format(
            start=term["start"], end=term["end"], level=clean(term["level"]),
            points=term["points"], reached=clean(term["reached_level"])))
    return lines + [""]


def _orders(r: dict[str, Any]) -> list[str]:
    t, money = labels(), _money(r)
    lines = [f"{t['orders']}:"]
    for o in r["orders"]:
        label = f"{clean(o['site'])}" + (f" / {clean(o['order'])}" if o["order"] else "")
        how = t["svp"] if o["svp_applies"] else t["rsvp"]
        lines.append("  " + t["order"].format(
            date=o["date"], site=label, count=o["item_count"], months=o["months"], points=o["points"],
            level=clean(o["priced_at_level"]), how=how, amount=money(o["amount"]),
            list=money(o["list_amount"])))
    lines.append(f"{t['express_bills']}:")
    for bill in r["comparison"]["express"]["bills"]:
        inside = "" if bill["months_in_horizon"] == bill["months"] else " " + t["in_horizon"].format(
            months=bill["months_in_horizon"], amount=money(bill["amount_in_horizon"]))
        bill_line = t["express_bill"].format(date=bill["date"], amount=money(bill["amount"]))
        lines.append(f"  {bill_line}{inside}")
    return lines + [""]


def _notes(r: dict[str, Any]) -> list[str]:
    t = labels()
    lines = [f"{t['assumptions']}:"]
    lines += [f"  - {messages()['assumptions'][code]}" for code in r["assumptions"]]
    notes = [w for w in r["warnings"] if w["code"] != "example_table"]
    if notes:
        lines.append(f"{t['warnings']}:")
        for w in notes:
            where = f"{clean(w['path'])}: " if w["path"] else ""
            lines.append(f"  - {where}{sentence('warnings', w)}")
    return lines


def _table(result: dict[str, Any], t: dict[str, str]) -> str:
    lines = [f"! {t['levels_note']}", ""] if result["example_table"] else []
    lines.append(t["levels_header"])
    for row in result["level_table"]:
        lines.append(f"{clean(row['level']):<6} {row['min_points']:>11}  {row['discount_percent']:>9}")
    return "\n".join(lines) + "\n"
