"""Plain HTTP requests for the deploy tests: no redirect following and no
decompression, so the tests see exactly what the server sends."""

from __future__ import annotations

import http.client
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from hooks.deploy_headers import HEADERS_FILE, Rule, headers_for, parse_headers_file


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name: str) -> str | None:
        """The header's one value; a header sent twice fails the test."""
        values = self.headers.get_all(name) or []
        assert len(values) <= 1, f"{name} sent {len(values)} times: {values}"
        return values[0] if values else None

    def media_type(self) -> str:
        return (self.header("Content-Type") or "").split(";")[0].strip()


def request(site_url: str, path: str, method: str = "GET", **headers: str) -> Answer:
    """``path`` (relative to the site) as the server answers it."""
    base = urlsplit(site_url)
    connection = http.client.HTTPConnection(base.hostname, base.port, timeout=60)
    try:
        connection.request(method, base.path + path.lstrip("/"),
                           headers={k.replace("_", "-"): v for k, v in headers.items()})
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read())
    finally:
        connection.close()


def site_rules(built_site: Path) -> list[Rule]:
    """The rules of the site's _headers file, as static hosts read them."""
    return parse_headers_file((built_site / HEADERS_FILE).read_text(encoding="utf-8"))


def built_headers(built_site: Path) -> dict[str, str]:
    """The headers the build says every answer carries (those of every path)."""
    return headers_for(site_rules(built_site), "/")


def language_prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"
