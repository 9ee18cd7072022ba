"""The calculator page, opened in each language: for one test (closed after
it), or shared by the tests that only read a filled-in form (``filled``)."""

from __future__ import annotations

import pytest

from tests.support.inputs import EXAMPLE
from tests.support.page import CalculatorPage
from tools.languages import LANGUAGES


@pytest.fixture(params=LANGUAGES)
def first_visit(request, browser, site_url):
    """The calculator page in a new context: nothing kept, nothing cached."""
    calc = CalculatorPage(browser, site_url, request.param)
    yield calc
    calc.close()


@pytest.fixture(params=LANGUAGES)
def page(request, warm_context, site_url):
    """The calculator page, a new one, in the language's shared context."""
    calc = CalculatorPage(warm_context(request.param), site_url, request.param)
    yield calc
    calc.close()


@pytest.fixture
def open_page(warm_context, site_url):
    """Open the calculator page in a given language, or a given address
    (``absolute=True``, in English's context); every page opened is closed
    after the test."""
    opened: list[CalculatorPage] = []

    def open_(where: str, *, absolute: bool = False) -> CalculatorPage:
        lang = "en" if absolute else where
        calc = CalculatorPage(warm_context(lang), where if absolute else site_url, lang, absolute=absolute)
        opened.append(calc)
        return calc

    yield open_
    for calc in opened:
        calc.close()


@pytest.fixture(scope="package", params=LANGUAGES)
def filled(request, warm_context, site_url):
    """One page per language with EXAMPLE entered and estimated, shared by
    the tests of this folder that only read it (the answer, the chart, the
    exports, the address, print) and by the bad-input cases, which put back
    the value they changed: each finds EXAMPLE. A start of Python per test
    would double their time."""
    calc = CalculatorPage(warm_context(request.param), site_url, request.param)
    calc.wait_ready()
    calc.fill_input(EXAMPLE)
    calc.wait_result()
    yield calc
    calc.close()
