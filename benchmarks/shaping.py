"""tools/serve.py behind a network link of a chosen speed, for the benchmark.

Chromium's own throttling (DevTools' network conditions) applies to a page's
requests but not to those of its workers, which fetch nearly all of the
calculator's bytes; so the link is made here, in the server, where every
request arrives whoever made it:

* one token bucket for the whole link (all connections share its bandwidth:
  bytes leave in 16 KiB slices, each when the link is free for it, in the
  order asked for), and
* a round trip per request (before its answer) and per new connection (its
  TCP handshake), as a delay.

The production server is untouched: a subclass of its request handler wraps
each connection's socket (writes and ``sendfile``) and counts what it sends,
headers included, so a visit's bytes on the wire and its requests are the
server's own count.
"""

from __future__ import annotations

import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from tools.serve import make_server

SLICE = 16 * 1024  # bytes sent at a time: small enough to share the link fairly
BURST = 64 * 1024  # bytes a late sender may send at once (the bucket's depth)
# The calculator's runtime (and the baselines'): Pyodide, the snapshot, the
# wheel, PyScript's files. Its requests are counted apart too.
RUNTIME = re.compile(r"/assets/pyodide/|/snapshot-|\.whl$|/_bench/pyscript/")


@dataclass(frozen=True)
class Profile:
    name: str
    mbit_per_s: float | None  # None: as fast as loopback goes
    rtt_ms: float


PROFILES = {
    "loopback": Profile("loopback", None, 0),
    "4g": Profile("4g", 10, 80),
    "cable": Profile("cable", 50, 20),
}


class Link:
    """A shared link: ``send(n)`` returns once n bytes have passed at its rate.
    Also counts what passed, and the requests."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.rate = profile.mbit_per_s * 1e6 / 8 if profile.mbit_per_s else None  # bytes/s
        self.rtt = profile.rtt_ms / 1000
        self._lock = threading.Lock()
        self._free_at = 0.0  # when the link has sent all it was given so far
        self.bytes = 0
        self.requests = 0
        self.runtime_requests = 0

    def send(self, n: int) -> None:
        with self._lock:
            self.bytes += n
            if self.rate is None:
                return
            # A sender that slept past its turn (a busy machine) may catch up
            # by a burst's worth, so the link keeps its rate on average.
            start = max(time.monotonic() - BURST / self.rate, self._free_at)
            self._free_at = done = start + n / self.rate
        time.sleep(max(0.0, done - time.monotonic()))

    def request(self, path: str) -> None:
        with self._lock:
            self.requests += 1
            self.runtime_requests += bool(RUNTIME.search(path.split("?")[0]))

    def reset(self) -> dict[str, int]:
        """What passed since the last reset: bytes, requests, runtime_requests."""
        with self._lock:
            counted = {"bytes": self.bytes, "requests": self.requests,
                       "runtime_requests": self.runtime_requests}
            self.bytes = self.requests = self.runtime_requests = 0
            return counted


class ShapedSocket:
    """A connection's socket whose outgoing bytes go through ``link``."""

    def __init__(self, sock, link: Link) -> None:
        self._sock = sock
        self._link = link

    def __getattr__(self, name: str):
        return getattr(self._sock, name)

    def sendall(self, data) -> None:
        view = memoryview(data)
        for at in range(0, len(view), SLICE):
            piece = view[at:at + SLICE]
            self._link.send(len(piece))
            self._sock.sendall(piece)

    def send(self, data) -> int:
        self.sendall(data)
        return len(data)

    def sendfile(self, file, offset: int = 0, count: int | None = None) -> int:
        sent = 0
        while count is None or sent < count:
            chunk = file.read(SLICE if count is None else min(SLICE, count - sent))
            if not chunk:
                break
            self.sendall(chunk)
            sent += len(chunk)
        return sent


def start(root: Path, profile: Profile) -> tuple[str, object, Link]:
    """tools/serve.py on loopback behind a ``profile`` link: (base URL, server, link)."""
    link = Link(profile)
    server = make_server(root)
    base = server.RequestHandlerClass

    class Shaped(base):  # type: ignore[misc, valid-type]
        def setup(self) -> None:
            time.sleep(link.rtt)  # the connection's handshake
            self.request = ShapedSocket(self.request, link)
            super().setup()

        def parse_request(self) -> bool:
            parsed = super().parse_request()
            if parsed:
                link.request(self.path)
                time.sleep(link.rtt)  # the request's way there and the answer's way back
            return parsed

    server.RequestHandlerClass = Shaped
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return f"http://{host}:{port}/", server, link


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Serve a built site behind a shaped link.")
    parser.add_argument("root", type=Path)
    parser.add_argument("--profile", choices=PROFILES, default="4g")
    args = parser.parse_args()
    url, _, _ = start(args.root, PROFILES[args.profile])
    print(f"Serving {args.root} at {url} as {args.profile} (Ctrl+C stops)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        os._exit(0)
