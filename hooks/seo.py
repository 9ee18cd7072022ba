"""MkDocs hook: one search index per language, and robots.txt.

mkdocs-static-i18n stacks every language's pages into one search index, so a
Danish search lists English pages. Here each language gets its own index
(``<lang>/search/search_index.json``, English at the root), and each page's
theme configuration points search at its language's folder: Material fetches
``search/search_index.json`` relative to the ``base`` in ``#__config``, and
resolves result links against that same base.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from site_languages import default_language, locales, page_locale

# Material's own hreflang links are relative; partials/alternates.html writes
# absolute ones (as search engines require) plus x-default.
_RELATIVE_HREFLANG = re.compile(r'\s*<link rel="alternate" href="(?!https?:)[^"]*" hreflang="[^"]*">')
# lunr has no Chinese pipeline; jieba (at build time) separates words with
# U+200B, which the separator must then split on.
_SEARCH_LANG = {"zh-TW": (["en"], "[\\s\\u200b\\-]+")}
_CONFIG_BASE = re.compile(r'(<script id="__config" type="application/json">[^<]*?"base":\s*)"([^"]*)"')


def on_post_page(output: str, page: Any, config: Any) -> str:
    output = _RELATIVE_HREFLANG.sub("", output)
    if page.file.src_uri.endswith("404.md"):
        base = _absolute_folder(page, config)
        output = output.replace("<head>", f'<head>\n    <base href="{base}">', 1)
    else:
        locale = page_locale(page, config)
        if locale == default_language(config):
            return output
        base = (get_relative_url(f"{locale}/", page.url) or ".").rstrip("/")
    # Material's base: where its search fetches the language's index.
    return _CONFIG_BASE.sub(lambda m: f'{m.group(1)}"{base}"', output, count=1)


@event_priority(-110)  # after the i18n plugin has written the stacked index
def on_post_build(config: Any) -> None:
    site = Path(config["site_dir"])
    shared = site / "search" / "search_index.json"
    languages, default = locales(config), default_language(config)
    if shared.is_file():
        index = json.loads(shared.read_text(encoding="utf-8"))
        others = [lang for lang in languages if lang != default]
        for lang in languages:
            search = dict(index["config"])
            search["lang"], search["separator"] = _SEARCH_LANG.get(lang, ([lang], search["separator"]))
            docs = _entries(index["docs"], lang, others, default)
            folder = site if lang == default else site / lang
            target = folder / "search" / "search_index.json"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps({"config": search, "docs": docs}, ensure_ascii=False,
                                         separators=(",", ":")), encoding="utf-8")
    _sitemap_beside_pages(site)
    if config.get("site_url"):
        sitemap = f"{config['site_url'].rstrip('/')}/sitemap.xml"
        (site / "robots.txt").write_text(f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n", encoding="utf-8")


def _entries(docs: list[dict], locale: str, others: list[str], default: str) -> list[dict]:
    """The entries of one language, their locations relative to its folder."""
    if locale == default:
        return [d for d in docs if not any(d["location"].startswith(f"{o}/") for o in others)]
    prefix = f"{locale}/"
    return [{**d, "location": d["location"][len(prefix):]} for d in docs if d["location"].startswith(prefix)]


def on_files(files: Any, config: Any) -> Any:
    """Each language's 404.md becomes <lang>/404.html, where servers look for it."""
    for file in files:
        if file.src_uri.endswith("404.md"):
            folder = file.dest_uri.rsplit("404/", 1)[0]
            file.dest_uri = f"{folder}404.html"
            file.url = file.dest_uri
    return files


def _absolute_folder(page: Any, config: Any) -> str:
    """Where a 404 page lives, from the site's root. It is shown at any
    address, so its relative links need this as their <base>, and so does
    the theme: Material resolves its ``base`` against the address, not
    against <base>."""
    root = urlsplit(config.get("site_url") or "/").path.rstrip("/") + "/"
    return root + page.file.dest_uri.rsplit("404.html", 1)[0]


def on_config(config: Any) -> Any:
    """The theme's one 404 page gives way to the per-language ones (404.md)."""
    config["theme"].static_templates.discard("404.html")
    return config


def _sitemap_beside_pages(site: Path) -> None:
    """Material fetches ``sitemap.xml`` relative to its base and to every
    ``<link rel="alternate">`` (to map a page to its other languages). With a
    page-level alternate per language, that means one sitemap per page folder;
    without these copies each page would log 404s."""
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return
    data = sitemap.read_bytes()
    for page in site.rglob("index.html"):
        if page.parent != site and not (page.parent / "sitemap.xml").exists():
            (page.parent / "sitemap.xml").write_bytes(data)
