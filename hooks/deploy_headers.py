"""The headers every answer carries, from one source, written for each server.

The source: the Content-Security-Policy the build computes (hooks/csp.py),
the other security headers (deploy/security-headers.txt) and Cache-Control
by path (deploy/caching.txt). hooks/csp.py calls ``write`` once the pages are
built, which writes them

* into the site, as the ``_headers`` file static hosts read at its root
  (Netlify, Cloudflare Pages; tools/serve.py reads it too): a path pattern,
  then its indented ``Name: value`` lines;
* NEXT TO the site, never inside it, for nginx: ``<site>-nginx/http.conf``
  (the Cache-Control map) and ``<site>-nginx/server.conf`` (``add_header``
  lines), which the deploy installs into /etc/nginx/pa-migration/. Whoever
  can write the web root thus cannot change nginx's configuration (an
  included file there could add ``location /x/ { alias /etc/; }``).

The values go into nginx's double-quoted strings and into a line-based file,
so ``read_headers`` refuses quotes, ``$``, backslashes and control characters,
and patterns are limited to plain path characters and ``*``.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECURITY_HEADERS = ROOT / "deploy" / "security-headers.txt"
CACHING = ROOT / "deploy" / "caching.txt"
HEADERS_FILE = "_headers"  # at the site's root: the name static hosts look for
NGINX_VARIABLE = "$pa_migration_cache_control"
CATCH_ALL = "/*"
# Cloudflare Pages ignores longer lines of a _headers file.
MAX_LINE = 2000

Rule = tuple[str, dict[str, str]]  # a path pattern and the headers of the paths it matches

_NAME = re.compile(r"[A-Za-z0-9-]+")
_PATTERN = re.compile(r"/[A-Za-z0-9/_.*-]*")


def _checked_value(value: str, where: str) -> str:
    """A header value nginx sends as written between double quotes."""
    if not value or set('"$\\') & set(value) or any(ord(c) < 0x20 for c in value):
        raise ValueError(f"{where}: not a plain header value: {value!r}")
    return value


def read_headers(path: Path) -> dict[str, str]:
    """``Name: value`` lines (``#`` comments)."""
    headers = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition(":")
            if not _NAME.fullmatch(name.strip()):
                raise ValueError(f"{path}: not a 'Name: value' header line: {line!r}")
            headers[name.strip()] = _checked_value(value.strip(), str(path))
    return headers


def read_caching(path: Path = CACHING) -> tuple[list[tuple[str, str]], str]:
    """deploy/caching.txt: its (pattern, Cache-Control) rules, and the value of
    its last line, ``/*``, for every other path."""
    rules = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            pattern, _, value = line.strip().partition(" ")
            if not _PATTERN.fullmatch(pattern):
                raise ValueError(f"{path}: not a path pattern: {pattern!r}")
            rules.append((pattern, _checked_value(value.strip(), str(path))))
    if not rules or rules[-1][0] != CATCH_ALL or CATCH_ALL in (p for p, _ in rules[:-1]):
        raise ValueError(f"{path}: the last rule, and only it, must be {CATCH_ALL!r}")
    return rules[:-1], rules[-1][1]


def site_rules(policy: str | None) -> list[Rule]:
    """The _headers rules: the security headers (the policy first, if any) on
    every path, then Cache-Control by path. No two rules give one path the
    same header (hosts would merge the values), hence no catch-all
    Cache-Control: see deploy/caching.txt."""
    security = {"Content-Security-Policy": policy} if policy else {}
    security.update(read_headers(SECURITY_HEADERS))
    caching, _ = read_caching()
    return [(CATCH_ALL, security)] + [(pattern, {"Cache-Control": value}) for pattern, value in caching]


def matches(pattern: str, path: str) -> bool:
    """Whether a _headers pattern matches a URL path (``*``: any characters)."""
    return re.fullmatch(_regex(pattern), path) is not None


def _regex(pattern: str) -> str:
    return ".*".join(re.escape(part) for part in pattern.split("*"))


def headers_for(rules: list[Rule], path: str) -> dict[str, str]:
    """What a static host sends for ``path``: every matching rule's headers."""
    found: dict[str, str] = {}
    for pattern, headers in rules:
        if matches(pattern, path):
            found.update(headers)
    return found


def headers_file(rules: list[Rule]) -> str:
    lines = ["# Written by the build (hooks/deploy_headers.py) from deploy/: edit those, not this.",
             "# Every other path: Cache-Control as the host sends it (deploy/caching.txt says why)."]
    for pattern, headers in rules:
        lines += [pattern, *(f"  {name}: {value}" for name, value in headers.items())]
    too_long = [line[:60] for line in lines if len(line) > MAX_LINE]
    if too_long:
        raise ValueError(f"_headers lines over {MAX_LINE} characters: {too_long}")
    return "\n".join(lines) + "\n"


def parse_headers_file(text: str) -> list[Rule]:
    """A _headers file's rules, in order (the part of the format we write)."""
    rules: list[Rule] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            if not _PATTERN.fullmatch(line.strip()):
                raise ValueError(f"_headers: not a path pattern: {line!r}")
            rules.append((line.strip(), {}))
        elif rules:
            name, _, value = line.strip().partition(":")
            if not _NAME.fullmatch(name):
                raise ValueError(f"_headers: not a 'Name: value' line: {line!r}")
            rules[-1][1][name] = _checked_value(value.strip(), "_headers")
        else:
            raise ValueError(f"_headers: a header before any path: {line!r}")
    return rules


def nginx_http_conf() -> str:
    """The Cache-Control map (nginx's http level)."""
    caching, default = read_caching()
    entries = "".join(f'    "~^{_regex(pattern)}$" "{value}";\n' for pattern, value in caching)
    return (f"# Written by the build from deploy/caching.txt: edit that, not this.\n"
            f"map $uri {NGINX_VARIABLE} {{\n    default \"{default}\";\n{entries}}}\n")


def nginx_server_conf(policy: str | None) -> str:
    """``add_header`` lines (nginx's server level); "always": on 404s too."""
    (_, security), *_ = site_rules(policy)
    lines = [f'add_header {name} "{value}" always;\n' for name, value in security.items()]
    return ("# Written by the build from deploy/security-headers.txt and the pages' policy: do not edit.\n"
            + "".join(lines) + f"add_header Cache-Control {NGINX_VARIABLE} always;\n")


def nginx_folder(site_dir: Path) -> Path:
    """Where the build puts nginx's files: beside the site, not in it."""
    site_dir = site_dir.resolve()
    return site_dir.with_name(site_dir.name + "-nginx")


def write(site_dir: Path, policy: str) -> None:
    """The _headers file into the site, nginx's two files beside it."""
    (site_dir / HEADERS_FILE).write_text(headers_file(site_rules(policy)), encoding="utf-8")
    folder = nginx_folder(site_dir)
    folder.mkdir(exist_ok=True)
    (folder / "http.conf").write_text(nginx_http_conf(), encoding="utf-8")
    (folder / "server.conf").write_text(nginx_server_conf(policy), encoding="utf-8")
