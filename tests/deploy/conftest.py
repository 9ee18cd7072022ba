"""Where the build put the calculator's runtime, as site paths."""

from __future__ import annotations

import json
import posixpath

import pytest

WORKER_DIR = "assets/calculator"


@pytest.fixture(scope="session")
def runtime(built_site) -> dict[str, str]:
    """runtime.json's URLs (relative to it) as paths from the site's root."""
    manifest = json.loads((built_site / WORKER_DIR / "runtime.json").read_text(encoding="utf-8"))
    paths = {key: posixpath.normpath(posixpath.join(WORKER_DIR, manifest[key]))
             for key in ("pyodide", "wheel", "snapshot")}
    paths["pyodide"] += "/"
    return {**paths, "version": manifest["pyodide_version"]}


@pytest.fixture(scope="session")
def pyodide_version(runtime) -> str:
    return runtime["version"]
