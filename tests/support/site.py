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


def free_port() -> int:
    """A port nothing listens on now (the servers take it in turn)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build(target: Path, site_url: str) -> None:
    """``mkdocs build --strict`` of every language into ``target``, with the
    public address ``site_url``, as in production: canonical links,
    hreflang and the sitemap name it. Fails on any warning. The wheel and
    the Pyodide snapshot come from build/ when their inputs are unchanged."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(target)],
                          cwd=ROOT, capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-4000:]
    assert "WARNING" not in done.stderr, done.stderr[-4000:]


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
