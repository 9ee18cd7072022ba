"""A page object for the calculator, so the tests read as what a user does."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60_000  # ms: Python starts in a few seconds, slower on a loaded machine
SETTLED = '[data-results]:not([aria-busy="true"])'  # the estimate for the last edit is on show


@cache
def strings_for(lang: str) -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docs" / lang / "calculator.yml").read_text(encoding="utf-8"))


def page_url(site_url: str, lang: str, page: str = "calculator") -> str:
    prefix = "" if lang == "en" else f"{lang}/"
    return f"{site_url}{prefix}{'' if page == 'index' else page + '/'}"


class CalculatorPage:
    def __init__(self, browser, url: str, lang: str, *, absolute: bool = False, fragment: str = "",
                 **context_options: Any):
        """``context_options`` go to Playwright's ``new_context`` (a colour
        scheme, say, for the accessibility tests)."""
        self.lang = lang
        self.context = browser.new_context(accept_downloads=True, locale=lang, **context_options)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        self.prepare()
        self.page.goto(url if absolute else page_url(url, lang) + fragment)
        self.root = self.page.locator("[data-calculator]")

    def prepare(self) -> None:
        """Runs before the page loads: a subclass adds init scripts and listeners here."""

    def close(self) -> None:
        self.context.close()

    def url(self) -> str:
        # The address is updated asynchronously after each edit.
        self.page.wait_for_function("() => location.hash.startsWith('#state=')", timeout=TIMEOUT)
        self.page.wait_for_timeout(200)
        return self.page.url

    def wait_ready(self) -> None:
        self.page.wait_for_selector('[data-calculator][data-state="ready"]', timeout=TIMEOUT)

    # ---- entering data -------------------------------------------------
    def settle(self) -> None:
        """Wait until the estimate for the last edit is shown (the results are
        no longer aria-busy). Until then an error message may still come or go
        and move the buttons: a click whose press and release land on different
        elements is no click at all."""
        self.page.wait_for_selector(SETTLED, state="attached", timeout=TIMEOUT)

    def click(self, selector: str) -> None:
        """Click as a user does: once the page has settled."""
        self.settle()
        self.page.click(selector)

    def field(self, path: str):
        return self.page.locator(f'[data-path="{path}"]')

    def type(self, path: str, value: str) -> None:
        self.field(path).fill(value)

    def fill_input(self, data: dict[str, Any]) -> None:
        """Type a contract input into the form, adding sites and rows as needed."""
        for key in ("existing_points", "anniversary_date", "migration_date", "currency"):
            if key in data:
                self.type(key, data[key])
        for key in ("current_level", "horizon_years"):
            if key in data:
                self.field(key).select_option(data[key])
        for s, site in enumerate(data["sites"]):
            if s > 0:
                self.click('[data-action="add-site"]')
            self.type(f"sites[{s}].name", site["name"])
            for i, item in enumerate(site["items"]):
                if i > 0:
                    self.click(f'[data-action="add-item"][data-site="{s}"]')
                for key, value in item.items():
                    self.type(f"sites[{s}].items[{i}].{key}", value)

    def import_file(self, path: Path) -> None:
        self.page.set_input_files("[data-import]", str(path))

    # ---- reading -------------------------------------------------------
    def wait_result(self) -> None:
        self.page.wait_for_selector('[data-result="total_points"]', timeout=TIMEOUT)
        self.page.wait_for_function(
            "() => !document.querySelector('[data-results-body] > .calculator-error')", timeout=TIMEOUT)
        self.page.wait_for_timeout(300)  # let a pending (debounced) update land

    def result_text(self, name: str) -> str:
        return self.page.locator(f'[data-result="{name}"]').inner_text().strip()

    def result_attr(self, name: str, attr: str) -> str | None:
        return self.page.locator(f'[data-result="{name}"]').get_attribute(attr)

    def text(self, selector: str) -> str:
        return self.page.locator(selector).inner_text()

    def value(self, path: str) -> str:
        return self.field(path).input_value()

    def values(self, field: str) -> list[str]:
        return [v for v in self.page.eval_on_selector_all(
            f'input[data-field="{field}"][data-item]', "els => els.map(e => e.value)") if v]

    def error_for(self, path: str) -> str:
        slot = self.page.locator(f'[data-error-for="{path}"]')
        slot.wait_for(state="visible", timeout=TIMEOUT)
        return slot.inner_text().strip()

    def wait_no_error(self, path: str) -> None:
        self.page.locator(f'[data-error-for="{path}"]').wait_for(state="hidden", timeout=TIMEOUT)

    def export(self, kind: str, folder: Path) -> str:
        with self.page.expect_download(timeout=TIMEOUT) as download:
            self.click(f'[data-export="{kind}"]')
        target = folder / download.value.suggested_filename
        download.value.save_as(target)
        return target.read_text(encoding="utf-8")

    # ---- formatting as the page does it (Intl in the same browser) -------
    def money(self, amount: str, currency: str) -> str:
        return self.page.evaluate(
            "([lang, amount, currency]) =>"
            " new Intl.NumberFormat(lang, {style: 'currency', currency}).format(amount)",
            [self.lang, amount, currency])

    def date(self, iso: str) -> str:
        return self.page.evaluate(
            "([lang, iso]) => new Intl.DateTimeFormat(lang, {dateStyle: 'long', timeZone: 'UTC'})"
            ".format(new Date(iso + 'T00:00:00Z'))", [self.lang, iso])

    def number(self, amount: str) -> str:
        return self.page.evaluate(
            "([lang, n]) => new Intl.NumberFormat(lang, {maximumFractionDigits: 6}).format(n)",
            [self.lang, amount])
