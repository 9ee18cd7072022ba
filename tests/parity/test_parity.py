"""The browser runs the same calculator as CPython, with the same answers.

Pyodide (pinned in package.json) runs under Node from node_modules, installs
the very wheel the site ships (hooks/pyodide_assets.py builds it) the way the
worker does, and must answer every vector byte for byte as CPython does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest

from tests.support.worker import CSV_FILES, FILES, LABELS, ROOT, TODAY, VECTORS, estimate, read, worker_calls

# Every function the worker offers, each on every file, fit or not.
FUNCTIONS = worker_calls()
CASES = [(path, fn) for path in FILES for fn in FUNCTIONS]


@pytest.fixture(scope="module")
def wheel(hook: ModuleType) -> Path:
    return hook.build_wheel()


@pytest.fixture(scope="module")
def deep(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """JSON nested 100,000 deep: it overflows Pyodide's JavaScript stack before
    Python's recursion limit, which would kill the interpreter."""
    path = tmp_path_factory.mktemp("deep") / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def pyodide_outputs(wheel: Path, deep: Path) -> dict[tuple[str, str], str]:
    """Every file, and the deep one last, through every function, in one Node
    run (a start costs ~3 s)."""
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "pyodide").is_dir():
        pytest.fail("Node and node_modules/pyodide are needed: run ./dev test (it runs npm ci)")
    done = subprocess.run(
        [node, str(ROOT / "tools" / "pyodide_run.mjs"), "--wheel", str(wheel), "--today", TODAY,
         "--fn", ",".join(FUNCTIONS), "--labels", LABELS, "--jsonl", *map(str, FILES), str(deep)],
        capture_output=True, timeout=300,
    )
    assert done.returncode == 0, ("Pyodide died", done.stderr.decode(errors="replace")[-3000:])
    rows = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    return {(row["file"], row["fn"]): row["output"] for row in rows}


def test_enough_vectors() -> None:
    assert len(VECTORS) >= 8 and CSV_FILES


@pytest.mark.parametrize(("path", "fn"), CASES, ids=[f"{p.stem}-{fn}" for p, fn in CASES])
def test_pyodide_matches_cpython(path: Path, fn: str, pyodide_outputs: dict[tuple[str, str], str]) -> None:
    assert pyodide_outputs[str(path), fn] == FUNCTIONS[fn](read(path))


def test_output_does_not_depend_on_hash_seed() -> None:
    """Set and dict-of-set order changes with PYTHONHASHSEED; Pyodide's seed
    differs from CPython's, so such an order would break parity at random."""
    script = (
        "import json, sys\nfrom calculator import api\n"
        "print(json.dumps([api.estimate_json(open(f, encoding='utf-8', newline='').read(), None, sys.argv[1])"
        " for f in sys.argv[2:]]))"
    )
    runs = [
        subprocess.run([sys.executable, "-c", script, TODAY, *map(str, VECTORS)], capture_output=True,
                       text=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2", "3")
    ]
    assert runs[0] == runs[1] == runs[2]


def test_deep_nesting_is_an_input_error_not_a_crash(deep: Path, pyodide_outputs) -> None:
    """The input is refused before it reaches the parser's recursion (the run
    survived it: pyodide_outputs checks the exit status)."""
    output = pyodide_outputs[str(deep), "view"]
    assert output == FUNCTIONS["view"](read(deep))
    assert "errors" in json.loads(json.loads(output)["estimate"])


def test_vectors_cover_the_contract() -> None:
    """Guard against the vectors silently losing what they are meant to cover."""
    results = [json.loads(estimate(read(v))) for v in VECTORS]
    good = [r for r in results if "errors" not in r]
    assert any(len(r["site_points"]) > 1 for r in good)
    assert any(r["existing_points"] != "0" for r in good)
    assert any(r["current_level"] != r["level_table"][0]["level"] for r in good)
    assert any(o["svp_applies"] for r in good for o in r["orders"])
    assert any(o["months"] < 12 for r in good for o in r["orders"])
    assert any(r["agreement"] == "existing" for r in good) and any(r["agreement"] == "new" for r in good)
    express_bills = [b for r in good for b in r["comparison"]["express"]["bills"]]
    assert any(b["months_in_horizon"] < b["months"] for b in express_bills)
    assert any(Decimal(r["comparison"]["difference"]) > 0 for r in good)
    assert any(w["code"] == "level_drops" for r in good for w in r["warnings"])
    assert any(r["currency"] == "JPY" for r in good)
    assert any(r["next_level"] is None for r in good)
    assert any(not r["example_table"] for r in good)
    assert any("errors" in r for r in results)


def test_wheel_holds_exactly_the_package(wheel: Path) -> None:
    package = ROOT / "calculator"
    expected = {
        path.relative_to(ROOT).as_posix(): path.read_bytes()
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in {".pyc", ".pyo"}
    }
    with zipfile.ZipFile(wheel) as zf:
        names = [n for n in zf.namelist() if not n.split("/", 1)[0].endswith(".dist-info")]
        shipped = {name: zf.read(name) for name in names}
    assert sorted(shipped) == sorted(expected)
    for name, data in expected.items():
        assert shipped[name] == data, f"{name} differs in the wheel"
