"""Line items as CSV, in and out (the browser's import and export).

Import keeps every good row and reports each bad one, so a long file with one
typo still loads. Export neutralizes spreadsheet formulas: a cell starting
with ``= + - @``, tab or carriage return gets a leading apostrophe, so opening
the file in a spreadsheet never runs what a user typed.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from . import errors
from .errors import Problem
from .parse import ITEM_KINDS, MAX_ITEMS, MAX_POINTS, MAX_PRICE, MAX_QUANTITY, MAX_TEXT, Reader, printable

COLUMNS = ("site", "description", "quantity", "points_per_unit", "unit_price", "renewal_date", "order")
REQUIRED = ("site", "quantity", "points_per_unit", "unit_price")
# What a spreadsheet may take for the start of a formula (full-width forms too).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
NUMBER_COLUMNS = tuple(key for key, kind in ITEM_KINDS.items() if kind in ("whole", "decimal", "money"))
# A number as a spreadsheet in a decimal-comma language writes it: 1.200,50 or 1200,5.
_COMMA_NUMBER = re.compile(r"[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?", re.ASCII)


def read_csv(text: str) -> dict[str, Any]:
    """CSV text → ``{"sites": [{name, items: [...]}], "errors": [...]}``.

    Values stay the strings of the file (the form shows what the file said),
    but for two conventions of spreadsheets: a file separated by semicolons
    (as spreadsheets write it where the decimal mark is a comma, e.g. in
    Danish) has its numbers' ``1.200,50`` read as ``1200.50``, and the
    apostrophe our export puts before a formula-like cell is taken off again.
    Each bad row is left out and reported as ``rows[N].column`` (N counts data
    rows from 1, as a spreadsheet shows them below the header).
    """
    if "\x00" in text:
        return _failed(Problem(errors.INVALID_CSV, "rows"))
    text = text.lstrip("\ufeff")
    delimiter = _delimiter(text)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        return _failed(Problem(errors.INVALID_CSV, "rows"))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        return _failed(Problem(errors.EMPTY, "rows"))
    header = [cell.strip().lower() for cell in rows[0]]
    # An unknown column is named as the file spells it (the message quotes it);
    # past the first few, only counted.
    unknown = [cell for cell in rows[0] if cell.strip().lower() not in COLUMNS]
    named = [printable(cell.strip()[:MAX_TEXT]) for cell in unknown[:errors.MAX_PROBLEMS]]
    problems = [Problem(errors.UNKNOWN_FIELD, f"header.{name}", {"field": name}) for name in named]
    problems += [Problem(errors.REQUIRED, f"header.{name}") for name in REQUIRED if name not in header]
    if problems:
        more = len(unknown) - len(named)
        return {"sites": [], "errors": [p.to_json() for p in errors.capped(problems, more)]}
    if len(rows) - 1 > MAX_ITEMS:
        return _failed(Problem(errors.TOO_MANY, "rows", {"max": MAX_ITEMS}))
    sites: dict[str, list[dict[str, str]]] = {}
    reader = Reader()
    for number, row in enumerate(rows[1:], start=1):
        # A short row lacks its last cells; a long one is refused just below.
        cells = {key: _cell(key, value.strip(), delimiter) for key, value in zip(header, row, strict=False)}
        if len(row) > len(header):
            reader.add(errors.TOO_MANY, f"rows[{number}]", max=len(header), row=number)
            continue
        if _row_ok(cells, number, reader):
            item = {key: cells.get(key, "") for key in COLUMNS if key != "site"}
            sites.setdefault(cells["site"], []).append(item)
    return {"sites": [{"name": name, "items": items} for name, items in sites.items()],
            "errors": [p.to_json() for p in reader.report()]}


def _row_ok(cells: dict[str, str], number: int, reader: Reader) -> bool:
    found, kept = reader.found, len(reader.problems)
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
    for problem in reader.problems[kept:]:
        problem.params.setdefault("row", number)
    return reader.found == found


def _delimiter(text: str) -> str:
    """``;`` when the header is separated by semicolons and has no comma."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if ";" in header and "," not in header else ","


def _cell(key: str, value: str, delimiter: str) -> str:
    if key in NUMBER_COLUMNS:
        if delimiter == ";" and _COMMA_NUMBER.fullmatch(value):
            return value.replace(".", "").replace(",", ".")
        return value
    # Our export's neutralizing apostrophe (see _safe), taken off once.
    return value[1:] if value.startswith("'") and value[1:].lstrip("'").startswith(FORMULA_STARTS) else value


def write_csv(data: dict[str, Any], decimal: str = ".") -> str:
    """The line items of a (form or contract) input as CSV, formulas neutralized.

    ``decimal`` is the reader's decimal mark: with ``,`` the file is the
    spreadsheet convention of such languages (cells separated by ``;``,
    numbers written ``1200,5``), which ``read_csv`` reads back.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", delimiter=";" if decimal == "," else ",")
    writer.writerow(COLUMNS)
    # Any JSON may come (the worker's export_csv takes a document): what is
    # not a list of sites, or of items, has no line items to write.
    sites = data.get("sites")
    for site in sites if isinstance(sites, list) else []:
        if not isinstance(site, dict):
            continue
        items = site.get("items")
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                cells = [_number(key, item.get(key), decimal) for key in COLUMNS[1:]]
                writer.writerow([_safe(site.get("name"))] + [_safe(cell) for cell in cells])
    return out.getvalue()


def _number(key: str, value: Any, decimal: str) -> Any:
    if key in NUMBER_COLUMNS and decimal == "," and isinstance(value, str):
        return value.replace(".", ",")
    return value


def _safe(value: Any) -> str:
    """A cell a spreadsheet will not run: one that starts like a formula (after
    any apostrophes) gets an apostrophe first, which read_csv takes off."""
    text = "" if value is None else str(value)
    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


def _failed(problem: Problem) -> dict[str, Any]:
    return {"sites": [], "errors": [problem.to_json()]}
