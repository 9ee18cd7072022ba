"""MkDocs hook: a Content-Security-Policy for every page.

No 'unsafe-inline' or 'unsafe-eval' for scripts: the few inline scripts the
theme needs are allowed by their SHA-256 hashes, computed here from the
built HTML, so a theme upgrade cannot silently break (or widen) the policy.
'wasm-unsafe-eval' lets Pyodide compile its WebAssembly.

Each page gets a <meta http-equiv> policy with its own hashes; once built,
the policy with every page's hashes goes, with the other headers, to each
server (hooks/deploy_headers.py: the site's ``_headers`` file, nginx's files
beside the site): one source, so the servers, static hosts and the meta tags
agree.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import Any

try:
    import deploy_headers  # as MkDocs loads hooks: hooks/ on sys.path
except ImportError:  # as hooks.csp (tests, tools)
    from hooks import deploy_headers

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
    deploy_headers.write(Path(config["site_dir"]), policy(_all_hashes, header=True))
