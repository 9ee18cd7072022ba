"""MkDocs hook: a page whose translation lags its English source tells its
reader so, in the reader's language, with a link to the English page (as
the FastAPI and Kubernetes docs do); a current translation says nothing.

A translation is outdated when the English file has changed since it was
synced (hooks/translation_state.py, the translators' own status); a page a
language lacks is built from English (the i18n plugin's fallback) and says
it is not translated yet. The words are the language's (``translation`` in
``docs/<lang>/site.yml``); overrides/main.html shows them above the page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.utils import get_relative_url

from site_languages import default_language, is_fallback, page_locale
from translation_state import recorded_hash, state


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    locale, default = page_locale(page, config), default_language(config)
    if locale == default:
        return markdown
    docs = Path(config["docs_dir"])
    source = Path(page.file.abs_src_path)
    english = docs / default / Path(*source.relative_to(docs).parts[1:])  # docs/<lang>/x.md → docs/en/x.md
    if is_fallback(page, config):
        found = "missing"  # English text under the language's address
    elif english.is_file():
        found = state(english, recorded_hash(source.read_text(encoding="utf-8"), source))
    else:
        return markdown  # a page only this language has: nothing to lag behind
    if found != "current":
        page.meta["translation_notice"] = {"state": found, "english": _english_url(page, locale),
                                           "source": default}
    return markdown


def _english_url(page: Any, locale: str) -> str:
    """The same page in the default language, relative to this one."""
    prefix = f"{locale}/"
    target = page.url[len(prefix):] if page.url.startswith(prefix) else page.url
    return get_relative_url(target or ".", page.url)
