"""Hostile input, one table for all four ways in: typed into the form, a CSV
file, a JSON file, a link. Each case names what the estimator (and the
page) must answer: a code at a path, or ``None`` for input that must simply
work. test_bad_input.py runs every case in the browser and on the command
line (or calculator.api for CSV, as the browser calls it).

Payloads are builders, so that a 100,000-row file is made only when used.
Every input starts from tests/support/inputs.py's one-item input.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from calculator.api import limits_dict
from calculator.csvio import COLUMNS
from tests.support.inputs import csv_row, form_state, one_item_input, raw_quantity

from .links import deflated, state_fragment

ITEM = "sites[0].items[0]"
QUANTITY, PRICE, POINTS = f"{ITEM}.quantity", f"{ITEM}.unit_price", f"{ITEM}.points_per_unit"
DESCRIPTION, SITE_NAME = f"{ITEM}.description", "sites[0].name"
HEADER = ",".join(COLUMNS)
GOOD_ROW = csv_row()
MIB = 1024 * 1024
# The limits a page's form_full message names (state.js, from calculator.api).
FORM_LIMITS = {key: limits_dict()[key] for key in ("max_sites", "max_items", "max_levels")}


SEMICOLON_HEADER = HEADER.replace(",", ";")


def csv_file(*rows: str, header: str = HEADER) -> Callable[[], bytes]:
    return lambda: "\n".join([header, *rows, ""]).encode()


def json_file(**item: Any) -> Callable[[], bytes]:
    """The one-item input as a JSON file, its numbers written as JSON numbers
    (as a program exporting one would), with ``item`` fields changed."""
    numbers = {"quantity": 2, "points_per_unit": 10, "unit_price": 100}
    return lambda: json.dumps(one_item_input({**numbers, **item})).encode()


def raw_json(fragment: str) -> Callable[[], bytes]:
    """The one-item input as a JSON file whose quantity is a raw fragment (NaN, 1e309, …)."""
    return lambda: raw_quantity(fragment).encode()


def renamed(state: dict[str, Any], name: str) -> dict[str, Any]:
    """``state`` with its one site named ``name``."""
    return {**state, "sites": [{**state["sites"][0], "name": name}]}


def form(path: str, typed: str) -> Callable[[], tuple[str, str]]:
    return lambda: (path, typed)


def link(state: Any = None, raw: str | None = None) -> Callable[[], dict[str, Any]]:
    """A link holding ``state`` (the command line gets the same input), or a
    ``raw`` fragment that has no input to speak of (page only)."""
    return lambda: {"fragment": raw if raw is not None else state_fragment(state), "state": state}


def truncated_link() -> str:
    fragment = state_fragment(form_state())
    return fragment[: len(fragment) // 2]


@dataclass(frozen=True)
class Case:
    id: str
    channel: str  # form | csv | json | url
    payload: Callable[[], Any]
    code: str | None  # None: accepted without a message
    path: str  # where the estimator (or import) reports it
    everywhere: bool = False  # also checked in every language, not just one
    params: dict[str, Any] | None = None  # of a code only the page has (a link's), for its words


CASES: list[Case] = [
    # ---- typed into the form (the field keeps what was typed) -------------------------------
    Case("form: 1e309", "form", form(QUANTITY, "1e309"), "too_large", QUANTITY, True),
    Case("form: NaN", "form", form(QUANTITY, "NaN"), "not_a_number", QUANTITY),
    Case("form: Infinity", "form", form(QUANTITY, "Infinity"), "not_a_number", QUANTITY),
    Case("form: negative", "form", form(QUANTITY, "-5"), "negative", QUANTITY, True),
    # Not a number in any language (10,5 and 10.5 are read, or questioned, by the page: numbers.js).
    Case("form: semicolon in a number", "form", form(QUANTITY, "10;5"), "not_a_number", QUANTITY),
    Case("form: 100 digits", "form", form(QUANTITY, "9" * 100), "too_large", QUANTITY),
    Case("form: exponent past Decimal", "form", form(QUANTITY, "1e99999999999999999999999"),
         "too_large", QUANTITY),
    Case("form: 201-digit price", "form", form(PRICE, "1" * 201), "too_long", PRICE),
    Case("form: hex", "form", form(PRICE, "0x1F"), "not_a_number", PRICE),
    Case("form: 1e-7 points", "form", form(POINTS, "1e-7"), "too_many_decimals", POINTS),
    Case("form: formula", "form", form(POINTS, "=1+1"), "not_a_number", POINTS),
    Case("form: 1e16 existing points", "form", form("existing_points", "1e16"),
         "too_large", "existing_points"),
    Case("form: -Infinity", "form", form("existing_points", "-Infinity"), "not_a_number", "existing_points"),
    Case("form: currency symbol", "form", form("currency", "€"), "invalid_currency", "currency"),
    Case("form: 1 MB description", "form", form(DESCRIPTION, "x" * MIB), "too_long", DESCRIPTION),
    Case("form: blank site name", "form", form(SITE_NAME, "   "), "empty", SITE_NAME),
    Case("form: NUL in a site name", "form", form(SITE_NAME, "HQ\x00"), "invalid_character", SITE_NAME,
         True),
    Case("form: year 9999", "form", form("migration_date", "9999-12-31"),
         "date_out_of_range", "migration_date"),
    # ---- a CSV file (the rows already in the form stay) -------------------------------------
    Case("csv: 100,000 rows", "csv", csv_file(*[GOOD_ROW] * 100_000), "too_many", "rows", True),
    Case("csv: a PNG", "csv", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8",
         "invalid_encoding", "rows"),
    Case("csv: NUL bytes", "csv", lambda: HEADER.encode() + b"\nHQ,\x00\x00,1,1,1,,\n",
         "invalid_csv", "rows"),
    Case("csv: Latin-1", "csv", lambda: f"{HEADER}\nKøge,Db2,1,1,1,,\n".encode("latin-1"),
         "invalid_encoding", "rows"),
    Case("csv: UTF-16", "csv", lambda: f"{HEADER}\n{GOOD_ROW}\n".encode("utf-16"),
         "invalid_encoding", "rows", True),
    Case("csv: empty file", "csv", lambda: b"", "empty", "rows"),
    Case("csv: blank lines", "csv", lambda: b"\r\n\n ,, \n", "empty", "rows"),
    Case("csv: wrong header", "csv", csv_file("HQ,1,1", header="name,qty,price"),
         "unknown_field", "header.name"),
    # A Danish spreadsheet's CSV: semicolons between cells, decimal commas.
    Case("csv: semicolons", "csv", csv_file("HQ;Db2;1;1,5;1;;", header=SEMICOLON_HEADER), None, "rows"),
    Case("csv: semicolon header, comma rows", "csv", csv_file("HQ,Db2,1,1,1,,", header=SEMICOLON_HEADER),
         "required", "rows[1].quantity"),
    Case("csv: BOM", "csv", lambda: b"\xef\xbb\xbf" + csv_file(GOOD_ROW)(), None, "rows"),
    Case("csv: extra cell", "csv", csv_file(GOOD_ROW + ",surplus"), "too_many", "rows[1]"),
    Case("csv: NaN", "csv", csv_file(csv_row(quantity="NaN")), "not_a_number", "rows[1].quantity"),
    Case("csv: 1e309", "csv", csv_file(csv_row(points_per_unit="1e309")),
         "too_large", "rows[1].points_per_unit"),
    Case("csv: formula", "csv", csv_file(csv_row(quantity="=1+1")), "not_a_number", "rows[1].quantity"),
    Case("csv: 1 MB cell", "csv", csv_file(csv_row("x" * MIB)), "invalid_csv", "rows"),
    Case("csv: impossible date", "csv", csv_file(csv_row(renewal_date="2026-02-30")), "invalid_date",
         "rows[1].renewal_date"),
    Case("csv: unterminated quote", "csv", csv_file(csv_row(description='"Db2')),
         "required", "rows[1].quantity"),
    Case("csv: terminal escape", "csv", csv_file(csv_row(description="\x1b[2J\x1b[31mDb2")),
         "invalid_character", "rows[1].description"),
    # ---- a JSON file (refused: the form stays; accepted: its values show) ------------------
    Case("json: deep nesting", "json", lambda: b"[" * 100_000 + b"]" * 100_000, "invalid_json", "", True),
    Case("json: NaN", "json", raw_json("NaN"), "not_a_number", QUANTITY),
    Case("json: Infinity", "json", lambda: json_file()()[:-1] + b',"existing_points":Infinity}',
         "not_a_number", "existing_points"),
    Case("json: 1e309", "json", raw_json("1e309"), "too_large", QUANTITY),
    Case("json: 1e99999999", "json", raw_json("1e99999999"), "too_large", QUANTITY),
    Case("json: truncated", "json", lambda: json_file()()[:40], "invalid_json", ""),
    Case("json: empty file", "json", lambda: b"", "invalid_json", ""),
    Case("json: a list", "json", lambda: b"[1, 2]", "wrong_type", ""),
    Case("json: binary", "json", lambda: b"\x00\xff\xfe\x00garbage", "invalid_encoding", ""),
    Case("json: UTF-16", "json", lambda: json_file()().decode().encode("utf-16"),
         "invalid_encoding", "", True),
    Case("json: BOM", "json", lambda: b"\xef\xbb\xbf" + json_file()(), None, ""),
    Case("json: over 16 MiB", "json", lambda: b" " * (16 * MIB + 1), "input_too_large", ""),
    Case("json: 1 MB site name", "json", lambda: json_file()().replace(b'"HQ"', b'"' + b"x" * MIB + b'"'),
         "too_long", SITE_NAME),
    Case("json: unknown field", "json", json_file(colour="red"), "unknown_field", f"{ITEM}.colour"),
    Case("json: sites not a list", "json", lambda: b'{"sites": "HQ"}', "wrong_type", "sites"),
    Case("json: true for a number", "json", json_file(quantity=True), "wrong_type", QUANTITY),
    Case("json: lone surrogate", "json", lambda: json_file()().replace(b'"HQ"', b'"H\\ud800Q"'),
         "invalid_character", SITE_NAME),
    # ---- a link (#state=…) -------------------------------------------------------------------
    Case("url: truncated", "url", lambda: link(raw=truncated_link())(), "state_unreadable", "sites", True),
    Case("url: not base64", "url", link(raw="#state=<script>alert(1)</script>"), "state_unreadable", "sites"),
    Case("url: not deflate", "url", link(raw="#state=" + "QUJD" * 50), "state_unreadable", "sites"),
    Case("url: not JSON", "url", lambda: link(raw="#state=" + deflated(b"{not json"))(),
         "state_unreadable", "sites"),
    Case("url: wrong shape", "url", lambda: link(raw="#state=" + deflated(b'{"sites":"HQ"}'))(),
         "state_unreadable", "sites"),
    Case("url: deflate bomb", "url", lambda: link(raw="#state=" + deflated(b" " * 20_000_000))(),
         "state_unreadable", "sites"),
    Case("url: 100,000 sites", "url", lambda: link(raw=state_fragment({"sites": [{}] * 100_000}))(),
         "form_full", "sites",
         params={**FORM_LIMITS, "kept_sites": 1_000, "kept_items": 0, "left_sites": 99_000, "left_items": 0}),
    Case("url: deep nesting", "url",
         lambda: link(raw="#state=" + deflated(b"[" * 100_000 + b"]" * 100_000))(),
         "state_unreadable", "sites"),
    Case("url: NaN", "url", link(form_state(quantity="NaN")), "not_a_number", QUANTITY),
    Case("url: 1e309", "url", link(form_state(quantity="1e309")), "too_large", QUANTITY, True),
    Case("url: negative price", "url", link(form_state(unit_price="-1")), "negative", PRICE),
    Case("url: 1 MB site name", "url", lambda: link(renamed(form_state(), "x" * MIB))(),
         "too_long", SITE_NAME),
    Case("url: lone surrogate", "url", link(form_state(description="Db2\ud800")), "invalid_character",
         DESCRIPTION),
]
