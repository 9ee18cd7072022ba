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

from tests.support.page import new_context as reader_context

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
# The header's palette toggle: the visible one switches to the other palette.
TOGGLE = 'label[for^="__palette"]:not([hidden])'


def new_context(browser, lang: str, scheme: str = "light"):
    """A browser context in one language and one palette, axe allowed in."""
    return reader_context(browser, lang, color_scheme=scheme, **CONTEXT_OPTIONS)


def violations(page) -> list[dict[str, Any]]:
    """axe's violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate("options => axe.run(document, options).then(r => r.violations)", OPTIONS)


def scheme(page) -> str:
    return page.get_attribute("body", "data-md-color-scheme")


def toggle_palette(page) -> None:
    """Switch to the other palette with the header's toggle, as a reader does."""
    shown = scheme(page)
    page.click(TOGGLE)
    page.wait_for_function("s => document.body.dataset.mdColorScheme !== s", arg=shown)


def violations_in_both_palettes(page) -> dict[str, list[dict[str, Any]]]:
    """axe's violations in the palette the page shows, then in the other one
    (chosen with the toggle, so the page's state stays as it is, and axe is
    injected once); the page is left in the palette it showed. Keyed by
    palette scheme (default, slate)."""
    found = {scheme(page): violations(page)}
    toggle_palette(page)
    found[scheme(page)] = violations(page)
    toggle_palette(page)
    assert set(found) == set(SCHEMES.values()), found
    return found


def describe(found: list[dict[str, Any]]) -> str:
    """One line per rule and element: what is wrong, where, and axe's advice."""
    lines = []
    for rule in found:
        for node in rule["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"{rule['id']} ({rule['impact']}) at {node['target']}: {summary}")
    return "\n".join(lines)
