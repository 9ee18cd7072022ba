"""MkDocs hook: a Content-Security-Policy for every page.

No 'unsafe-inline' or 'unsafe-eval' for scripts: the few inline scripts the
theme needs are allowed by their SHA-256 hashes, computed here from the
built HTML, so a theme upgrade cannot silently break (or widen) the policy.
'wasm-unsafe-eval' lets Pyodide compile its WebAssembly.

Each page gets a <meta http-equiv> policy with its own hashes; the build also
writes ``_headers/csp.conf`` (an nginx ``add_header`` line, included by
deploy/nginx.conf) and ``_headers/csp.txt`` with every page's hashes, so the
header and the meta tags agree.
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

_all_hashes: set[str] = set()


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
    (folder / "csp.conf").write_text(f'add_header Content-Security-Policy "{text}" always;\n', encoding="utf-8")
