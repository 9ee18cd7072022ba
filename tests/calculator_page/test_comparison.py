"""The answer at a glance, as a prospect meets it in each language: one
sentence and the figures that decide, the years ahead as a chart with the
same figures in a table, the details in sections that open; numbers typed
and exported the way the reader's language writes them; the reader's own
level table, used, labelled as theirs and kept in the link and the exports;
a print view that carries it all. Every figure is the command line's."""

from __future__ import annotations

import json

from calculator.api import estimate_dict
from tests.support.inputs import EXAMPLE
from tests.support.page import CalculatorPage, strings_for

# Figures from an IBM representative, say: not the shipped example table.
OWN_LEVELS = [{"level": "BL", "min_points": "0", "discount_percent": "0"},
              {"level": "D", "min_points": "500", "discount_percent": "6.5"},
              {"level": "E", "min_points": "1000", "discount_percent": "9"}]
WITH_OWN_LEVELS = {**EXAMPLE, "levels": OWN_LEVELS}


def entered(page: CalculatorPage, data: dict = EXAMPLE) -> dict:
    """Type ``data`` into the form; return the command line's estimate of it."""
    page.wait_ready()
    page.fill_input(data)
    page.wait_result()
    return estimate_dict(json.dumps(data))


def test_the_answer_comes_first_in_one_sentence_and_a_few_figures(filled):
    page, expected = filled, estimate_dict(json.dumps(EXAMPLE))
    c = expected["comparison"]
    r = strings_for(page.lang)["results"]
    money = lambda amount: page.money(amount, "EUR")  # noqa: E731
    first = page.page.locator("[data-results-body] > *").first
    assert first.get_attribute("data-summary") is not None
    sentence = r["answer_saves"].format(
        horizon=page.date(c["horizon_date"]), express=money(c["express"]["total"]),
        passport=money(c["passport_advantage"]["total"]), difference=money(c["difference"]))
    summary = page.text("[data-summary]")
    assert sentence in summary
    reached = expected["level_reached"]
    assert r["answer_level"].format(level=reached["level"], date=page.date(reached["date"])) in summary
    assert page.result_text("express_total") == money(c["express"]["total"])
    assert page.result_text("passport_total") == money(c["passport_advantage"]["total"])
    # The details follow, closed, each under a summary a screen reader reads in order.
    details = page.page.locator("[data-results-body] details")
    assert details.count() >= 5
    assert all(d.get_attribute("open") is None for d in details.all())
    assert page.page.locator('[data-details="orders"] li, [data-result="orders"] li').count() >= len(
        expected["orders"])


def test_the_years_ahead_are_a_chart_with_the_same_figures_in_a_table(filled):
    page, expected = filled, estimate_dict(json.dumps(EXAMPLE))
    c = expected["comparison"]
    chart = page.page.locator("[data-years-chart] svg")
    assert chart.get_attribute("role") == "img"
    words = strings_for(page.lang)["years_chart"]
    assert chart.locator("title").text_content() == words["title"]
    money = lambda amount: page.money(amount, "EUR")  # noqa: E731
    assert chart.locator("desc").text_content() == words["description"].format(
        horizon=page.date(c["horizon_date"]), express=money(c["express"]["total"]),
        passport=money(c["passport_advantage"]["total"]))
    # One anniversary line for each term that starts after the first.
    assert chart.locator("line.anniversary").count() == len(expected["terms"]) - 1
    # The table: one row per date a bill falls due; its last row, the totals.
    dates = {b["date"] for b in c["express"]["bills"] + c["passport_advantage"]["bills"]}
    rows = page.page.locator("[data-years-table] tbody tr")
    assert rows.count() == len(dates)
    last = [cell.text_content() for cell in rows.last.locator("td").all()]
    assert last == [money(c["express"]["total"]), money(c["passport_advantage"]["total"])]


def test_a_danish_reader_types_decimal_commas_and_is_told_how_to_write_a_decimal_point(open_page, tmp_path):
    page = open_page("da")
    entered(page)
    path = "sites[0].items[0].points_per_unit"
    page.type(path, "12.5", as_is=True)
    assert page.error_for(path) == strings_for("da")["errors"]["ambiguous_number"].format(example="12,5")
    assert page.value(path) == "12.5"  # what the reader typed stays
    page.type(path, "1.212,5", as_is=True)  # grouped, with a decimal comma
    page.wait_no_error(path)
    page.wait_result()
    changed = json.loads(json.dumps(EXAMPLE))
    changed["sites"][0]["items"][0]["points_per_unit"] = "1212.5"
    expected = estimate_dict(json.dumps(changed))
    # The estimate, the address and the JSON export hold the canonical form.
    assert page.result_text("total_points") == page.number(expected["total_points"])
    assert json.loads(page.export("json", tmp_path))["total_points"] == expected["total_points"]
    again = open_page(page.url(), absolute=True)
    again.wait_ready()
    assert again.value(path) == "1212,5"


def test_a_danish_spreadsheets_csv_imports(open_page):
    page = open_page("da")
    page.wait_ready()
    page.import_file(name="poster.csv", data=(
        b"site;description;quantity;points_per_unit;unit_price;renewal_date;order\n"
        b'HQ;"Db2, Standard";10;12,5;1.200,50;;\n'))
    page.wait_result()
    assert page.values("description") == ["Db2, Standard"]
    assert page.value("sites[0].items[0].unit_price") == "1200,50"
    assert page.value("sites[0].items[0].points_per_unit") == "12,5"


def test_an_own_level_table_is_used_labelled_as_the_readers_and_kept(page, open_page, tmp_path):
    path = tmp_path / "with-levels.json"
    path.write_text(json.dumps(WITH_OWN_LEVELS))
    page.wait_ready()
    page.import_file(path)
    page.wait_result()
    expected = estimate_dict(json.dumps(WITH_OWN_LEVELS))
    assert expected["example_table"] is False
    t = strings_for(page.lang)["level_table"]
    assert page.text("[data-level-table] caption") == f"{t['caption']} ({t['own_label']})"
    assert page.page.locator("[data-level-table] tbody tr").count() == len(OWN_LEVELS)
    assert page.result_attr("level_reached", "data-level") == expected["level_reached"]["level"]
    passport = expected["comparison"]["passport_advantage"]["total"]
    assert page.result_text("passport_total") == page.money(passport, "EUR")
    # No "example" note on the result: these are the reader's figures.
    assert page.page.locator("[data-results-body] [data-example-note]").count() == 0
    # In the form, to edit; in the link and the exports.
    assert page.value("levels[1].level") == "D"
    assert json.loads(page.export("json", tmp_path))["level_table"] == OWN_LEVELS
    again = open_page(page.url(), absolute=True)
    again.wait_ready()
    again.wait_result()
    assert again.text("[data-level-table] caption") == f"{t['caption']} ({t['own_label']})"
    assert again.result_text("passport_total") == page.result_text("passport_total")


def test_an_own_level_table_entered_by_hand_is_used(open_page):
    page = open_page("en")
    entered(page)
    for row, level in enumerate(OWN_LEVELS):
        page.click('[data-action="add-level"]')
        for key, value in level.items():
            page.type(f"levels[{row}].{key}", value)
    page.wait_result()
    passport = lambda data: estimate_dict(json.dumps(data))["comparison"]["passport_advantage"]["total"]  # noqa: E731
    assert page.result_text("passport_total") == page.money(passport(WITH_OWN_LEVELS), "EUR")
    page.click('[data-action="clear-levels"]')
    page.wait_result()
    assert page.result_text("passport_total") == page.money(passport(EXAMPLE), "EUR")


def test_the_print_view_carries_the_comparison_with_every_detail_open(filled):
    page = filled
    page.page.emulate_media(media="print")
    page.page.evaluate("() => dispatchEvent(new Event('beforeprint'))")
    for hook in ("[data-summary]", "[data-years-chart] svg", "[data-years-table] table",
                 '[data-result="orders"]'):
        assert page.page.locator(hook).first.is_visible(), hook
    assert page.page.locator("[data-results-body] details:not([open])").count() == 0
    assert not page.page.locator("[data-form]").is_visible()
    page.page.evaluate("() => dispatchEvent(new Event('afterprint'))")
    page.page.emulate_media(media="screen")
    assert page.page.locator("[data-results-body] details[open]").count() == 0
