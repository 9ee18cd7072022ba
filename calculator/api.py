"""JSON text in, JSON text out: the one contract of the command line and the
browser worker. Nothing here touches files, the network or the clock except
through its arguments, so both callers get byte-identical answers.

The worker offers ``WORKER_FUNCTIONS`` through one entry, ``call``; the page
learns the form's fields and limits from ``form_dict`` at build time. Neither
list is copied into JavaScript.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

from . import errors
from .chart import level_chart
from .csvio import read_csv, write_csv
from .errors import InputError, Problem
from .estimate import estimate
from .levels import example_table
from .model import EstimateInput, LevelTable
from .parse import (
    AGREEMENT_KINDS,
    DEFAULT_HORIZON_YEARS,
    ITEM_KINDS,
    LEVEL_KINDS,
    MAX_HORIZON_YEARS,
    MAX_ITEMS,
    MAX_LEVELS,
    MAX_SITES,
    MAX_TEXT,
    MIN_HORIZON_YEARS,
    NonFinite,
    Reader,
    exact_number,
    parse_input,
    parse_levels,
)
from .serialize import decimal_text, estimate_json as _result_json, level_json
from .years_chart import running_totals, years_chart

MAX_INPUT_BYTES = 16 * 1024 * 1024
# The contract nests six deep; a deeper document is refused before decoding,
# since json.loads recursion would exhaust Pyodide's stack (CPython raises
# RecursionError, WebAssembly just dies).
MAX_DEPTH = 32
# A string (possessive, and to the end of the text if it never closes, a
# lone backslash at the very end included: a failed string match would
# otherwise be retried from every later quote, quadratic in the input) or a
# bracket. One pass, linear in the text's size.
_TOKEN = re.compile(r'"(?:[^"\\]++|\\.)*+(?:"|\\?\Z)|[\[\]{}]', re.S)


def decode(text: str | bytes, path: str = "") -> Any:
    """Decode JSON keeping numbers exact (Decimal) and NaN/Infinity reportable."""
    text = _text(text, path)
    _check_depth(text, path)
    try:
        return json.loads(text, parse_float=exact_number, parse_int=exact_number, parse_constant=NonFinite)
    except json.JSONDecodeError as exc:
        where = {"line": exc.lineno, "column": exc.colno}
        raise InputError([Problem(errors.INVALID_JSON, path, where)]) from None
    except RecursionError:
        raise InputError([Problem(errors.INVALID_JSON, path, {"line": 1, "column": 1})]) from None


def _text(text: str | bytes, path: str = "") -> str:
    """The text of a file: at most MAX_INPUT_BYTES of UTF-8 (BOM allowed)."""
    if isinstance(text, bytes):
        if len(text) > MAX_INPUT_BYTES:
            raise InputError([Problem(errors.INPUT_TOO_LARGE, path, {"max_bytes": MAX_INPUT_BYTES})])
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError([Problem(errors.INVALID_ENCODING, path, {"offset": exc.start})]) from None
    if len(text) > MAX_INPUT_BYTES:
        raise InputError([Problem(errors.INPUT_TOO_LARGE, path, {"max_bytes": MAX_INPUT_BYTES})])
    return text


def _check_depth(text: str, path: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH, naming where it happens."""
    depth = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token[0] == '"':
            continue
        depth += 1 if token in "[{" else -1
        if depth > MAX_DEPTH:
            at = match.start()
            line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
            raise InputError([Problem(errors.INVALID_JSON, path, {"line": line, "column": column})])


def load_levels(text: str | bytes | None) -> LevelTable:
    """The caller's level table (JSON text), or the shipped example if none."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return example_table()
    reader = Reader()
    table = parse_levels(decode(text, "levels"), reader, "levels")
    if table is None:
        raise reader.error()
    return table


def estimate_dict(input_text: str | bytes, levels_text: str | bytes | None = None,
                  today: str | date | None = None) -> dict[str, Any]:
    """The contract as a dict: the result, or ``{"errors": [...]}`` with every
    problem of the input and of ``levels_text`` (which, when given, replaces
    the input's own table)."""
    try:
        data, table = _checked(input_text, levels_text, today)
    except InputError as exc:
        return {"errors": [p.to_json() for p in exc.problems]}
    return _result_json(estimate(data, table))


def _checked(input_text: str | bytes, levels_text: str | bytes | None,
             today: str | date | None) -> tuple[EstimateInput, LevelTable]:
    """The checked input and the table to estimate it with; ``InputError``
    with the problems of both the input and ``levels_text``."""
    problems: list[Problem] = []
    override = None
    if levels_text is not None:
        try:
            override = load_levels(levels_text)
        except InputError as exc:
            problems += exc.problems
    try:
        data, table = parse_input(decode(input_text), _today(today), override)
    except InputError as exc:
        problems += exc.problems
    if problems:
        raise InputError(errors.capped(problems))
    return data, table


def estimate_json(input_text: str | bytes, levels_text: str | bytes | None = None,
                  today: str | date | None = None) -> str:
    """The contract as JSON text (for the browser worker)."""
    return dumps(estimate_dict(input_text, levels_text, today))


def limits_dict() -> dict[str, int]:
    """The input limits, for a form that must not hold more than the
    estimator takes (the page gets them at build time, never a copy)."""
    return {"max_sites": MAX_SITES, "max_items": MAX_ITEMS, "max_levels": MAX_LEVELS, "max_text": MAX_TEXT,
            "max_input_bytes": MAX_INPUT_BYTES, "min_horizon_years": MIN_HORIZON_YEARS,
            "max_horizon_years": MAX_HORIZON_YEARS, "default_horizon_years": DEFAULT_HORIZON_YEARS}


def form_dict() -> dict[str, Any]:
    """What a form of the contract holds: each item and agreement field, in
    the contract's order, with its kind (text, whole, decimal, money, date,
    level, currency), and the limits. The page is built with it, so it names
    no field of its own. Lists, not objects: JSON keeps their order."""
    def fields(kinds: dict[str, str]) -> list[dict[str, str]]:
        return [{"field": field, "kind": kind} for field, kind in kinds.items()]

    return {"item_fields": fields(ITEM_KINDS), "agreement_fields": fields(AGREEMENT_KINDS),
            "level_fields": fields(LEVEL_KINDS), "limits": limits_dict()}


def levels_dict(levels_text: str | bytes | None = None) -> dict[str, Any]:
    try:
        table = load_levels(levels_text)
    except InputError as exc:
        return {"errors": [p.to_json() for p in exc.problems]}
    return {"example_table": table.example, "level_table": [level_json(level) for level in table.levels]}


def levels_json(levels_text: str | bytes | None = None) -> str:
    return dumps(levels_dict(levels_text))


def chart_svg(input_text: str | bytes | None, labels_json: str = "{}",
              levels_text: str | bytes | None = None, today: str | date | None = None) -> str:
    """The level table the estimate uses (``levels_text``, else the input's
    own, else the example) as a step chart, with the estimate's position if
    the input is valid (``None`` or bad input: the table alone)."""
    labels = json.loads(labels_json) if labels_json else {}
    table, position = None, None
    if input_text is not None:
        try:
            data, table = _checked(input_text, levels_text, today)
            position = estimate(data, table).total_points
        except InputError:
            table = None
    if table is None:
        try:
            table = load_levels(levels_text)
        except InputError:
            table = example_table()
    return level_chart(table, position, labels if isinstance(labels, dict) else {})


def import_csv(text: str | bytes) -> str:
    """Line items from CSV text: ``{"sites": [...], "errors": [...]}``.

    Bytes are read as the browser reads a file: UTF-8 (a BOM is allowed),
    anything else refused as ``invalid_encoding``."""
    try:
        text = _text(text, "rows")
    except InputError as exc:
        return dumps({"sites": [], "errors": [p.to_json() for p in exc.problems]})
    return dumps(read_csv(text))


def export_csv(text: str, decimal: str = ".") -> str:
    """The line items of a form state (JSON text) as CSV, in the convention of
    a reader whose decimal mark is ``decimal`` (``,``: semicolons, 1200,5)."""
    try:
        raw = decode(text)
    except InputError:
        raw = {}
    return write_csv(raw if isinstance(raw, dict) else {}, "," if decimal == "," else ".")


# What a form cannot hold (a field it has no place for, a value of the wrong
# kind): an imported file's problems of these kinds are listed at the import,
# since the form drops the values; the others show next to their fields.
DROPPED_BY_FORM = (errors.UNKNOWN_FIELD, errors.WRONG_TYPE)


def import_json(text: str, today: str | date | None = None) -> str:
    """A whole input from JSON text, as form values (numbers as exact
    strings), with every problem a check of it finds (``errors``; nothing is
    estimated) and those of them the form drops (``dropped``)."""
    try:
        raw = decode(text)
    except InputError as exc:
        problems = [p.to_json() for p in exc.problems]
        return dumps({"input": None, "errors": problems, "dropped": []})
    if not isinstance(raw, dict):
        problems = [Problem(errors.WRONG_TYPE, "", {"expected": "object"}).to_json()]
        return dumps({"input": None, "errors": problems, "dropped": []})
    try:
        parse_input(raw, _today(today))
        found: list[Problem] = []
    except InputError as exc:
        found = exc.problems
    return dumps({"input": as_text(raw), "errors": [p.to_json() for p in found],
                  "dropped": [p.to_json() for p in found if p.code in DROPPED_BY_FORM]})


def view_json(text: str, labels: str = "{}", today: str | date | None = None) -> str:
    """What the page shows after an edit, in one call: the contract's answer
    as the text the command line prints (``estimate``: the JSON export is
    byte for byte the same), the level chart with the estimate's position
    (``chart``) and the years ahead (``years_chart``); the charts are
    ``null`` for bad input. One decode, one check, one estimate. With the
    years chart come its figures as table rows (``years_table``: each date a
    bill falls due, and what each program has cost by then).

    ``labels``: JSON ``{"levels": {...}, "years": {...}}``, each chart's words
    (see ``level_chart`` and ``years_chart``)."""
    try:
        data, table = _checked(text, None, today)
    except InputError as exc:
        problems = dumps({"errors": [p.to_json() for p in exc.problems]})
        return dumps({"estimate": problems, "chart": None, "years_chart": None, "years_table": None})
    result = estimate(data, table)
    return dumps({"estimate": dumps(_result_json(result)),
                  "chart": level_chart(table, result.total_points, _labels(labels, "levels")),
                  "years_chart": years_chart(result, _labels(labels, "years")),
                  "years_table": [{"date": day.isoformat(), "express": str(express),
                                   "passport_advantage": str(passport)}
                                  for day, express, passport in running_totals(result)]})


def years_svg(input_text: str | bytes, labels_json: str = "{}", levels_text: str | bytes | None = None,
              today: str | date | None = None) -> str | None:
    """The years-ahead chart of a valid input (``None`` for bad input)."""
    try:
        data, table = _checked(input_text, levels_text, today)
    except InputError:
        return None
    return years_chart(estimate(data, table), _labels(labels_json))


def _labels(text: str | None, section: str | None = None) -> dict[str, Any]:
    """A chart's words from JSON text (``section`` of it, if named); anything
    but an object gives none, and the chart draws without words."""
    words = json.loads(text) if text else {}
    if section is not None and isinstance(words, dict):
        words = words.get(section)
    return words if isinstance(words, dict) else {}


# The browser worker's functions, by name, with the arguments each takes from
# a request's payload: ``text`` (the document: an input, a CSV file or a form
# state), ``labels`` (the charts' words, JSON text), ``today`` (ISO date) and
# ``decimal`` (the reader's decimal mark).
WORKER_FUNCTIONS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "view": (view_json, ("text", "labels", "today")),
    "import_json": (import_json, ("text", "today")),
    "import_csv": (import_csv, ("text",)),
    "export_csv": (export_csv, ("text", "decimal")),
}


def worker_functions() -> str:
    """The names ``call`` answers to, as a JSON list (a worker refuses others)."""
    return json.dumps(list(WORKER_FUNCTIONS))


def call(name: str, payload: str) -> str:
    """The worker's one entry: ``WORKER_FUNCTIONS[name]`` with the arguments
    it takes from ``payload`` (a JSON object; other keys are not its)."""
    function, parameters = WORKER_FUNCTIONS[name]
    given = json.loads(payload)
    return function(**{key: given[key] for key in parameters if given.get(key) is not None})


def as_text(value: Any) -> Any:
    """A decoded input with every number as its exact text, ready for
    ``json.dumps`` (as a form holds it)."""
    if isinstance(value, Decimal):
        # Plain notation as the form shows numbers, but 1e99999999 stays
        # short: written out it would be a 100 MB string.
        exponent = value.as_tuple().exponent
        return str(value) if isinstance(exponent, int) and abs(exponent) > MAX_TEXT else decimal_text(value)
    if isinstance(value, NonFinite):
        return value.text
    if isinstance(value, dict):
        return {str(k): as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_text(v) for v in value]
    return value


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _today(value: str | date | None) -> date:
    if isinstance(value, date):
        return value
    if value:
        return date.fromisoformat(value)
    return date.today()
