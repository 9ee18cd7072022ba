"""Plain data to JSON-ready values: every Decimal a string, dates ISO strings.

Strings keep a Decimal exact across JSON (a JSON number would become a float
in JavaScript). Fixed-point notation, never ``1E+3``.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

from .errors import Problem
from .model import Estimate, Level


def decimal_text(value: Decimal) -> str:
    text = format(value, "f")
    return "0" if text in ("-0", "-0.0") else text


def to_json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Problem):
        return value.to_json()
    if isinstance(value, Level):
        return level_json(value)
    if dataclasses.is_dataclass(value):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    return value


def level_json(level: Level) -> dict[str, str]:
    return {"level": level.name, "min_points": decimal_text(level.min_points),
            "discount_percent": decimal_text(level.discount_percent)}


def estimate_json(result: Estimate) -> dict[str, Any]:
    return to_json(result)
