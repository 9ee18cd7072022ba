"""The built site, checked as a visitor and a search engine would see it."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from tests.support.page import page_url
from tests.support.site import PAGES, page_path
from tools.languages import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
LINK_ENTRIES = yaml.safe_load((ROOT / "data" / "links.yml").read_text(encoding="utf-8"))
LINKS = {key: entry["url"] for key, entry in LINK_ENTRIES.items()}


class Links(HTMLParser):
    """Every href/src/id of a page, and its <html lang>."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, dict]] = []
        self.ids: set[str] = set()
        self.lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name):
                self.refs.append((tag, attrs[name], attrs))


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_exists_in_every_language_with_the_right_html_lang(built_site, lang, page):
    path = page_path(built_site, lang, page)
    assert path.is_file(), path
    assert parse(path).lang == lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_its_own_404_page(built_site, lang):
    path = built_site / ("404.html" if lang == "en" else f"{lang}/404.html")
    assert parse(path).lang == lang


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_hreflang_and_the_switcher_lead_to_the_same_page_in_each_language(built_site, site_url, lang, page):
    parsed = parse(page_path(built_site, lang, page))
    hreflang = {a["hreflang"]: a["href"] for tag, href, a in parsed.refs if tag == "link" and "hreflang" in a}
    expected = {other: page_url(site_url, other, page) for other in LANGUAGES}
    assert hreflang == {**expected, "x-default": expected["en"]}
    base = page_url(site_url, lang, page)
    switcher = {a["hreflang"]: urljoin(base, href) for tag, href, a in parsed.refs
                if tag == "a" and "hreflang" in a}
    assert switcher == expected


def test_every_internal_link_and_anchor_resolves(built_site):
    broken = []
    for path in built_site.rglob("*.html"):
        parsed = parse(path)
        if path.name == "404.html":
            continue  # its links resolve against <base>; checked by the 404 test's page load
        for _tag, ref, _ in parsed.refs:
            parts = urlsplit(ref)
            if parts.scheme or ref.startswith(("//", "mailto:", "data:")):
                continue
            folder = built_site if parts.path.startswith("/") else path.parent
            target = (folder / unquote(parts.path).lstrip("/")).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(built_site)}: {ref}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in parse(target).ids:
                broken.append(f"{path.relative_to(built_site)}: {ref} (no such anchor)")
    assert broken == []


URL = re.compile(r"""https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s"'<>)\\`]*""")
# Hosts named in our pages but never fetched: XML namespaces (inline SVG) and
# the theme's credit link in the footer. The theme's own bundles are not
# scanned (their licence comments name many hosts); the browser test below
# proves that nothing at all is fetched from another origin.
NOT_FETCHED = {"www.w3.org", "squidfunk.github.io"}
# Our own scripts and stylesheets, as they land in the built site.
OWN_ASSETS = {path.relative_to(ROOT / "docs").as_posix()
              for path in (ROOT / "docs" / "assets").rglob("*") if path.is_file()}


def scanned(built_site: Path) -> list[Path]:
    """Every page, and every copy (one per language) of our own assets."""
    files = []
    for path in built_site.rglob("*"):
        relative = path.relative_to(built_site).as_posix()
        own_asset = any(relative == asset or relative.endswith("/" + asset) for asset in OWN_ASSETS)
        if path.suffix == ".html" or own_asset:
            files.append(path)
    return files


def test_no_page_css_or_js_names_another_origin_but_the_link_data(built_site, site_url):
    allowed = set(LINKS.values())
    own = urlsplit(site_url).netloc
    found = set()
    for path in scanned(built_site):
        for url in URL.findall(path.read_text(encoding="utf-8", errors="replace")):
            url = url.rstrip(".,;")
            if urlsplit(url).netloc in NOT_FETCHED | {own}:
                continue
            if url.replace("&amp;", "&") not in allowed:
                found.add(f"{path.relative_to(built_site)}: {url}")
    assert sorted(found) == []


def test_html_loads_nothing_from_another_origin(built_site, site_url):
    """What no page may fetch from another origin, read from the HTML (a walk
    through every page in the browser: tests/hostile/test_csp.py)."""
    own = urlsplit(site_url).netloc
    for path in built_site.rglob("*.html"):
        for tag, ref, attrs in parse(path).refs:
            fetched = tag in {"script", "img", "iframe", "source", "audio", "video"} or (
                tag == "link" and attrs.get("rel") in {"stylesheet", "preload", "modulepreload", "icon"})
            if fetched and urlsplit(ref).netloc:
                assert urlsplit(ref).netloc == own, f"{path}: {ref}"


def test_every_page_runs_its_classic_scripts_after_parsing_alternates_before_the_bundle(built_site):
    """Material's bundle, deferred (overrides/main.html): its start no longer
    blocks input after the first paint (benchmarks/results/lighthouse.md,
    total blocking time). alternates.js still runs first: the bundle reads
    the alternates it leaves."""
    for path in built_site.rglob("*.html"):
        classic = [(ref, attrs) for tag, ref, attrs in parse(path).refs
                   if tag == "script" and attrs.get("type") != "module"]
        assert classic and all("defer" in attrs for _, attrs in classic), f"{path}: {classic}"
        names = [ref.rsplit("/", 1)[-1] for ref, _ in classic]
        bundle = next(i for i, name in enumerate(names) if name.startswith("bundle."))
        assert names.index("alternates.js") < bundle, f"{path}: {names}"


def test_external_links_are_marked_and_come_from_the_link_data(built_site):
    path = page_path(built_site, "da", "essentials")
    externals = [(href, a) for tag, href, a in parse(path).refs if tag == "a" and href.startswith("http")
                 and urlsplit(href).netloc.endswith("ibm.com")]
    assert externals
    for href, attrs in externals:
        assert "external" in attrs.get("rel", "") and "external" in attrs.get("class", "")
        assert href.replace("&amp;", "&") in LINKS.values()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_section_9_is_on_every_page_with_localized_labels(built_site, lang):
    labels = yaml.safe_load((ROOT / "docs" / lang / "site.yml").read_text(encoding="utf-8"))
    for page in PAGES:
        html = page_path(built_site, lang, page).read_text(encoding="utf-8")
        for group in ("content_navigation", "related_links"):
            for entry in labels[group]["entries"]:
                assert f'href="{LINKS[entry["link"]]}"'.replace("&", "&amp;") in html
                assert entry["label"].replace("&", "&amp;") in html


def test_the_sitemap_lists_every_languages_pages(built_site, site_url):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    for lang in LANGUAGES:
        for page in PAGES:
            url = site_url + ("" if lang == "en" else f"{lang}/") + ("" if page == "index" else f"{page}/")
            assert f"<loc>{url}</loc>" in sitemap


def test_robots_points_at_the_sitemap(built_site, site_url):
    assert f"Sitemap: {site_url}sitemap.xml" in (built_site / "robots.txt").read_text()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_each_page_has_its_own_meta_description_and_canonical_url(built_site, lang, page):
    html = page_path(built_site, lang, page).read_text(encoding="utf-8")
    source = (ROOT / "docs" / lang / f"{page}.md").read_text(encoding="utf-8")
    description = yaml.safe_load(source.split("---")[1])["description"]
    assert f'<meta name="description" content="{description}">' in html
    assert '<link rel="canonical"' in html


def test_chinese_renders_with_a_traditional_chinese_system_font_stack(built_site):
    css = (built_site / "assets" / "site" / "site.css").read_text(encoding="utf-8")
    assert ":lang(zh-TW)" in css and "Noto Sans CJK TC" in css and "@font-face" not in css


@pytest.mark.parametrize("lang", LANGUAGES)
def test_calculator_page_takes_its_fields_and_limits_from_the_package_and_repeats_no_id(built_site, lang):
    """The form's fields, their kinds and limits are the estimator's
    (calculator.api.form_dict), written in at build time, not a copy in the
    page's scripts."""
    import json

    from calculator import api

    html = page_path(built_site, lang, "calculator").read_text(encoding="utf-8")
    form = re.search(r'<script type="application/json" id="calculator-form">(.*?)</script>', html, re.S)
    assert form and json.loads(form.group(1)) == api.form_dict()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
