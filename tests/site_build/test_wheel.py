"""The wheel the built site installs into Pyodide is the package in
calculator/: the same files, byte for byte, and nothing else."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def source_files() -> dict[str, bytes]:
    package = ROOT / "calculator"
    return {path.relative_to(ROOT).as_posix(): path.read_bytes()
            for path in package.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts}


def test_the_wheel_in_the_built_site_holds_exactly_the_source_in_calculator(built_site):
    runtime = json.loads((built_site / "assets" / "calculator" / "runtime.json").read_text())
    wheel = (built_site / "assets" / "calculator" / runtime["wheel"]).resolve()
    with zipfile.ZipFile(wheel) as archive:
        packaged = {name: archive.read(name) for name in archive.namelist()
                    if not name.split("/")[0].endswith(".dist-info")}
    assert packaged == source_files()


def test_runtime_json_lists_the_calculator_pages_own_files(built_site):
    """prefetch.js fetches these ahead with the runtime: the scripts and the
    stylesheet of the calculator's folder, every one of them, but not
    prefetch.js (the other pages' script) nor the runtime's own files."""
    folder = built_site / "assets" / "calculator"
    runtime = json.loads((folder / "runtime.json").read_text())
    expected = sorted(path.name for path in folder.iterdir()
                      if path.suffix in {".js", ".css"} and path.name != "prefetch.js")
    assert sorted(runtime["page_files"]) == expected
    assert {"calculator.js", "client.js", "worker.js", "calculator.css"} <= set(expected)
