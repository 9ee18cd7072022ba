"""Lighthouse over the built site's pages, for the benchmark
(benchmarks/lighthouse.py) and the test (tests/site_build/test_lighthouse.py).

The audits run in Node (tools/lighthouse.mjs, Lighthouse pinned in
package.json), every page in one Chrome, so both callers measure the same way:
Lighthouse's mobile defaults, Debian's Chromium. This module says which pages
there are and hands the list over.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tools.chromium import CHROMIUM

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tools" / "lighthouse.mjs"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Folders of the built site that hold no pages a reader opens.
NOT_PAGES = {"assets", "search", "_bench"}


def pages(site: Path) -> list[str]:
    """Every page of the built ``site`` (every language), as paths from its
    root: the folders' index pages and each language's 404 page, which is
    audited at its own address: shown at a missing one it answers 404, and
    Lighthouse's SEO category rightly fails any page that does (its status
    is tests/deploy's business)."""
    found = []
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site)
        if rel.parts[0] in NOT_PAGES or page.name not in ("index.html", "404.html"):
            continue
        found.append(rel.as_posix().removesuffix("index.html"))
    return found


def audit(urls: list[str], categories: tuple[str, ...] = CATEGORIES, *, quick: bool = False,
          timeout: float = 1800) -> list[dict]:
    """One summary per URL (tools/lighthouse.mjs says what is in it); ``quick``
    waits less for each page to settle after its load (the test)."""
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", CHROMIUM)}
    options = ["--categories", ",".join(categories), *(["--quick"] if quick else [])]
    done = subprocess.run(["node", str(SCRIPT), *options, *urls],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    if done.returncode:
        raise RuntimeError(f"tools/lighthouse.mjs failed ({done.returncode}):\n{done.stderr[-4000:]}")
    return json.loads(done.stdout)
