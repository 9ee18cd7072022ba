"""Mutated estimator documents for the fuzz tests (tests/estimator/test_fuzz.py)
and the hardening figures (benchmarks/hardening.py): hypothesis strategies
that start from valid inputs (the parity vectors and CSV files, the test
input) and change them the ways the review's fuzzing did: values swapped
for hostile ones at any path, keys added and dropped, then bytes flipped,
inserted, deleted, doubled or cut off; CSV cells, columns, quotes and
separators likewise."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from calculator.levels import example_table
from tests.support.inputs import EXAMPLE, one_item_input

ROOT = Path(__file__).resolve().parents[2]
PARITY = ROOT / "tests" / "parity"



def _is_input(data: bytes) -> bool:
    try:
        return isinstance(json.loads(data), dict)
    except (ValueError, RecursionError):
        return False


# The parity vectors that are inputs, good or bad (not the deliberately
# unreadable ones: mutating those tests nothing new), and the tests' own.
_VECTORS = sorted(path.read_bytes() for path in (PARITY / "vectors").glob("*.json"))
JSON_SEEDS: list[bytes] = [data for data in _VECTORS if len(data) < 4096 and _is_input(data)] + [
    json.dumps(one_item_input()).encode(), json.dumps(EXAMPLE).encode()]
CSV_SEEDS: list[bytes] = sorted(path.read_bytes() for path in (PARITY / "csv").glob("*.csv"))
LEVEL_SEED: bytes = json.dumps({"levels": [
    {"level": row.name, "min_points": str(row.min_points), "discount_percent": str(row.discount_percent)}
    for row in example_table().levels]}).encode()

# Values that broke an estimator once, or might: numbers it must not read
# (non-ASCII digits, NaN, huge exponents, -0), controls, surrogates, long text.
HOSTILE_TEXT = ["", " ", "0", "-0", "-0.00", "1e309", "1e-99999", "NaN", "Infinity", "９", "١٢٣", "1_000",
                "0x10", "2026-02-30", "2026-13-01", "9999-12-31", "0001-01-01", "A\rTotal points: 9", "\x85",
                "\x00", "\u202e", "\ud800", "=1+1", "＝1", "'=x", "BL", "H", "KWD", "XXX", "x" * 5000,
                "1" * 400, "0." + "1" * 60]
HOSTILE_BYTES = [b'"', b'\\"', b"\\", b"{", b"}", b"[", b"]", b",", b":", b"\x00", b"\xff", b"\xef\xbb\xbf",
                 b"\\ud800", b"1e99999", b"-", b"NaN", b" " * 64, b"\n", b"\r\n", b"/*", b'"sites"', b"null"]
CSV_CELLS = ["", '"', '""', '"a,b"', '"x\ny"', ";", ",", "=cmd|' /C calc'!A0", "＝1", "'=x", "+1", "-1",
             "@SUM(1)", "1.200,50", "1,200.50", "12,5", "９", "1e999", "NaN", "2027-02-29", "\t", "\x00",
             "x" * 300]

KEYS = ["sites", "items", "name", "quantity", "unit_price", "points_per_unit", "renewal_date", "levels", "x"]
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(10**30), 10**30), st.floats(allow_nan=False),
              st.sampled_from(HOSTILE_TEXT), st.text(max_size=20)),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)),
    max_leaves=12)


def _paths(tree: Any, path: tuple = ()) -> list[tuple]:
    """Every path into a decoded JSON document (the root is ())."""
    found = [path]
    if isinstance(tree, dict):
        for key, value in tree.items():
            found += _paths(value, (*path, key))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            found += _paths(value, (*path, index))
    return found


def _replace(tree: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    parent = tree
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return tree


@st.composite
def _structural(draw: st.DrawFn, seed: bytes) -> bytes:
    """The seed's values changed at random paths (or keys dropped, or added)."""
    tree = json.loads(seed)
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(tree)
        path = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["replace", "drop", "add", "double"]))
        if action == "replace" or not path:
            tree = _replace(tree, path, draw(json_values))
            continue
        parent = tree
        for step in path[:-1]:
            parent = parent[step]
        if action == "drop":
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(max_size=8))] = draw(json_values)
        elif action == "double" and isinstance(parent, list):
            parent.extend([parent[path[-1]]] * draw(st.integers(1, 50)))
    return json.dumps(tree, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")


@st.composite
def _bytewise(draw: st.DrawFn, document: bytes, tokens: list[bytes]) -> bytes:
    """Bytes flipped, inserted, deleted, doubled; the end cut off."""
    data = bytearray(document)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "flip", "delete", "double", "cut"]))
        if action == "insert":
            data[at:at] = draw(st.sampled_from(tokens)) * draw(st.integers(1, 20))
        elif action == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif action == "delete":
            del data[at:at + draw(st.integers(1, 40))]
        elif action == "double":
            data[at:at] = data[at:at + draw(st.integers(1, 200))] * draw(st.integers(1, 30))
        elif action == "cut":
            del data[at:]
    return bytes(data)


def json_documents(seeds: list[bytes]) -> st.SearchStrategy[bytes]:
    """A seed changed in its values, its bytes, or both."""
    structural = st.sampled_from(seeds).flatmap(_structural)
    return st.one_of(structural, st.one_of(st.sampled_from(seeds), structural).flatmap(
        lambda document: _bytewise(document, HOSTILE_BYTES)))


@st.composite
def _cells(draw: st.DrawFn, seed: bytes) -> bytes:
    """A CSV seed's cells, rows and columns changed."""
    rows = [line.split(",") for line in seed.decode("utf-8-sig").splitlines()]
    for _ in range(draw(st.integers(1, 5))):
        r = draw(st.integers(0, len(rows) - 1))
        action = draw(st.sampled_from(["cell", "cell", "column", "row", "drop", "semicolons"]))
        if action == "cell":
            c = draw(st.integers(0, max(len(rows[r]) - 1, 0)))
            rows[r][c:c + 1] = [draw(st.one_of(st.sampled_from(CSV_CELLS), st.text(max_size=10)))]
        elif action == "column":
            rows[r].append(draw(st.sampled_from(CSV_CELLS)))
        elif action == "row":
            rows.extend([list(rows[r])] * draw(st.integers(1, 100)))
        elif action == "drop" and len(rows) > 1:
            del rows[r]
        elif action == "semicolons":
            rows = [";".join(row).split(";") for row in rows]
    separator = draw(st.sampled_from([",", ";"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    bom = draw(st.sampled_from(["", "\ufeff"]))
    text = bom + newline.join(separator.join(row) for row in rows) + newline
    return text.encode("utf-8", "surrogatepass")


def csv_documents(seeds: list[bytes]) -> st.SearchStrategy[bytes]:
    """A CSV seed changed in its cells, its bytes, or both."""
    cells = st.sampled_from(seeds).flatmap(_cells)
    return st.one_of(cells, cells.flatmap(lambda document: _bytewise(document, [*HOSTILE_BYTES, b";", b"'"])))
