"""The page recovers from a worker that stops answering: the waiting call
fails after the client's budget, a new worker takes over, what the user
typed stays in the form, and the page says what happened in its language.

How the worker is made to hang, and why so: the first copy of worker.js the
browser loads as a worker is served (a Playwright route) with one line added, which
leaves unanswered any request whose text holds a marker; the copies fetched
after it are the site's own. Nothing in the site's code knows of this, and a
silent worker is what the client sees of a stuck one (a loop would only
burn a core of a shared machine until terminated). The client's budget is
read from client.js and the page's clock is moved past it (Playwright's
clock), so the test waits for no real minute.
"""

from __future__ import annotations

from tests.support.inputs import one_item_input
from tests.support.page import PAGE_CLIENT, CalculatorPage, strings_for

HANG = "__hang__"
ONMESSAGE = "self.onmessage = async ({ data }) => {"
SILENT = f'{ONMESSAGE}\n  if (JSON.stringify(data).includes("{HANG}")) return;'
CALL_TIMEOUT = f"async () => (await import({PAGE_CLIENT})).CALL_TIMEOUT_MS"


class HangingWorkerPage(CalculatorPage):
    """The calculator page whose first worker never answers a request holding HANG."""

    def prepare(self) -> None:
        self.workers_served = 0
        self.context.route("**/assets/calculator/**/worker.js*", self._worker)
        self.page.clock.install()

    def _worker(self, route) -> None:
        if route.request.resource_type == "fetch":  # client.js fetching it ahead, not a worker
            return route.continue_()
        self.workers_served += 1
        if self.workers_served > 1:
            return route.continue_()
        text = route.fetch().text()
        assert ONMESSAGE in text, "worker.js changed: update this test's hook"
        route.fulfill(body=text.replace(ONMESSAGE, SILENT, 1), content_type="text/javascript")


def test_a_worker_that_stops_answering_is_replaced_and_the_input_kept(browser, site_url: str) -> None:
    lang = "da"
    page = HangingWorkerPage(browser, site_url, lang)
    try:
        page.wait_ready()
        page.fill_input(one_item_input({"quantity": "2"}))
        page.wait_result()
        typed = {path: page.value(path) for path in page.page.eval_on_selector_all(
            "[data-calculator] input[data-path]", "els => els.map((e) => e.dataset.path)")}
        page.type("sites[0].name", HANG)
        typed["sites[0].name"] = HANG
        # Past the budget of a call (the edit's estimate is asked for within it).
        page.page.clock.run_for(page.page.evaluate(CALL_TIMEOUT) + 1000)
        assert page.error_for("sites") == strings_for(lang)["errors"]["timeout"]
        assert {path: page.value(path) for path in typed} == typed
        # A new worker (the site's own worker.js) answers the next edit.
        page.wait_ready()
        page.settle()
        assert page.workers_served == 2
        page.type("sites[0].name", "HQ")
        page.wait_result()
        page.wait_no_error("sites")
    finally:
        page.close()
