"""Every language's calculator strings are complete: the same keys and
placeholders as English, and a message for every code the package emits."""

from __future__ import annotations

import re
import string

import pytest

from calculator.errors import ASSUMPTION_CODES, ERROR_CODES, WARNING_CODES
from tests.support.page import PAGE_CODES, strings_for
from tools.languages import LANGUAGES

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    flat = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{path}."))
        else:
            flat[path] = str(value)
    return flat


ENGLISH = flatten(strings_for("en"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_language_has_every_key_that_english_has(lang):
    missing = sorted(set(ENGLISH) - set(flatten(strings_for(lang))))
    assert missing == [], f"{lang} lacks {missing}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_translation_keeps_each_strings_placeholders(lang):
    theirs = flatten(strings_for(lang))
    for key, text in ENGLISH.items():
        if key in theirs:
            assert set(PLACEHOLDER.findall(theirs[key])) == set(PLACEHOLDER.findall(text)), f"{lang}: {key}"
            list(string.Formatter().parse(theirs[key]))  # well-formed braces


def test_every_code_the_package_emits_has_a_message():
    for code in (*ERROR_CODES, *PAGE_CODES):
        assert f"errors.{code}" in ENGLISH, code
    for code in WARNING_CODES:
        assert f"warnings.{code}" in ENGLISH, code
    for code in ASSUMPTION_CODES:
        assert f"assumptions.{code}" in ENGLISH, code


def test_the_command_lines_sentences_are_the_english_catalogues():
    from tools.messages import main
    assert main(["--check"]) == 0, "run: python -m tools.messages"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_default_currency_is_an_iso_code(lang):
    assert re.fullmatch(r"[A-Z]{3}", strings_for(lang)["default_currency"])
