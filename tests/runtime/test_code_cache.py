"""After a first visit, Pyodide's JavaScript is kept compiled for the next
one (docs/assets/calculator/code-cache.js): the return visit's worker reads
V8's code cache for pyodide.asm.mjs instead of parsing and compiling its
1.25 MB again.

Seen in Chromium's own trace (the DevTools protocol): its "v8.compileModule"
event says how many bytes of code cache a module's compile consumed. No
timing is asserted (benchmarks/ measure).
"""

from __future__ import annotations

from pathlib import Path

from tests.support.page import BOTH_KEPT, READY, hover_navigation_link
from tools.chromium import CHROMIUM, CHROMIUM_ARGS

TIMEOUT = 120_000
MODULE = "/pyodide.asm.mjs"
CACHE_WRITTEN_MS = 3_000  # code-cache.js lingers 2 s for the browser to write the cache


def compiles_of_pyodides_module(context, url: str) -> list[dict]:
    """Visit ``url`` until the calculator is ready, with Chromium tracing V8:
    the data of each compile of Pyodide's module (its worker's, in this
    visit)."""
    page = context.new_page()
    session = context.new_cdp_session(page)
    events: list[dict] = []
    finished: list[bool] = []
    session.on("Tracing.dataCollected", lambda found: events.extend(found["value"]))
    session.on("Tracing.tracingComplete", lambda _: finished.append(True))
    session.send("Tracing.start", {"categories": "v8,devtools.timeline", "transferMode": "ReportEvents"})
    try:
        page.goto(url)
        page.wait_for_selector(READY, timeout=TIMEOUT)
        page.wait_for_function(BOTH_KEPT, polling=200, timeout=TIMEOUT)
        session.send("Tracing.end")
        for _ in range(300):  # a poll: the trace arrives in pieces, then its end
            if finished:
                break
            page.wait_for_timeout(100)
        page.wait_for_timeout(CACHE_WRITTEN_MS)  # a first visit: the throwaway worker's compile
    finally:
        page.close()
    return [event["args"]["data"] for event in events
            if event.get("name") == "v8.compileModule"
            and str(event.get("args", {}).get("data", {}).get("url", "")).endswith(MODULE)]


def test_a_return_visit_reads_pyodides_module_compiled(browser, site_url: str, tmp_path: Path) -> None:
    # A profile on disk, as a reader's: in Playwright's new contexts (which
    # keep nothing on disk) no visit ever read a code cache.
    context = browser.browser_type.launch_persistent_context(
        tmp_path / "profile", executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        first = compiles_of_pyodides_module(context, site_url + "calculator/")
        second = compiles_of_pyodides_module(context, site_url + "calculator/")
    finally:
        context.close()
    assert first and not first[0].get("consumedCacheSize"), first  # nothing was compiled before
    assert len(second) == 1, second
    assert second[0].get("consumedCacheSize", 0) > 0 and not second[0].get("cacheRejected"), second


def test_after_fetching_ahead_the_calculator_page_reads_pyodides_module_compiled(
        browser, site_url: str, tmp_path: Path) -> None:
    context = browser.browser_type.launch_persistent_context(
        tmp_path / "profile", executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        page = context.new_page()
        page.goto(site_url + "glossary/", wait_until="load")
        page.wait_for_selector('html[data-calculator-prefetch="waiting"]', state="attached")
        hover_navigation_link(page)
        page.wait_for_selector('html[data-calculator-prefetch="done"]', state="attached", timeout=TIMEOUT)
        page.wait_for_timeout(CACHE_WRITTEN_MS)  # the second throwaway worker's cache
        page.close()
        compiles = compiles_of_pyodides_module(context, site_url + "calculator/")
    finally:
        context.close()
    # The calculator page's first start: its worker read the module compiled.
    assert compiles and compiles[0].get("consumedCacheSize", 0) > 0, compiles
