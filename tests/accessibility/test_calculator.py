"""The calculator as a keyboard or screen-reader user meets it: axe-core finds
nothing wrong in any state, in every language and both palettes; it works by
keyboard alone; each field has a label from the page's strings and is
described by its error; results and errors reach a live region."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from calculator.api import estimate_dict
from calculator.parse import ITEM_FIELDS
from tests.support.page import TIMEOUT, CalculatorPage, strings_for
from tools.languages import LANGUAGES

from .axe import CONTEXT_OPTIONS, describe, violations_in_both_palettes

# One site, two items, four fields each: what the keyboard test tabs through
# (tests/support/inputs.py's EXAMPLE has fields it would have to reach too).
INPUT = {
    "sites": [{"name": "HQ", "items": [
        {"description": "Db2", "quantity": "10", "points_per_unit": "60", "unit_price": "1200.50"},
        {"description": "MQ", "quantity": "4", "points_per_unit": "25", "unit_price": "800"}]}],
    "currency": "EUR",
}


@pytest.fixture
def open_calculator(warm_context, site_url):
    """Open the calculator page in a language; closed after the test."""
    opened: list[CalculatorPage] = []

    def open_(lang: str) -> CalculatorPage:
        calc = CalculatorPage(warm_context(lang, **CONTEXT_OPTIONS), site_url, lang)
        opened.append(calc)
        return calc

    yield open_
    for calc in opened:
        calc.close()


def make_errors(calc: CalculatorPage) -> dict[str, str]:
    """Type two bad values; return each field's path and the message it should show."""
    errors = strings_for(calc.lang)["errors"]
    calc.type("sites[0].items[0].quantity", "-2")
    calc.type("currency", "x")
    return {"sites[0].items[0].quantity": errors["negative"], "currency": errors["invalid_currency"]}


def assert_labelled(calc: CalculatorPage) -> None:
    """Every field of the agreement, the first site and its two rows has its
    label in the page's language (a row's with its number), and so has every
    other control."""
    form = strings_for(calc.lang)["form"]
    labels = {"migration_date": form["migration_date"], "existing_points": form["existing_points"],
              "current_level": form["current_level"], "currency": form["currency"],
              "anniversary_date": form["anniversary_date"], "horizon_years": form["horizon_years"],
              "sites[0].name": form["site_name"]}
    for row in (0, 1):
        labels.update({f"sites[0].items[{row}].{key}": f"{form[key]} {row + 1}" for key in ITEM_FIELDS})
    for path, label in labels.items():
        expect(calc.field(path)).to_have_accessible_name(label)
    expect(calc.page.locator("[data-import]")).to_have_accessible_name(strings_for(calc.lang)["transfer"]["import"])
    for row in (0, 1):
        remove = calc.page.locator(f'[data-action="remove-item"][data-item="{row}"]')
        expect(remove).to_have_accessible_name(form["remove_item"].format(number=row + 1))
    unnamed = calc.page.eval_on_selector_all(
        "[data-calculator] :is(input, select, textarea, button)",
        "els => els.filter(e => !e.labels?.length && !e.getAttribute('aria-label')"
        " && !e.getAttribute('aria-labelledby') && !e.textContent.trim()).map(e => e.outerHTML)")
    assert unnamed == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_screen_reader_hears_the_labels_results_and_errors_and_axe_finds_nothing_in_any_state(
        open_calculator, lang):
    """One session per language, as a screen-reader user has it: the empty
    form, the form with results, the form with errors. In each state axe
    finds nothing in either palette; every field is labelled in the page's
    language; the live region speaks the result, then that there are
    errors; each error describes its field."""
    calc = open_calculator(lang)
    strings = strings_for(lang)
    calc.wait_ready()
    region = calc.page.locator("[data-announce]")
    # A live region must be in the page, empty, before it speaks.
    assert region.get_attribute("aria-live") == "polite" and region.get_attribute("role") == "status"
    assert region.inner_text() == ""
    expect(calc.page.locator("[data-results-body]")).to_have_text(strings["results"]["empty"])
    found = {"empty": violations_in_both_palettes(calc.page)}

    calc.fill_input(INPUT)  # two rows: their remove buttons appear
    assert_labelled(calc)
    calc.click('[data-action="add-level"]')  # a card of the reader's own level table (blank: not used)
    calc.wait_result()
    expected = estimate_dict(json.dumps(INPUT))
    comparison = expected["comparison"]
    expect(region).to_have_text(strings["results"]["announce"].format(
        horizon=calc.date(comparison["horizon_date"]), level=expected["level_reached"]["level"],
        express=calc.money(comparison["express"]["total"], "EUR"),
        passport=calc.money(comparison["passport_advantage"]["total"], "EUR")), timeout=TIMEOUT)
    # Every detail open: the orders, the renewals, the years' table and the rest.
    calc.page.eval_on_selector_all("[data-results-body] details",
                                   "els => els.forEach((d) => { d.open = true; })")
    assert calc.page.locator("[data-years-chart] svg").count() == 1
    found["with results"] = violations_in_both_palettes(calc.page)

    for path, message in make_errors(calc).items():
        assert calc.error_for(path) == message
        # Read out with the field (after its help text, if any) when it takes the focus.
        described = re.compile(re.escape(message))
        expect(calc.field(path)).to_have_accessible_description(described, timeout=TIMEOUT)
        expect(calc.field(path)).to_have_attribute("aria-invalid", "true")
    expect(region).to_have_text(strings["results"]["has_errors"], timeout=TIMEOUT)
    found["with errors"] = violations_in_both_palettes(calc.page)

    text = {f"{state} ({palette})": describe(problems)
            for state, palettes in found.items() for palette, problems in palettes.items() if problems}
    assert not text, "\n\n".join(f"{state}:\n{words}" for state, words in text.items())


def tab_to(page, selector: str, limit: int = 200) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_the_calculator_works_by_keyboard_alone(open_calculator):
    calc = open_calculator("en")
    calc.wait_ready()
    page, keys = calc.page, calc.page.keyboard
    site = INPUT["sites"][0]
    tab_to(page, '[data-path="sites[0].name"]')
    keys.type(site["name"])
    for row, item in enumerate(site["items"]):
        if row == 0:
            tab_to(page, '[data-path="sites[0].items[0].description"]')
        else:
            tab_to(page, '[data-action="add-item"][data-site="0"]')
            keys.press("Enter")  # a new row, and its first field takes the focus
            expect(calc.field(f"sites[0].items[{row}].description")).to_be_focused()
        for key in ("description", "quantity", "points_per_unit", "unit_price"):
            keys.type(item[key])
            keys.press("Tab")

    calc.wait_result()
    expected = estimate_dict(json.dumps({**INPUT, "currency": "USD"}))  # the page's default currency
    assert calc.result_text("total_points") == calc.number(expected["total_points"])
    assert calc.result_text("estimated_savings") == calc.money(expected["estimated_savings"], "USD")
