"""The security headers on every answer, with the values the build wrote
(one source for both servers and for static hosts): pages, assets of every
kind, redirects, revalidations and 404s. nginx drops inherited add_header
lines in any location that adds its own, which is how they get lost. And
nginx takes none of its configuration from the web root."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hooks.deploy_headers import nginx_folder
from tools.serve_nginx import CONFIG, SITE_PATH

from .http import built_headers, request

# What these tests check is how a server answers: each runs against both
# (tests/conftest.py); the ones that read only the build take no server.
pytestmark = pytest.mark.both_servers

ROOT = Path(__file__).resolve().parents[2]
NAMES = {"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy"}


def source_headers() -> dict[str, str]:
    lines = (ROOT / "deploy" / "security-headers.txt").read_text(encoding="utf-8").splitlines()
    return dict((p.strip() for p in line.split(":", 1)) for line in lines if line.strip() and line[0] != "#")


def test_the_build_writes_the_policy_and_the_shared_headers_for_every_server(built_site):
    headers = built_headers(built_site)
    assert set(headers) == NAMES
    assert source_headers().items() <= headers.items()
    conf = (nginx_folder(built_site) / "server.conf").read_text()
    lines = [line for line in conf.splitlines() if line.startswith("add_header")]
    assert lines == [f'add_header {k} "{v}" always;' for k, v in headers.items()] + [
        "add_header Cache-Control $pa_migration_cache_control always;"]


def test_nginx_includes_nothing_from_the_web_root(built_site):
    """Whoever can write the site must not be able to add, say,
    `location /x/ { alias /etc/; }`: nginx's files are beside the site."""
    includes = re.findall(r"^\s*include\s+([^;]+);", CONFIG.read_text(encoding="utf-8"), re.M)
    assert includes and not [path for path in includes if path.startswith(SITE_PATH)]
    assert not [p for p in built_site.rglob("*.conf")]
    assert {p.name for p in nginx_folder(built_site).iterdir()} == {"http.conf", "server.conf"}


def test_the_policy_allows_no_inline_or_eval_script(built_site):
    directives = {}
    for directive in built_headers(built_site)["Content-Security-Policy"].split(";"):
        name, _, values = directive.strip().partition(" ")
        directives[name] = values.split()
    scripts = set(directives["script-src"])
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert {s for s in scripts if not s.startswith("'sha256-")} == {"'self'", "'wasm-unsafe-eval'"}
    assert directives["object-src"] == directives["frame-ancestors"] == ["'none'"]


def answers(site_url: str, runtime: dict[str, str]):
    """One of each kind of answer the site gives."""
    yield "page", request(site_url, "da/calculator/")
    yield "page, gzipped", request(site_url, "zh-TW/", Accept_Encoding="gzip")
    yield "HEAD", request(site_url, "calculator/", "HEAD")
    yield "wasm", request(site_url, runtime["pyodide"] + "pyodide.asm.wasm", "HEAD")
    yield "module", request(site_url, runtime["pyodide"] + "pyodide.mjs", "HEAD")
    yield "snapshot", request(site_url, runtime["snapshot"], "HEAD")
    yield "wheel", request(site_url, runtime["wheel"], "HEAD")
    yield "script", request(site_url, "assets/calculator/worker.js")
    yield "json", request(site_url, "assets/calculator/runtime.json")
    yield "robots", request(site_url, "robots.txt")
    yield "redirect", request(site_url, "da")
    page = request(site_url, "calculator/")
    yield "revalidated", request(site_url, "calculator/", If_None_Match=page.header("ETag"))
    yield "404", request(site_url, "no-such-page/")
    yield "404 da", request(site_url, "da/no-such-page/")
    yield "404 versioned", request(site_url, runtime["pyodide"] + "nothing.js")
    yield "_headers", request(site_url, "_headers")
    yield "dotfile", request(site_url, ".env")


def test_every_answer_carries_every_security_header(built_site, site_url, server, runtime):
    expected = built_headers(built_site)
    missing = {}
    for kind, answer in answers(site_url, runtime):
        got = {name: answer.header(name) for name in expected}
        if got != expected:
            missing[f"{kind} ({answer.status})"] = {k: v for k, v in got.items() if v != expected[k]}
    assert missing == {}


@pytest.mark.parametrize("path", ["", "da/calculator/"])
def test_the_answering_server_is_the_one_under_test(site_url, server, browser, path):
    """Both servers take the same port in turn: make sure the browser too
    talks to the one this test is for."""
    expected = "nginx" if server == "nginx" else "serve.py"
    assert request(site_url, path).header("Server") == expected
    context = browser.new_context()
    try:
        response = context.new_page().goto(site_url + path)
        assert response.headers.get("server") == expected
    finally:
        context.close()
