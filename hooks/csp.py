"""MkDocs hook: a Content-Security-Policy for every page.

No 'unsafe-inline' or 'unsafe-eval' for scripts: the few inline scripts the
theme needs are allowed by their SHA-256 hashes, computed here from the
built HTML, so a theme upgrade cannot silently break (or widen) the policy.
'wasm-unsafe-eval' lets Pyodide compile its WebAssembly.

Each page gets a <meta http-equiv> policy with its own hashes; the build also
writes the policy with every page's hashes to ``_headers/csp.txt``, and with
the other security headers (deploy/security-headers.txt) to
``_headers/headers.txt`` (read by tools/serve.py) and ``_headers/headers.conf``
(``add_header`` lines included by deploy/nginx.conf): one source, so the two
servers and the meta tags agree.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import Any

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S | re.I)
_DATA_TYPES = re.compile(r"""\btype\s*=\s*["']?(application/(ld\+)?json|text/template)""", re.I)

# What the site needs: its own origin, and nothing else.
BASE = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],  # Material sets style attributes from JS
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
HEADER_ONLY = {"frame-ancestors": ["'none'"]}  # ignored (with a warning) in <meta>

SECURITY_HEADERS = Path(__file__).resolve().parent.parent / "deploy" / "security-headers.txt"

# Every page's hashes, for the header policy; emptied when a build starts
# (`mkdocs serve` rebuilds in one process: a page's old scripts must not stay
# allowed). The i18n plugin builds each further language as a nested build,
# with its own pre-build event, while its ``building`` is set: those add to
# the same policy.
_all_hashes: set[str] = set()


def on_pre_build(config: Any) -> None:
    i18n = config["plugins"].get("i18n") if "plugins" in config else None
    if not getattr(i18n, "building", False):
        _all_hashes.clear()


def script_hashes(html: str) -> list[str]:
    """'sha256-…' of every inline script that the browser would run."""
    found = []
    for match in _INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs") or ""
        if re.search(r"\ssrc\s*=", attrs) or _DATA_TYPES.search(attrs):
            continue
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        found.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return sorted(set(found))


def policy(hashes: list[str] | set[str], *, header: bool = False) -> str:
    directives = {**BASE, **(HEADER_ONLY if header else {})}
    directives = {**directives, "script-src": directives["script-src"] + sorted(hashes)}
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def on_post_page(output: str, page: Any, config: Any) -> str:
    hashes = script_hashes(output)
    _all_hashes.update(hashes)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes)}">'
    # First thing in <head>, so it governs everything after it.
    return re.sub(r"<head>", f"<head>\n    {meta}", output, count=1)


def on_post_build(config: Any) -> None:
    folder = Path(config["site_dir"]) / "_headers"
    folder.mkdir(parents=True, exist_ok=True)
    text = policy(_all_hashes, header=True)
    (folder / "csp.txt").write_text(text + "\n", encoding="utf-8")
    headers = {"Content-Security-Policy": text, **read_headers(SECURITY_HEADERS)}
    (folder / "headers.txt").write_text("".join(f"{k}: {v}\n" for k, v in headers.items()), encoding="utf-8")
    # "always": on error pages (404) too.
    conf = "".join(f'add_header {k} "{v}" always;\n' for k, v in headers.items())
    (folder / "headers.conf").write_text(conf, encoding="utf-8")


def read_headers(path: Path) -> dict[str, str]:
    """``Name: value`` lines (``#`` comments); refuses what nginx would not
    send as written inside double quotes (a quote, a ``$`` variable, a backslash)."""
    headers = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition(":")
            unsafe = set('"$\\') & set(value)  # would break out of nginx's quoted add_header value
            if not re.fullmatch(r"[A-Za-z0-9-]+", name.strip()) or not value.strip() or unsafe:
                raise ValueError(f"{path}: not a 'Name: value' header line: {line!r}")
            headers[name.strip()] = value.strip()
    return headers
