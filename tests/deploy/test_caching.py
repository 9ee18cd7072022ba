"""Caching: what is versioned (its name changes with its content) is kept
for a year and never revalidated, so a returning visitor loads Python from
the disk cache; everything else is revalidated on each visit, so a new
build shows at once."""

from __future__ import annotations

import pytest

from .http import request
from .test_types_and_compression import served_files

# What these tests check is how a server answers: each runs against both
# (tests/conftest.py); the ones that read only the build take no server.
pytestmark = pytest.mark.both_servers

IMMUTABLE = "public, max-age=31536000, immutable"


def versioned_files(built_site, runtime) -> set[str]:
    """Pyodide under its version folder, the snapshot (named by Pyodide's
    version and the wheel's hash), the wheel (in a folder named by its hash),
    the site's own scripts and stylesheets in theirs (hooks/versioned_assets.py) and
    Material's hashed bundles."""
    found = {rel for rel in served_files(built_site) if rel.startswith(runtime["pyodide"])}
    for folder in built_site.glob("assets/*/build-*"):
        prefix = folder.relative_to(built_site).as_posix() + "/"
        found |= {rel for rel in served_files(built_site) if rel.startswith(prefix)}
    found |= {runtime["snapshot"], runtime["wheel"]}
    for pattern in ("assets/javascripts/bundle.*.min.js", "assets/javascripts/workers/search.*.min.js",
                    "assets/stylesheets/main.*.min.css", "assets/stylesheets/palette.*.min.css"):
        (match,) = built_site.glob(pattern)
        found.add(match.relative_to(built_site).as_posix())
    return found


def test_versioned_files_are_immutable_and_the_rest_revalidated(built_site, site_url, server, runtime):
    versioned = versioned_files(built_site, runtime)
    assert len(versioned) >= 10
    wrong = {}
    for rel in served_files(built_site):
        expected = IMMUTABLE if rel in versioned else "no-cache"
        got = request(site_url, rel, "HEAD").header("Cache-Control")
        if got != expected:
            wrong[rel] = got
    assert wrong == {}


def test_pages_and_folders_are_revalidated_with_an_etag(site_url, server):
    for path in ("", "da/calculator/", "zh-TW/"):
        first = request(site_url, path)
        assert first.status == 200
        assert first.header("Cache-Control") == "no-cache"
        again = request(site_url, path, If_None_Match=first.header("ETag"))
        assert again.status == 304, path
        assert again.body == b""


def test_a_missing_file_under_a_versioned_folder_is_not_cached_for_ever(site_url, server, runtime):
    for rel in (runtime["pyodide"] + "no-such-file.wasm", "assets/calculator/snapshot-0-0.bin",
                "assets/calculator/wheel-0/calculator-0-py3-none-any.whl"):
        answer = request(site_url, rel)
        assert answer.status == 404
        assert answer.header("Cache-Control") == "no-cache"
