"""What each server says a file is, and how it sends it: module scripts and
WebAssembly are refused or slowed by the browser under a wrong type; text and
wasm go compressed, as the build compressed them once (hooks/precompress.py:
a .br and a .gz beside each), by the request's Accept-Encoding; what is
compressed already is sent as it is."""

from __future__ import annotations

import gzip

import brotli
import pytest

from hooks.deploy_headers import HEADERS_FILE
from hooks.precompress import QUALITY_ENV, compressed, compressible as compressible_file

from .http import request

# What these tests check is how a server answers: each runs against both
# (tests/conftest.py); the ones that read only the build take no server.
pytestmark = pytest.mark.both_servers

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
    ".bin": "application/octet-stream",  # the calculator's memory snapshot
}


def served_files(built_site):
    """Every file of the site a visitor may ask for by its name: not the
    _headers file, not the compressed siblings (another form of a file)."""
    found = []
    for path in built_site.rglob("*"):
        rel = path.relative_to(built_site).as_posix()
        sibling = path.suffix in (".br", ".gz") and path.with_suffix("").is_file()
        if path.is_file() and rel != HEADERS_FILE and not sibling:
            found.append(rel)
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


def test_brotli_is_at_its_best_unless_a_build_asks_for_less_and_each_quality_is_kept_apart(
        tmp_path, monkeypatch):
    data = b"Passport Advantage " * 2000
    monkeypatch.delenv(QUALITY_ENV, raising=False)
    best = compressed(data, ".br", tmp_path)
    assert best == brotli.compress(data, quality=11)
    monkeypatch.setenv(QUALITY_ENV, "1")  # the suite's builds say 5
    quick = compressed(data, ".br", tmp_path)
    assert quick == brotli.compress(data, quality=1) != best  # not quality 11's, cached
    assert brotli.decompress(quick) == data
    monkeypatch.delenv(QUALITY_ENV)
    assert compressed(data, ".br", tmp_path) == best  # a deployed build never gets the quick one


DECODE = {"br": brotli.decompress, "gzip": gzip.decompress, None: lambda body: body}
# Each server's choice, by Accept-Encoding: tools/serve.py br first, then
# gzip; nginx gzip only (deploy/nginx.conf says why not brotli_static).
CHOICE = {
    "gzip, deflate, br": {"embedded": "br", "nginx": "gzip"},
    "br": {"embedded": "br", "nginx": None},
    "br;q=0, gzip": {"embedded": "gzip", "nginx": "gzip"},
    "gzip": {"embedded": "gzip", "nginx": "gzip"},
    "": {"embedded": None, "nginx": None},
    "identity": {"embedded": None, "nginx": None},
}


@pytest.mark.parametrize("accept", CHOICE)
@pytest.mark.parametrize("rel", [
    "{pyodide}pyodide.asm.wasm",
    "{pyodide}pyodide.asm.mjs",
    "{pyodide}pyodide-lock.json",
    "assets/calculator/worker.js",
    "calculator/",
    "search/search_index.json",
])
def test_each_server_sends_the_precompressed_file_the_client_takes(built_site, site_url, server, runtime,
                                                                    rel, accept):
    rel = rel.format(pyodide=runtime["pyodide"])
    coding = CHOICE[accept][server]
    original = (built_site / (rel + "index.html" if rel.endswith("/") else rel)).read_bytes()
    answer = request(site_url, rel, **({"Accept_Encoding": accept} if accept else {}))
    assert answer.status == 200
    assert answer.header("Content-Encoding") == coding
    assert "accept-encoding" in (answer.header("Vary") or "").lower()
    assert DECODE[coding](answer.body) == original
    assert len(answer.body) < len(original) or coding is None


def test_compressed_files_are_sent_as_they_are(built_site, site_url, server, runtime):
    for rel in (runtime["wheel"], f"{runtime['pyodide']}python_stdlib.zip"):
        answer = request(site_url, rel, Accept_Encoding="gzip, br")
        assert answer.status == 200, rel
        assert answer.header("Content-Encoding") is None, rel
        assert answer.body == (built_site / rel).read_bytes(), rel


def test_the_snapshot_is_sent_compressed_and_the_browser_inflates_it(built_site, site_url, server, runtime):
    """The worker takes the snapshot as the browser decodes it (no
    DecompressionStream): a precompressed sibling with Content-Encoding."""
    accept = "gzip, deflate, br"
    coding = CHOICE[accept][server]
    answer = request(site_url, runtime["snapshot"], Accept_Encoding=accept)
    assert answer.status == 200 and answer.header("Content-Encoding") == coding
    assert DECODE[coding](answer.body) == (built_site / runtime["snapshot"]).read_bytes()
