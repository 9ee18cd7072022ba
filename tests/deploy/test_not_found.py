"""A missing page answers 404 with the 404 page of the visitor's language
(the first folder of the path), else the English one."""

from __future__ import annotations

import re

import pytest

from tools.languages import LANGUAGES

from .http import language_prefix, request

# What these tests check is how a server answers: each runs against both
# (tests/conftest.py); the ones that read only the build take no server.
pytestmark = pytest.mark.both_servers


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("missing", ["no-such-page/", "calculator/deeper/still.html", "nothing.js"])
def test_a_missing_page_gets_the_404_page_of_its_language(built_site, site_url, server, lang, missing):
    prefix = language_prefix(lang)
    answer = request(site_url, prefix + missing)
    assert answer.status == 404
    assert answer.body == (built_site / prefix / "404.html").read_bytes()
    assert re.search(rf'<html[^>]* lang="{lang}"', answer.body.decode())
    assert answer.media_type() == "text/html"
    assert answer.header("Cache-Control") == "no-cache"


@pytest.mark.parametrize("path", ["xx/no-such-page/", "assets/", "assets/nothing.css", "search/x"])
def test_outside_a_language_folder_the_404_page_is_english(built_site, site_url, server, path):
    answer = request(site_url, path)
    assert answer.status == 404
    assert answer.body == (built_site / "404.html").read_bytes()


def test_a_folder_without_its_slash_is_redirected_on_the_same_origin(site_url, server):
    answer = request(site_url, "da/calculator")
    assert answer.status == 301
    assert answer.header("Location") == "/da/calculator/"
