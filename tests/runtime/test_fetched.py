"""What the browser fetches for the calculator's start, recorded at the
browser context (so the worker's requests are seen too): a start from the
snapshot fetches nothing the snapshot holds, and every runtime file it
fetches has a hash or a version in its name (so it is served immutable:
tests/deploy/test_caching.py).
"""

from __future__ import annotations

import re

from tests.support.page import PAGE_CLIENT

TIMEOUT = 120_000
# What only a normal boot needs: a start from the snapshot has it in memory,
# or needs none of it (the lock file's info comes in runtime.json).
NOT_FOR_A_SNAPSHOT = re.compile(r"python_stdlib\.zip|pyodide-lock\.json|\.whl$")
# A runtime file's name carries Pyodide's version or a content hash.
NAMED_FOR_CONTENT = re.compile(r"/assets/pyodide/\d+\.\d+\.\d+/|/snapshot-[\d.]+-[0-9a-f]{16}\.bin$"
                               r"|/wheel-[0-9a-f]{16}/")
RUNTIME_FILE = re.compile(r"/assets/pyodide/|/snapshot-|/wheel-")
VERSIONED = re.compile(r"/assets/calculator/build-[0-9a-f]{16}/[^/]+$")


def test_a_start_from_the_snapshot_fetches_only_what_it_lacks(browser, site_url) -> None:
    context = browser.new_context()
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    try:
        page = context.new_page()
        page.goto(site_url + "calculator/")
        page.wait_for_selector('[data-calculator][data-state="ready"]', timeout=TIMEOUT)
        timings = page.evaluate(
            f"async () => (await import({PAGE_CLIENT})).calc.state.timings")
    finally:
        context.close()
    assert timings["from"] == "snapshot"
    assert [url for url in requested if NOT_FOR_A_SNAPSHOT.search(url)] == []
    runtime = [url for url in requested if RUNTIME_FILE.search(url)]
    assert any("/snapshot-" in url for url in runtime) and any(url.endswith(".wasm") for url in runtime)
    assert [url for url in runtime if not NAMED_FOR_CONTENT.search(url)] == []
    # The page's own scripts, its stylesheet and runtime.json: all from the
    # folder named by their hash (hooks/versioned_assets.py), none revalidated.
    own = [url for url in requested if "/assets/calculator/" in url and not RUNTIME_FILE.search(url)]
    assert {"runtime.json", "worker.js", "client.js"} <= {url.rsplit("/", 1)[1] for url in own}
    assert [url for url in own if not VERSIONED.search(url)] == []
