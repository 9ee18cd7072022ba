"""tools/serve.py under load and under abuse: many connections at once are
queued, not dropped; a silent client loses its connection; paths the file
system cannot take get a clean 400/414; http.server's own error answers
carry the security headers; memory does not grow with the paths asked for."""

from __future__ import annotations

import socket
import struct
import threading
import time
from contextlib import contextmanager

import pytest

from tools.serve import accepted, make_server

from .http import built_headers, request


@contextmanager
def embedded(built_site, answering: bool = True, **options):
    """tools/serve.py on a port of its own; ``answering=False``: listening only."""
    server = make_server(built_site, **options)
    if answering:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server, server.server_address[1]
    finally:
        if answering:
            server.shutdown()
        server.server_close()


def raw(port: int, data: bytes) -> tuple[int, dict[str, str]]:
    """Send ``data`` as it is; the answer's status and headers."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(data)
        reply = b""
        while b"\r\n\r\n" not in reply:
            chunk = sock.recv(65536)
            assert chunk, f"connection closed without an answer: {reply!r}"
            reply += chunk
    head = reply.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in head[1:])
    return int(head[0].split()[1]), headers


BAD_REQUESTS = {
    "NUL in the path": (b"GET /a%00b HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    "a 5,000-character name": (b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
    "a 5,000-character folder": (b"GET /" + b"a" * 5000 + b"/x.js HTTP/1.1\r\nHost: x\r\n\r\n", 414),
    "a request line too long": (b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
    "bad syntax": (b"GET / x HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    "too many headers": (b"GET / HTTP/1.1\r\n" + b"X-A: b\r\n" * 101 + b"\r\n", 431),
    "POST": (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 501),
    "OPTIONS": (b"OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", 501),
}


@pytest.mark.parametrize("name", BAD_REQUESTS)
def test_a_bad_request_gets_a_clean_error_with_the_security_headers(built_site, name):
    data, status = BAD_REQUESTS[name]
    with embedded(built_site) as (_, port):
        got, headers = raw(port, data)
        assert request(f"http://127.0.0.1:{port}/", "").status == 200  # and it goes on serving
    assert got == status
    assert built_headers(built_site).items() <= headers.items()
    assert headers["Cache-Control"] == "no-store"
    assert headers["Server"] == "serve.py"


def test_a_burst_of_connections_is_queued_not_dropped(built_site):
    """200 clients at once: the kernel holds them until the server accepts
    (socketserver's default queue of 5 dropped the rest, retried seconds later)."""
    with embedded(built_site, answering=False) as (_, port):
        clients, refused = [], []
        for _ in range(200):
            client = socket.socket()
            client.settimeout(0.5)  # a dropped handshake is retried after 1 s, so fails this
            try:
                client.connect(("127.0.0.1", port))
            except OSError as error:
                refused.append(error)
            clients.append(client)
        for client in clients:
            client.close()
    assert refused == []


def test_a_client_that_falls_silent_loses_its_connection(built_site):
    with embedded(built_site, timeout=1) as (_, port):
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHo")  # and nothing more
            assert sock.recv(100) == b""  # closed by the server, its thread free


DROPPED = {
    "mid-request": (b"GET / HTTP/1.1\r\nHo", 0),
    "mid-file": (b"GET /assets/pyodide/" + b"%s/pyodide.asm.wasm HTTP/1.1\r\nHost: x\r\n\r\n", 65536),
}


@pytest.mark.parametrize("when", DROPPED)
def test_a_browser_dropping_its_connection_is_not_an_error(built_site, capsys, when):
    """A browser that closes a kept-alive connection with a reset (a tab
    closed mid-request, or while a file comes) is the network's business: no
    traceback on the console, and the server goes on answering."""
    sent, received = DROPPED[when]
    if b"%s" in sent:
        sent = sent % next((built_site / "assets" / "pyodide").iterdir()).name.encode()
    with embedded(built_site) as (server, port):
        sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        sock.sendall(sent)
        while received > 0:  # some of the file, not all of it (9.6 MB)
            received -= len(sock.recv(received))
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
        deadline = time.monotonic() + 10
        while server.connections and time.monotonic() < deadline:
            time.sleep(0.01)  # the server's thread saw the reset and ended
        assert not server.connections
        assert raw(port, b"HEAD / HTTP/1.1\r\nHost: x\r\n\r\n")[0] == 200
    assert "Traceback" not in capsys.readouterr().err


def test_answers_leave_at_once_on_a_kept_alive_connection(built_site):
    """Nagle's algorithm off: a small answer is not held back waiting for the
    client's acknowledgement of the one before (~40 ms each)."""
    with embedded(built_site) as (server, port):
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            sock.sendall(b"HEAD / HTTP/1.1\r\nHost: x\r\n\r\n")
            assert sock.recv(65536).startswith(b"HTTP/1.1 200")
            (accepted_socket,) = server.connections
            assert accepted_socket.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def test_what_it_remembers_does_not_grow_with_the_paths_asked_for(built_site):
    with embedded(built_site) as (server, port):
        url = f"http://127.0.0.1:{port}/"
        for n in range(100):
            assert request(url, f"no-such-page-{n}/").status == 404
            assert request(url, f"calculator/?n={n}").status == 200
        assert set(server.sent) == {"/404.html", "/calculator/index.html"}


@pytest.mark.parametrize(("header", "codings"), [
    ("gzip, deflate, br", {"gzip", "deflate", "br"}),
    ("br;q=0, gzip", {"gzip"}),
    ("GZIP;q=0.5", {"gzip"}),
    ("*", {"*", "br", "gzip"}),
    ("*, br;q=0", {"*", "gzip"}),
    ("", set()),
])
def test_accept_encoding_is_read_with_its_weights(header, codings):
    assert accepted(header) == codings
