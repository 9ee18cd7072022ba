"""The other pages fetch the calculator's runtime ahead (prefetch.js) only
once the reader shows intent, and never on Save-Data or a slow connection.
Requests are recorded at the browser context; waits are on the state
prefetch.js writes on <html> (data-calculator-prefetch), never on the clock.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.support.page import KEPT_FILES, NOT_FOR_A_SNAPSHOT, hover_navigation_link

# The runtime, the calculator page and its own files (prefetch.js, which
# loads on every other page, is not one of them).
FETCHED_AHEAD = re.compile(r"/assets/pyodide/|/snapshot-|/calculator/$"
                           r"|/assets/calculator/(?:build-[0-9a-f]{16}/)?(?!prefetch\.js)[^/]+\.(?:js|css|json)$")


def fetched_ahead(browser, site_url: str, path: str, connection: dict | None, intent, state: str,
                  expect: tuple[str, ...] = ()) -> tuple[list[str], list[str]]:
    """The runtime requests of a visit to ``path``: none while prefetch.js
    waits for intent (or has declined), then those after ``intent(page)``
    once prefetch.js says ``state`` and every URL ending as in ``expect``
    has been asked for; and the names of the files kept.js keeps."""
    context = browser.new_context()
    if connection is not None:  # what the browser would report (Chromium: navigator.connection)
        context.add_init_script(
            "Object.defineProperty(Navigator.prototype, 'connection', "
            f"{{ get: () => ({json.dumps(connection)}) }});")
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    try:
        page = context.new_page()
        page.goto(site_url + path, wait_until="load")
        first = "declined" if state == "declined" else "waiting"
        page.wait_for_selector(f'html[data-calculator-prefetch="{first}"]', state="attached")
        before = [url for url in requested if FETCHED_AHEAD.search(url)]
        intent(page)
        page.wait_for_selector(f'html[data-calculator-prefetch="{state}"]', state="attached")
        for _ in range(300):  # a poll: the prefetches are the browser's, it says nothing when it asks
            after = [url for url in requested if FETCHED_AHEAD.search(url)]
            if all(any(url.endswith(end) for url in after) for end in expect):
                break
            page.wait_for_timeout(100)
        kept = [name for name, _, _ in page.evaluate(KEPT_FILES)]
    finally:
        context.close()
    assert before == [], f"fetched before any intent: {before}"
    return after, kept


def test_the_runtime_is_fetched_ahead_on_intent_only(browser, site_url) -> None:
    # The glossary's text has no link to the calculator: the navigation's,
    # in view on a wide screen, is not intent until hovered.
    runtime = json.loads(open_runtime(browser, site_url))
    # The page (the hovered link's address) and its scripts too (prefetch.js
    # says why), and the snapshot and the wasm kept.
    pages = tuple("/" + name for name in runtime["page_files"])
    snapshot = "/" + runtime["snapshot"]
    expect = ("/runtime.json", snapshot, "/pyodide.asm.wasm", "/pyodide.asm.mjs", "/calculator/", *pages)
    after, kept = fetched_ahead(browser, site_url, "glossary/", None, hover_navigation_link, "done", expect)
    assert all(any(url.endswith(end) for url in after) for end in expect), after
    assert "/worker.js" in pages and "/calculator.css" in pages
    assert not any(NOT_FOR_A_SNAPSHOT.search(url) for url in after)
    # Both kept where the calculator page looks first (the wasm fetched once,
    # not also as a <link rel=prefetch>: the same file would come twice).
    assert kept == [f"pyodide.asm-{runtime['wasm_sha256'][:16]}.wasm", snapshot.rsplit("/", 1)[1]]
    assert sum(url.endswith("/pyodide.asm.wasm") for url in after) == 1


def test_a_link_in_the_text_coming_into_view_is_intent(browser, site_url) -> None:
    def scroll_to_link(page) -> None:
        page.locator('article a[href$="calculator/"]').first.scroll_into_view_if_needed()

    wasm = ("/pyodide.asm.wasm",)
    after, _ = fetched_ahead(browser, site_url, "compare/", None, scroll_to_link, "done", wasm)
    assert any(url.endswith("/pyodide.asm.wasm") for url in after)


def open_runtime(browser, site_url) -> str:
    page = browser.new_page()
    try:
        return page.goto(site_url + "assets/calculator/runtime.json").text()
    finally:
        page.close()


@pytest.mark.parametrize("connection", [{"saveData": True, "effectiveType": "4g"},
                                        {"saveData": False, "effectiveType": "3g"}])
def test_nothing_is_fetched_ahead_on_save_data_or_a_slow_connection(browser, site_url, connection) -> None:
    found = fetched_ahead(browser, site_url, "glossary/", connection, hover_navigation_link, "declined")
    assert found == ([], [])
