"""Line items as CSV, in and out (the browser's import and export).

Import keeps every good row and reports each bad one, so a long file with one
typo still loads. Export neutralizes spreadsheet formulas: a cell starting
with ``= + - @``, tab or carriage return gets a leading apostrophe, so opening
the file in a spreadsheet never runs what a user typed.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from . import errors
from .errors import Problem
from .parse import MAX_ITEMS, MAX_POINTS, MAX_PRICE, MAX_QUANTITY, MAX_TEXT, Reader, printable

COLUMNS = ("site", "description", "quantity", "points_per_unit", "unit_price", "renewal_date", "order")
REQUIRED = ("site", "quantity", "points_per_unit", "unit_price")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def read_csv(text: str) -> dict[str, Any]:
    """CSV text → ``{"sites": [{name, items: [...]}], "errors": [...]}``.

    Values stay the strings of the file (the form shows what the file said);
    each bad row is left out and reported as ``rows[N].column`` (N counts data
    rows from 1, as a spreadsheet shows them below the header).
    """
    if "\x00" in text:
        return _failed(Problem(errors.INVALID_CSV, "rows"))
    try:
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    except csv.Error:
        return _failed(Problem(errors.INVALID_CSV, "rows"))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        return _failed(Problem(errors.EMPTY, "rows"))
    header = [cell.strip().lower() for cell in rows[0]]
    # An unknown column is named as the file spells it (the message quotes it).
    unknown = [printable(cell.strip()[:MAX_TEXT]) for cell in rows[0] if cell.strip().lower() not in COLUMNS]
    problems = [Problem(errors.UNKNOWN_FIELD, f"header.{name}", {"field": name}) for name in unknown]
    problems += [Problem(errors.REQUIRED, f"header.{name}") for name in REQUIRED if name not in header]
    if problems:
        return {"sites": [], "errors": [p.to_json() for p in problems]}
    if len(rows) - 1 > MAX_ITEMS:
        return _failed(Problem(errors.TOO_MANY, "rows", {"max": MAX_ITEMS}))
    sites: dict[str, list[dict[str, str]]] = {}
    reader = Reader()
    for number, row in enumerate(rows[1:], start=1):
        # A short row lacks its last cells; a long one is refused just below.
        cells = dict(zip(header, (cell.strip() for cell in row), strict=False))
        if len(row) > len(header):
            reader.add(errors.TOO_MANY, f"rows[{number}]", max=len(header), row=number)
            continue
        if _row_ok(cells, number, reader):
            item = {key: cells.get(key, "") for key in COLUMNS if key != "site"}
            sites.setdefault(cells["site"], []).append(item)
    return {"sites": [{"name": name, "items": items} for name, items in sites.items()],
            "errors": [p.to_json() for p in reader.problems]}


def _row_ok(cells: dict[str, str], number: int, reader: Reader) -> bool:
    before = len(reader.problems)
    at = f"rows[{number}]"
    for key in REQUIRED:
        if not cells.get(key):
            reader.add(errors.REQUIRED, f"{at}.{key}", row=number)
    if cells.get("site"):
        reader.text(cells["site"], f"{at}.site")
    for key in ("description", "order"):
        if cells.get(key):
            reader.text(cells[key], f"{at}.{key}")
    if cells.get("quantity"):
        reader.decimal(cells["quantity"], f"{at}.quantity", MAX_QUANTITY, whole=True)
    if cells.get("points_per_unit"):
        reader.decimal(cells["points_per_unit"], f"{at}.points_per_unit", MAX_POINTS)
    if cells.get("unit_price"):
        reader.decimal(cells["unit_price"], f"{at}.unit_price", MAX_PRICE)
    if cells.get("renewal_date"):
        reader.date(cells["renewal_date"], f"{at}.renewal_date")
    for problem in reader.problems[before:]:
        problem.params.setdefault("row", number)
    return len(reader.problems) == before


def write_csv(data: dict[str, Any]) -> str:
    """The line items of a (form or contract) input as CSV, formulas neutralized."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for site in data.get("sites") or []:
        if not isinstance(site, dict):
            continue
        for item in site.get("items") or []:
            if isinstance(item, dict):
                writer.writerow([_safe(site.get("name"))] + [_safe(item.get(key)) for key in COLUMNS[1:]])
    return out.getvalue()


def _safe(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _failed(problem: Problem) -> dict[str, Any]:
    return {"sites": [], "errors": [problem.to_json()]}
