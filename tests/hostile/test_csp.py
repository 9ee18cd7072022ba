"""The Content-Security-Policy: on every page, strict for scripts, and never
violated — not by any page in any language, not by the theme's search, not
by the calculator's worker in a whole session (typing, import, export,
print, a link reloaded).

Violations are recorded three ways (guard.py): ``securitypolicyviolation``
events in the page and inside each worker, and the browser's console
reports. A self-test shows that each way catches a real violation, so an
empty record means something.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from hooks.csp import script_hashes
from tests.deploy.http import built_headers
from tests.support.inputs import EXAMPLE
from tests.support.page import BOTH_KEPT, TIMEOUT, page_url, type_query
from tools.languages import LANGUAGES

from .guard import GuardedPage

META = re.compile(r'<head>\s*<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
QUERIES = {"en": "points", "zh-TW": "點數", "da": "rabat"}
CSP_REPORT = "Content Security Policy"  # how the console words a violation
CANCELLED_WASM = ("net::ERR_ABORTED", "pyodide.asm.wasm")
NOT_FOUND = "Failed to load resource: the server responded with a status of 404 (Not Found)"


def directives(policy: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


def assert_strict(policy: str) -> None:
    rules = directives(policy)
    scripts = rules.get("script-src", rules["default-src"])
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, scripts
    assert not [v for v in scripts if v in ("*", "data:", "blob:", "http:", "https:")], scripts
    assert rules["default-src"] == ["'self'"] and rules["object-src"] == ["'none'"]
    assert rules["base-uri"] == ["'self'"]


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the built site, as a path below its root."""
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html") if "assets" not in p.parts)


def test_every_page_carries_a_strict_policy_that_allows_exactly_its_inline_scripts(built_site):
    pages = site_pages(built_site)
    assert len(pages) >= 6 * len(LANGUAGES)  # five pages and a 404 per language
    for name in pages:
        text = (built_site / name).read_text(encoding="utf-8")
        match = META.search(text)
        assert match, f"{name}: no CSP meta tag first in <head>"
        policy = html.unescape(match[1])
        assert_strict(policy)
        allowed = {v for v in directives(policy)["script-src"] if v.startswith("'sha256-")}
        assert set(script_hashes(text)) <= allowed, name
    header = built_headers(built_site)["Content-Security-Policy"]
    assert_strict(header)
    assert directives(header)["frame-ancestors"] == ["'none'"]


def test_the_recorder_catches_violations_in_the_page_and_in_the_worker(browser, site_url):
    """Without this, 'no violations' below could just mean a deaf recorder."""
    page = GuardedPage(browser, site_url, "en")
    try:
        page.wait_ready()
        # Each breach waits for its own violation event (after the guard's
        # listener, installed first, has recorded it; 10 s at most, so that a
        # deaf page fails the assertions below rather than hangs) and, in the
        # page, for the console's report of it.
        with page.page.expect_console_message(lambda m: CSP_REPORT in m.text, timeout=TIMEOUT):
            page.page.evaluate("""() => new Promise((reported) => {
              document.addEventListener("securitypolicyviolation", () => reported(), { once: true });
              setTimeout(reported, 10_000);
              const script = document.createElement("script");
              script.textContent = "window.__pwned = 'csp off'";
              document.body.append(script);
            })""")
        (worker,) = [w for w in page.workers if w.url.split("?")[0].endswith("/worker.js")]
        worker.evaluate("""() => new Promise((reported) => {
          self.addEventListener("securitypolicyviolation", () => reported(), { once: true });
          setTimeout(reported, 10_000);
          fetch("https://example.invalid/").catch(() => null);
        })""")
        found = page.violations()
        assert any("script-src" in v and not v.startswith("worker") for v in found), found
        assert any(v.startswith("worker") and "connect-src" in v for v in found), found
        assert any(CSP_REPORT in v for v in found), found  # the console report
        assert page.executed() == []
    finally:
        page.close()


def test_no_page_in_any_language_violates_the_policy_or_leaves_the_origin(browser, site_url, built_site):
    """One walk through every page of every language (and each language's
    404 page): no CSP violation, no request to another origin, Python
    loaded by the calculator page only, and no console error but each
    missing page's own 404."""
    urls = [site_url + name.removesuffix("index.html")
            for name in site_pages(built_site) if name.endswith("index.html")]
    urls += [f"{site_url}{'' if lang == 'en' else lang + '/'}no-such-page/" for lang in LANGUAGES]  # each 404
    page = GuardedPage(browser, urls[0], "en", absolute=True)
    python_loaded_by: list[str] = []
    try:
        for i, url in enumerate(urls):
            before = len(page.requests) if i else 0
            if i:
                page.open(url)
            page.page.wait_for_load_state("networkidle")
            if url.endswith("/calculator/"):  # its worker's keeping is its own requests, not the next page's
                page.wait_ready()
                page.page.wait_for_function(BOTH_KEPT, polling=200, timeout=TIMEOUT)
            if any("pyodide" in u for u in page.requests[before:]):
                python_loaded_by.append(url)
        for lang in LANGUAGES:  # the theme's search worker, under the policy too
            page.open(site_url + ("" if lang == "en" else f"{lang}/"))
            type_query(page.page, QUERIES[lang])
        page.open(page_url(site_url, "zh-TW"))
        page.wait_ready()
        assert page.violations() == []
        own = urlsplit(site_url).netloc
        web = [urlsplit(u) for u in page.requests if urlsplit(u).scheme in ("http", "https")]
        assert [u.geturl() for u in web if u.netloc != own] == []
        assert python_loaded_by == [url for url in urls if url.endswith("/calculator/")]
        # Each missing page's own 404 is reported, and nothing else (its
        # search once fetched its index from the missing address).
        assert page.console_errors == [NOT_FOUND] * len(LANGUAGES)
    finally:
        page.close()


def test_a_whole_calculator_session_violates_nothing(browser, site_url, tmp_path):
    page = GuardedPage(browser, site_url, "da")
    try:
        page.wait_ready()
        page.fill_input(EXAMPLE)
        page.wait_result()
        (tmp_path / "more.csv").write_text("site,quantity,points_per_unit,unit_price\nLager,2,5,10\n")
        page.import_file(tmp_path / "more.csv")
        page.wait_result()
        exported = page.export("json", tmp_path)
        page.export("csv", tmp_path)
        (tmp_path / "again.json").write_text(json.dumps(EXAMPLE))
        page.import_file(tmp_path / "again.json")
        page.wait_result()
        page.page.click('[data-action="copy-link"]')
        page.page.click('[data-export="print"]')
        page.page.emulate_media(media="print")
        page.page.emulate_media(media="screen")
        page.open(page.url())
        page.wait_ready()
        page.wait_result()
        assert json.loads(exported)["level"]
        assert page.violations() == []
        assert page.console_errors == [] and page.executed() == []
    finally:
        page.close()


def test_served_from_another_address_no_page_makes_a_request_that_fails(browser, site_url, built_site):
    """The site built for one address and read at another (a copy, a
    preview): the hreflang alternates still name the address it was built
    for, and Material's language handling fetched a sitemap beside each one,
    which the policy blocked with an error in the console on every page
    (assets/site/alternates.js). Here the same build is read at localhost
    instead of 127.0.0.1, another origin: one page of each kind in every
    language (the calculator once: its worker is tests/runtime's), and no
    request may fail, be refused or answer an error, and the console stays clean."""
    elsewhere = site_url.replace("//127.0.0.1:", "//localhost:")
    assert elsewhere != site_url
    urls = [page_url(elsewhere, lang, page) for lang in LANGUAGES for page in ("index", "compare")]
    urls += [f"{elsewhere}{'' if lang == 'en' else lang + '/'}404.html" for lang in LANGUAGES]
    urls.append(page_url(elsewhere, "en"))
    page = GuardedPage(browser, urls[0], "en", absolute=True)
    failed: list[str] = []
    # Bar one: the worker compiles Pyodide's WebAssembly from its own download
    # and cancels Pyodide's second one on purpose (pyodide-module.js).
    page.page.on("requestfailed", lambda r: (r.failure, r.url.rsplit("/", 1)[-1]) != CANCELLED_WASM
                 and failed.append(f"{r.url}: {r.failure}"))
    page.page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.url}: {r.status}"))
    try:
        page.page.wait_for_load_state("networkidle")
        for url in urls[1:]:
            page.open(url)
            page.page.wait_for_load_state("networkidle")
        page.wait_ready()
        assert failed == []
        assert page.violations() == []
        assert page.console_errors == []
    finally:
        page.close()
