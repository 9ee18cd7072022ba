"""The build-time memory snapshot: restored, it answers as CPython does, and
when it is missing or broken the worker boots Python normally instead.

No timing is asserted here (benchmarks/run.py measures; machines are shared).
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import threading
from pathlib import Path
from types import ModuleType

import pytest

from calculator import api

ROOT = Path(__file__).resolve().parents[2]
VECTORS = sorted((ROOT / "tests" / "parity" / "vectors").glob("*.json"))
TODAY = "2025-06-30"
LABELS = json.dumps({"title": "RSVP", "points": "Points", "discount": "Discount", "you": "You", "example": "Example"})
TIMEOUT = 120_000


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def wheel(hook: ModuleType) -> Path:
    return hook.build_wheel()


@pytest.fixture(scope="module")
def snapshot(hook: ModuleType, wheel: Path) -> Path:
    return hook.build_snapshot(wheel)


# ---- under Node -------------------------------------------------------------

def test_snapshot_is_cached_and_named_for_its_inputs(hook: ModuleType, wheel: Path, snapshot: Path) -> None:
    version = hook.pyodide_version()
    assert snapshot.name == f"snapshot-{version}-{hook.sha256(wheel)[:16]}.bin.gz"
    assert hook.build_snapshot(wheel) == snapshot  # second call: from build/, not remade
    with gzip.open(snapshot) as raw:
        assert raw.read(4) != b"\0\0\0\0"  # a snapshot header, not an empty file


def test_restored_snapshot_answers_like_cpython(wheel: Path, snapshot: Path, tmp_path: Path) -> None:
    raw = tmp_path / "snapshot.bin"
    raw.write_bytes(gzip.decompress(snapshot.read_bytes()))
    done = subprocess.run(
        ["node", str(ROOT / "tools" / "pyodide_run.mjs"), "--wheel", str(wheel), "--snapshot", str(raw),
         "--today", TODAY, "--fn", "estimate,chart,levels", "--labels", LABELS, "--jsonl", *map(str, VECTORS)],
        capture_output=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-3000:]
    rows = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    expected = {
        "estimate": lambda text: api.estimate_json(text, None, TODAY),
        "chart": lambda text: api.chart_svg(text, LABELS, None, TODAY),
        "levels": lambda text: api.levels_json(text),
    }
    assert len(rows) == 3 * len(VECTORS)
    for row in rows:
        assert row["output"] == expected[row["fn"]](read(Path(row["file"]))), (row["file"], row["fn"])


def test_runtime_json_lists_the_snapshot(hook: ModuleType, tmp_path: Path) -> None:
    runtime = hook.install_runtime(tmp_path, snapshot=True)
    manifest = json.loads(hook.runtime_json(runtime, "assets/calculator"))
    assert manifest["snapshot_encoding"] == "gzip"
    assert (tmp_path / "assets" / "calculator" / manifest["snapshot"]).is_file()
    # Without it (PA_NO_SNAPSHOT=1), no entry and no stale file is left behind.
    runtime = hook.install_runtime(tmp_path, snapshot=False)
    assert "snapshot" not in json.loads(hook.runtime_json(runtime, "assets/calculator"))
    assert not list((tmp_path / "assets" / "calculator").glob("snapshot-*"))


# ---- in Chromium: the worker restores it, or falls back --------------------

@pytest.fixture(scope="module")
def served_site(tmp_path_factory: pytest.TempPathFactory):
    from benchmarks import site as site_build
    from tools.serve import make_server

    root = tmp_path_factory.mktemp("site")
    site_build.build(root)
    server = make_server(root)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def start_and_estimate(browser, url: str) -> tuple[dict, str]:
    """Open the calculator page, wait until Python is ready, ask for one estimate."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url + "calculator/")
        page.wait_for_selector('[data-calculator][data-state="ready"]', timeout=TIMEOUT)
        return page.evaluate(
            """async ([input, today]) => {
                 const { calc } = await import("/assets/calculator/client.js");
                 return [calc.state.timings, await calc.raw("estimate", { input, today })];
               }""",
            [read(VECTORS[1]), TODAY],
        )
    finally:
        context.close()


def snapshot_file(root: Path) -> Path:
    manifest = json.loads((root / "assets" / "calculator" / "runtime.json").read_text())
    return root / "assets" / "calculator" / manifest["snapshot"]


def test_worker_starts_from_the_snapshot(browser, served_site) -> None:
    root, url = served_site
    timings, answer = start_and_estimate(browser, url)
    assert timings["from"] == "snapshot"
    assert answer == api.estimate_json(read(VECTORS[1]), None, TODAY)


@pytest.mark.parametrize("damage", ["corrupt", "not_gzip", "missing"])
def test_worker_falls_back_to_a_normal_start(browser, served_site, damage: str, tmp_path: Path) -> None:
    root, url = served_site
    target = snapshot_file(root)
    keep = tmp_path / "snapshot.keep"
    shutil.copyfile(target, keep)
    try:
        if damage == "corrupt":  # valid gzip, wrong contents (bad magic number / build id)
            target.write_bytes(gzip.compress(b"\x01\x02\x03\x04" * 4096))
        elif damage == "not_gzip":  # cut short: inflating fails
            target.write_bytes(keep.read_bytes()[:100_000])
        else:
            target.unlink()
        timings, answer = start_and_estimate(browser, url)
    finally:
        shutil.copyfile(keep, target)
    assert timings["from"] == "boot"
    assert answer == api.estimate_json(read(VECTORS[1]), None, TODAY)
