"""Nothing on the calculator page moves while it starts (cumulative layout
shift): the form, its first site, the estimate's place, import/export and
the status line are laid out from the HTML in the size they keep
(overrides/partials/calculator.html), and the header's search is shown
before the header is first drawn (overrides/main.html). The empty form's
site is in the HTML as form.js draws it (calculator-site.html): if the two
drift apart, the swap moves what is below, and this says where.
"""

from __future__ import annotations

import pytest

from tests.support.page import TIMEOUT, CalculatorPage
from tools.languages import LANGUAGES

# Before any page script: every layout shift from the start of the load,
# with what moved (Chromium's Layout Instability API).
RECORD_SHIFTS = """
window.__shifts = [];
const name = (node) => (node?.nodeType === 1 ? `${node.tagName}.${node.className}` : String(node?.nodeName));
new PerformanceObserver((entries) => {
  for (const shift of entries.getEntries()) {
    window.__shifts.push({ value: shift.value, moved: shift.sources.map((s) => name(s.node)) });
  }
}).observe({ type: "layout-shift", buffered: true });
"""
# A tree as [tag, sorted attributes, children], text nodes as they are
# (whitespace too: form.js makes none, and between inline boxes it takes room).
SHAPE = """(node) => {
  const shape = (n) => n.nodeType === 3 ? n.data : [n.tagName.toLowerCase(),
    [...n.attributes].map((a) => [a.name, a.value]).sort(), [...n.childNodes].map(shape)];
  return shape(node);
}"""
# The empty form's site as the HTML has it, and as form.js has drawn it.
SITES_BOTH_WAYS = f"""async () => {{
  const shape = {SHAPE};
  const html = await (await fetch(location.href)).text();
  const served = new DOMParser().parseFromString(html, "text/html").querySelector("[data-sites]");
  return [shape(served), shape(document.querySelector("[data-sites]"))];
}}"""
STARTED = "[data-form]:not([inert])"


def first_difference(served, drawn, where: str = "[data-sites]") -> str | None:
    """Where two shapes first differ, and how (None: they are the same)."""
    if isinstance(served, str) or isinstance(drawn, str):
        return None if served == drawn else f"{where}: {served!r} != {drawn!r}"
    (tag, attrs, children), (tag2, attrs2, children2) = served, drawn
    if (tag, attrs) != (tag2, attrs2):
        return f"{where}: <{tag} {attrs}> != <{tag2} {attrs2}>"
    for n, (a, b) in enumerate(zip(children, children2, strict=False)):
        found = first_difference(a, b, f"{where} > {tag}[{n}]")
        if found:
            return found
    if len(children) != len(children2):
        return f"{where}: {len(children)} children != {len(children2)}"
    return None


class ShiftRecordingPage(CalculatorPage):
    def prepare(self) -> None:
        self.page.add_init_script(RECORD_SHIFTS)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_nothing_moves_while_the_calculator_starts(browser, site_url, lang):
    # A desktop's width: before, the form appeared above the level table and
    # chart and pushed them down by its height (a shift of 0.29 here).
    page = ShiftRecordingPage(browser, site_url, lang, viewport={"width": 1280, "height": 900})
    try:
        page.page.wait_for_selector(STARTED, state="attached", timeout=TIMEOUT)
        served, drawn = page.page.evaluate(SITES_BOTH_WAYS)
        assert first_difference(served, drawn) is None
        page.wait_ready()
        page.settle()
        shifts = page.page.evaluate("window.__shifts")
        assert [s for s in shifts if s["value"] > 0.001] == []  # each with what moved
    finally:
        page.close()
