"""Shared fixtures: the site built once per run into a temporary folder,
served on loopback, and Debian's Chromium through Playwright. The helpers
behind them live in tests/support/ (site.py, page.py, inputs.py, worker.py).

Which server a test runs against
--------------------------------
Two servers serve the same build: the embedded one (tools/serve.py) and
nginx with deploy/nginx.conf (tools/serve_nginx.py). A test that uses the
``server`` fixture (``site_url`` does) runs against the embedded server;
one marked ``@pytest.mark.both_servers`` runs against each. The rule: mark a
test when what it checks depends on how the site is served — headers,
caching, compression, content types, 404 pages and redirects (tests/deploy),
and the calculator's start through the server: the worker, its snapshot and
Pyodide's WebAssembly fetched with that server's types and encodings, one
full estimate per language, nothing requested from another origin. What
the page does with what it got — the form, formatting, layout, import and
export, errors, accessibility, hostile input — does not depend on the
server and runs once.

``server`` is a session-scoped parameter, so pytest runs every test of one
server, stops it, then the other's. Both listen on the same address in
turn, so the address the site was built for (canonical links, hreflang,
the sitemap) is right for either.

Lanes
-----
Every test that uses the ``browser`` fixture is marked ``browser``, every
test against nginx ``nginx``. ``./dev test --quick`` deselects both
(``-m "not browser and not nginx"``): the estimator, parity under Node,
translations and the checks of the built site, with neither Chromium nor
nginx installed.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

import pytest

from tests.support import lighthouse
from tests.support.debian import wait_for_packages
from tests.support.page import new_context
from tests.support.site import ROOT, SERVERS, Build, free_port, serving
from tools.chromium import CHROMIUM, CHROMIUM_ARGS
from tools.lighthouse import Audit


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "server" in metafunc.fixturenames:
        servers = SERVERS if metafunc.definition.get_closest_marker("both_servers") else SERVERS[:1]
        metafunc.parametrize("server", servers, indirect=True, scope="session")


NEEDS_SITE = frozenset({"built_site", "server", "site_url"})
BUILD = pytest.StashKey[Build]()
AUDIT = pytest.StashKey[Audit]()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Marks what a test needs beyond Python and Node, for ``-m`` (the
    quick lane). Then starts the site's build, if a test needs it, and puts
    the tests that need no site first: they run while it builds."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("server") == "nginx":
            item.add_marker(pytest.mark.nginx)


def needs_site(item: pytest.Item) -> bool:
    return not NEEDS_SITE.isdisjoint(getattr(item, "fixturenames", ()))


@pytest.hookimpl(trylast=True)  # after -m and -k have deselected, and after pytest's own ordering
def pytest_collection_finish(session: pytest.Session) -> None:
    session.items.sort(key=needs_site)  # stable: each group keeps pytest's order
    if any(map(needs_site, session.items)) and not session.config.option.collectonly:
        target = Path(tempfile.mkdtemp(prefix="pa-site-")) / "site"
        session.config.stash[BUILD] = Build(target, free_port())


def pytest_unconfigure(config: pytest.Config) -> None:
    audit = config.stash.get(AUDIT, None)
    if audit is not None:
        audit.stop()
    build = config.stash.get(BUILD, None)
    if build is not None:
        build.stop()
        shutil.rmtree(build.target.parent, ignore_errors=True)


@pytest.fixture(scope="session")
def site_port(built_site: Path, pytestconfig: pytest.Config) -> int:
    """The port the site was built for (its canonical links name it)."""
    return pytestconfig.stash[BUILD].port


@pytest.fixture(scope="session")
def built_site(pytestconfig: pytest.Config) -> Path:
    """The whole site, every language, built once for the run with its public
    address set to where the tests serve it (started after collection)."""
    return pytestconfig.stash[BUILD].result()


@pytest.fixture(scope="session")
def server(request: pytest.FixtureRequest, built_site: Path, site_port: int,
           tmp_path_factory: pytest.TempPathFactory):
    """The name of the server that serves the site at ``site_url`` (the
    parameter). The embedded server's start also starts the Lighthouse run,
    if a test of this session reads it: it audits while the others run."""
    items = request.session.items
    audited = any(lighthouse.FIXTURE in getattr(item, "fixturenames", ()) for item in items)
    if request.param != SERVERS[0] or audited:  # nginx, or Lighthouse's Chromium
        wait_for_packages()
    try:
        with serving(request.param, built_site, site_port, tmp_path_factory.mktemp(request.param)):
            if request.param == SERVERS[0] and audited:
                request.config.stash[AUDIT] = lighthouse.start(f"http://127.0.0.1:{site_port}/")
            yield request.param
    except FileNotFoundError as missing:  # nginx not installed
        pytest.skip(f"{missing} (./dev test installs Debian's)")


@pytest.fixture(scope="session")
def lighthouse_results(site_url: str, pytestconfig: pytest.Config) -> list[dict]:
    """Lighthouse's summary of each page of tests/support/lighthouse.py,
    from the run the embedded server's start began."""
    audit = pytestconfig.stash.get(AUDIT, None) or lighthouse.start(site_url)
    return audit.result()


@pytest.fixture(scope="session")
def site_url(server: str, site_port: int) -> str:
    return f"http://127.0.0.1:{site_port}/"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    wait_for_packages()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def warm_context(browser, server: str):
    """A browser context per language (and options), shared by the tests
    for which a visit need not be the first: their pages start Python from
    the snapshot the first one kept, as a reader's return visit does, and
    skip a new context's start. First visits (what comes through the
    server, the snapshot's download and fallbacks, the layout while Python
    starts) open contexts of their own. One set per server: what one
    server sent is never another's cache."""
    contexts: dict[tuple, object] = {}

    def get(lang: str, **options):
        key = (lang, *sorted(options.items()))
        if key not in contexts:
            contexts[key] = new_context(browser, lang, **options)
        return contexts[key]

    yield get
    for context in contexts.values():
        context.close()


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
