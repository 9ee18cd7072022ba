"""What each server says a file is, and how it sends it: module scripts and
WebAssembly are refused or slowed by the browser under a wrong type; text and
wasm are gzipped on request; what is compressed already is sent as it is."""

from __future__ import annotations

import gzip

import brotli
import pytest

from hooks.precompress import compressible as compressible_file

from .http import request

# Every kind of file the built site has, and the Content-Type both servers
# must give it (tools/serve.py TYPES, deploy/nginx.conf types).
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".map": "application/json; charset=utf-8",
    ".wasm": "application/wasm",
    ".png": "image/png",
    ".xml": "text/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".gz": "application/gzip",
}


def served_files(built_site):
    """Every file of the site a visitor may ask for by its name: not the
    build's header files, not the compressed siblings (another form of a file)."""
    found = []
    for path in built_site.rglob("*"):
        sibling = path.suffix in (".br", ".gz") and path.with_suffix("").is_file()
        if path.is_file() and path.parts[len(built_site.parts)] != "_headers" and not sibling:
            found.append(path.relative_to(built_site).as_posix())
    return sorted(found)


def test_every_file_has_its_content_type(built_site, site_url, server):
    wrong = {}
    for rel in served_files(built_site):
        suffix = "." + rel.rsplit(".", 1)[-1]
        assert suffix in TYPES, f"{rel}: a new kind of file; give it a type in both servers and here"
        got = request(site_url, rel, "HEAD").header("Content-Type")
        if got != TYPES[suffix]:
            wrong[rel] = got
    assert wrong == {}


def test_every_compressible_file_has_a_br_and_a_gz_that_decompress_to_it(built_site):
    compressible = [rel for rel in served_files(built_site) if compressible_file(built_site / rel)]
    assert len(compressible) > 50
    for rel in compressible:
        original = (built_site / rel).read_bytes()
        assert brotli.decompress((built_site / (rel + ".br")).read_bytes()) == original, rel
        assert gzip.decompress((built_site / (rel + ".gz")).read_bytes()) == original, rel


@pytest.mark.parametrize("rel", [
    "assets/pyodide/{version}/pyodide.asm.wasm",
    "assets/pyodide/{version}/pyodide.asm.mjs",
    "assets/pyodide/{version}/pyodide-lock.json",
    "assets/calculator/worker.js",
    "calculator/index.html",
    "search/search_index.json",
])
def test_text_and_wasm_are_gzipped_when_asked_for(built_site, site_url, server, pyodide_version, rel):
    rel = rel.format(version=pyodide_version)
    original = (built_site / rel).read_bytes()
    packed = request(site_url, rel, Accept_Encoding="gzip, deflate, br")
    assert packed.status == 200
    assert packed.header("Content-Encoding") == "gzip"
    assert "accept-encoding" in (packed.header("Vary") or "").lower()
    assert gzip.decompress(packed.body) == original
    assert len(packed.body) < len(original)
    plain = request(site_url, rel)
    assert plain.header("Content-Encoding") is None
    assert plain.body == original


def test_compressed_files_are_sent_as_they_are(built_site, site_url, server, runtime):
    for rel in (runtime["snapshot"], runtime["wheel"], f"{runtime['pyodide']}python_stdlib.zip"):
        answer = request(site_url, rel, Accept_Encoding="gzip")
        assert answer.status == 200, rel
        assert answer.header("Content-Encoding") is None, rel
        assert answer.body == (built_site / rel).read_bytes(), rel
