"""The site the tests run against: built once, served on loopback by the
embedded server (tools/serve.py) or by nginx with deploy/nginx.conf
(tools/serve_nginx.py). tests/conftest.py turns these into fixtures."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVERS = ("embedded", "nginx")
# The suite's builds: Brotli at quality 5 rather than 11 (hooks/precompress.py):
# the same siblings and headers, and no three minutes of CPU on a fresh clone
# for byte counts that the benchmark, not the suite, reports.
BUILD_ENV = {"NO_MKDOCS_2_WARNING": "1", "PA_BROTLI_QUALITY": "5"}
# Every page of the site (each language has them all), by its English source's name.
PAGES = sorted(p.stem for p in (ROOT / "docs" / "en").glob("*.md") if p.stem != "404")


def page_path(site: Path, lang: str, page: str) -> Path:
    """Where a built ``site`` holds ``page`` in ``lang``."""
    prefix = site if lang == "en" else site / lang
    return prefix / "index.html" if page == "index" else prefix / page / "index.html"


def free_port() -> int:
    """A port nothing listens on now (the servers take it in turn)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Build:
    """``mkdocs build --strict`` of every language into ``target``, with the
    public address http://127.0.0.1:``port``/, as in production: canonical links,
    hreflang and the sitemap name it. It starts at once, in its own process,
    so the tests that need no site run meanwhile (on a fresh clone the build
    takes a minute or more: the snapshot and Pyodide's wasm, compressed);
    ``result()`` waits for it and fails on an error or any warning. The
    wheel and the Pyodide snapshot come from build/ when their inputs are
    unchanged."""

    def __init__(self, target: Path, port: int):
        self.target, self.port = target, port
        site_url = f"http://127.0.0.1:{port}/"
        self.log = target.with_name(target.name + ".log")
        env = {**os.environ, **BUILD_ENV, "SITE_URL": site_url}
        with self.log.open("w", encoding="utf-8") as log:  # a file: a pipe could fill and stall it
            self.process = subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(target)],
                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log, env=env)

    def result(self) -> Path:
        returncode = self.process.wait(timeout=900)
        stderr = self.log.read_text(encoding="utf-8")
        assert returncode == 0, stderr[-4000:]
        assert "WARNING" not in stderr, stderr[-4000:]
        return self.target

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@contextmanager
def serving(server: str, site: Path, port: int, scratch: Path) -> Iterator[None]:
    """``site`` served by ``server`` ("embedded" or "nginx") on
    127.0.0.1:``port`` until the block ends; nginx keeps its configuration
    and logs in ``scratch``. Raises FileNotFoundError without nginx."""
    if server == "embedded":
        from tools.serve import start_in_background

        _, embedded = start_in_background(site, port)
        try:
            yield
        finally:
            embedded.shutdown()
            embedded.server_close()  # frees the port (and its keep-alive connections) for the next server
    elif server == "nginx":
        from tools.serve_nginx import Nginx

        nginx = Nginx(site, port, scratch)
        try:
            yield
        finally:
            nginx.stop()
    else:
        raise ValueError(f"no server named {server!r}: {SERVERS}")
