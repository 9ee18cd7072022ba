"""What the browser fetches for the calculator's start, recorded at the
browser context (so the worker's requests are seen too): a start from the
snapshot fetches nothing the snapshot holds, and every runtime file it
fetches has a hash or a version in its name (so it is served immutable:
tests/deploy/test_caching.py). The worker's start waits for the page's
own start, its first files fetched by the page before (client.js).
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from tests.support.page import NOT_FOR_A_SNAPSHOT, PAGE_CLIENT, READY

TIMEOUT = 120_000
# A runtime file's name carries Pyodide's version or a content hash.
NAMED_FOR_CONTENT = re.compile(r"/assets/pyodide/\d+\.\d+\.\d+/|/snapshot-[\d.]+-[0-9a-f]{16}\.bin$"
                               r"|/wheel-[0-9a-f]{16}/")
RUNTIME_FILE = re.compile(r"/assets/pyodide/|/snapshot-|/wheel-")
VERSIONED = re.compile(r"/assets/calculator/build-[0-9a-f]{16}/[^/]+$")
# The page's own start 300 ms longer, as on a slow phone: a task queued at
# DOMContentLoaded before the page's (an init script's listener comes
# first), between the worker's creation and the page's word to begin.
SLOW_PAGE_START = """addEventListener("DOMContentLoaded", () => setTimeout(() => {
  const end = performance.now() + 300;
  while (performance.now() < end);
}), { once: true });"""


def test_a_start_from_the_snapshot_fetches_only_what_it_lacks(browser, site_url) -> None:
    context = browser.new_context()
    context.add_init_script(SLOW_PAGE_START)
    asked: list[tuple[float, str]] = []  # (epoch ms, URL)
    context.on("request", lambda request: asked.append((time.time() * 1000, request.url)))
    try:
        page = context.new_page()
        page.goto(site_url + "calculator/")
        page.wait_for_selector(READY, timeout=TIMEOUT)
        timings = page.evaluate(
            f"async () => (await import({PAGE_CLIENT})).calc.state.timings")
        worker_files = page.evaluate(f"async () => (await import({PAGE_CLIENT})).WORKER_FILES")
        page_started, page_done = page.evaluate(  # epoch ms: the theme's and the page's scripts' start
            "() => { const n = performance.getEntriesByType('navigation')[0];"
            " return [n.domContentLoadedEventStart, n.domContentLoadedEventEnd]"
            ".map((t) => performance.timeOrigin + t); }")
    finally:
        context.close()
    requested = [url for _, url in asked]
    # The worker is made at DOMContentLoaded and begins once the page's own
    # start is done: the runtime's downloads come after; its first files not.
    begun = timings["started_at"] + timings["steps"]["begun"]
    assert timings["started_at"] >= page_started
    assert begun >= page_done
    downloads = [at for at, url in asked if RUNTIME_FILE.search(url) and not url.endswith("/pyodide.mjs")]
    assert downloads and min(downloads) >= begun - 1, (downloads, begun)  # 1 ms: the clocks' rounding
    first_asked = {name: min(at for at, url in asked if url.endswith("/" + name)) for name in worker_files}
    assert all(at < page_started for at in first_asked.values()), (first_asked, page_started)
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


def test_the_page_fetches_ahead_what_the_worker_asks_for_first() -> None:
    """client.js's WORKER_FILES, fetched while the page starts: worker.js, its
    imports and theirs (in the order they are found), then runtime.json, the
    chain of round trips before the worker's big downloads. A file the worker
    asks for and the list forgets would cost a slow link a round trip again."""
    scripts = Path(__file__).resolve().parents[2] / "docs" / "assets" / "calculator"
    worker = (scripts / "worker.js").read_text()
    modules = ["worker.js"]  # grows as it is read: the imports' imports
    for name in modules:
        found = re.findall(r'^import .* from "\./([^"]+)";$', (scripts / name).read_text(), re.MULTILINE)
        modules += [f for f in found if f not in modules]
    assert 'new URL("runtime.json", import.meta.url)' in worker
    listed = re.search(r"WORKER_FILES = (\[.*\]);", (scripts / "client.js").read_text()).group(1)
    assert json.loads(listed) == [*modules, "runtime.json"]
