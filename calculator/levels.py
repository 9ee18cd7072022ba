"""The level table: the shipped one and the rules any table must follow.

IBM publishes where each level starts (its RSVP/SVP table: BL, D 500, E 1,000,
F 2,500, G 5,000, H 10,000 points) but not what each level saves, so the
shipped table (``data/levels.json``, sources named there) has IBM's thresholds
and *example* discounts, and is labelled so wherever it is shown. A caller may
pass a table of its own, which replaces both.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import lru_cache
from importlib import resources

from . import errors
from .errors import Problem
from .model import Level, LevelTable

HUNDRED = Decimal(100)


def validate_table(levels: tuple[Level, ...], path: str = "levels") -> list[Problem]:
    """Every rule a level table breaks, each at the entry that breaks it."""
    problems: list[Problem] = []
    if not levels:
        return [Problem(errors.EMPTY, path)]
    seen: set[str] = set()
    for index, level in enumerate(levels):
        at = f"{path}[{index}]"
        if level.name in seen:
            problems.append(Problem(errors.DUPLICATE_LEVEL, f"{at}.level", {"level": level.name}))
        seen.add(level.name)
        if not 0 <= level.discount_percent <= HUNDRED:
            problems.append(Problem(errors.DISCOUNT_OUT_OF_RANGE, f"{at}.discount_percent",
                                    {"min": "0", "max": "100"}))
        if index == 0:
            if level.min_points != 0:
                problems.append(Problem(errors.FIRST_THRESHOLD_NOT_ZERO, f"{at}.min_points"))
            continue
        before = levels[index - 1]
        if level.min_points <= before.min_points:
            problems.append(Problem(errors.THRESHOLDS_NOT_INCREASING, f"{at}.min_points",
                                    {"previous": _plain(before.min_points)}))
        if level.discount_percent < before.discount_percent:
            problems.append(Problem(errors.DISCOUNT_DECREASING, f"{at}.discount_percent",
                                    {"previous": _plain(before.discount_percent)}))
    return problems


@lru_cache(maxsize=1)
def example_table() -> LevelTable:
    """The table shipped in the package, marked as an example (its discounts)."""
    raw = json.loads(resources.files(__package__).joinpath("data/levels.json").read_text("utf-8"))
    levels = tuple(
        Level(entry["level"], Decimal(entry["min_points"]), Decimal(entry["discount_percent"]))
        for entry in raw["levels"]
    )
    problems = validate_table(levels)
    if problems:  # a maintainer broke the shipped file: fail loudly, not wrongly
        raise errors.InputError(problems)
    return LevelTable(levels, example=bool(raw.get("example", True)))


def _plain(value: Decimal) -> str:
    return format(value, "f")
