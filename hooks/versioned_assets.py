"""MkDocs hook: the site's own scripts and stylesheets under a folder named
by their content, so that a browser keeps them for a year and never asks
again.

Pages are revalidated on every visit; what they load from
``assets/calculator/`` (the calculator's scripts and stylesheet, and
runtime.json, which the worker and prefetch.js read beside themselves) and
``assets/site/`` (the site's stylesheet and alternates.js) was revalidated
too: on a return visit over a mobile link, a round trip each, in a chain
(page, client.js, worker.js, runtime.json; the stylesheet holds up the
first paint, alternates.js the page's scripts). After the last language's
build this hook copies each folder's files into ``<folder>/build-<hash>/``,
the hash taken over all of them, writes the calculator folder's
runtime.json for its place (its URLs are relative to itself) and points
every page at the copies. The modules import each other by relative name,
so in one folder they need no rewriting. The servers and ``_headers``
serve ``build-*`` as immutable (deploy/caching.txt); a change to any file
is a new folder.

The files also stay where they were, unversioned and revalidated: a page
still open from before a deploy, and the tests and benchmarks that load
the client on a page of their own, find them there.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

try:
    from pyodide_assets import relocate  # as MkDocs loads hooks: hooks/ on sys.path
except ImportError:  # as hooks.versioned_assets (tests)
    from hooks.pyodide_assets import relocate

FOLDERS = ("assets/calculator", "assets/site")
RUNTIME = "runtime.json"  # in assets/calculator: written anew for the copy's place
SUFFIXES = (".js", ".css")


def page_files(site: Path, folder: str) -> list[Path]:
    """A folder's scripts and stylesheets in the built site."""
    return sorted(path for path in (site / folder).iterdir() if path.is_file() and path.suffix in SUFFIXES)


def folder_name(files: list[Path], runtime_text: str = "") -> str:
    """build-<16 hex>: SHA-256 over each file's name and bytes, and runtime.json."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    digest.update(runtime_text.encode())
    return f"build-{digest.hexdigest()[:16]}"


def version(site: Path, folder: str) -> str:
    """Copy a folder's files into their versioned folder; return its name."""
    files = page_files(site, folder)
    runtime_file = site / folder / RUNTIME
    plain = runtime_file.read_text(encoding="utf-8") if runtime_file.is_file() else ""
    name = folder_name(files, plain)
    for old in (site / folder).glob("build-*"):
        if old.name != name:
            shutil.rmtree(old)  # an earlier build's, under mkdocs serve
    target = site / folder / name
    target.mkdir(exist_ok=True)
    for path in files:
        shutil.copyfile(path, target / path.name)
    if plain:  # the same runtime, its addresses relative to the new place
        (target / RUNTIME).write_text(relocate(plain, folder, f"{folder}/{name}"), encoding="utf-8")
    return name


def point_pages(site: Path, versions: dict[str, str]) -> None:
    """Every page's references to the folders' files, to their versioned copies:
    an attribute that names a file right in the folder (not in a folder below it)."""
    patterns = [(re.compile(r'((?:src|href)="[^"]*?' + re.escape(folder) + r'/)([\w.-]+\.(?:js|css))"'), name)
                for folder, name in versions.items()]
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        pointed = text
        for pattern, name in patterns:
            pointed = pattern.sub(lambda m, name=name: f'{m[1]}{name}/{m[2]}"', pointed)
        if pointed != text:
            page.write_text(pointed, encoding="utf-8")


@event_priority(-150)  # after mkdocs-static-i18n's (-100) language builds, before precompress (-200)
def on_post_build(config: Any) -> None:
    i18n = config["plugins"].get("i18n") if "plugins" in config else None
    if getattr(i18n, "building", False):
        return  # a nested language build: the outer one's post-build comes after it
    site = Path(config["site_dir"])
    point_pages(site, {folder: version(site, folder) for folder in FOLDERS if (site / folder).is_dir()})
