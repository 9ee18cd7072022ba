"""The calculator page, watched for what hostile content could do: run a
script (a flag or a dialog), add markup, or trip the Content-Security-Policy
in the page or in the calculator's worker."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Error as PlaywrightError

from tests.support.page import TIMEOUT, CalculatorPage

# Before any page script: a violation is recorded even if it happens while
# the page loads.
PAGE_GUARD = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__violations.push(
    `${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`));
"""
# A worker's violations fire on the worker's own global, which no page
# script can reach: installed through the debugger as soon as it starts.
WORKER_GUARD = """
self.__violations = [];
self.addEventListener("securitypolicyviolation", (e) =>
  self.__violations.push(`worker ${self.location.pathname}: ${e.violatedDirective} blocked ${e.blockedURI}`));
"""
# Markup that only an injection could have put into the calculator.
INJECTED = """() => {
  const root = document.querySelector("[data-calculator]");
  const found = [...document.querySelectorAll("iframe, object, embed, frame")].map((e) => e.outerHTML);
  // The results' own sections are <details class="calculator-details">.
  const tags = 'script:not([type="application/json"]), img, style, link, math, a, base, meta, '
    + "video, audio, textarea, template, details:not(.calculator-details)";
  found.push(...[...root.querySelectorAll(tags)].map((e) => e.outerHTML));
  const charts = "figure[data-chart], figure[data-years-chart]";
  const strays = [...root.querySelectorAll("svg")]
    .filter((e) => !e.closest(charts) || e.parentElement.closest("svg"));
  found.push(...strays.map((e) => e.outerHTML));
  for (const el of document.body.querySelectorAll("*")) {
    for (const a of el.attributes) {
      const url = ["href", "src", "action", "formaction", "data", "xlink:href"].includes(a.name);
      if (/^on/i.test(a.name) || a.name === "srcdoc" || (url && /^\\s*javascript:/i.test(a.value))) {
        found.push(el.outerHTML.slice(0, 200));
      }
    }
  }
  return found;
}"""


class GuardedPage(CalculatorPage):
    """A CalculatorPage that records dialogs, the ``window.__pwned`` flag the
    payloads set, injected markup and every CSP violation."""

    def prepare(self) -> None:
        self.dialogs: list[str] = []
        self.csp_messages: list[str] = []
        self.earlier_violations: list[str] = []
        self.workers: list[Any] = []
        self.page.add_init_script(PAGE_GUARD)
        self.page.on("dialog", self._dismiss)
        self.page.on("console", self._console)
        self.page.on("worker", self._watch)

    def _dismiss(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _console(self, message: Any) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.csp_messages.append(message.text)

    def _watch(self, worker: Any) -> None:
        self.workers.append(worker)
        worker.on("console", self._console)
        try:
            worker.evaluate(WORKER_GUARD)
        except PlaywrightError:
            pass  # it ended already: nothing more can happen in it

    # ---- what happened --------------------------------------------------
    def violations(self) -> list[str]:
        """Every CSP violation seen in this page so far, across navigations."""
        found = self.earlier_violations + self.csp_messages + self.read("window.__violations ?? []")
        for worker in self.workers:
            try:
                found += worker.evaluate("self.__violations ?? []")
            except PlaywrightError:
                pass  # a worker of an earlier document: read before leaving it
        return found

    def executed(self) -> list[str]:
        """Dialogs opened and the flag set by any payload that ran."""
        flag = self.read("window.__pwned ?? null")
        return self.dialogs + ([f"window.__pwned = {flag!r}"] if flag is not None else [])

    def injected(self) -> list[str]:
        return self.read(f"({INJECTED})()")

    def read(self, expression: str) -> Any:
        """The value of ``expression`` in the page, or a timeout error if the
        page is frozen (page.evaluate would wait for ever)."""
        handle = self.page.wait_for_function(f"() => ({{ value: {expression} }})", timeout=TIMEOUT)
        return handle.json_value()["value"]

    def assert_harmless(self) -> None:
        """Nothing ran, no markup was added, the console is clean."""
        for name, found in (("ran", self.executed()), ("injected", self.injected()),
                            ("console errors", self.console_errors)):
            assert found == [], f"{name}: {found}"

    # ---- navigating -------------------------------------------------------
    def open(self, url: str) -> None:
        """Load ``url`` afresh (also when only its fragment differs), keeping
        the record of the document it leaves."""
        self.earlier_violations = self.violations()
        self.csp_messages = []
        self.workers = []
        self.page.goto("about:blank")
        self.page.goto(url)
