"""What the suite's Lighthouse run audits (tests/site_build/test_lighthouse.py):
one page of each kind in every language. tests/conftest.py starts the run as
soon as the embedded server serves the site, so Lighthouse, which mostly
waits for each page to settle, audits while the other tests run; the test
then reads the result."""

from __future__ import annotations

from tests.support.page import page_url
from tools.languages import LANGUAGES
from tools.lighthouse import Audit

CATEGORIES = ("accessibility", "best-practices", "seo")
KINDS = ("index", "compare", "calculator")  # the home page, a content page, the calculator
FIXTURE = "lighthouse_results"  # the fixture a test asks for to have the run started


def urls(site_url: str) -> list[str]:
    found = [page_url(site_url, lang, kind) for lang in LANGUAGES for kind in KINDS]
    # A 404 page at its own address: at a missing one it answers 404, which
    # Lighthouse's SEO category fails by design (tests/deploy checks the status).
    return found + [f"{site_url}{'' if lang == 'en' else lang + '/'}404.html" for lang in LANGUAGES]


def start(site_url: str) -> Audit:
    """The three categories plus the metrics' audits, half Lighthouse's waits."""
    return Audit(urls(site_url), CATEGORIES, quick=True)
