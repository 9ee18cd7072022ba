"""MkDocs hook: external addresses by key, and each language's site labels.

Translators write ``[Enroll today][enroll]``; the address lives once, in
``data/links.yml``, and this hook appends the reference definitions to every
page. Links that leave the site are marked (``rel="external noopener"`` and a
class the stylesheet gives an icon and a hidden "external" hint).

It also hands the templates the language's labels from ``docs/<lang>/site.yml``
(section 9 of the flyer: content navigation and related links), so the
footer partial has words in the page's language and addresses from one file.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from site_languages import default_language, page_locale

ROOT = Path(__file__).resolve().parent.parent
LINKS = ROOT / "data" / "links.yml"
LABELS = "site.yml"
_EXTERNAL = re.compile(r'<a href="(https?://[^"]+)"')


@lru_cache(maxsize=1)
def links() -> dict[str, str]:
    """Each key's address as the site links it (its ``url``; the file also
    keeps the flyer's original address and where the current one was
    confirmed)."""
    return {key: entry["url"] for key, entry in yaml.safe_load(LINKS.read_text(encoding="utf-8")).items()}


@cache
def labels(docs_dir: str, locale: str, default: str) -> dict[str, Any]:
    path = Path(docs_dir) / locale / LABELS
    if not path.is_file():
        path = Path(docs_dir) / default / LABELS
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def on_files(files: Any, config: Any) -> Any:
    for file in list(files):
        if Path(file.src_uri).name == LABELS:
            files.remove(file)
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    definitions = "\n".join(f"[{key}]: {url}" for key, url in links().items())
    return f"{markdown}\n\n{definitions}\n"


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    return mark_external(html)


def mark_external(html: str) -> str:
    return _EXTERNAL.sub(r'<a class="external" rel="external noopener" href="\1"', html)


def on_page_context(context: dict, page: Any, config: Any, nav: Any) -> dict:
    context["site_labels"] = labels(config["docs_dir"], page_locale(page, config), default_language(config))
    context["links"] = links()
    return context
