"""The build-time memory snapshot: restored, it answers as CPython does, and
when it is missing or broken the worker boots Python normally instead.

No timing is asserted here (benchmarks/run.py measures; machines are shared).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

from calculator import api
from hooks import wasm_data
from tests.support.page import KEPT_FILES, PAGE_CLIENT, PUT_KEPT, READY, answering
from tests.support.worker import CSV_FILES, LABELS, ROOT, TODAY, VECTORS, estimate, read, worker_calls

TIMEOUT = 120_000


WASM = ROOT / "node_modules" / "pyodide" / "pyodide.asm.wasm"


def unsparse(stored: bytes) -> tuple[bytearray, int, int]:
    """(the bytes of a stored snapshot with their runs of zeros back, where
    the wasm memory starts in them, the length of the wasm image XORed in
    from there): the format is in hooks/pyodide_assets.py; the browser's
    reader is snapshot.js's fill."""
    if stored[:8] != b"PASPARS2":
        raise ValueError("not a stored snapshot")
    memory = bytearray(int.from_bytes(stored[8:12], "little"))
    base, image = int.from_bytes(stored[12:16], "little"), int.from_bytes(stored[16:20], "little")
    at, out = 20, 0
    while at < len(stored):
        out += int.from_bytes(stored[at:at + 4], "little")
        n = int.from_bytes(stored[at + 4:at + 8], "little")
        at += 8
        if at + n > len(stored) or out + n > len(memory):
            raise ValueError("stored snapshot: a segment out of bounds")
        memory[out:out + n] = stored[at:at + n]
        at += n
        out += n
    return memory, base, image


def expand_snapshot(stored: bytes) -> bytes:
    """Pyodide's snapshot from its stored form: the zeros back, then the
    memory as instantiating Pyodide's wasm leaves it XORed in again (read
    from the wasm by hooks/wasm_data.py; the worker copies it from the
    instance). Node's runner takes the snapshot whole, and the tests check
    the writer with it."""
    memory, base, length = unsparse(stored)
    image = wasm_data.initial_memory(WASM.read_bytes())
    if length not in (0, len(image)):
        raise ValueError(f"stored against {length} bytes of memory, the wasm has {len(image)}")
    wasm_data.xor_into(memory, image[:length], base)
    return bytes(memory)


@pytest.fixture(scope="module")
def wheel(hook: ModuleType) -> Path:
    return hook.build_wheel()


@pytest.fixture(scope="module")
def snapshot(hook: ModuleType, wheel: Path) -> Path:
    return hook.build_snapshot(wheel)


# ---- under Node -------------------------------------------------------------

def test_snapshot_is_cached_and_named_for_its_inputs(hook: ModuleType, wheel: Path, snapshot: Path,
                                                     tmp_path: Path) -> None:
    version = hook.pyodide_version()
    assert snapshot.name == f"snapshot-{version}-{hook.snapshot_hash(wheel)[:16]}.bin"
    # Another warm-up makes another snapshot: a new name, never a stale one.
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "pyodide_run.mjs").write_text("// another warm-up\n")
    assert hook.snapshot_hash(wheel, tmp_path) != hook.snapshot_hash(wheel)
    assert hook.build_snapshot(wheel) == snapshot  # second call: from build/, not remade
    sparse = snapshot.read_bytes()
    memory = expand_snapshot(sparse)
    assert memory[:4] != b"\0\0\0\0"  # a snapshot header, not an empty memory
    # The point of the stored form: what is kept and inflated is far smaller.
    assert len(sparse) < 0.7 * len(memory)
    assert hook.encode_snapshot(memory, WASM.read_bytes()) == sparse


def test_the_wasms_own_data_is_not_stored_again(hook: ModuleType, snapshot: Path) -> None:
    """What pyodide.asm.wasm's data segments put into the memory, and Python
    left as it was, is zeros in the stored form (the worker XORs it back
    from the instance): 3.5 MB fewer bytes to keep, 1 MB fewer on the wire
    as Brotli (Pyodide 314)."""
    stored = snapshot.read_bytes()
    memory = expand_snapshot(stored)
    _, base, length = unsparse(stored)
    assert base == hook.pyodide_memory_start(memory) and length > 3_000_000
    without = hook.sparse_snapshot(memory, base, 0)  # the same snapshot, the wasm's data stored too
    assert len(without) - len(stored) > 3_000_000


def test_the_heaps_free_space_is_zeroed_before_the_snapshot(snapshot: Path) -> None:
    """tools/pyodide_run.mjs zeroes malloc's free chunks (what loading Python
    freed) so that they fall out of the sparse form: about 40% of the memory
    is then left (Pyodide 314), half of it when the freed bytes stay."""
    sparse = snapshot.read_bytes()
    assert len(sparse) < 0.45 * len(expand_snapshot(sparse))


@pytest.mark.parametrize("memory", [b"", b"\0" * 100, b"x", b"ab" + b"\0" * 64 + b"cd" + b"\0" * 63 + b"e",
                                    b"\0" * 64 + b"tail", b"head" + b"\0" * 1000])
def test_the_sparse_form_expands_to_the_same_memory(hook: ModuleType, memory: bytes) -> None:
    assert unsparse(hook.sparse_snapshot(memory, 12, 34)) == (memory, 12, 34)


def test_restored_snapshot_answers_like_cpython_without_the_packages_files(snapshot: Path,
                                                                           tmp_path: Path) -> None:
    """Every function the worker offers, from the snapshot alone: the runner,
    like the worker, does not install the wheel after a restore (no --wheel
    here), so an answer that needed one of the package's files would fail."""
    raw = tmp_path / "snapshot.bin"
    raw.write_bytes(expand_snapshot(snapshot.read_bytes()))
    expected = worker_calls(TODAY, LABELS)
    files = VECTORS + CSV_FILES
    done = subprocess.run(
        ["node", str(ROOT / "tools" / "pyodide_run.mjs"), "--snapshot", str(raw), "--today", TODAY,
         "--fn", ",".join(expected), "--labels", LABELS, "--jsonl", *map(str, files)],
        capture_output=True, timeout=300, env={**os.environ, "PYTHON": "/nonexistent"},
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-3000:]
    rows = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert len(rows) == len(expected) * len(files)
    for row in rows:
        assert row["output"] == expected[row["fn"]](read(Path(row["file"]))), (row["file"], row["fn"])


def test_runtime_json_lists_the_snapshot(hook: ModuleType, tmp_path: Path) -> None:
    runtime = hook.install_runtime(tmp_path, snapshot=True)
    manifest = json.loads(hook.runtime_json(runtime, "assets/calculator"))
    # Sent with Content-Encoding (its precompressed siblings), not inflated in JS.
    assert "snapshot_encoding" not in manifest
    stored = tmp_path / "assets" / "calculator" / manifest["snapshot"]
    # The worker expands the snapshot into a buffer of this size, made at once.
    sparse = stored.read_bytes()
    assert manifest["snapshot_size"] == len(expand_snapshot(sparse))
    # ... and copies this much of the wasm's memory as instantiated, to XOR back in.
    image = wasm_data.initial_memory(WASM.read_bytes())
    assert manifest["snapshot_image"] == unsparse(sparse)[2] == len(image)
    # What the worker checks the bytes against, and its smoke estimate's answer, are CPython's.
    assert manifest["snapshot_sha256"] == hashlib.sha256(sparse).hexdigest()
    smoke = manifest["smoke"]
    assert smoke["estimate"] == json.loads(api.call("view", json.dumps(smoke["payload"])))["estimate"]
    assert "errors" not in json.loads(smoke["estimate"])  # a real estimate, not a refusal
    # Without it (PA_NO_SNAPSHOT=1), no entry and no stale file is left behind.
    runtime = hook.install_runtime(tmp_path, snapshot=False)
    assert "snapshot" not in json.loads(hook.runtime_json(runtime, "assets/calculator"))
    assert not list((tmp_path / "assets" / "calculator").glob("snapshot-*"))


# ---- in Chromium: the worker restores it, or falls back --------------------

@pytest.fixture(scope="module")
def damageable_site(built_site: Path, tmp_path_factory: pytest.TempPathFactory):
    """A copy of the run's built site on an embedded server of its own: the
    fallback tests damage its snapshot, which no other test may see. (A copy,
    not a second build: the site is built once per run.)"""
    from tools.serve import start_in_background

    root = tmp_path_factory.mktemp("damageable") / "site"
    shutil.copytree(built_site, root)
    url, server = start_in_background(root)
    yield root, url
    server.shutdown()
    server.server_close()


def started(page) -> tuple[dict, str]:
    """A ready calculator page's worker: its start's timings, and its
    estimate of one input."""
    timings, answer = page.evaluate(
        """async ([input, today]) => {
             const { calc } = await import(PAGE_CLIENT);
             const view = JSON.parse(await calc.raw("view", { text: input, today }));
             return [calc.state.timings, view.estimate];
           }""".replace("PAGE_CLIENT", PAGE_CLIENT),
        [read(VECTORS[1]), TODAY],
    )
    return timings, answer


def visit(context, url: str, *, stay_until_kept: list | None = None) -> tuple[dict, str]:
    """Open the calculator page, wait until Python is ready, ask for one
    estimate. ``stay_until_kept``: leave only once kept.js holds these
    files (the worker keeps the snapshot and the WebAssembly after it says
    ready; a page closed sooner ends the worker, and the next visit simply
    downloads again)."""
    page = context.new_page()
    try:
        page.goto(url + "calculator/")
        page.wait_for_selector(READY, timeout=TIMEOUT)
        timings, answer = started(page)
        if stay_until_kept is not None:
            wait_kept(page, stay_until_kept)
        return timings, answer
    finally:
        page.close()


def start_and_estimate(browser, url: str) -> tuple[dict, str]:
    """A first visit, in a new browser context."""
    context = browser.new_context()
    try:
        return visit(context, url)
    finally:
        context.close()


def runtime_file(root: Path) -> Path:
    """The runtime.json the calculator page's worker reads: the one in the
    folder of its versioned files (hooks/versioned_assets.py)."""
    (folder,) = (root / "assets" / "calculator").glob("build-*")
    return folder / "runtime.json"


def runtime_of(root: Path) -> dict:
    return json.loads(runtime_file(root).read_text())


def snapshot_file(root: Path) -> Path:
    return (runtime_file(root).parent / runtime_of(root)["snapshot"]).resolve()


@pytest.mark.both_servers  # the snapshot and Pyodide's wasm as each server sends them
def test_worker_starts_from_the_snapshot(browser, site_url: str) -> None:
    timings, answer = start_and_estimate(browser, site_url)
    assert timings["from"] == "snapshot"
    # Compiled while the snapshot came (pyodide-module.js), not by Pyodide
    # afterwards: a Pyodide that instantiates differently shows up here.
    assert timings["wasm"] == "precompiled"
    assert timings["wasm_source"] == "http"  # a first visit: nothing kept yet
    # The benchmark's breakdown of the start: every step, and Python ready
    # only once the module and the bytes are. What takes a core (Pyodide's
    # module, the wasm's compile) waits for the page's own start (begun).
    steps = timings["steps"]
    assert set(steps) == {"runtime_json", "loader", "begun", "factory", "wasm_compiled", "instantiated",
                          "module_created", "snapshot_filled", "python"}
    assert steps["python"] >= max(steps["module_created"], steps["snapshot_filled"])
    assert min(steps["factory"], steps["wasm_compiled"]) >= steps["begun"]
    assert answer == estimate(read(VECTORS[1]))


@pytest.mark.parametrize("damage", ["corrupt", "cut_short", "missing", "wrong_smoke"])
def test_worker_falls_back_to_a_normal_start(browser, damageable_site, damage: str, tmp_path: Path) -> None:
    """A snapshot that cannot be had, read or restored, or that restores but
    answers the smoke estimate otherwise than CPython did at build time
    (wrong_smoke: runtime.json's expected answer changed), means a normal
    start, a right answer, and nothing kept for the next visit."""
    root, url = damageable_site
    target = snapshot_file(root)
    runtime = runtime_file(root)
    # Each file with its precompressed siblings (which the server would send
    # instead), put back afterwards.
    snapshot_files, runtime_files = ([path.with_name(path.name + suffix) for suffix in ("", ".br", ".gz")]
                                     for path in (target, runtime))
    saved = tmp_path / "saved"
    saved.mkdir()
    for path in snapshot_files + runtime_files:
        if path.exists():
            shutil.copyfile(path, saved / path.name)
    context = browser.new_context()
    try:
        damaged = snapshot_files if damage != "wrong_smoke" else runtime_files
        for path in damaged:
            path.unlink(missing_ok=True)
        if damage == "corrupt":  # wrong contents (bad magic number / build id)
            target.write_bytes(b"\x01\x02\x03\x04" * 4096)
        elif damage == "cut_short":
            target.write_bytes((saved / target.name).read_bytes()[:100_000])
        elif damage == "wrong_smoke":
            manifest = json.loads((saved / runtime.name).read_text())
            manifest["smoke"]["estimate"] = manifest["smoke"]["estimate"].replace("1", "2")
            runtime.write_text(json.dumps(manifest))
        timings, answer = visit(context, url)
        kept = kept_entries(context, url)
    finally:
        context.close()
        for path in snapshot_files + runtime_files:
            if (saved / path.name).exists():
                shutil.copyfile(saved / path.name, path)
    assert timings["from"] == "boot"
    assert answer == estimate(read(VECTORS[1]))
    assert kept == []


# ---- the copies kept for return visits (kept.js) -----------------------------

def wait_kept(page, expected: list) -> list:
    """What kept.js holds once it holds ``expected``, or after 60 s."""
    for _ in range(300):  # a poll: the worker says nothing when it has kept its copies
        entries = [list(entry) for entry in page.evaluate(KEPT_FILES)]
        if entries == expected:
            break
        page.wait_for_timeout(200)
    return entries


def kept_entries(context, url: str) -> list:
    """What kept.js holds, seen from a page of the site."""
    page = context.new_page()
    try:
        page.goto(url)
        return [list(entry) for entry in page.evaluate(KEPT_FILES)]
    finally:
        page.close()


def described(path: Path, name: str) -> list:
    data = path.read_bytes()
    return [name, len(data), hashlib.sha256(data).hexdigest()]


def current_snapshot(root: Path) -> list:
    """[name, size, sha256] of the stored snapshot, as the worker keeps it."""
    return described(snapshot_file(root), snapshot_file(root).name)


def current_wasm(root: Path) -> list:
    """[name, size, sha256] of Pyodide's WebAssembly, as the worker keeps it:
    named by its hash (runtime.json's wasm_sha256)."""
    runtime = runtime_of(root)
    wasm = (runtime_file(root).parent / runtime["pyodide"] / "pyodide.asm.wasm").resolve()
    return described(wasm, f"pyodide.asm-{runtime['wasm_sha256'][:16]}.wasm")


def both_kept(root: Path) -> list:
    """What a visit from the snapshot keeps: the snapshot and the wasm, by name."""
    return sorted([current_snapshot(root), current_wasm(root)])


def put_kept(context, url: str, files: dict[str, bytes]) -> None:
    """Leaves ``files`` ({name: bytes}) where kept.js keeps its copies."""
    page = context.new_page()
    try:
        page.goto(url)
        for n, body in enumerate(files.values()):
            page.route(f"{url}__kept/{n}", answering(body))
        page.evaluate(PUT_KEPT, {name: f"{url}__kept/{n}" for n, name in enumerate(files)})
    finally:
        page.close()


def replaced_by_the_download(context, url: str, root: Path) -> dict:
    """The next visit does not restore what is kept: it downloads the
    build's snapshot, answers rightly, and keeps the build's files alone."""
    timings, answer = visit(context, url, stay_until_kept=both_kept(root))
    assert (timings["from"], timings["snapshot_source"]) == ("snapshot", "download")
    assert kept_entries(context, url) == both_kept(root)
    assert answer == estimate(read(VECTORS[1]))
    return timings


def test_a_return_visit_restores_the_snapshot_kept_by_the_first(browser, built_site: Path,
                                                                 site_url: str) -> None:
    url = site_url
    expected = both_kept(built_site)
    context = browser.new_context()
    try:
        first, answer = visit(context, url, stay_until_kept=expected)
        assert (first["from"], first["snapshot_source"]) == ("snapshot", "download")
        assert first["wasm_source"] == "http"
        assert kept_entries(context, url) == expected
        second, again = visit(context, url)
        assert (second["from"], second["snapshot_source"]) == ("snapshot", "kept")
        assert second["wasm_source"] == "kept"  # compiled from the copy, not the HTTP cache
    finally:
        context.close()
    assert answer == again == estimate(read(VECTORS[1]))


def visit_together(context, url: str, tabs: int = 2, *, stay_until_kept: list | None = None,
                   ) -> list[tuple[dict, str]]:
    """``tabs`` calculator pages opened at once, each then asked for one
    estimate: their workers start side by side, reading (or keeping) the
    same kept files. ``stay_until_kept``: as visit()'s."""
    pages = [context.new_page() for _ in range(tabs)]
    try:
        for page in pages:
            page.goto(url + "calculator/", wait_until="commit")
        found = []
        for page in pages:
            page.wait_for_selector(READY, timeout=TIMEOUT)
            found.append(started(page))
        if stay_until_kept is not None:
            wait_kept(pages[0], stay_until_kept)
        return found
    finally:
        for page in pages:
            page.close()


def test_two_tabs_at_once_share_the_kept_copies(browser, built_site: Path, site_url: str) -> None:
    """Two tabs opened together, first for a first visit (both download,
    both keep: one worker at a time may hold a kept file open, kept.js's
    sync access handle), then for a return visit (both read): neither tab
    fails, and what is kept is the build's files, whole."""
    url = site_url
    expected = both_kept(built_site)
    right = estimate(read(VECTORS[1]))
    context = browser.new_context()
    try:
        firsts = visit_together(context, url, stay_until_kept=expected)
        assert kept_entries(context, url) == expected
        returns = visit_together(context, url)
        assert kept_entries(context, url) == expected
    finally:
        context.close()
    assert [answer for _, answer in firsts + returns] == [right] * 4
    assert [timings["from"] for timings, _ in firsts + returns] == ["snapshot"] * 4
    assert {timings["snapshot_source"] for timings, _ in returns} <= {"kept", "download"}
    assert "kept" in {timings["snapshot_source"] for timings, _ in returns}


# A worker of another tab that holds a kept file open (a sync access handle,
# as kept.js takes to read or write one), until its page closes.
HOLD_KEPT = """(name) => new Promise((held, failed) => {
  const worker = new Worker(URL.createObjectURL(new Blob([`
    onmessage = async ({ data }) => {
      const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle("pa-calculator");
      self.handle = await (await folder.getFileHandle(data)).createSyncAccessHandle();
      postMessage("held");
    };`], { type: "text/javascript" })));
  worker.onmessage = () => held(true);
  worker.onerror = (event) => failed(new Error(event.message));
  worker.postMessage(name);
})"""


@pytest.mark.parametrize("held", ["snapshot", "wasm"])
def test_a_kept_file_held_open_by_another_tab_is_still_read(browser, built_site: Path, site_url: str,
                                                             held: str) -> None:
    """Only one worker at a time may hold a file open for kept.js's one
    synchronous read; a tab whose worker finds it held (another tab's start,
    or its keep) reads it as a page reads a file instead."""
    url = site_url
    expected = both_kept(built_site)
    name = (current_snapshot if held == "snapshot" else current_wasm)(built_site)[0]
    context = browser.new_context(bypass_csp=True)  # the holding worker comes from a blob
    try:
        visit(context, url, stay_until_kept=expected)
        holder = context.new_page()
        holder.goto(url)
        assert holder.evaluate(HOLD_KEPT, name)
        timings, answer = visit(context, url)
        holder.close()
        assert kept_entries(context, url) == expected
    finally:
        context.close()
    assert answer == estimate(read(VECTORS[1]))
    # Read as a page reads a file (kept.js), not downloaded again.
    assert (timings["snapshot_source"], timings["wasm_source"]) == ("kept", "kept")


@pytest.mark.parametrize("damage", ["wrong_size", "garbage_of_the_right_size"])
def test_a_damaged_kept_copy_is_replaced_and_older_snapshots_dropped(browser, built_site: Path, site_url: str,
                                                                      damage: str) -> None:
    url = site_url
    current = current_snapshot(built_site)
    size = current[1] if damage == "garbage_of_the_right_size" else 1000
    context = browser.new_context()
    try:
        put_kept(context, url, {current[0]: bytes([7]) * size, "snapshot-0.0.0-0000000000000000.bin": b"old"})
        replaced_by_the_download(context, url, built_site)
    finally:
        context.close()


def test_a_kept_webassembly_that_is_not_the_builds_is_dropped(browser, built_site: Path,
                                                              site_url: str) -> None:
    """Well formed (it compiles: the build's own, one byte of a data segment
    flipped) but not the build's bytes: never instantiated, dropped, the
    visit compiles what the server sends and keeps that. An older
    Pyodide's copy goes too."""
    url = site_url
    name, size, _ = current_wasm(built_site)
    wasm = bytearray((runtime_file(built_site).parent / runtime_of(built_site)["pyodide"]
                      / "pyodide.asm.wasm").resolve().read_bytes())
    wasm[size - 100] ^= 0xFF  # the last section: data segments (wasm_data reads them)
    context = browser.new_context()
    try:
        put_kept(context, url, {name: bytes(wasm), "pyodide.asm-0000000000000000.wasm": b"\0asm"})
        visit(context, url, stay_until_kept=both_kept(built_site))  # keeps the snapshot (and the wasm)
        put_kept(context, url, {name: bytes(wasm)})
        timings, answer = visit(context, url, stay_until_kept=both_kept(built_site))
        assert kept_entries(context, url) == both_kept(built_site)
    finally:
        context.close()
    assert (timings["snapshot_source"], timings["wasm_source"]) == ("kept", "http")
    assert answer == estimate(read(VECTORS[1]))


# ---- damaged bytes that still look like a snapshot --------------------------

def damaged(sparse: bytes) -> bytes:
    """``sparse`` with one byte of memory flipped in the middle of its largest
    segment: well formed (snapshot.js takes it), just not the build's."""
    at, best = 20, (0, 0)
    while at < len(sparse):
        length = int.from_bytes(sparse[at + 4:at + 8], "little")
        best = max(best, (length, at + 8))
        at += 8 + length
    length, start = best
    flipped = bytearray(sparse)
    flipped[start + length // 2] ^= 0xFF
    return bytes(flipped)


def test_a_well_formed_but_damaged_kept_copy_is_dropped(browser, built_site: Path, site_url: str) -> None:
    """Before the hash, such a copy was restored (and might crash at the first estimate)."""
    url = site_url
    current = current_snapshot(built_site)
    bad = damaged(snapshot_file(built_site).read_bytes())
    context = browser.new_context()
    try:
        put_kept(context, url, {current[0]: bad})
        assert [entry[:2] for entry in kept_entries(context, url)] == [current[:2]]  # same size, other bytes
        replaced_by_the_download(context, url, built_site)
    finally:
        context.close()
