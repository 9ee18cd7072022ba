"""hooks/pyodide_assets.py puts a complete, self-consistent runtime into the site."""

from __future__ import annotations

import hashlib
import json
import posixpath
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]



def test_runtime_files_and_manifest(hook: ModuleType, tmp_path: Path) -> None:
    runtime = hook.install_runtime(tmp_path)
    version = json.loads((ROOT / "node_modules" / "pyodide" / "package.json").read_text())["version"]
    assert runtime["pyodide"] == f"assets/pyodide/{version}/"
    for name in hook.RUNTIME_FILES:
        copied = (tmp_path / runtime["pyodide"] / name).read_bytes()
        assert copied == (ROOT / "node_modules" / "pyodide" / name).read_bytes()
    wheel = tmp_path / runtime["wheel"]
    assert hashlib.sha256(wheel.read_bytes()).hexdigest() == runtime["wheel_sha256"]

    # Every language's copy of worker.js finds the same files through its runtime.json.
    for worker_dir in ("assets/calculator", "zh-TW/assets/calculator"):
        manifest = json.loads(hook.runtime_json(runtime, worker_dir))

        def resolve(url: str, worker_dir: str = worker_dir) -> Path:
            return tmp_path / posixpath.normpath(posixpath.join(worker_dir, url))

        assert resolve(manifest["wheel"]) == wheel
        assert (resolve(manifest["pyodide"]) / "pyodide.mjs").is_file()
        assert resolve(manifest["base"]) == tmp_path
        assert manifest["pyodide"].endswith("/") and manifest["base"].endswith("/")


def test_second_install_copies_nothing(hook: ModuleType, tmp_path: Path) -> None:
    hook.install_runtime(tmp_path)
    wasm = next(tmp_path.glob("assets/pyodide/*/pyodide.asm.wasm"))
    before = wasm.stat().st_ino, wasm.stat().st_mtime_ns
    hook.install_runtime(tmp_path)  # what mkdocs-static-i18n's extra language builds do
    assert (wasm.stat().st_ino, wasm.stat().st_mtime_ns) == before


def test_missing_pyodide_says_what_to_run(hook: ModuleType, tmp_path: Path) -> None:
    with pytest.raises(hook.MissingPyodide, match="npm ci"):
        hook.pyodide_version(tmp_path / "node_modules" / "pyodide")


def test_wheel_is_reproducible(hook: ModuleType, tmp_path: Path) -> None:
    """Equal sources give the same bytes (fixed zip dates), so the sha256 in
    runtime.json and browser caches only change when the code does."""
    fresh = hook.build_wheel(cache=tmp_path)
    assert fresh.read_bytes() == hook.build_wheel().read_bytes()


def test_a_relocated_runtime_json_is_the_one_written_for_its_new_place(hook: ModuleType, tmp_path: Path):
    """hooks/versioned_assets.py moves runtime.json into a versioned folder
    beside copies of the page's files; relocating it must give what
    runtime_json writes for that folder, every address included."""
    runtime = hook.install_runtime(tmp_path)
    old, new = "assets/calculator", "assets/calculator/build-0123456789abcdef"
    files = ("client.js", "worker.js")
    plain = hook.runtime_json(runtime, old, [f"{old}/{name}" for name in files])
    written_there = hook.runtime_json(runtime, new, [f"{new}/{name}" for name in files])
    assert hook.relocate(plain, old, new) == written_there
