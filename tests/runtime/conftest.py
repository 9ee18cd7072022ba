"""hooks/ is not a package: load the site hook by path, once."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pyodide_assets_runtime", ROOT / "hooks" / "pyodide_assets.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
