"""MkDocs hook: put the in-browser calculator's runtime into the built site.

* ``assets/pyodide/<version>/``: the few Pyodide files needed at run time,
  copied from ``node_modules/pyodide`` (pinned in package.json). The path is
  versioned so a server may cache them forever.
* ``assets/calculator/wheel-<sha256>/<wheel>``: a wheel of ``calculator/`` made
  with pypa/build, in a folder named by its content's hash, so it is cached
  for ever like the rest of the runtime (a wheel's own name carries only the
  package version). The package is pure Python, so this is the same file
  ``pyodide build`` makes.
* ``assets/calculator/snapshot-<pyodide version>-<hash>.bin``: a
  memory snapshot of a Pyodide that has the wheel installed and
  ``calculator.api`` imported, made here under Node with the same pinned
  Pyodide (tools/pyodide_run.mjs --make-snapshot) and cached in build/ by
  (Pyodide version, sha256 of the wheel and of the script that makes it).
  Restoring it in the worker starts Python several times faster than a
  normal boot (benchmarks/results/latest.md).
  Stored sparse (see ``encode_snapshot``: the memory XOR what
  pyodide.asm.wasm's data segments put there, hooks/wasm_data.py, so that
  bytes the browser has in that file already are zeros; then its runs of
  zeros left out, 31 MB -> 9.1 MB; the heap's free space is zeroed first, see
  tools/pyodide_run.mjs). Not compressed in the file: hooks/precompress.py
  writes its ``.br`` (2.9 MB) and ``.gz`` (4.0 MB) siblings like every
  other file's, the server sends one with ``Content-Encoding`` and the
  browser inflates it as it arrives (Brotli included, which
  DecompressionStream lacks). The worker keeps the stored bytes for return
  visits and expands them (snapshot.js). Optional: without Node, or if
  making it fails, the build goes on without it and the worker boots
  normally.
* ``assets/calculator/runtime.json``: where the worker finds them, as URLs
  relative to runtime.json itself, so the site works under any base path;
  the snapshot's size and how much of the wasm's instantiated memory it
  is XORed with; the SHA-256 of its stored bytes (the worker checks a download
  and a kept copy against it before restoring); a smoke estimate with
  its answer from CPython (the worker runs it on a restored snapshot: one
  that restores but computes wrongly is dropped for a normal boot); and the
  ``info`` of Pyodide's lock file, which loadPyodide would otherwise
  download (120 KB) only to check its ABI: the calculator loads no package
  of Pyodide's.

mkdocs-static-i18n re-runs the build once per language into the same
site_dir; the big copy is skipped when the files are already in place, and
each language's copy of worker.js gets its own small runtime.json.

Run as a script (``python hooks/pyodide_assets.py``) it builds or reuses the
wheel and prints its path (tools/pyodide_run.mjs and the tests use that).
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

try:
    import wasm_data  # as MkDocs loads hooks: hooks/ on sys.path
except ImportError:
    from hooks import wasm_data

ROOT = Path(__file__).resolve().parent.parent
PYODIDE = ROOT / "node_modules" / "pyodide"
WHEEL_CACHE = ROOT / "build" / "pyodide-wheel"  # /build/ is git-ignored
SNAPSHOT_CACHE = ROOT / "build" / "pyodide-snapshot"
RUNNER = ROOT / "tools" / "pyodide_run.mjs"
# Set PA_NO_SNAPSHOT=1 to build a site without the snapshot (the worker then
# boots Python normally); the benchmark uses it to measure the difference.
NO_SNAPSHOT_ENV = "PA_NO_SNAPSHOT"
# What loadPyodide() fetches: its module, the Emscripten glue and binary, the
# standard library and the lock file (read at start-up even with no packages).
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                 "pyodide-lock.json")
# What goes into the wheel besides the package. Not README.md: pyproject.toml
# names no readme, so a README edit changes neither the wheel nor the snapshot.
SOURCE_FILES = ("pyproject.toml",)
PACKAGE = "calculator"
WORKER = "assets/calculator/worker.js"
PREFETCH = "assets/calculator/prefetch.js"  # loaded by the other pages, not the calculator's
# Fixed zip timestamps, so equal sources give a byte-identical wheel anywhere.
SOURCE_DATE_EPOCH = "315532800"


class MissingPyodide(RuntimeError):
    pass


def pyodide_version(pyodide: Path = PYODIDE) -> str:
    """The installed Pyodide's version, or a clear error if npm was not run."""
    missing = [name for name in RUNTIME_FILES + ("package.json",) if not (pyodide / name).is_file()]
    if missing:
        raise MissingPyodide(
            f"Pyodide is not installed ({pyodide} lacks {', '.join(missing)}). "
            "Run `npm ci` in the repository (./dev build and ./dev serve do it)."
        )
    return json.loads((pyodide / "package.json").read_text(encoding="utf-8"))["version"]


def _sources(root: Path) -> list[Path]:
    files = [root / name for name in SOURCE_FILES if (root / name).is_file()]
    files += sorted(root.glob("LICEN[CS]E*"))
    for path in sorted((root / PACKAGE).rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in {".pyc", ".pyo"}:
            files.append(path)
    return files


def source_hash(root: Path = ROOT) -> str:
    """Hash of everything the wheel is made from: the cache key."""
    digest = hashlib.sha256(SOURCE_DATE_EPOCH.encode())
    for path in _sources(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def build_wheel(root: Path = ROOT, cache: Path = WHEEL_CACHE) -> Path:
    """The wheel of ``calculator/``, rebuilt only when its sources change.

    The sources are copied first and the copy is hashed and built, so the
    cache key always matches the wheel even while someone edits the tree,
    and no stale ``build/lib`` of setuptools can slip into the wheel.
    """
    with tempfile.TemporaryDirectory(prefix="pa-wheel-") as tmp:
        src = Path(tmp) / "src"
        for path in _sources(root):
            target = src / path.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        out = cache / source_hash(src)[:16]
        wheels = sorted(out.glob("*.whl"))
        if wheels:
            return wheels[0]
        dist = Path(tmp) / "dist"
        command = [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(src)]
        if _has_build_requirements(src):
            command.insert(3, "--no-isolation")  # seconds faster: no venv, no download
        env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"building the calculator wheel failed:\n{done.stdout}\n{done.stderr}")
        (wheel,) = dist.glob("*.whl")
        out.mkdir(parents=True, exist_ok=True)
        partial = out / (wheel.name + ".part")
        shutil.copyfile(wheel, partial)
        partial.replace(out / wheel.name)  # atomic: a parallel build never sees half a wheel
    return out / wheel.name


def _has_build_requirements(src: Path) -> bool:
    """True if this interpreter already has the build backend pyproject asks for."""
    try:
        from build import ProjectBuilder

        with warnings.catch_warnings():  # the backend's warnings, re-raised here
            warnings.simplefilter("ignore")
            return not ProjectBuilder(src, runner=_silent).check_dependencies("wheel")
    except Exception:  # any doubt: let `build` make its isolated environment
        return False


def _silent(cmd: list[str], cwd: str | None = None, extra_environ: dict[str, str] | None = None) -> None:
    subprocess.run(cmd, cwd=cwd, env={**os.environ, **(extra_environ or {})}, capture_output=True, check=True)


def build_snapshot(wheel: Path, root: Path = ROOT, cache: Path = SNAPSHOT_CACHE) -> Path:
    """The (sparse) memory snapshot for this Pyodide and wheel, made once.

    Snapshots are not reproducible (addresses, hash seeds), so the cache key
    is what they are made from, not their bytes. Raises RuntimeError if Node
    or the snapshot fails; the caller decides whether that is fatal.
    """
    pyodide = root / "node_modules" / "pyodide"
    version = pyodide_version(pyodide)
    key = f"{version}-{snapshot_hash(wheel, root)[:16]}"
    target = cache / key / f"snapshot-{key}.bin"
    if target.is_file():
        return target
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is not installed: no Pyodide snapshot")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pa-snapshot-") as tmp:
        raw = Path(tmp) / "snapshot.bin"
        done = subprocess.run(
            [node, str(root / "tools" / "pyodide_run.mjs"), "--wheel", str(wheel),
             "--make-snapshot", str(raw)],
            capture_output=True, text=True, cwd=tmp, timeout=300,
        )
        if done.returncode:
            raise RuntimeError(f"making the Pyodide snapshot failed:\n{done.stderr[-3000:]}")
        try:
            stored = encode_snapshot(raw.read_bytes(), (pyodide / "pyodide.asm.wasm").read_bytes())
        except ValueError as exc:  # a Pyodide whose wasm or snapshot hooks/wasm_data.py cannot read
            raise RuntimeError(f"the snapshot cannot be stored against this Pyodide's wasm: {exc}") from exc
        partial = target.with_suffix(".part")
        partial.write_bytes(stored)
        partial.replace(target)
    return target


# The stored form of a snapshot (snapshot.js's fill() reads it; the tests
# have a reader of their own):
#   b"PASPARS2"                     magic and format version
#   u32 little-endian               the snapshot's size in bytes
#   u32 little-endian               where the WebAssembly memory starts in it
#                                   (after Pyodide's header, which gives it)
#   u32 little-endian               the length of the wasm's initial memory
#   then, to the end, segments:     u32 zeros to skip, u32 n, n bytes
# Zeros after the last segment are implied by the size. The bytes are the
# snapshot XOR, from where its memory starts, the memory as instantiating
# Pyodide's wasm leaves it (hooks/wasm_data.py): what Python never changed
# of the wasm's data is zeros too. Most of the snapshot is runs of zeros,
# which a return visit then neither reads from its kept copy nor a first
# visit downloads.
SPARSE_MAGIC = b"PASPARS2"
STORED_HEADER = 20  # bytes: the magic and three u32
ZERO_RUN = 64  # shorter runs stay in the data: a segment costs 8 bytes


def encode_snapshot(snapshot: bytes, wasm: bytes) -> bytes:
    """Pyodide's ``snapshot`` in the stored form, against the ``wasm`` it restores into."""
    base = pyodide_memory_start(snapshot)
    image = wasm_data.initial_memory(wasm)
    memory = bytearray(snapshot)
    wasm_data.xor_into(memory, image, base)
    return sparse_snapshot(bytes(memory), base, len(image))


def pyodide_memory_start(snapshot: bytes) -> int:
    """Where the memory starts in a Pyodide snapshot: its header (magic, this
    offset, the JSON's length, the build id, then the JSON) says so in its
    second u32 (Pyodide's API.makeSnapshot, which rounds it up to 16 bytes;
    snapshot.js XORs a word at a time from there)."""
    start = int.from_bytes(snapshot[4:8], "little")
    if len(snapshot) < 16 or not 16 <= start < len(snapshot) or start % 4:
        raise ValueError("not a Pyodide memory snapshot")
    return start


def sparse_snapshot(memory: bytes, base: int, image: int) -> bytes:
    """The stored form's header (``base``, ``image``: see above) and
    ``memory``'s segments, its runs of zeros left out."""
    def u32(n: int) -> bytes:
        return n.to_bytes(4, "little")

    out = [SPARSE_MAGIC, u32(len(memory)), u32(base), u32(image)]
    pos = zeros = 0  # where the data not yet written starts; zeros before it
    for run in re.finditer(rb"\0{%d,}" % ZERO_RUN, memory):
        if run.start() > pos:
            out += [u32(zeros), u32(run.start() - pos), memory[pos:run.start()]]
            zeros = 0
        zeros += run.end() - run.start()
        pos = run.end()
    if pos < len(memory):
        out += [u32(zeros), u32(len(memory) - pos), memory[pos:]]
    return b"".join(out)


def stored_header(stored: Path) -> dict[str, int]:
    """What the worker needs before the bytes arrive, from a stored
    snapshot's header: its size (the worker creates a buffer of that size at
    once) and how much of the wasm's memory to copy as instantiated."""
    with stored.open("rb") as f:
        head = f.read(STORED_HEADER)
    if len(head) < STORED_HEADER or head[:8] != SPARSE_MAGIC:
        raise ValueError(f"{stored} is not a stored snapshot")
    return {"size": int.from_bytes(head[8:12], "little"), "image": int.from_bytes(head[16:20], "little")}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot_hash(wheel: Path, root: Path = ROOT) -> str:
    """What a snapshot is made from besides Pyodide: the wheel, and the
    script that warms the package up (what it runs is in the snapshot, and
    the worker relies on it: a restored snapshot has no package files); and
    the stored form's version, which a reader of another form must not get."""
    maker = root / "tools" / "pyodide_run.mjs"
    return hashlib.sha256((sha256(wheel) + sha256(maker) + SPARSE_MAGIC.decode()).encode()).hexdigest()


def snapshot_sha256(snapshot: Path) -> str:
    """The SHA-256 of a snapshot's sparse bytes (what the worker receives,
    inflated by the browser from a precompressed sibling, checks and keeps),
    remembered next to it: each language's build asks, and the snapshot
    only changes with its name."""
    remembered = snapshot.with_name(snapshot.name + ".sha256")
    if remembered.is_file() and remembered.stat().st_mtime >= snapshot.stat().st_mtime:
        return remembered.read_text().strip()
    digest = sha256(snapshot)
    remembered.write_text(digest + "\n")
    return digest


# The worker's smoke estimate after a restore: the snapshot's warm-up input
# (tools/pyodide_run.mjs), answered by "view" as the page asks for an
# estimate. The expected answer is CPython's (tests/parity: the same bytes).
SMOKE_PAYLOAD = {
    "text": json.dumps({"sites": [{"name": "a", "items": [{"quantity": 2, "points_per_unit": "10",
                        "unit_price": "100", "renewal_date": "2027-03-01", "order": "o"}]}],
                        "migration_date": "2026-12-15"}),
    "labels": "{}", "today": "2026-01-01",
}


def smoke() -> dict[str, Any]:
    """The smoke estimate for runtime.json: {payload, estimate}."""
    from calculator import api  # here, not at the top: the script's own use needs no package
    answer = json.loads(api.call("view", json.dumps(SMOKE_PAYLOAD)))["estimate"]
    return {"payload": SMOKE_PAYLOAD, "estimate": answer}


def copy_if_changed(source: Path, target: Path) -> None:
    """Copy unless an identical-looking file (size, mtime) is already there."""
    if target.is_file():
        a, b = source.stat(), target.stat()
        if a.st_size == b.st_size and int(a.st_mtime) == int(b.st_mtime):
            return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)


def install_runtime(site_dir: Path, root: Path = ROOT, *, snapshot: bool | None = None) -> dict[str, Any]:
    """Copy Pyodide, the wheel and the snapshot into the site; return their
    site paths. ``snapshot``: None = unless $PA_NO_SNAPSHOT is set."""
    version = pyodide_version(root / "node_modules" / "pyodide")
    if snapshot is None:
        snapshot = not os.environ.get(NO_SNAPSHOT_ENV)
    for name in RUNTIME_FILES:
        copy_if_changed(root / "node_modules" / "pyodide" / name,
                        site_dir / "assets" / "pyodide" / version / name)
    wheel = build_wheel(root)
    wheel_sha256 = sha256(wheel)
    wheel_dir = f"assets/calculator/wheel-{wheel_sha256[:16]}"
    for old in (site_dir / "assets" / "calculator").glob("wheel-*"):
        if old.name != posixpath.basename(wheel_dir):
            shutil.rmtree(old)  # an older build's wheel: never asked for again
    copy_if_changed(wheel, site_dir / wheel_dir / wheel.name)
    if snapshot:
        try:
            snapshot = build_snapshot(wheel, root)
        except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
            warnings.warn(f"no Pyodide snapshot, the calculator will boot Python normally: {exc}",
                          stacklevel=2)
            snapshot = None
    else:
        snapshot = None
    runtime = {
        "pyodide_version": version,
        "pyodide": f"assets/pyodide/{version}/",
        "wheel": f"{wheel_dir}/{wheel.name}",
        "wheel_sha256": wheel_sha256,
        "lock_info": lock_info(root / "node_modules" / "pyodide"),
    }
    for old in (site_dir / "assets" / "calculator").glob("snapshot-*"):
        if snapshot is None or not old.name.startswith(snapshot.name):  # its .br/.gz stay
            old.unlink()  # a stale snapshot is dead weight (and never loaded)
    if snapshot is not None:
        copy_if_changed(snapshot, site_dir / "assets" / "calculator" / snapshot.name)
        runtime["snapshot"] = f"assets/calculator/{snapshot.name}"
        header = stored_header(snapshot)
        runtime["snapshot_size"] = header["size"]
        runtime["snapshot_image"] = header["image"]
        runtime["snapshot_sha256"] = snapshot_sha256(snapshot)
        # The worker compiles a copy kept by an earlier visit only if it is this.
        runtime["wasm_sha256"] = sha256(site_dir / "assets" / "pyodide" / version / "pyodide.asm.wasm")
        runtime["smoke"] = smoke()
    return runtime


def lock_info(pyodide: Path = PYODIDE) -> dict[str, str]:
    """The ``info`` of Pyodide's lock file (its ABI version, Python, platform):
    all of it that loadPyodide checks when no package of Pyodide's is loaded."""
    return json.loads((pyodide / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]


def runtime_json(runtime: dict[str, Any], worker_dir: str, page_files: Sequence[str] = ()) -> str:
    """runtime.json for a worker at ``worker_dir`` (site-relative): every URL
    relative to the file itself, so no base path is baked in. ``page_files``
    (site-relative): the calculator page's own scripts and stylesheet, which
    prefetch.js fetches ahead with the runtime."""
    def rel(path: str) -> str:
        url = posixpath.relpath(path, worker_dir)
        return url + "/" if path.endswith("/") else url

    manifest = {
        "pyodide_version": runtime["pyodide_version"],
        "base": rel("./"),
        "pyodide": rel(runtime["pyodide"]),
        "wheel": rel(runtime["wheel"]),
        "wheel_sha256": runtime["wheel_sha256"],
        "lock_info": runtime["lock_info"],
        "page_files": [rel(path) for path in page_files],
    }
    if runtime.get("snapshot"):
        manifest["snapshot"] = rel(runtime["snapshot"])
        manifest["snapshot_size"] = runtime["snapshot_size"]
        manifest["snapshot_image"] = runtime["snapshot_image"]
        manifest["snapshot_sha256"] = runtime["snapshot_sha256"]
        manifest["wasm_sha256"] = runtime["wasm_sha256"]
        manifest["smoke"] = runtime["smoke"]
    return json.dumps(manifest, indent=2) + "\n"


def relocate(text: str, worker_dir: str, new_dir: str) -> str:
    """A runtime.json written for ``worker_dir``, rewritten for a copy of it
    in ``new_dir`` (hooks/versioned_assets.py) beside copies of the page's
    files: the addresses ``runtime_json`` makes relative follow the move;
    ``page_files`` name files beside runtime.json, which moved with it."""
    manifest = json.loads(text)

    def moved(url: str) -> str:
        path = posixpath.relpath(posixpath.normpath(posixpath.join(worker_dir, url)), new_dir)
        return path + "/" if url.endswith("/") else path

    for key in ("base", "pyodide", "wheel", "snapshot"):
        if key in manifest:
            manifest[key] = moved(manifest[key])
    return json.dumps(manifest, indent=2) + "\n"


# --- MkDocs events ---------------------------------------------------------

_worker_dirs: list[str] = []  # where this (language's) build puts worker.js
_page_files: list[str] = []  # the calculator page's scripts and stylesheet, site-relative


def _plugin_error(exc: Exception) -> Exception:
    from mkdocs.exceptions import PluginError  # a clean message, not a traceback

    return PluginError(str(exc))


def on_config(config: Any) -> None:
    try:  # fail before rendering any page
        pyodide_version()
    except MissingPyodide as exc:
        raise _plugin_error(exc) from None


def on_files(files: Any, config: Any) -> None:
    _worker_dirs[:] = [posixpath.dirname(f.dest_uri) for f in files if f.src_uri == WORKER]
    _page_files[:] = sorted(f.dest_uri for f in files
                            if posixpath.dirname(f.src_uri) == posixpath.dirname(WORKER)
                            and f.src_uri.endswith((".js", ".css")) and f.src_uri != PREFETCH)


def on_post_build(config: Any) -> None:
    # Runs once per language build; after the first, install_runtime finds
    # the wheel cached and every file in place, and only stats them (~ms).
    site_dir = Path(config["site_dir"])
    try:
        runtime = install_runtime(site_dir)
    except (MissingPyodide, RuntimeError) as exc:
        raise _plugin_error(exc) from None
    for worker_dir in _worker_dirs or [posixpath.dirname(WORKER)]:
        target = site_dir / worker_dir / "runtime.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(runtime_json(runtime, worker_dir, _page_files), encoding="utf-8")


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    server.watch(str(ROOT / PACKAGE))  # a change to the calculator rebuilds the wheel
    return server


if __name__ == "__main__":
    print(build_wheel())
