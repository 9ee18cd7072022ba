"""Turn decoded JSON (dicts, lists, strings, Decimals) into checked input.

Every problem is collected, each with the path of the value it concerns, so a
form can show all of them at once next to the right fields.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from . import errors
from .errors import InputError, Problem
from .levels import example_table, validate_table
from .model import ZERO, EstimateInput, Level, LevelTable, LineItem, Site
from .money import minor_unit

# Limits: generous for any real agreement, small enough to keep the browser responsive.
MAX_SITES = 1_000
MAX_ITEMS = 50_000
MAX_LEVELS = 100
MAX_TEXT = 200
MAX_QUANTITY = Decimal(10) ** 9
MAX_POINTS = Decimal(10) ** 9
MAX_PRICE = Decimal(10) ** 12
MAX_EXISTING_POINTS = Decimal(10) ** 15
MAX_DECIMALS = 6
MIN_HORIZON_YEARS, MAX_HORIZON_YEARS, DEFAULT_HORIZON_YEARS = 1, 5, 3
MIN_DATE = date(1990, 1, 1)
MAX_DATE = date(2200, 12, 31)

# ASCII digits only: "５" or "١٢٣" are digits to Unicode, not numbers here.
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", re.ASCII)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_CURRENCY = re.compile(r"[A-Z]{3}")
# What XML 1.0 cannot hold (most C0 controls, lone surrogates, U+FFFE/U+FFFF):
# such a name would make the SVG chart unreadable and the JSON output
# unencodable as UTF-8, and no real name needs one.
_UNUSABLE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# Each field of the contract with its kind: what it holds and how it is
# checked. Also what a form needs to know to take it (api.form_dict gives it
# to the page at build time). Dicts keep their order: problems come out in
# a fixed order whatever the hash seed.
ITEM_KINDS = {"description": "text", "quantity": "whole", "points_per_unit": "decimal", "unit_price": "money",
              "renewal_date": "date", "order": "text"}
AGREEMENT_KINDS = {"existing_points": "decimal", "current_level": "level", "anniversary_date": "date",
                   "migration_date": "date", "horizon_years": "whole", "currency": "currency"}
INPUT_FIELDS = ("sites", *AGREEMENT_KINDS, "levels")
SITE_FIELDS = ("name", "items")
ITEM_FIELDS = tuple(ITEM_KINDS)
ITEM_REQUIRED = ("quantity", "points_per_unit", "unit_price")
ITEM_MAXIMA = {"quantity": MAX_QUANTITY, "points_per_unit": MAX_POINTS}
LEVEL_KINDS = {"level": "text", "min_points": "decimal", "discount_percent": "decimal"}
LEVEL_FIELDS = tuple(LEVEL_KINDS)


class NonFinite:
    """What the JSON decoder gives for NaN and Infinity, so that the value is
    reported at its own path instead of failing the whole document."""

    def __init__(self, text: str):
        self.text = text


def exact_number(text: str) -> Decimal:
    """A number's text as a Decimal. An exponent past what Decimal holds (it
    raises, at a lower bound in 32-bit Pyodide than in CPython) becomes
    ±1E±100 with the same signs, so the range checks say what is wrong
    (too large, too many decimals) on every platform alike."""
    try:
        return Decimal(text)
    except InvalidOperation:
        mantissa, _, exponent = text.lower().partition("e")
        if not mantissa.strip("+-.0"):
            return Decimal(0)
        sign = "-" if mantissa.startswith("-") else ""
        return Decimal(f"{sign}1E{'-' if exponent.startswith('-') else '+'}100")


class Reader:
    """Collects problems while reading values of expected shapes: the first
    ``errors.MAX_PROBLEMS`` of them, and a count of all (``found``), so that
    hostile input cannot grow the list without bound."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.found = 0

    def add(self, code: str, path: str, **params: Any) -> None:
        self.found += 1
        if len(self.problems) < errors.MAX_PROBLEMS:
            self.problems.append(Problem(code, path, params))

    def report(self) -> list[Problem]:
        """The problems kept, and how many more were found."""
        return errors.capped(self.problems, self.found - len(self.problems))

    def error(self) -> InputError:
        return InputError(self.report())

    def fields(self, value: Any, path: str, allowed: tuple[str, ...],
               required: tuple[str, ...]) -> dict | None:
        if not isinstance(value, dict):
            self.add(errors.WRONG_TYPE, path, expected="object")
            return None
        for key in value:
            if key not in allowed:
                self.unknown(path, key)
        for key in required:
            if value.get(key) is None:
                self.add(errors.REQUIRED, _join(path, key))
        return value

    def unknown(self, path: str, key: Any) -> None:
        """An unknown field, named as the input spells it (the message quotes it)."""
        if len(self.problems) >= errors.MAX_PROBLEMS:
            self.found += 1  # counted, not named: naming a million keys costs memory
            return
        name = printable(str(key)[:MAX_TEXT])
        self.add(errors.UNKNOWN_FIELD, _join(path, name), field=name)

    def array(self, value: Any, path: str, limit: int) -> list | None:
        if not isinstance(value, list):
            self.add(errors.WRONG_TYPE, path, expected="array")
            return None
        if not value:
            self.add(errors.EMPTY, path)
            return None
        if len(value) > limit:
            self.add(errors.TOO_MANY, path, max=limit)
            return None
        return value

    def text(self, value: Any, path: str, *, required: bool = False) -> str | None:
        if not isinstance(value, str):
            self.add(errors.WRONG_TYPE, path, expected="string")
            return None
        bad = _UNUSABLE.search(value)
        if bad:
            self.add(errors.INVALID_CHARACTER, path, position=bad.start() + 1)
            return None
        value = value.strip()
        if len(value) > MAX_TEXT:
            self.add(errors.TOO_LONG, path, max=MAX_TEXT)
            return None
        if required and not value:
            self.add(errors.EMPTY, path)
            return None
        return value

    def decimal(self, value: Any, path: str, maximum: Decimal, *, whole: bool = False) -> Decimal | None:
        number = self.number(value, path)
        if number is None:
            return None
        if number < 0:
            self.add(errors.NEGATIVE, path)
        elif number > maximum:
            self.add(errors.TOO_LARGE, path, max=format(maximum, "f"))
        elif whole and number != number.to_integral_value():
            self.add(errors.NOT_WHOLE_NUMBER, path)
        elif not whole and _decimal_places(number) > MAX_DECIMALS:
            self.add(errors.TOO_MANY_DECIMALS, path, max=MAX_DECIMALS)
        else:
            return number.copy_abs() if number.is_zero() else number  # "-0.00" is 0.00
        return None

    def price(self, value: Any, path: str, currency: str) -> Decimal | None:
        """An amount of money: no finer than the currency's minor unit (a
        yen price is whole, a dollar price has cents at most)."""
        places = minor_unit(currency)
        number = self.decimal(value, path, MAX_PRICE, whole=places == 0)
        if number is not None and places and _decimal_places(number) > places:
            self.add(errors.TOO_MANY_DECIMALS, path, max=places)
            return None
        return number

    def number(self, value: Any, path: str) -> Decimal | None:
        if isinstance(value, bool) or not isinstance(value, (Decimal, int, str, NonFinite)):
            self.add(errors.WRONG_TYPE, path, expected="number")
            return None
        if isinstance(value, NonFinite):
            self.add(errors.NOT_A_NUMBER, path)
            return None
        if isinstance(value, str):
            text = value.strip()
            if len(text) > MAX_TEXT:  # a long number is still a number: say what is wrong
                self.add(errors.TOO_LONG, path, max=MAX_TEXT)
                return None
            if not _NUMBER.fullmatch(text):
                self.add(errors.NOT_A_NUMBER, path)
                return None
            return exact_number(text)  # always finite: digits, and an exponent it keeps in range
        try:
            number = Decimal(value)
        except (InvalidOperation, ValueError):
            self.add(errors.NOT_A_NUMBER, path)
            return None
        if not number.is_finite():
            self.add(errors.NOT_A_NUMBER, path)
            return None
        return number  # 1e400 stays finite here; the range check reports it

    def date(self, value: Any, path: str) -> date | None:
        if not isinstance(value, str):
            self.add(errors.WRONG_TYPE, path, expected="date")
            return None
        text = value.strip()
        if not _DATE.fullmatch(text):
            self.add(errors.INVALID_DATE, path)
            return None
        try:
            day = date.fromisoformat(text)
        except ValueError:
            self.add(errors.INVALID_DATE, path)
            return None
        if not MIN_DATE <= day <= MAX_DATE:
            self.add(errors.DATE_OUT_OF_RANGE, path, min=MIN_DATE.isoformat(), max=MAX_DATE.isoformat())
            return None
        return day


def parse_input(raw: Any, today: date, levels: LevelTable | None = None) -> tuple[EstimateInput, LevelTable]:
    """Check a decoded JSON input; raise ``InputError`` with every problem.

    ``levels``, when given, replaces the input's own table (and the example)
    and is the table ``current_level`` is checked against.
    """
    reader = Reader()
    top = reader.fields(raw, "", INPUT_FIELDS, ("sites",))
    if top is None:
        raise reader.error()
    table = levels or example_table()
    if "levels" in top:
        own = parse_levels(top["levels"], reader, "levels")
        table = levels or own or table
    currency = _currency(top.get("currency"), reader)
    sites = _sites(top["sites"], reader, currency) if top.get("sites") is not None else ()
    existing = ZERO
    if top.get("existing_points") is not None:
        existing = reader.decimal(top["existing_points"], "existing_points", MAX_EXISTING_POINTS) or ZERO
    migration = today
    if top.get("migration_date") is not None:
        migration = reader.date(top["migration_date"], "migration_date") or today
    anniversary = None
    if top.get("anniversary_date") is not None:
        anniversary = reader.date(top["anniversary_date"], "anniversary_date")
        if anniversary is not None and anniversary.day != 1:
            reader.add(errors.NOT_FIRST_OF_MONTH, "anniversary_date")
    if existing > 0 and top.get("anniversary_date") is None:
        reader.add(errors.ANNIVERSARY_REQUIRED, "existing_points")
    years = DEFAULT_HORIZON_YEARS
    if top.get("horizon_years") is not None:
        years = _horizon(top["horizon_years"], reader)
    current = None
    if top.get("current_level") is not None:
        current = reader.text(top["current_level"], "current_level", required=True)
        if current is not None and table.named(current) is None:
            reader.add(errors.UNKNOWN_LEVEL, "current_level", level=current,
                       levels=[level.name for level in table.levels])
    if reader.found:
        raise reader.error()
    return EstimateInput(tuple(sites), migration, existing, current, currency, anniversary, years), table


def _currency(value: Any, reader: Reader) -> str:
    """An ISO 4217 code, in either case; USD when not given."""
    if value is None:
        return "USD"
    code = reader.text(value, "currency")
    if code is None:
        return "USD"
    if not _CURRENCY.fullmatch(code.upper()):
        reader.add(errors.INVALID_CURRENCY, "currency")
        return "USD"
    return code.upper()


def _horizon(value: Any, reader: Reader) -> int:
    """Whole years, 1 to 5: one message says the range, whatever is wrong."""
    years = reader.number(value, "horizon_years")
    if years is None:
        return DEFAULT_HORIZON_YEARS
    if years != years.to_integral_value() or not MIN_HORIZON_YEARS <= years <= MAX_HORIZON_YEARS:
        reader.add(errors.OUT_OF_RANGE, "horizon_years", min=MIN_HORIZON_YEARS, max=MAX_HORIZON_YEARS)
        return DEFAULT_HORIZON_YEARS
    return int(years)


def parse_levels(raw: Any, reader: Reader, path: str) -> LevelTable | None:
    """A caller's level table, or ``None`` (with problems) if it is unusable."""
    if isinstance(raw, dict) and "levels" in raw and path != "levels.levels":
        # The shape of the shipped data file is accepted too.
        raw = raw["levels"]
    entries = reader.array(raw, path, MAX_LEVELS)
    if entries is None:
        return None
    before = reader.found
    levels = []
    for index, entry in enumerate(entries):
        at = f"{path}[{index}]"
        fields = reader.fields(entry, at, LEVEL_FIELDS, LEVEL_FIELDS)
        if fields is None or any(fields.get(key) is None for key in LEVEL_FIELDS):
            continue
        name = reader.text(fields["level"], f"{at}.level", required=True)
        points = reader.decimal(fields["min_points"], f"{at}.min_points", MAX_EXISTING_POINTS)
        discount = reader.decimal(fields["discount_percent"], f"{at}.discount_percent", Decimal(10) ** 6)
        if name is not None and points is not None and discount is not None:
            levels.append(Level(name, points, discount))
    if reader.found > before:
        return None
    problems = validate_table(tuple(levels), path)
    for problem in problems:
        reader.add(problem.code, problem.path, **problem.params)
    return None if problems else LevelTable(tuple(levels), example=False)


def _sites(raw: Any, reader: Reader, currency: str) -> list[Site]:
    entries = reader.array(raw, "sites", MAX_SITES)
    if entries is None:
        return []
    total_items = sum(len(s["items"]) for s in entries
                      if isinstance(s, dict) and isinstance(s.get("items"), list))
    if total_items > MAX_ITEMS:
        reader.add(errors.TOO_MANY, "sites", max=MAX_ITEMS)
        return []
    sites, names = [], set()
    for index, entry in enumerate(entries):
        at = f"sites[{index}]"
        fields = reader.fields(entry, at, SITE_FIELDS, SITE_FIELDS)
        if fields is None:
            continue
        name = None
        if fields.get("name") is not None:
            name = reader.text(fields["name"], f"{at}.name", required=True)
        if name is not None and name in names:
            reader.add(errors.DUPLICATE_NAME, f"{at}.name", name=name)
        names.add(name or "")
        items = []
        if fields.get("items") is not None:
            items = _items(fields["items"], reader, f"{at}.items", currency)
        if name is not None:
            sites.append(Site(name, tuple(items)))
    return sites


def _items(raw: Any, reader: Reader, path: str, currency: str) -> list[LineItem]:
    entries = reader.array(raw, path, MAX_ITEMS)
    items = []
    for index, entry in enumerate(entries or []):
        at = f"{path}[{index}]"
        fields = reader.fields(entry, at, ITEM_FIELDS, ITEM_REQUIRED)
        if fields is None:
            continue
        got = {key: _optional(fields, key, reader, at, currency) for key in ITEM_FIELDS}
        if all(got[key] is not None for key in ITEM_REQUIRED):
            items.append(LineItem(int(got["quantity"]), got["points_per_unit"], got["unit_price"],
                                  got["description"] or "", got["renewal_date"], got["order"] or None))
    return items


def _optional(fields: dict, key: str, reader: Reader, at: str, currency: str) -> Any:
    value = fields.get(key)
    if value is None:
        return None
    path, kind = f"{at}.{key}", ITEM_KINDS[key]
    if kind == "money":
        return reader.price(value, path, currency)
    if kind in ("whole", "decimal"):
        return reader.decimal(value, path, ITEM_MAXIMA[key], whole=kind == "whole")
    if kind == "date":
        return reader.date(value, path)
    return reader.text(value, path)


def _decimal_places(number: Decimal) -> int:
    """Significant places after the point (``1.50`` has one)."""
    sign, digits, exponent = number.as_tuple()
    if not isinstance(exponent, int) or exponent >= 0:
        return 0
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -exponent - trailing)


def printable(text: str) -> str:
    """``text`` with each character XML and UTF-8 cannot carry replaced by
    U+FFFD, for echoing a name the input got wrong (an unknown field)."""
    return _UNUSABLE.sub("\ufffd", text)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
