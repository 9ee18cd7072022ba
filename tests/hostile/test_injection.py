"""Script and HTML in every place a user's text comes from — typed into the
form, in a CSV or JSON file, in a link — is shown as text, character for
character, in the form, the results, the print view, the exports and the
chart, and never runs.

The pages here bypass the Content-Security-Policy on purpose: the policy
would block an injected script anyway, and these tests check the layer
beneath it (the page builds everything with the DOM, never from HTML
strings). tests/hostile/test_csp.py checks the policy itself.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from calculator.api import export_csv
from tests.support.page import TIMEOUT, page_url, strings_for

from .guard import GuardedPage
from .links import state_fragment
from .messages import fill, message
from .payloads import PAYLOADS, in_spreadsheet

TEXTS = list(PAYLOADS.values())
ITEM = {"quantity": "10", "points_per_unit": "60", "unit_price": "100", "renewal_date": "2027-03-15"}
SVG = "{http://www.w3.org/2000/svg}"


def payload_input() -> dict:
    """One site per payload, named by it, with one item described and
    ordered by it (600 points: each order reaches level D on its own, so the
    page lists it)."""
    return {"sites": [{"name": text, "items": [{"description": text, **ITEM, "order": text}]}
                      for text in TEXTS],
            "existing_points": "0", "current_level": "BL", "migration_date": "2026-12-15", "currency": "USD"}


@pytest.fixture
def open_guarded(browser, site_url):
    pages: list[GuardedPage] = []

    def open_(lang: str, fragment: str = "") -> GuardedPage:
        pages.append(GuardedPage(browser, site_url, lang, fragment=fragment, bypass_csp=True))
        return pages[-1]

    yield open_
    for page in pages:
        page.close()


def shown(page: GuardedPage) -> dict[str, list[str]]:
    return page.page.evaluate("""() => ({
      dt: [...document.querySelectorAll("[data-results-body] dt")].map((e) => e.textContent),
      li: [...document.querySelectorAll("[data-results-body] li")].map((e) => e.textContent)})""")


def assert_shown_as_text(page: GuardedPage) -> None:
    """Every payload, verbatim, in its fields and in the results; nothing ran."""
    r = strings_for(page.lang)["results"]
    last = f"{r['site_points']}: {TEXTS[-1]}"
    page.page.wait_for_function(
        "label => [...document.querySelectorAll('[data-results-body] dt')]"
        ".some((e) => e.textContent === label)",
        arg=last, timeout=TIMEOUT)
    for s, text in enumerate(TEXTS):
        fields = ("name", "items[0].description", "items[0].order")
        assert [page.value(f"sites[{s}].{key}") for key in fields] == [text, text, text]
    texts = shown(page)
    for text in TEXTS:
        assert f"{r['site_points']}: {text}" in texts["dt"]
        labelled = fill(r["order_label"], site=text, order=text)
        assert any(labelled in li for li in texts["li"]), text
    page.assert_harmless()


def write_csv(path, names: list[str]) -> None:
    """A CSV file with one site per name, its item described and ordered by it."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["site", "description", *ITEM, "order"])
    writer.writerows([name, name, *ITEM.values(), name] for name in names)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_payloads_typed_into_the_form_stay_text_in_results_exports_print_and_link(open_guarded, tmp_path):
    page = open_guarded("en")
    write_csv(tmp_path / "rows.csv", [f"Site {n}" for n in range(len(TEXTS))])
    page.import_file(tmp_path / "rows.csv")  # the rows, so that typing goes to the text fields only
    page.wait_ready()
    for s, text in enumerate(TEXTS):
        for key in ("name", "items[0].description", "items[0].order"):
            page.type(f"sites[{s}].{key}", text)
    assert_shown_as_text(page)

    result = json.loads(page.export("json", tmp_path))
    assert [site["name"] for site in result["site_points"]] == TEXTS
    labelled = [(order["order"], order["site"]) for order in result["orders"] if order["order"] is not None]
    assert labelled == [(t, t) for t in TEXTS]
    assert [item["description"] for item in result["items"]] == TEXTS
    rows = list(csv.DictReader(io.StringIO(page.export("csv", tmp_path))))
    assert [(row["site"], row["description"], row["order"]) for row in rows] == [
        (in_spreadsheet(t), in_spreadsheet(t), in_spreadsheet(t)) for t in TEXTS]
    page.type("sites[0].items[0].description", "\t=1+1")  # a tab first hides a formula from a naive check
    rows = list(csv.reader(io.StringIO(page.export("csv", tmp_path))))
    assert rows[1][1] == "'\t=1+1"
    page.type("sites[0].items[0].description", TEXTS[0])

    # Once the last edit's estimate is on show (the page object's click
    # waits for it): a print started sooner opened the details that this
    # estimate then drew anew, closed, and their text was not printed.
    page.click('[data-export="print"]')
    page.page.emulate_media(media="print")
    assert page.page.locator("[data-results]").is_visible()
    assert not page.page.locator("[data-form]").is_visible()
    printed = page.page.locator("[data-results-body]").inner_text()
    assert all(text in printed for text in TEXTS if "\u2028" not in text)
    page.page.emulate_media(media="screen")
    page.assert_harmless()

    page.open(page.url())  # the link holds it all: a fresh load shows it again
    assert_shown_as_text(page)


def test_payloads_in_a_csv_file_stay_text_also_as_column_names(open_guarded, tmp_path):
    page = open_guarded("zh-TW")
    write_csv(tmp_path / "payloads.csv", TEXTS)
    page.wait_ready()
    page.import_file(tmp_path / "payloads.csv")
    assert_shown_as_text(page)

    header = io.StringIO()
    csv.writer(header).writerow(["site", "quantity", "points_per_unit", "unit_price", *TEXTS])
    (tmp_path / "header.csv").write_text(header.getvalue(), encoding="utf-8")
    page.import_file(tmp_path / "header.csv")
    assert import_messages(page) == [message("zh-TW", "unknown_field", {"field": text}) for text in TEXTS]
    page.assert_harmless()


def test_payloads_in_a_json_file_stay_text_also_as_field_names(open_guarded, tmp_path):
    page = open_guarded("da")
    document = payload_input()
    document.update({text: "1" for text in TEXTS[:5]})  # unknown fields, named by payloads
    (tmp_path / "payloads.json").write_text(json.dumps(document), encoding="utf-8")
    page.wait_ready()
    page.import_file(tmp_path / "payloads.json")
    assert_shown_as_text(page)
    assert import_messages(page) == [message("da", "unknown_field", {"field": text}) for text in TEXTS[:5]]


def test_payloads_in_a_link_stay_text_and_hostile_fragments_do_nothing(open_guarded, site_url):
    page = open_guarded("en", state_fragment(payload_input()))
    assert_shown_as_text(page)
    base = page_url(site_url, "en")
    for text in TEXTS[:8]:
        page.page.goto(f"{base}#{text}")  # same document: the theme sees a hashchange
        page.page.goto(f"{base}#state={text}")
    # Nothing signals that nothing happened: a payload that would run gets a
    # moment to do so (the navigations above are same-document, no load event).
    page.page.wait_for_timeout(300)
    page.assert_harmless()
    page.open(f"{base}#state={TEXTS[0]}")  # a fresh load: the page says the link is unreadable
    page.wait_ready()
    assert message("en", "state_unreadable") in page.text('[data-error-for="sites"]')
    page.assert_harmless()


def import_messages(page: GuardedPage) -> list[str]:
    slot = page.page.locator('[data-error-for="import"] li')
    slot.first.wait_for(timeout=TIMEOUT)
    return slot.evaluate_all("items => items.map((li) => li.textContent)")


def payload_levels() -> list[dict[str, str]]:
    return [{"level": text, "min_points": str(10 * i), "discount_percent": str(i)}
            for i, text in enumerate(TEXTS)]


def test_level_names_are_text_in_the_svg_chart_from_the_command_line_and_in_the_page(open_guarded, tmp_path,
                                                                                      site_url):
    path = tmp_path / "levels.json"
    document = {**payload_input(), "levels": payload_levels()}
    del document["current_level"]  # BL is not in this table
    path.write_text(json.dumps(document), encoding="utf-8")
    def chart(kind: str) -> tuple[subprocess.CompletedProcess, ET.Element]:
        done = subprocess.run([sys.executable, "-m", "calculator", "estimate", str(path), "--format", "svg",
                               "--chart", kind], capture_output=True, timeout=60)
        assert done.returncode == 0, done.stderr
        svg = ET.fromstring(done.stdout)  # well-formed XML, whatever the names
        assert not [e for e in svg.iter() if e.tag in (f"{SVG}script", f"{SVG}foreignObject")]
        assert not [a for e in svg.iter() for a in e.attrib if a.lower().startswith("on")]
        return done, svg

    done, svg = chart("levels")
    assert [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "level"] == TEXTS
    _, years = chart("years")  # each term's level, named in the years ahead
    terms = {t.text for t in years.iter(f"{SVG}text") if t.get("class") == "level"}
    assert terms and terms <= {*TEXTS, *(f"{a} → {b}" for a in TEXTS for b in TEXTS)}

    page = open_guarded("zh-TW")  # the page adopts such an SVG as the chart: still text
    page.page.evaluate("""async ([module, svg]) => {
      const { renderChart } = await import(module);
      renderChart(document.querySelector("[data-chart]"), svg);
    }""", [f"{site_url}assets/calculator/results.js", done.stdout.decode()])
    names = page.page.eval_on_selector_all("[data-chart] text.level", "els => els.map((e) => e.textContent)")
    assert names == TEXTS
    page.assert_harmless()


def test_the_command_line_prints_payloads_verbatim_and_the_csv_export_disarms_formulas(tmp_path):
    path = tmp_path / "payloads.json"
    path.write_text(json.dumps(payload_input()), encoding="utf-8")
    def run(fmt: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "calculator", "estimate", str(path), "--format", fmt],
                              capture_output=True, timeout=60)

    as_json, as_text = run("json"), run("text")
    assert as_json.returncode == as_text.returncode == 0
    assert [site["name"] for site in json.loads(as_json.stdout)["site_points"]] == TEXTS
    assert all(text in as_text.stdout.decode() for text in TEXTS)
    rows = list(csv.reader(io.StringIO(export_csv(json.dumps(payload_input())))))[1:]
    assert [(row[0], row[1], row[6]) for row in rows] == [(in_spreadsheet(t),) * 3 for t in TEXTS]
    formulas = [PAYLOADS[name]
                for name in ("formula HYPERLINK", "formula DDE", "formula plus", "formula minus")]
    assert all(f"'{text}" in [row[0] for row in rows] for text in formulas)
