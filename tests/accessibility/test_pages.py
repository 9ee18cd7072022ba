"""Every page of the site, in every language and in both palettes (the one
the system asks for, then the other through the header's toggle), as
axe-core sees it: no violations. The calculator page is checked in its states by
test_calculator.py; here the 404 page is reached as a reader does, at an
address that does not exist."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tests.support.page import page_url
from tests.support.site import PAGES as ALL_PAGES, page_path
from tools.languages import LANGUAGES, mkdocs_config

from .axe import SCHEMES, describe, new_context, scheme, violations_in_both_palettes

PAGES = [page for page in ALL_PAGES if page != "calculator"]  # test_calculator.py checks it in its states
MISSING = "no-such-page"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_axe_finds_no_violations_on_any_page_in_either_palette(browser, site_url, lang):
    context = new_context(browser, lang)
    found: dict[str, str] = {}
    try:
        page = context.new_page()
        for name in [*PAGES, MISSING]:
            response = page.goto(page_url(site_url, lang, name))
            assert response.status == (404 if name == MISSING else 200)
            for palette, problems in violations_in_both_palettes(page).items():
                if problems:
                    found[f"{name} ({palette})"] = describe(problems)
    finally:
        context.close()
    assert not found, "\n\n".join(f"{name}:\n{text}" for name, text in found.items())


@pytest.mark.parametrize("system", SCHEMES)
def test_the_palette_follows_the_readers_system_setting(browser, site_url, system):
    context = new_context(browser, "en", system)
    try:
        page = context.new_page()
        page.goto(page_url(site_url, "en", "index"))
        assert scheme(page) == SCHEMES[system]
    finally:
        context.close()


class _Names(HTMLParser):
    """What a screen reader says for the palette toggle and the search dialog."""

    def __init__(self) -> None:
        super().__init__()
        self.toggles: list[tuple[str | None, str | None]] = []  # (radio aria-label, button title)
        self.dialogs: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and "md-option" in (attrs.get("class") or ""):
            self.toggles.append((attrs.get("aria-label"), None))
        if tag == "label" and (attrs.get("for") or "").startswith("__palette"):
            label, _ = self.toggles[-1]
            self.toggles[-1] = (label, attrs.get("title"))
        if attrs.get("role") == "dialog":
            self.dialogs.append(attrs.get("aria-label"))


def configured_toggle_names(lang: str) -> list[str]:
    """The palette toggle names mkdocs.yml gives a language: the theme's,
    unless the language's i18n entry overrides them."""
    config = mkdocs_config()
    names = [option["toggle"]["name"] for option in config["theme"]["palette"]]
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    entry = next(e for e in i18n["languages"] if e["locale"] == lang)
    for i, option in enumerate((entry.get("theme") or {}).get("palette") or []):
        names[i] = option.get("toggle", {}).get("name", names[i])
    return names


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_palette_toggle_and_search_dialog_are_named_in_the_pages_language(built_site, lang):
    english = set(configured_toggle_names("en"))
    expected = configured_toggle_names(lang)
    for name in PAGES:
        html = page_path(built_site, lang, name)
        parsed = _Names()
        parsed.feed(html.read_text(encoding="utf-8"))
        assert parsed.toggles == [(n, n) for n in expected], html
        assert parsed.dialogs and all(parsed.dialogs), html
    if lang != "en":
        assert not english & set(expected), f"{lang} shows the English toggle names"
