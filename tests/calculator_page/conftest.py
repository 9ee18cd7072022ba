"""The calculator page, opened in each language (closed after the test)."""

from __future__ import annotations

import pytest

from tests.support.page import CalculatorPage
from tools.languages import LANGUAGES


@pytest.fixture(params=LANGUAGES)
def page(request, browser, site_url):
    calc = CalculatorPage(browser, site_url, request.param)
    yield calc
    calc.close()


@pytest.fixture
def open_page(browser, site_url):
    """Open the calculator page in a given language, or a given address
    (``absolute=True``); every page opened is closed after the test."""
    opened: list[CalculatorPage] = []

    def open_(where: str, *, absolute: bool = False) -> CalculatorPage:
        calc = CalculatorPage(browser, where if absolute else site_url, "en" if absolute else where,
                              absolute=absolute)
        opened.append(calc)
        return calc

    yield open_
    for calc in opened:
        calc.close()
