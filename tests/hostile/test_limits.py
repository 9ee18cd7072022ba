"""The form holds no more than the estimator takes, whichever way the input
comes in: a link, the add buttons, a CSV file (imported again and again), a
JSON file. Past the limits the page draws what fits and says, in its
language, what it kept and what it left out (form_full), or how many the
form takes (too_many); nothing is dropped without a word.

One page serves every step, and a number typed the other language's way
keeps the page from estimating the CSV imports (the form is what is checked
here, and 1,000 sites' estimates would cost the suite 20 s). A link past
the limits is in the hostile table ("url: 100,000 sites").
"""

from __future__ import annotations

import json

from tests.support.inputs import csv_row
from tests.support.page import CalculatorPage

from .cases import FORM_LIMITS, HEADER
from .links import state_fragment
from .messages import message

LANG = "da"
MAX_SITES = FORM_LIMITS["max_sites"]
# The sites and line items the form draws.
DRAWN = """() => ["fieldset.calculator-site", "fieldset.calculator-item"]
  .map((card) => document.querySelectorAll(`[data-calculator] [data-sites] ${card}`).length)"""


def full(kept_sites: int, kept_items: int, left_sites: int, left_items: int) -> str:
    return message(LANG, "form_full", {**FORM_LIMITS, "kept_sites": kept_sites, "kept_items": kept_items,
                                       "left_sites": left_sites, "left_items": left_items})


def import_messages(page: CalculatorPage) -> list[str]:
    return page.page.eval_on_selector_all('[data-error-for="import"] li',
                                          "els => els.map((e) => e.textContent)")


def test_every_way_in_stops_at_the_estimators_limits(browser, site_url: str) -> None:
    # A 4 KB link: every site the form takes, each with 50 empty line items.
    blank = {"sites": [{"name": "", "items": [{}] * 50} for _ in range(MAX_SITES)]}
    page = CalculatorPage(browser, site_url, LANG, fragment=state_fragment(blank))
    try:
        page.wait_ready()
        page.settle()
        # Empty rows carry nothing: one row per site is drawn, and nothing was lost.
        assert page.page.evaluate(DRAWN) == [MAX_SITES, MAX_SITES]
        assert page.page.locator('[data-error-for="sites"]').is_hidden()

        page.type("existing_points", "12.5", as_is=True)  # Danish writes 12,5: not estimated

        # Typing: no site past the limit.
        page.click('[data-action="add-site"]')
        assert page.error_for("sites") == message(LANG, "too_many", {"max": MAX_SITES})
        assert page.page.evaluate(DRAWN)[0] == MAX_SITES

        # A CSV file of more site names than the form takes (each import is
        # drawn before its estimate is asked for), imported twice: the blank
        # sites make way, the sites that fit come in, the second import adds
        # to them and no more sites. (50,000 names take the same path, and
        # 15 s of the browser's Python: benchmarks/hardening.py.)
        extra = MAX_SITES // 2
        rows = "\n".join([HEADER, *(csv_row(f"S{n}") for n in range(MAX_SITES + extra)), ""]).encode()
        page.import_file(name="sites.csv", data=rows)
        assert import_messages(page) == [full(MAX_SITES, MAX_SITES, extra, extra)]
        assert page.page.evaluate(DRAWN) == [MAX_SITES, MAX_SITES]
        page.import_file(name="sites.csv", data=rows)
        assert import_messages(page) == [full(MAX_SITES, MAX_SITES, extra, extra)]
        assert page.page.evaluate(DRAWN) == [MAX_SITES, 2 * MAX_SITES]
        page.error_for("existing_points")  # what kept the page from estimating

        # A JSON file of one site too many: what fits replaces the form.
        one_each = [{"name": f"J{n}", "items": [{"description": "x"}]} for n in range(MAX_SITES + 1)]
        page.import_file(name="sites.json", data=json.dumps({"sites": one_each}).encode())
        assert import_messages(page) == [full(MAX_SITES, MAX_SITES, 1, 1)]
        assert page.page.evaluate(DRAWN) == [MAX_SITES, MAX_SITES]
        assert page.value(f"sites[{MAX_SITES - 1}].name") == f"J{MAX_SITES - 1}"

    finally:
        page.close()
