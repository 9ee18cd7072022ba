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

