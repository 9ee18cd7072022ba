"""axe-core in a page: inject the pinned copy from node_modules and report
its violations in words a failing test can show.

axe-core is a devDependency pinned in package.json, so every machine checks
with the same rules. The page's Content-Security-Policy forbids inline
scripts, which is how Playwright injects one: contexts made for axe bypass
it (``CONTEXT_OPTIONS``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2 A and AA (2.2 brings target sizes: SC 2.5.8), plus
# axe's best practices (landmarks, headings, names).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
OPTIONS = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}


# Playwright injects axe as an inline script, which the site's CSP forbids.
CONTEXT_OPTIONS = {"bypass_csp": True}
# The palettes in mkdocs.yml are bound to prefers-color-scheme, which a
# context emulates; Material then marks <body> with the palette's scheme.
SCHEMES = {"light": "default", "dark": "slate"}


def new_context(browser, lang: str, scheme: str):
    """A browser context in one language and one palette."""
    return browser.new_context(locale=lang, color_scheme=scheme, **CONTEXT_OPTIONS)


def violations(page) -> list[dict[str, Any]]:
    """axe's violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate("options => axe.run(document, options).then(r => r.violations)", OPTIONS)


def describe(found: list[dict[str, Any]]) -> str:
    """One line per rule and element: what is wrong, where, and axe's advice."""
    lines = []
    for rule in found:
        for node in rule["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"{rule['id']} ({rule['impact']}) at {node['target']}: {summary}")
    return "\n".join(lines)
