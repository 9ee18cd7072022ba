"""The page that compares the two programs: in every language, linked from
the home and calculator pages, its English source citing IBM beside each
statement, and no citation clutter in what readers get."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tools.languages import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
SOURCE = (ROOT / "docs" / "en" / "compare.md").read_text(encoding="utf-8")


def built(site: Path, lang: str, name: str) -> str:
    folder = site if lang == "en" else site / lang
    path = folder / "index.html" if name == "index" else folder / name / "index.html"
    return path.read_text(encoding="utf-8")


def test_every_statement_of_the_english_source_is_cited():
    body = SOURCE.split("\n---\n", 1)[1]
    sources = set(re.findall(r"^\s+\[([\w.-]+)\] ", body, re.M))
    assert {"migrate", "express", "about", "renew", "flyer"} <= sources
    # Each paragraph, table and list of the page carries a comment naming its source.
    blocks = [b for b in re.split(r"\n\s*\n", body) if b.strip() and not b.lstrip().startswith(("#", "<!--"))]
    for block in blocks:
        following = body[body.index(block) + len(block):].lstrip()
        assert "<!--" in block or following.startswith("<!--"), block[:80]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_comparison_is_in_every_language_and_linked_from_home_and_the_calculator(built_site, lang):
    page = built(built_site, lang, "compare")
    assert "<table" in page and 'id="questions"' in page
    assert "<!--" not in page.split("<article", 1)[1].split("</article>", 1)[0]  # no source notes for readers
    for name in ("index", "calculator"):
        assert re.search(r'href="(\.\./)*compare/"', built(built_site, lang, name)), name


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_glossary_explains_the_abbreviations(built_site, lang):
    glossary = built(built_site, lang, "glossary")
    for anchor in ("subscription-and-support", "rsvp", "svp", "srp"):
        assert f'id="{anchor}"' in glossary
