"""What calculator.api answers for a case of the hostile table: the same
input the page would hand it, so the page's message can be checked against
the problem (code, path, params) it stands for."""

from __future__ import annotations

import json
import re
from typing import Any

from calculator import api
from tests.support.inputs import form_state

from .cases import Case
from .links import as_input

_STEP = re.compile(r"([^.[\]]+)|\[(\d+)\]")


def at(tree: Any, path: str) -> Any:
    """The value at an estimator path (``sites[0].items[0].quantity``)."""
    for name, index in _STEP.findall(path):
        tree = tree[int(index)] if index else tree[name]
    return tree


def put(tree: Any, path: str, value: Any) -> None:
    parent, _, last = path.rpartition(".")
    (at(tree, parent) if parent else tree)[last] = value


def cli_input(case: Case) -> bytes | None:
    """The bytes the command line gets for the case (None: page only, or CSV)."""
    if case.channel == "form":
        path, typed = case.payload()
        state = form_state()
        put(state, path, typed)
        return json.dumps(as_input(state)).encode()
    if case.channel == "json":
        return case.payload()
    if case.channel == "url" and case.payload()["state"] is not None:
        return json.dumps(as_input(case.payload()["state"])).encode()
    return None


def problems(case: Case) -> list[dict[str, Any]] | None:
    """Every problem calculator.api reports for the case; None for a code only
    the page has (an unreadable link)."""
    if case.channel == "csv":
        return json.loads(api.import_csv(case.payload()))["errors"]
    data = cli_input(case)
    return None if data is None else api.estimate_dict(data).get("errors", [])


def expected(case: Case) -> dict[str, Any] | None:
    """The problem the case is about (code at path), with its params."""
    found = problems(case)
    if found is None:
        return {"code": case.code, "path": case.path, "params": case.params or {}}
    matches = [p for p in found if (p["code"], p["path"]) == (case.code, case.path)]
    assert matches or case.code is None, f"{case.id}: {found}"
    return matches[0] if matches else None
