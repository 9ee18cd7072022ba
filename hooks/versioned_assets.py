"""MkDocs hook: the calculator's own files under a folder named by their
content, so that a browser keeps them for a year and never asks again.

Pages are revalidated on every visit; what they load from
``assets/calculator/`` (its scripts and stylesheet, and runtime.json, which
the worker and prefetch.js read beside themselves) was revalidated too: on
a return visit over a mobile link, a round trip each, in a chain (page,
client.js, worker.js, runtime.json). After the last language's build this
hook copies them into ``assets/calculator/build-<hash>/``, the hash taken
over all of them, writes that folder's runtime.json for its place (its URLs
are relative to itself) and points every page at the folder. The modules
import each other by relative name, so in one folder they need no
rewriting. The servers and ``_headers`` serve ``build-*`` as immutable
(deploy/caching.txt); a change to any file is a new folder.

The files also stay where they were, unversioned and revalidated: a page
still open from before a deploy, and the tests and benchmarks that load
the client on a page of their own, find them there.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

try:
    from pyodide_assets import install_runtime, runtime_json  # as MkDocs loads hooks: hooks/ on sys.path
except ImportError:  # as hooks.versioned_assets (tests)
    from hooks.pyodide_assets import install_runtime, runtime_json

FOLDER = "assets/calculator"
RUNTIME = "runtime.json"
SUFFIXES = (".js", ".css")
# An attribute that names one of the folder's files directly (not a file of
# a versioned folder below it): what the pages are pointed away from.
_REFERENCE = re.compile(r'((?:src|href)="[^"]*?' + re.escape(FOLDER) + r'/)([\w.-]+\.(?:js|css))"')


def page_files(site: Path) -> list[Path]:
    """The calculator's own scripts and stylesheet in the built site."""
    return sorted(path for path in (site / FOLDER).iterdir() if path.is_file() and path.suffix in SUFFIXES)


def folder_name(files: list[Path], runtime_text: str) -> str:
    """build-<16 hex>: SHA-256 over each file's name and bytes, and runtime.json."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    digest.update(runtime_text.encode())
    return f"build-{digest.hexdigest()[:16]}"


def version(site: Path) -> str:
    """Copy the files into their versioned folder; return its site path."""
    files = page_files(site)
    plain = (site / FOLDER / RUNTIME).read_text(encoding="utf-8")
    folder = f"{FOLDER}/{folder_name(files, plain)}"
    for old in (site / FOLDER).glob("build-*"):
        if old.as_posix() != (site / folder).as_posix():
            shutil.rmtree(old)  # an earlier build's, under mkdocs serve
    target = site / folder
    target.mkdir(exist_ok=True)
    for path in files:
        shutil.copyfile(path, target / path.name)
    # The runtime as runtime.json names it, written for the new place.
    runtime = install_runtime(site)  # everything is in place by now: it only checks (~ms)
    listed = [f"{folder}/{name}" for name in json.loads(plain).get("page_files", [])]
    (target / RUNTIME).write_text(runtime_json(runtime, folder, listed), encoding="utf-8")
    return folder


def point_pages(site: Path, folder: str) -> None:
    """Every page's references to the folder's files, to their versioned copies."""
    name = folder.rsplit("/", 1)[1]
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        pointed = _REFERENCE.sub(lambda m: f'{m[1]}{name}/{m[2]}"', text)
        if pointed != text:
            page.write_text(pointed, encoding="utf-8")


@event_priority(-150)  # after mkdocs-static-i18n's (-100) language builds, before precompress (-200)
def on_post_build(config: Any) -> None:
    i18n = config["plugins"].get("i18n") if "plugins" in config else None
    if getattr(i18n, "building", False):
        return  # a nested language build: the outer one's post-build comes after it
    site = Path(config["site_dir"])
    if (site / FOLDER / RUNTIME).is_file():
        point_pages(site, version(site))
