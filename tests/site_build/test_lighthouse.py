"""Lighthouse (pinned in package.json, mobile defaults, Debian's Chromium)
on one page of each kind in every language: what its scores say that does
not depend on the machine's speed. Accessibility, best practices and SEO at
100, and a cumulative layout shift of at most 0.05 (the calculator's form
appearing once its script ran pushed the page down; 0.29 on a desktop).
The performance score and TBT are the benchmark's (benchmarks/lighthouse.py,
every page): they follow the machine's load.

One Chrome for the twelve audits, only the three categories plus the
metrics' audits, no screenshots, and half Lighthouse's waits for a page to
settle (tools/lighthouse.mjs --quick): about 200 s on a loaded 2-CPU machine,
most of it Lighthouse's own gathering (its configuration, each page's links
and accessibility tree) and its waits. So the run starts with the embedded
server (tests/conftest.py) and audits while the other tests run; this test
reads its result. The layout shift of the calculator's whole start,
until Python is ready, is tests/calculator_page/test_layout.py's.
"""

from __future__ import annotations

import pytest

from tests.support import lighthouse

MAX_CLS = 0.05


@pytest.mark.browser
def test_every_kind_of_page_scores_100_and_does_not_move(site_url, lighthouse_results):
    urls = lighthouse.urls(site_url)
    assert [page["requested"] for page in lighthouse_results] == urls
    problems = []
    for page in lighthouse_results:
        if page["error"]:
            problems.append(f"{page['requested']}: {page['error']}")
        low = {c: page["scores"][c] for c in lighthouse.CATEGORIES if page["scores"][c] != 1}
        if low:
            failing = "; ".join(f"{a['id']} ({a['title']})" for a in page["failing"])
            problems.append(f"{page['requested']}: {low}: {failing}")
        if page["metrics"]["cls"] > MAX_CLS:
            problems.append(f"{page['requested']}: cumulative layout shift {page['metrics']['cls']:.3f}")
    assert problems == []
