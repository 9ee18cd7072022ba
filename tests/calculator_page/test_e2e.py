"""The calculator page in headless Chromium, in every language: the same
answers as the command line, errors next to their fields in the page's
language, import/export, a link that reproduces an estimate, and nothing
requested from another origin.

The first estimate and the origin check run against both servers (the
worker, its snapshot and Pyodide's wasm come through the server); the rest
is the page's own doing and runs once (tests/conftest.py says the rule)."""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import urlsplit

import pytest

from calculator import example_table
from calculator.api import estimate_dict
from tests.support.inputs import EXAMPLE
from tests.support.page import CalculatorPage, strings_for

VERSIONED = re.compile(r"assets/calculator/build-[0-9a-f]{16}/")


@pytest.mark.both_servers
def test_entered_by_hand_gives_the_command_lines_answer_and_nothing_comes_from_elsewhere(first_visit):
    """A first visit through each server: Python, its snapshot and the wasm
    come with that server's types and encodings, the estimate is the command
    line's, and no request leaves the origin, no error reaches the console."""
    page = first_visit
    page.wait_ready()
    page.fill_input(EXAMPLE)
    expected = estimate_dict(json.dumps(EXAMPLE))
    page.wait_result()
    assert page.result_attr("level", "data-level") == expected["level"]
    assert page.result_text("estimated_savings") == page.money(expected["estimated_savings"], "EUR")
    assert page.result_text("total_points") == page.number(expected["total_points"])
    comparison = expected["comparison"]
    assert page.result_text("express_total") == page.money(comparison["express"]["total"], "EUR")
    assert page.result_text("passport_total") == page.money(comparison["passport_advantage"]["total"], "EUR")
    assert page.money(comparison["difference"], "EUR") in page.result_text("difference")
    assert page.result_attr("level_reached", "data-level") == expected["level_reached"]["level"]
    assert len(page.page.locator('[data-result="orders"] li').all()) == len(expected["orders"])
    origin = urlsplit(page.url()).netloc
    foreign = [u for u in page.requests
               if urlsplit(u).scheme in ("http", "https") and urlsplit(u).netloc != origin]
    assert foreign == []
    assert any("/pyodide/" in u and u.endswith(".wasm") for u in page.requests)
    assert page.console_errors == []


@pytest.mark.parametrize("page", ["en"], indirect=True)  # the same in every language
def test_the_results_are_busy_from_an_edit_until_its_estimate_is_shown(page):
    page.wait_ready()
    page.fill_input(EXAMPLE)
    page.settle()
    busy = lambda: page.page.get_attribute("[data-results]", "aria-busy")  # noqa: E731
    assert busy() == "false"
    # An edit, as typing makes it, and the results' state in the same moment:
    # busy from the edit itself, before any estimate has started.
    assert page.page.evaluate("""() => {
        const field = document.querySelector('[data-path="sites[0].items[0].quantity"]');
        field.value = "11";
        field.dispatchEvent(new Event("input", {bubbles: true}));
        return document.querySelector("[data-results]").getAttribute("aria-busy");
    }""") == "true"
    page.settle()
    changed = json.loads(json.dumps(EXAMPLE))
    changed["sites"][0]["items"][0]["quantity"] = "11"
    # Settled means the estimate on show is the last edit's, with no wait of its own.
    assert page.result_text("total_points") == page.number(estimate_dict(json.dumps(changed))["total_points"])


def test_exported_json_is_identical_to_the_command_lines_output(filled, tmp_path, run_cli):
    exported = filled.export("json", tmp_path)
    input_file = tmp_path / "input.json"
    input_file.write_text(json.dumps(EXAMPLE))
    assert exported == run_cli("estimate", str(input_file), "--format", "json")


def test_imports_a_spreadsheet_then_a_saved_input_and_start_over_empties_the_form(page, tmp_path):
    """One reader's session: a CSV file, chosen before Python is ready, keeps
    its good rows and reports the bad one in the page's language; a JSON
    file then replaces the form; Start over empties it."""
    strings = strings_for(page.lang)
    path = tmp_path / "items.csv"
    path.write_text("site,description,quantity,points_per_unit,unit_price,renewal_date,order\n"
                    "HQ,Db2,10,60,1200.50,2027-03-15,\nHQ,Bad,-3,1,1,,\nPlant,MQ,4,25,800,,\n")
    page.import_file(path)
    page.wait_ready()
    page.wait_result()
    status = strings["transfer"]["imported_with_errors"].format(count=2, bad=1)
    assert page.text("[data-import-status]") == status
    assert strings["errors"]["negative"] in page.text('[data-error-for="import"]')
    assert page.values("description") == ["Db2", "MQ"]
    assert page.result_text("total_points") == page.number("700")

    path = tmp_path / "input.json"
    path.write_text(json.dumps(EXAMPLE))
    page.import_file(path)
    page.wait_result()
    assert page.values("description") == ["Db2", "MQ", "Cognos"]
    assert page.result_attr("level", "data-level") == estimate_dict(json.dumps(EXAMPLE))["level"]

    page.click('[data-action="reset"]')
    page.settle()
    assert page.values("description") == []
    assert page.page.locator("fieldset.calculator-site").count() == 1
    assert page.text("[data-results-body]") == strings["results"]["empty"]


def test_csv_export_lists_the_line_items_in_the_readers_convention(filled, tmp_path):
    """A spreadsheet in a language with a decimal comma (Danish) reads
    semicolon-separated cells; the page's export is written that way there,
    and comma-separated with decimal points elsewhere."""
    page = filled
    decimal = page.decimal_mark()
    text = page.export("csv", tmp_path)
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";" if decimal == "," else ","))
    assert [(r["site"], r["description"], r["quantity"]) for r in rows] == [
        ("HQ", "Db2", "10"), ("HQ", "MQ", "4"), ("Plant", "Cognos", "3")]
    price = EXAMPLE["sites"][0]["items"][0]["unit_price"]
    assert rows[0]["unit_price"] == price.replace(".", decimal)


@pytest.mark.parametrize("field, value, code", [
    ("quantity", "-2", "negative"),
    ("quantity", "1.5", "not_whole_number"),
    ("unit_price", "abc", "not_a_number"),
    ("points_per_unit", "1e400", "too_large"),
])
def test_bad_input_shows_the_localized_message_next_to_the_field_and_keeps_it(filled, field, value, code):
    page = filled
    path = f"sites[0].items[1].{field}"
    good = EXAMPLE["sites"][0]["items"][1][field]
    changed = json.loads(json.dumps(EXAMPLE))
    changed["sites"][0]["items"][1][field] = value
    (problem,) = estimate_dict(json.dumps(changed))["errors"]
    assert problem["code"] == code
    try:
        typed = page.type(path, value)  # 1.5 goes in as 1,5 in Danish
        assert page.error_for(path) == strings_for(page.lang)["errors"][code].format(**problem["params"])
        assert page.value(path) == typed  # what the user typed stays
    finally:
        page.type(path, good)  # and the page keeps working
    page.wait_no_error(path)
    page.wait_result()
    assert page.result_text("total_points") == page.number(estimate_dict(json.dumps(EXAMPLE))["total_points"])


def test_the_address_reproduces_the_estimate(filled, warm_context):
    savings = filled.result_text("estimated_savings")
    url = filled.url()
    again = CalculatorPage(warm_context(filled.lang), url, filled.lang, absolute=True)
    try:
        again.wait_ready()
        again.wait_result()
        assert again.values("description") == ["Db2", "MQ", "Cognos"]
        assert again.result_text("estimated_savings") == savings
    finally:
        again.close()


def test_a_tampered_address_gives_a_message_and_a_working_form(warm_context, site_url):
    page = CalculatorPage(warm_context("da"), site_url, "da", fragment="#state=AAAA-not-deflate")
    try:
        page.wait_ready()
        assert strings_for("da")["errors"]["state_unreadable"] in page.text('[data-error-for="sites"]')
        page.fill_input(EXAMPLE)
        page.wait_result()
    finally:
        page.close()


class _AtFixedTime(CalculatorPage):
    """The page's clock stopped at one instant (timers still run)."""

    NOW = "2026-03-01T11:00:00Z"

    def prepare(self) -> None:
        self.page.clock.set_fixed_time(self.NOW)


def test_the_default_migration_date_is_the_users_local_date_in_iso_form(browser, site_url):
    # 11:00 UTC on 1 March is already 2 March on Kiritimati (UTC+14), and a
    # Taiwanese locale would write dates as 2026/3/2: the form wants neither
    # the UTC date nor the locale's format.
    page = _AtFixedTime(browser, site_url, "zh-TW", timezone_id="Pacific/Kiritimati")
    try:
        page.wait_ready()
        assert page.value("migration_date") == "2026-03-02"
    finally:
        page.close()


# What sticks out of the page, or of the calculator's column, once the line
# items are in: [element, its right edge, the limit]; and any box of the
# calculator that scrolls sideways (none may: line items are cards).
OVERFLOW_JS = """() => {
  const page = document.documentElement;
  const calculator = document.querySelector("[data-calculator]");
  const column = calculator.closest(".md-content").getBoundingClientRect().right;
  const out = [];
  if (page.scrollWidth > page.clientWidth) out.push(["page", page.scrollWidth, page.clientWidth]);
  for (const el of [calculator, ...calculator.querySelectorAll("*")]) {
    const right = el.getBoundingClientRect().right;
    const name = `${el.tagName}.${el.className}`;
    if (right > column + 1) out.push([name, Math.round(right), Math.round(column)]);
    if (el.scrollWidth > el.clientWidth + 1 && /auto|scroll/.test(getComputedStyle(el).overflowX)) {
      out.push([`${name} scrolls`, el.scrollWidth, el.clientWidth]);
    }
  }
  return out;
}"""
# Where the form, the results and import/export are, and whether the
# results are in the viewport now.
PLACES_JS = """() => {
  const box = (s) => document.querySelector(s).getBoundingClientRect();
  const form = box("[data-form]"), results = box("[data-results]"), transfer = box("[data-transfer]");
  return { formRight: form.right, formBottom: form.bottom, resultsLeft: results.left,
           resultsBottom: results.bottom, transferTop: transfer.top,
           resultsInView: results.top < innerHeight && results.bottom > 0 };
}"""
WIDTHS = (320, 390, 768, 1280)
SETTLED_ANIMATIONS = "() => document.getAnimations().every((a) => a.playState !== 'running')"


def test_the_calculator_fits_every_screen_and_keeps_the_answer_in_view_on_a_wide_one(filled):
    # Phones, a tablet and a desktop: nothing makes the page scroll sideways
    # or runs out of the content column, and nothing scrolls sideways in a
    # box of its own (line items are cards). On the desktop the results sit
    # beside the form and stay in view while one edits its last field;
    # import/export comes below both. (The filled page, turned to each
    # width as a phone or a window is, and given its size back.)
    page = filled
    size = page.page.viewport_size
    try:
        for width in WIDTHS:
            page.page.set_viewport_size({"width": width, "height": 800})
            # The theme's header animates to the new width (the search box's transition).
            page.page.wait_for_function(SETTLED_ANIMATIONS)
            assert (width, page.page.evaluate(OVERFLOW_JS)) == (width, [])
        last = page.field("sites[1].items[0].unit_price")
        last.scroll_into_view_if_needed()
        last.focus()
        places = page.page.evaluate(PLACES_JS)
        assert places["resultsLeft"] >= places["formRight"], places
        assert places["resultsInView"], places
        assert places["transferTop"] >= max(places["formBottom"], places["resultsBottom"]) - 1, places
    finally:
        page.page.set_viewport_size(size)
        page.page.evaluate("() => document.activeElement?.blur()")


def test_the_client_loads_from_the_head_and_python_runs_in_one_worker(filled):
    """client.js loads from <head> (overrides/main.html), before the body
    and the theme's scripts (it starts the worker once they have run:
    tests/runtime/test_fetched.py), and calculator.js reuses it: one worker
    for the page's whole life, its estimates included."""
    page = filled
    head_scripts = page.page.eval_on_selector_all(
        "head script[type=module][async]", "(els) => els.map((el) => el.getAttribute('src'))")
    # From the versioned folder (hooks/versioned_assets.py), like every file of the calculator's.
    assert [src for src in head_scripts if VERSIONED.search(src) and src.endswith("/client.js")], head_scripts
    calculator_workers = [w.url for w in page.page.workers if "/assets/calculator/" in w.url]
    (worker,) = calculator_workers
    assert VERSIONED.search(worker) and worker.split("?")[0].endswith("/worker.js")


def test_without_javascript_the_level_table_is_there_and_labelled_an_example(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(f"{site_url}da/calculator/")
        strings = strings_for("da")
        assert tab.locator("[data-level-table] tbody tr").count() == len(example_table().levels)
        caption = tab.locator("[data-level-table] caption").inner_text()
        assert strings["level_table"]["example_label"] in caption
        assert tab.locator("[data-chart] svg").count() == 1
    finally:
        context.close()


# The page formats with the browser's Intl for its language: written out here,
# so a page that ignored its language (or formatted in Python) would fail.
FORMATTED = {
    "en": ("1,234.5", "1,234.56"),
    "zh-TW": ("1,234.5", "1,234.56"),
    "da": ("1.234,5", "1.234,56"),
}


def test_numbers_and_money_are_formatted_for_the_pages_language(page):
    points, money = FORMATTED[page.lang]
    page.wait_ready()
    page.fill_input({"sites": [{"name": "HQ", "items": [
        {"description": "Db2", "quantity": "1", "points_per_unit": "0", "unit_price": "1234.56"}]}],
        "existing_points": "1234.5", "anniversary_date": "2020-01-01", "currency": "EUR"})
    page.wait_result()
    assert page.result_text("total_points") == points
    assert money in page.result_text("list_price_total")
