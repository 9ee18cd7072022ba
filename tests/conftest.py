"""Shared fixtures: the site built once into a temporary folder, served on
loopback, and Debian's Chromium through Playwright.

Two servers serve the same build: the embedded one (tools/serve.py) and
nginx with deploy/nginx.conf (tools/serve_nginx.py). The end-to-end
calculator tests and tests/deploy run against both (``server`` is a
session-scoped parameter, so pytest runs every test of one server, stops it,
then the other's); the rest of the suite against the embedded server only,
which keeps the suite's time down. Both listen on the same address, one after
the other, so the address the site was built for (canonical links, hreflang,
the origin the page may talk to) is right for either.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tools.chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def site_port() -> int:
    return _free_port()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, site_port) -> Path:
    """``mkdocs build --strict`` of the whole site (every language), with its
    public address set to where the tests serve it, as in production."""
    target = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": f"http://127.0.0.1:{site_port}/"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(target)],
                          cwd=ROOT, capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-4000:]
    assert "WARNING" not in done.stderr, done.stderr[-4000:]
    return target


SERVERS = ("embedded", "nginx")
BOTH_SERVERS = {"calculator_page", "deploy"}  # test folders run against every server


def pytest_generate_tests(metafunc) -> None:
    if "server" in metafunc.fixturenames:
        servers = SERVERS if metafunc.definition.path.parent.name in BOTH_SERVERS else SERVERS[:1]
        metafunc.parametrize("server", servers, indirect=True, scope="session")


@pytest.fixture(scope="session")
def server(request, built_site, site_port, tmp_path_factory) -> str:
    """The name of the server that serves the site at ``site_url`` (the parameter)."""
    if request.param == "embedded":
        from tools.serve import start_in_background

        _, embedded = start_in_background(built_site, site_port)
        yield request.param
        embedded.shutdown()
        embedded.server_close()  # frees the port (and its keep-alive connections) for nginx
    else:
        from tools.serve_nginx import Nginx, nginx_binary

        if nginx_binary() is None:
            pytest.skip("nginx is not installed (./dev test installs Debian's)")
        nginx = Nginx(built_site, site_port, tmp_path_factory.mktemp("nginx"))
        yield request.param
        nginx.stop()


@pytest.fixture(scope="session")
def site_url(server, site_port) -> str:
    return f"http://127.0.0.1:{site_port}/"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def run_cli():
    """The estimator's command line, as a user runs it; returns stdout."""
    def run(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "calculator", *args], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout
    return run


@pytest.fixture(scope="session")
def hook() -> ModuleType:
    """hooks/pyodide_assets.py (hooks/ is not a package: loaded by path, once)."""
    spec = importlib.util.spec_from_file_location("pyodide_assets", ROOT / "hooks" / "pyodide_assets.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
