"""The site's languages for the hooks, as the i18n plugin has them from
mkdocs.yml (the one place a language is added): which is the default, and
which language a page is in. Imported by the hooks (MkDocs puts this folder
on the path while it loads them)."""

from __future__ import annotations

from typing import Any


def languages(config: Any) -> list[Any]:
    plugin = config["plugins"].get("i18n")
    if plugin is None:
        raise LookupError("the hooks need the i18n plugin (mkdocs.yml)")
    return list(plugin.config.languages)


def locales(config: Any) -> list[str]:
    return [language.locale for language in languages(config)]


def default_language(config: Any) -> str:
    return next(language.locale for language in languages(config) if language.default)


def page_locale(page: Any, config: Any) -> str:
    """The language the page is built in. The i18n plugin builds one language
    at a time; a page that language lacks comes from the default language's
    file (``page.file.locale``) but is built in this language."""
    plugin = config["plugins"].get("i18n")
    building = getattr(plugin, "current_language", None)
    return building or getattr(page.file, "locale", None) or default_language(config)


def is_fallback(page: Any, config: Any) -> bool:
    """Whether the page is the default language's text standing in for a
    translation its language lacks."""
    return getattr(page.file, "locale", None) == default_language(config) != page_locale(page, config)
