"""The site's own scripts and stylesheets (the calculator's, with its
runtime.json, and the site's) are served from folders named by their
content (hooks/versioned_assets.py), so a browser never revalidates them;
every page points there, and prefetch.js knows which of them the
calculator page needs."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import pytest

from hooks.versioned_assets import folder_name

REFERENCE = re.compile(r'(?:src|href)="([^"]*assets/(calculator|site)/[^"]*)"')


def folder_of(site: Path, name: str = "calculator") -> Path:
    (folder,) = (site / "assets" / name).glob("build-*")
    return folder


def test_every_page_loads_the_sites_own_files_from_the_versioned_folders(built_site):
    folders = {name: folder_of(built_site, name).name for name in ("calculator", "site")}
    assert all(re.fullmatch(r"build-[0-9a-f]{16}", folder) for folder in folders.values())
    seen = set()
    for page in built_site.rglob("*.html"):
        for url, name in REFERENCE.findall(page.read_text(encoding="utf-8")):
            assert f"assets/{name}/{folders[name]}/" in url, (page, url)
            seen.add(url.rsplit("/", 1)[1])
    assert {"prefetch.js", "client.js", "calculator.js", "calculator.css"} <= seen
    assert {"site.css", "alternates.js"} <= seen


@pytest.mark.parametrize("name", ["calculator", "site"])
def test_a_versioned_folder_holds_the_same_files(built_site, name):
    plain, folder = built_site / "assets" / name, folder_of(built_site, name)
    scripts = sorted(p.name for p in plain.iterdir() if p.suffix in {".js", ".css"})
    assert sorted(p.name for p in folder.iterdir() if p.suffix in {".js", ".css"}) == scripts
    for file in scripts:
        assert (folder / file).read_bytes() == (plain / file).read_bytes(), file


def test_the_calculators_folder_has_a_runtime_json_for_its_place(built_site):
    plain, folder = built_site / "assets" / "calculator", folder_of(built_site)
    # Each runtime.json, resolved from where it is, names the same files.
    here, there = (json.loads((d / "runtime.json").read_text()) for d in (plain, folder))

    def resolve(directory: Path, url: str) -> str:
        return posixpath.normpath(posixpath.join(directory.relative_to(built_site).as_posix(), url))

    for key in ("pyodide", "wheel", "snapshot"):
        assert resolve(plain, here[key]) == resolve(folder, there[key]), key
    assert (built_site / resolve(folder, there["snapshot"])).is_file()
    assert {k: v for k, v in here.items() if k not in ("base", "pyodide", "wheel", "snapshot")} == \
           {k: v for k, v in there.items() if k not in ("base", "pyodide", "wheel", "snapshot")}


def test_runtime_json_lists_the_calculator_pages_own_files(built_site):
    """prefetch.js fetches these ahead with the runtime: the scripts and the
    stylesheet of the calculator's folder, every one of them, but not
    prefetch.js (the other pages' script) nor the runtime's own files."""
    folder = folder_of(built_site)
    runtime = json.loads((folder / "runtime.json").read_text())
    expected = sorted(path.name for path in folder.iterdir()
                      if path.suffix in {".js", ".css"} and path.name != "prefetch.js")
    assert sorted(runtime["page_files"]) == expected
    assert {"calculator.js", "client.js", "worker.js", "calculator.css"} <= set(expected)


def test_the_folders_name_changes_with_any_file_or_the_runtime(tmp_path):
    files = []
    for name, text in (("a.js", "export const a = 1;\n"), ("b.css", "p {}\n")):
        (tmp_path / name).write_text(text)
        files.append(tmp_path / name)
    first = folder_name(files, "{}")
    assert folder_name(files, "{}") == first  # the same content, the same name
    assert folder_name(files, '{"snapshot": "other"}') != first
    (tmp_path / "b.css").write_text("p { margin: 0 }\n")
    assert folder_name(files, "{}") != first
