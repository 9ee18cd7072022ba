"""Search per language, in headless Chromium: each language finds its own
pages and only those."""

from __future__ import annotations

import pytest

from tests.support.page import type_query

CASES = [
    ("zh-TW", "點數", "zh-TW/"),
    ("da", "rabat", "da/"),
    ("en", "points", ""),
]




@pytest.mark.parametrize("lang, query, prefix", CASES)
def test_search_finds_the_migration_page_in_the_pages_language_only(browser, site_url, lang, query, prefix):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{site_url}{prefix}essentials/")
        page.set_viewport_size({"width": 1400, "height": 900})
        type_query(page, query)
        hrefs = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")
        assert hrefs
        for href in hrefs:
            path = href[len(site_url):]
            others = [other for other, _, p in CASES if p and other != lang]
            assert not any(path.startswith(f"{other}/") for other in others), href
            if lang != "en":
                assert path.startswith(prefix), href
        home = f"{site_url}{prefix}"
        assert any(h.split("#")[0].split("?")[0] == home for h in hrefs), hrefs
    finally:
        context.close()
