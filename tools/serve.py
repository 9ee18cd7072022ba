"""The embedded static server for the built site: ``python -m tools.serve site``.

``./dev serve`` runs it; the tests and the benchmark start it in process
(``make_server``). It answers as deploy/nginx.conf does:

* ``Content-Type``: ``.mjs`` as JavaScript (module scripts are MIME-checked),
  ``.wasm`` as ``application/wasm`` (streaming compilation, and Chromium then
  caches the compiled code).
* ``Cache-Control: public, max-age=31536000, immutable`` for versioned files
  (``assets/pyodide/<version>/…``, ``snapshot-<version>-<hash>…``, and any
  URL with a ``?v=`` query); ``no-cache`` (revalidate with ETag) for the rest.
* gzip for text and wasm when the client accepts it, compressed once per file
  and kept (like nginx ``gzip_static``); already-compressed files
  (``.gz``, ``.zip``, ``.whl``, images) are sent as they are.

* the security headers: the build's Content-Security-Policy
  (``_headers/csp.txt``), ``X-Content-Type-Options``, ``Referrer-Policy`` and
  ``Permissions-Policy``; ``/_headers/`` itself is not served;
* a missing page gets the 404 page of its language (``/da/…`` → ``da/404.html``).

It counts the bytes it sends per path, so the benchmark can cross-check what
the browser reports.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import posixpath
import re
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

IMMUTABLE = "public, max-age=31536000, immutable"
VERSIONED = re.compile(r"(^|/)assets/pyodide/[^/]+/|(^|/)snapshot-[^/]+$")
COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".wasm", ".txt", ".xml", ".map"}
TYPES = {".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm",
         ".json": "application/json", ".whl": "application/zip", ".gz": "application/gzip"}


SECURITY = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}


def security_headers(root: Path) -> dict[str, str]:
    headers = dict(SECURITY)
    policy = root / "_headers" / "csp.txt"
    if policy.is_file():
        headers["Content-Security-Policy"] = policy.read_text(encoding="utf-8").strip()
    return headers


def not_found_page(root: Path, rel: str) -> Path | None:
    """The 404 page of the language the path belongs to, else the default one."""
    first = rel.split("/", 1)[0]
    for candidate in (root / first / "404.html", root / "404.html"):
        if first and candidate.is_file() and root in candidate.parents:
            return candidate
    return None


class _Files:
    """File bytes, gzipped bytes and ETags, cached by (path, mtime, size)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cache: dict[Path, tuple[tuple[int, int], bytes, bytes | None, str]] = {}

    def get(self, path: Path) -> tuple[bytes, bytes | None, str]:
        stat = path.stat()
        key = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            hit = self._cache.get(path)
        if hit and hit[0] == key:
            return hit[1], hit[2], hit[3]
        data = path.read_bytes()
        packed = gzip.compress(data, 6, mtime=0) if path.suffix in COMPRESSIBLE else None
        etag = '"' + hashlib.sha1(data).hexdigest()[:20] + '"'
        with self._lock:
            self._cache[path] = (key, data, packed, etag)
        return data, packed, etag


def make_server(root: Path, port: int = 0, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    root = root.resolve()
    files = _Files()
    sent: dict[str, int] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet
            pass

        def do_HEAD(self) -> None:
            self.do_GET(head=True)

        def do_GET(self, head: bool = False) -> None:
            url = urlsplit(self.path)
            rel = posixpath.normpath(unquote(url.path)).lstrip("/")
            path = (root / rel).resolve()
            if path.is_dir():
                if not url.path.endswith("/"):
                    self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                    self.send_header("Location", url.path + "/")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                path = path / "index.html"
            status = HTTPStatus.OK
            if rel == "_headers" or rel.startswith("_headers/") or root not in path.parents or not path.is_file():
                status = HTTPStatus.NOT_FOUND
                path = not_found_page(root, rel)
                if path is None:
                    self.send_response(status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
            data, packed, etag = files.get(path)
            versioned = bool(VERSIONED.search(rel)) or "v=" in url.query
            headers = {
                "Content-Type": TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream",
                "Cache-Control": IMMUTABLE if versioned else "no-cache",
                "ETag": etag,
                "Vary": "Accept-Encoding",
                **security_headers(root),
            }
            if status == HTTPStatus.OK and self.headers.get("If-None-Match") == etag:
                self.send_response(HTTPStatus.NOT_MODIFIED)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                return
            body = data
            if packed is not None and "gzip" in self.headers.get("Accept-Encoding", ""):
                body = packed
                headers["Content-Encoding"] = "gzip"
            headers["Content-Length"] = str(len(body))
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            if not head:
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    return
                sent[url.path] = sent.get(url.path, 0) + len(body)

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    server.sent = sent  # type: ignore[attr-defined]
    return server


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    srv = make_server(args.root, args.port, args.host)
    print(f"Serving {args.root} at http://{args.host}:{srv.server_address[1]}/  (Ctrl+C stops)", flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


def start_in_background(root: Path, port: int = 0) -> tuple[str, ThreadingHTTPServer]:
    """Serve ``root`` on loopback (a free port by default); returns the base URL and the server."""
    server = make_server(root, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server
