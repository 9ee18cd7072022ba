"""How many requests at once each server holds: ``python -m benchmarks.concurrency [SITE]``.

Opens N connections at the same instant (default 200) against the built site,
served by tools/serve.py (its own process, as ``./dev serve`` runs it) and by
nginx with deploy/nginx.conf (tools/serve_nginx.py), and sends one GET on
each, as a browser would (``Accept-Encoding: gzip, deflate, br``): pages,
scripts and Pyodide's 9.6 MB WebAssembly among them. A request counts as an
error when it gets no complete 200 answer (refused, reset, timed out, short
body). Reports the latency of each request (connect to last byte: p50, p95,
max), the errors and the kernel's listen-queue overflows during the run
(``TcpExtListenOverflows``, machine-wide: other work adds to it).

Nothing is asserted: the machines here are shared and noisy. SITE is a built
site (``./dev build`` → site/); without it, the repository's site/ is used.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from tests.support.site import free_port
from tools.serve_nginx import Nginx

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60.0  # seconds a request may take before it counts as an error


def paths(site: Path) -> list[str]:
    """One of each kind of file a visit asks for, the WebAssembly included."""
    runtime = json.loads((site / "assets/calculator/runtime.json").read_text(encoding="utf-8"))
    pyodide = f"assets/pyodide/{runtime['pyodide_version']}/"
    return ["", "da/calculator/", "assets/calculator/worker.js", "assets/calculator/calculator.js",
            pyodide + "pyodide.mjs", pyodide + "pyodide.asm.mjs", pyodide + "pyodide-lock.json",
            pyodide + "pyodide.asm.wasm"]


async def fetch(port: int, path: str) -> tuple[float, str | None]:
    """One request on its own connection: (seconds, error or None)."""
    start = time.perf_counter()
    try:
        async with asyncio.timeout(TIMEOUT):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(f"GET /{path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip, deflate, br\r\n"
                         "Connection: close\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            body = await reader.read()
            writer.close()
    except (OSError, TimeoutError, asyncio.IncompleteReadError) as error:
        return time.perf_counter() - start, type(error).__name__
    status = head.split(b" ", 2)[1]
    lengths = [line.split(b":", 1)[1].strip() for line in head.lower().split(b"\r\n")
               if line.startswith(b"content-length:")]
    if status != b"200":
        return time.perf_counter() - start, f"status {status.decode()}"
    if lengths and int(lengths[0]) != len(body):
        return time.perf_counter() - start, "short body"
    return time.perf_counter() - start, None


def listen_overflows() -> int:
    """The kernel's count of connections dropped for a full listen queue."""
    lines = Path("/proc/net/netstat").read_text().splitlines()
    for names, values in zip(lines[::2], lines[1::2], strict=True):
        if names.startswith("TcpExt:"):
            return int(dict(zip(names.split(), values.split(), strict=True))["ListenOverflows"])
    return 0


async def burst(port: int, urls: list[str], count: int) -> list[tuple[float, str | None]]:
    return await asyncio.gather(*(fetch(port, urls[n % len(urls)]) for n in range(count)))


def measure(port: int, urls: list[str], count: int) -> dict[str, object]:
    asyncio.run(burst(port, urls, len(urls)))  # warm: caches, the servers' first compressions
    before = listen_overflows()
    results = asyncio.run(burst(port, urls, count))
    times = sorted(seconds for seconds, _ in results)
    errors = [error for _, error in results if error]
    return {"requests": count, "p50": statistics.median(times), "p95": times[int(0.95 * (len(times) - 1))],
            "max": times[-1], "errors": len(errors), "kinds": sorted(set(errors)),
            "listen_overflows": listen_overflows() - before}


@contextmanager
def embedded(site: Path, port: int):
    """tools/serve.py in its own process, so the client does not share its interpreter."""
    process = subprocess.Popen([sys.executable, "-m", "tools.serve", str(site), "--port", str(port)],
                               cwd=ROOT, stdout=subprocess.DEVNULL)
    try:
        while process.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield
    finally:
        process.terminate()
        process.wait()


@contextmanager
def nginx(site: Path, port: int):
    with tempfile.TemporaryDirectory(prefix="pa-bench-nginx-") as work:
        server = Nginx(site, port, Path(work))
        try:
            yield
        finally:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, nargs="?", default=ROOT / "site")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    urls = paths(args.site)
    print(f"{args.requests} requests at once, {len(urls)} paths in turn (the wasm among them)")
    for name, serve in (("tools/serve.py", embedded), ("nginx", nginx)):
        port = free_port()
        with serve(args.site, port):
            got = measure(port, urls, args.requests)
        print(f"{name:15} p50 {got['p50']:.2f} s  p95 {got['p95']:.2f} s  max {got['max']:.2f} s  "
              f"errors {got['errors']} {got['kinds'] or ''}  listen overflows {got['listen_overflows']}")


if __name__ == "__main__":
    main()
