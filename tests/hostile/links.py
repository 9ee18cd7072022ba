"""The calculator's link format (``#state=`` + deflate-raw + base64url, as
docs/assets/calculator/state.js writes it), so tests can hand the page any
link, well-formed or not, and give the command line the same input."""

from __future__ import annotations

import base64
import json
import zlib
from typing import Any

from calculator.api import form_dict

FORM = form_dict()
ITEM_FIELDS = tuple(f["field"] for f in FORM["item_fields"])
TOP_FIELDS = tuple(f["field"] for f in FORM["agreement_fields"])


def deflated(data: bytes) -> str:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return base64.urlsafe_b64encode(packer.compress(data) + packer.flush()).decode().rstrip("=")


def state_fragment(state: Any) -> str:
    """The fragment of a link that holds ``state`` (any JSON value)."""
    return "#state=" + deflated(json.dumps(state).encode())


def as_input(state: dict[str, Any]) -> dict[str, Any]:
    """The estimator input the page makes of a form state (state.js toInput):
    blank rows and blank optional fields left out, values trimmed."""
    sites = []
    for site in state["sites"]:
        items = [{key: str(item[key]).strip() for key in ITEM_FIELDS if str(item.get(key, "")).strip()}
                 for item in site["items"]]
        sites.append({"name": site["name"], "items": [item for item in items if item]})
    top = {key: str(state[key]).strip() for key in TOP_FIELDS if str(state.get(key, "")).strip()}
    return {"sites": sites, **top}
