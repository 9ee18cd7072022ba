"""MkDocs hook: a ``.br`` and a ``.gz`` beside every compressible file of the site.

A server then sends the smaller file as it is (nginx's ``gzip_static``,
tools/serve.py, Caddy's ``precompressed``, CDNs that honour them) instead of
compressing on every request: Pyodide's 9.6 MB WebAssembly
took nginx ~0.4 s of CPU per answer at gzip level 5 (zlib, measured).
Compressed once here, each at its best: Brotli quality 11, gzip level 9.

Brotli 11 is slow (about a minute for the wasm on this machine, two for
the snapshot), so both forms are kept in build/precompressed/ by the
SHA-256 of the file; a rebuild with the same Pyodide compresses only the
pages that changed. The siblings are reproducible (gzip without a name or
time), like the rest of the build.

$PA_BROTLI_QUALITY lowers Brotli's quality for a build whose byte counts
nobody reads: the test suite's (tests/support/site.py), where quality 11
would cost three minutes of CPU on a fresh clone for the same files, the
same siblings and the same headers, only larger. A deployed build and the
benchmark's keep 11.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from pathlib import Path
from typing import Any

import brotli
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "precompressed"  # /build/ is git-ignored
# Text and WebAssembly; not what is compressed already (.gz, .zip, .whl, images).
# .bin: the calculator's memory snapshot (9.1 MB; 2.9 MB as Brotli).
COMPRESSIBLE = frozenset({".html", ".css", ".js", ".mjs", ".json", ".map", ".svg", ".wasm", ".txt",
                          ".xml", ".csv", ".bin"})
MIN_SIZE = 256  # below this the headers outweigh the saving (nginx's gzip_min_length)
QUALITY_ENV = "PA_BROTLI_QUALITY"


def brotli_quality() -> int:
    """Brotli's quality: 11, its best, unless $PA_BROTLI_QUALITY says less."""
    return min(max(int(os.environ.get(QUALITY_ENV) or 11), 0), 11)


ENCODINGS = {".br": lambda data: brotli.compress(data, quality=brotli_quality()),
             ".gz": lambda data: gzip.compress(data, 9, mtime=0)}


def compressible(path: Path) -> bool:
    return path.suffix in COMPRESSIBLE and path.stat().st_size >= MIN_SIZE


def compressed(data: bytes, suffix: str, cache: Path) -> bytes:
    """``data`` compressed with the encoding of ``suffix``, from the cache if there."""
    effort = f".q{brotli_quality()}" if suffix == ".br" and brotli_quality() != 11 else ""
    kept = cache / (hashlib.sha256(data).hexdigest() + effort + suffix)
    if kept.is_file():
        return kept.read_bytes()
    packed = ENCODINGS[suffix](data)
    cache.mkdir(parents=True, exist_ok=True)
    partial = kept.with_name(f"{kept.name}.{os.getpid()}.tmp")
    partial.write_bytes(packed)
    partial.replace(kept)  # whole or absent, should two builds run at once
    return packed


def write_siblings(path: Path, cache: Path = CACHE) -> None:
    data = path.read_bytes()
    for suffix in ENCODINGS:
        path.with_name(path.name + suffix).write_bytes(compressed(data, suffix, cache))


def precompress(site: Path, cache: Path = CACHE) -> None:
    for path in sorted(site.rglob("*")):
        if path.is_file() and compressible(path):
            write_siblings(path, cache)


@event_priority(-200)  # after mkdocs-static-i18n's (-100), which builds the other languages
def on_post_build(config: Any) -> None:
    # Each further language is a nested build, inside i18n's post-build (its
    # ``building`` set): compress once, after the last, when every file is final.
    i18n = config["plugins"].get("i18n") if "plugins" in config else None
    if not getattr(i18n, "building", False):
        precompress(Path(config["site_dir"]))
