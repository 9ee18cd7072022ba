"""The words a page shows for a problem, taken from the language's strings
file the way docs/assets/calculator/format.js fills them in."""

from __future__ import annotations

import re
from typing import Any

from tests.support.page import strings_for


def fill(template: str, **params: Any) -> str:
    """format.js fill(): each {name} replaced once; values are never re-read."""
    return re.sub(r"\{(\w+)\}", lambda m: str(params[m[1]]) if m[1] in params else m[0], template)


def message(lang: str, code: str, params: dict[str, Any] | None = None) -> str:
    return fill(strings_for(lang)["errors"][code], **(params or {}))


def row_message(lang: str, code: str, params: dict[str, Any]) -> str:
    """An import problem as the import area lists it ("Row 3: …" for a row)."""
    text = message(lang, code, params)
    row = params.get("row")
    return fill(strings_for(lang)["transfer"]["row_error"], row=row, message=text) if row else text
