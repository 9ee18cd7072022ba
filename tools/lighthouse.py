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
import tempfile
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


class Audit:
    """A run of tools/lighthouse.mjs under way: it starts at once, in its own
    process (the test suite starts it when the site is served, so it audits
    while other tests run); ``result()`` waits for one summary per URL
    (tools/lighthouse.mjs says what is in it). ``quick`` waits less for each
    page to settle after its load (the test)."""

    def __init__(self, urls: list[str], categories: tuple[str, ...] = CATEGORIES, *, quick: bool = False):
        env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", CHROMIUM)}
        options = ["--categories", ",".join(categories), *(["--quick"] if quick else [])]
        self.output = tempfile.TemporaryFile()  # files, not pipes: a full pipe would stall it
        self.errors = tempfile.TemporaryFile()
        self.process = subprocess.Popen(["node", str(SCRIPT), *options, *urls], cwd=ROOT, env=env,
                                        stdout=self.output, stderr=self.errors)

    def result(self, timeout: float = 1800) -> list[dict]:
        returncode = self.process.wait(timeout=timeout)
        self.output.seek(0)
        self.errors.seek(0)
        if returncode:
            stderr = self.errors.read().decode(errors="replace")
            raise RuntimeError(f"tools/lighthouse.mjs failed ({returncode}):\n{stderr[-4000:]}")
        return json.loads(self.output.read())

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def audit(urls: list[str], categories: tuple[str, ...] = CATEGORIES, *, quick: bool = False,
          timeout: float = 1800) -> list[dict]:
    """One summary per URL, once every page has been audited."""
    return Audit(urls, categories, quick=quick).result(timeout)
