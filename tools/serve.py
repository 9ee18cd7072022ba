"""The embedded static server for the built site: ``python -m tools.serve site``.

``./dev serve`` runs it; the tests and the benchmark start it in process
(``make_server``). It answers as deploy/nginx.conf does (tests/deploy checks
both against the same expectations), and as a static host does:

* ``Content-Type`` from one fixed table (``TYPES``, the same as nginx.conf's
  ``types``), not from the host's mime.types: ``.mjs`` as JavaScript (module
  scripts are MIME-checked), ``.wasm`` as ``application/wasm`` (streaming
  compilation, and Chromium then caches the compiled code).
* the headers of the site's ``_headers`` file (the Content-Security-Policy,
  deploy/security-headers.txt, Cache-Control by path from deploy/caching.txt;
  written by the build, hooks/deploy_headers.py) on every answer, as Netlify
  or Cloudflare Pages would send them; redirects and errors get the security
  headers with ``no-cache`` (``no-store`` for 4xx/5xx without a page).
* the build's precompressed siblings (``.br``, then ``.gz``) by the request's
  ``Accept-Encoding``, as Caddy's ``precompressed br gzip`` does (nginx sends
  the ``.gz`` only: deploy/nginx.conf says why); nothing is compressed here.
* a missing page gets the 404 page of its language (``/da/…`` → ``da/404.html``);
  dotfiles (but ``/.well-known/``), symlinks out of the root and ``/_headers``
  are not served.

Made for many clients at once: a deep listen queue, Nagle's algorithm off
(it held each small answer ~40 ms on a kept-alive connection), a socket
timeout (a half-sent request does not hold its thread for ever), no
per-path memory that grows with what is asked for, and a clean 400/414 for
paths the file system cannot take (NUL, overlong names).

It counts the bytes it sends per file, so the benchmark can cross-check what
the browser reports.
"""

from __future__ import annotations

import posixpath
import socket
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from hooks.deploy_headers import HEADERS_FILE, headers_for, parse_headers_file, read_caching, site_rules

# Keep in step with the `types` block of deploy/nginx.conf.
TYPES = {".html": "text/html", ".css": "text/css", ".js": "text/javascript", ".mjs": "text/javascript",
         ".json": "application/json", ".map": "application/json", ".wasm": "application/wasm",
         ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon", ".jpg": "image/jpeg",
         ".webp": "image/webp", ".woff2": "font/woff2", ".xml": "text/xml", ".txt": "text/plain",
         ".csv": "text/csv", ".zip": "application/zip", ".whl": "application/zip", ".gz": "application/gzip",
         ".bin": "application/octet-stream"}
DEFAULT_TYPE = "application/octet-stream"
# nginx's `charset utf-8` with its `charset_types`.
CHARSET = {"text/html", "text/css", "text/javascript", "application/json", "text/xml", "text/plain",
           "text/csv", "image/svg+xml"}
SIBLINGS = ((".br", "br"), (".gz", "gzip"))  # the build's precompressed files, preferred first
MAX_PATH = 2048  # characters of a request's path (nginx's large header buffer is 8 KB)
MAX_NAME = 255  # bytes of one path segment (the file system's NAME_MAX)
TIMEOUT = 20  # seconds a connection may stay silent (a request half sent, an idle keep-alive)
NO_STORE = "no-store"


def content_type(path: Path) -> str:
    kind = TYPES.get(path.suffix, DEFAULT_TYPE)
    return f"{kind}; charset=utf-8" if kind in CHARSET else kind


def accepted(header: str) -> set[str]:
    """The codings an ``Accept-Encoding`` header accepts (q > 0; ``*`` for the rest)."""
    quality: dict[str, float] = {}
    for part in header.lower().split(","):
        name, *params = (p.strip() for p in part.split(";"))
        q = next((p[2:] for p in params if p.startswith("q=")), "1")
        try:
            quality[name] = float(q)
        except ValueError:
            quality[name] = 0.0
    codings = {name for name, q in quality.items() if q > 0 and name}
    if "*" in codings:
        codings |= {coding for _, coding in SIBLINGS if coding not in quality}
    return codings


def representation(path: Path, accept: str) -> tuple[Path, str | None]:
    """The file to send for ``path``: its .br or .gz sibling if the client takes it."""
    codings = accepted(accept)
    for suffix, coding in SIBLINGS:
        sibling = path.with_name(path.name + suffix)
        if coding in codings and sibling.is_file():
            return sibling, coding
    return path, None


def etag(path: Path) -> str:
    """As nginx makes it: the file's modification time and size (no reading, no cache)."""
    stat = path.stat()
    return f'"{int(stat.st_mtime):x}-{stat.st_size:x}"'


def not_found_page(root: Path, rel: str) -> Path | None:
    """The 404 page of the language the path belongs to, else the default one."""
    first = rel.split("/", 1)[0]
    for candidate in (root / first / "404.html", root / "404.html"):
        if first and candidate.is_file() and root in candidate.parents:
            return candidate
    return None


def located(root: Path, rel: str) -> Path | None:
    """The file or folder ``rel`` names inside ``root``, links resolved (what
    leads out of the root is not there); None if there is none."""
    try:
        path = (root / rel).resolve()
        return path if (path == root or root in path.parents) and path.exists() else None
    except OSError:  # a name the file system refuses (too long for it, a loop)
        return None


def hidden(rel: str) -> bool:
    """Not for the public: dotfiles and dot-folders (.git, .env; not
    .well-known) and the _headers file the host itself reads."""
    parts = rel.split("/")
    return rel == HEADERS_FILE or any(p.startswith(".") and p != ".well-known" for p in parts)


class _Headers:
    """The site's _headers rules, read again when the file changes (a rebuild)."""

    def __init__(self, root: Path) -> None:
        self.file = root / HEADERS_FILE
        self._lock = threading.Lock()
        self._seen: tuple[int, int] | None = None
        self._rules = site_rules(None)  # a site built without it: no policy header
        self.default = read_caching()[1]

    def rules(self) -> list:
        try:
            stat = self.file.stat()
        except FileNotFoundError:
            return self._rules
        with self._lock:
            if self._seen != (stat.st_mtime_ns, stat.st_size):
                self._rules = parse_headers_file(self.file.read_text(encoding="utf-8"))
                self._seen = (stat.st_mtime_ns, stat.st_size)
            return self._rules

    def for_path(self, path: str, cache: str | None = None) -> dict[str, str]:
        """The headers of ``path``; ``cache`` replaces its Cache-Control (not a file's answer)."""
        found = {"Cache-Control": self.default, **headers_for(self.rules(), path)}
        if cache:
            found["Cache-Control"] = cache
        return found


class _Server(ThreadingHTTPServer):
    """Closing it also ends its keep-alive connections, so a browser cannot go
    on talking to it after another server has taken the port (the tests run
    nginx on the same address next)."""

    daemon_threads = True
    request_queue_size = 1024  # socketserver's 5 dropped most of 200 connections at once

    def __init__(self, *args, **kwargs) -> None:
        self.connections: set[socket.socket] = set()
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address) -> None:
        self.connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request) -> None:
        self.connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request, client_address) -> None:
        """A browser that drops a connection (a reset, a closed tab) is no
        error of the server's: socketserver would print its traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def server_close(self) -> None:
        super().server_close()
        for connection in list(self.connections):
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def make_server(root: Path, port: int = 0, host: str = "127.0.0.1",
                timeout: float = TIMEOUT) -> ThreadingHTTPServer:
    """The server, bound and listening (``serve_forever`` answers)."""
    root = root.resolve()
    site_headers = _Headers(root)
    sent: dict[str, int] = {}  # bytes by file served: bounded by the site's files

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, *args) -> None:  # quiet
            pass

        def version_string(self) -> str:
            return "serve.py"  # no versions of Python or of its server

        def do_HEAD(self) -> None:
            self.do_GET(head=True)

        def reply(self, status: int, headers: dict[str, str], body: bytes = b"", head: bool = False) -> None:
            """Every answer but a file's goes through here."""
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            if body and not head:
                self.wfile.write(body)

        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            """http.server's own errors (400, 414, 431, 501) too: the security
            headers, never stored, a plain-text body."""
            self.close_connection = True
            body = f"{code} {HTTPStatus(code).phrase}\n".encode()
            headers = {**site_headers.for_path("/", cache=NO_STORE), "Connection": "close",
                       "Content-Type": "text/plain; charset=utf-8", "Content-Length": str(len(body))}
            self.reply(code, headers, body, head=self.command == "HEAD")

        def do_GET(self, head: bool = False) -> None:
            url = urlsplit(self.path)
            decoded = unquote(url.path)
            if len(url.path) > MAX_PATH or any(len(p.encode()) > MAX_NAME for p in decoded.split("/")):
                self.send_error(HTTPStatus.REQUEST_URI_TOO_LONG)
                return
            if any(ord(c) < 0x20 or ord(c) == 0x7F for c in decoded):
                self.send_error(HTTPStatus.BAD_REQUEST)
                return
            rel = posixpath.normpath(decoded).lstrip("/")
            path = None if hidden(rel) else located(root, rel)
            if path is not None and path.is_dir():
                if not url.path.endswith("/"):
                    moved = {**site_headers.for_path(url.path, cache="no-cache"), "Location": url.path + "/",
                             "Content-Length": "0"}
                    self.reply(HTTPStatus.MOVED_PERMANENTLY, moved)
                    return
                path = located(root, posixpath.join(rel, "index.html"))
            if path is None or not path.is_file():
                self.send_not_found(rel, head)
                return
            self.send_file(HTTPStatus.OK, path, site_headers.for_path("/" + rel), head)

        def send_not_found(self, rel: str, head: bool) -> None:
            page = not_found_page(root, rel)
            # A 404 under a versioned folder is not for ever: the file may come.
            if page is None:
                self.reply(HTTPStatus.NOT_FOUND, {**site_headers.for_path("/", cache=NO_STORE),
                                                  "Content-Length": "0"})
            else:
                self.send_file(HTTPStatus.NOT_FOUND, page, site_headers.for_path("/", cache="no-cache"), head)

        def send_file(self, status: int, path: Path, headers: dict[str, str], head: bool) -> None:
            """``path`` (or its precompressed sibling), streamed from the disk."""
            chosen, coding = representation(path, self.headers.get("Accept-Encoding", ""))
            tag = etag(chosen)
            headers = {**headers, "Content-Type": content_type(path), "ETag": tag, "Vary": "Accept-Encoding"}
            if coding:
                headers["Content-Encoding"] = coding
            if status == HTTPStatus.OK and self.headers.get("If-None-Match") == tag:
                self.reply(HTTPStatus.NOT_MODIFIED, headers)
                return
            size = chosen.stat().st_size
            self.reply(status, {**headers, "Content-Length": str(size)})
            if head:
                return
            # A browser that leaves mid-file ends the connection here (_Server.handle_error).
            with chosen.open("rb") as body:
                self.connection.sendfile(body)
            key = "/" + path.relative_to(root).as_posix()
            sent[key] = sent.get(key, 0) + size

    Handler.timeout = timeout
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
