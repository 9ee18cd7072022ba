"""The embedded static server for the built site: ``python -m tools.serve site``.

``./dev serve`` runs it; the tests and the benchmark start it in process
(``make_server``). It answers as deploy/nginx.conf does (tests/deploy checks
both against the same expectations):

* ``Content-Type`` from one fixed table (``TYPES``, the same as nginx.conf's
  ``types``), not from the host's mime.types: ``.mjs`` as JavaScript (module
  scripts are MIME-checked), ``.wasm`` as ``application/wasm`` (streaming
  compilation, and Chromium then caches the compiled code).
* ``Cache-Control: public, max-age=31536000, immutable`` for versioned files
  (``assets/pyodide/<version>/…``, ``snapshot-<version>-<hash>…``, Material's
  ``*.<hash>.min.js|css``); ``no-cache`` (revalidate with ETag) for the rest,
  including the wheel, whose name carries the package version, not a hash.
* gzip for text and wasm when the client accepts it, compressed once per file
  and kept (like nginx ``gzip_static``); already-compressed files
  (``.gz``, ``.zip``, ``.whl``, images) are sent as they are.
* the security headers on every answer (redirects and 404s too), as the build
  wrote them to ``_headers/headers.txt`` (the Content-Security-Policy and
  deploy/security-headers.txt); ``/_headers/`` itself is not served;
* a missing page gets the 404 page of its language (``/da/…`` → ``da/404.html``).

It counts the bytes it sends per path, so the benchmark can cross-check what
the browser reports.
"""

from __future__ import annotations

import gzip
import hashlib
import posixpath
import re
import socket
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from hooks.csp import read_headers

IMMUTABLE = "public, max-age=31536000, immutable"
VERSIONED = re.compile(r"(^|/)assets/pyodide/[^/]+/|(^|/)snapshot-[^/]+$|\.[0-9a-f]{8,}\.min\.(js|css)$")
COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".wasm", ".txt", ".xml", ".map", ".csv"}
# Keep in step with the `types` block of deploy/nginx.conf.
TYPES = {".html": "text/html", ".css": "text/css", ".js": "text/javascript", ".mjs": "text/javascript",
         ".json": "application/json", ".map": "application/json", ".wasm": "application/wasm",
         ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon", ".jpg": "image/jpeg",
         ".webp": "image/webp", ".woff2": "font/woff2", ".xml": "text/xml", ".txt": "text/plain",
         ".csv": "text/csv", ".zip": "application/zip", ".whl": "application/zip", ".gz": "application/gzip"}
DEFAULT_TYPE = "application/octet-stream"
# nginx's `charset utf-8` with its `charset_types`.
CHARSET = {"text/html", "text/css", "text/javascript", "application/json", "text/xml", "text/plain",
           "text/csv", "image/svg+xml"}
# Used when the site was built without hooks/csp.py (the benchmark's stand-in).
FALLBACK_HEADERS = Path(__file__).resolve().parent.parent / "deploy" / "security-headers.txt"


def security_headers(root: Path) -> dict[str, str]:
    """The headers the build wrote for every answer (CSP included)."""
    built = root / "_headers" / "headers.txt"
    return read_headers(built if built.is_file() else FALLBACK_HEADERS)


def content_type(path: Path) -> str:
    kind = TYPES.get(path.suffix, DEFAULT_TYPE)
    return f"{kind}; charset=utf-8" if kind in CHARSET else kind


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


class _Server(ThreadingHTTPServer):
    """Closing it also ends its keep-alive connections, so a browser cannot go
    on talking to it after another server has taken the port (the tests run
    nginx on the same address next)."""

    daemon_threads = True

    def __init__(self, *args, **kwargs) -> None:
        self.connections: set[socket.socket] = set()
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address) -> None:
        self.connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request) -> None:
        self.connections.discard(request)
        super().shutdown_request(request)

    def server_close(self) -> None:
        super().server_close()
        for connection in list(self.connections):
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


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

        def reply(self, status: int, headers: dict[str, str], body: bytes = b"", head: bool = False) -> None:
            """Every answer goes through here, so none lacks the security headers."""
            self.send_response(status)
            for name, value in {**headers, **security_headers(root)}.items():
                self.send_header(name, value)
            self.end_headers()
            if body and not head:
                self.wfile.write(body)

        def do_GET(self, head: bool = False) -> None:
            url = urlsplit(self.path)
            rel = posixpath.normpath(unquote(url.path)).lstrip("/")
            path = (root / rel).resolve()
            hidden = rel == "_headers" or rel.startswith("_headers/")  # the build's own bookkeeping
            if path.is_dir() and not hidden:
                if not url.path.endswith("/"):
                    moved = {"Location": url.path + "/", "Cache-Control": "no-cache", "Content-Length": "0"}
                    self.reply(HTTPStatus.MOVED_PERMANENTLY, moved)
                    return
                path = path / "index.html"
            status = HTTPStatus.OK
            if hidden or root not in path.parents or not path.is_file():
                status = HTTPStatus.NOT_FOUND
                path = not_found_page(root, rel)
                if path is None:
                    self.reply(status, {"Cache-Control": "no-cache", "Content-Length": "0"})
                    return
            data, packed, etag = files.get(path)
            # A 404 under a versioned folder is not for ever: the file may come.
            versioned = status == HTTPStatus.OK and bool(VERSIONED.search(rel))
            headers = {
                "Content-Type": content_type(path),
                "Cache-Control": IMMUTABLE if versioned else "no-cache",
                "ETag": etag,
                "Vary": "Accept-Encoding",
            }
            if status == HTTPStatus.OK and self.headers.get("If-None-Match") == etag:
                self.reply(HTTPStatus.NOT_MODIFIED, headers)
                return
            body = data
            if packed is not None and "gzip" in self.headers.get("Accept-Encoding", ""):
                body = packed
                headers["Content-Encoding"] = "gzip"
            headers["Content-Length"] = str(len(body))
            try:
                self.reply(status, headers, body, head)
            except (BrokenPipeError, ConnectionResetError):
                return
            if not head:
                sent[url.path] = sent.get(url.path, 0) + len(body)

    server = _Server((host, port), Handler)
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
    """Serve ``root`` on loopback (a free port by default); returns the base URL
    and the server (stop it with ``shutdown()`` then ``server_close()``)."""
    server = make_server(root, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server
