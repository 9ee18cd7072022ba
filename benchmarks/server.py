"""A small static server for the benchmark that mirrors production headers.

Used when tools/serve.py is absent (or with --server bench). What it does,
and what a production server for this site should do too:

* ``Content-Type``: ``.mjs`` as JavaScript (module scripts are MIME-checked),
  ``.wasm`` as ``application/wasm`` (streaming compilation, and Chromium then
  caches the compiled code).
* ``Cache-Control: public, max-age=31536000, immutable`` for versioned files
  (``assets/pyodide/<version>/…``, ``snapshot-<version>-<hash>…``, and any
  URL with a ``?v=`` query); ``no-cache`` (revalidate with ETag) for the rest.
* gzip for text and wasm when the client accepts it, compressed once per file
  and kept (like nginx ``gzip_static``); already-compressed files
  (``.gz``, ``.zip``, ``.whl``, images) are sent as they are.

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
            if root not in path.parents and path != root or not path.is_file():
                body = b"not found"
                self.send_response(HTTPStatus.NOT_FOUND)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if not head:
                    self.wfile.write(body)
                return
            data, packed, etag = files.get(path)
            versioned = bool(VERSIONED.search(rel)) or "v=" in url.query
            headers = {
                "Content-Type": TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream",
                "Cache-Control": IMMUTABLE if versioned else "no-cache",
                "ETag": etag,
                "Vary": "Accept-Encoding",
            }
            if self.headers.get("If-None-Match") == etag:
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
            self.send_response(HTTPStatus.OK)
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
    args = parser.parse_args()
    srv = make_server(args.root, args.port)
    print(f"http://127.0.0.1:{srv.server_address[1]}/")
    srv.serve_forever()
