"""MkDocs hook: render the calculator into its page, in the page's language.

The page's Markdown (translators' prose: how the estimate works) carries a
``<!-- calculator -->`` line; this hook replaces it with
``overrides/partials/calculator.html``, rendered with the language's strings
(``docs/<lang>/calculator.yml``) and with the level table and its chart
computed at build time by the same ``calculator`` package the browser runs,
so the table shows without JavaScript or before Python is ready.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from mkdocs.structure.files import Files
from mkdocs.utils import get_relative_url

from calculator import api
from site_languages import default_language, page_locale

MARKER = "<!-- calculator -->"
STRINGS = "calculator.yml"


@cache
def load_strings(docs_dir: str, locale: str, default: str) -> dict[str, Any]:
    """A language's strings, the default language's (the translators'
    source) filling any key it lacks (the tests insist on none lacking; this
    keeps a half-translated build usable)."""
    source = _read(Path(docs_dir) / default / STRINGS)
    if locale == default:
        return source
    return _merge(source, _read(Path(docs_dir) / locale / STRINGS))


def on_files(files: Files, config: Any) -> Files:
    """The strings are build input, not pages or assets to publish."""
    for file in list(files):
        if Path(file.src_uri).name == STRINGS:
            files.remove(file)
    return files


def on_page_content(html: str, page: Any, config: Any, files: Files) -> str:
    if MARKER not in html:
        return html
    locale = page_locale(page, config)
    strings = load_strings(config["docs_dir"], locale, default_language(config))
    levels = api.levels_dict()
    chart = api.chart_svg(None, json.dumps(strings["chart"]))
    # For overrides/main.html: start the worker from <head>, before the
    # page's body and Material's scripts are parsed and run (the benchmark's
    # "worker started late" row shows what it is worth).
    page.meta["calculator_client"] = get_relative_url("assets/calculator/client.js", page.url)
    # The form and the estimate side by side need the width the table of
    # contents would take (the page's sections are few and short).
    page.meta["hide"] = sorted({*page.meta.get("hide", []), "toc"})
    template = config["theme"].get_env().get_template("partials/calculator.html")
    rendered = template.render(
        lang=locale,
        s=strings,
        strings=strings,
        levels=levels,
        form=api.form_dict(),
        chart=chart,
        script=get_relative_url("assets/calculator/calculator.js", page.url),
        stylesheet=get_relative_url("assets/calculator/calculator.css", page.url),
    )
    return html.replace(MARKER, rendered, 1)


def _read(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return data if isinstance(data, dict) else {}


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merged[key] = _merge(base[key], value)
        elif value is not None:
            merged[key] = value
    return merged
