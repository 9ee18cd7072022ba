"""Readers are told when a translation lags: a page whose English source
changed since it was translated shows a notice in the reader's language,
with a link to the English page, until a translator syncs it; a current
translation shows nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support.site import BUILD_ENV
from tools.languages import LANGUAGES
from tools.translations import sync

ROOT = Path(__file__).resolve().parents[2]
OTHERS = [lang for lang in LANGUAGES if lang != "en"]
NOTICE = "data-translation-notice="


def words(project: Path, lang: str) -> dict[str, str]:
    """The notice's words in a language (its site.yml)."""
    return yaml.safe_load((project / "docs" / lang / "site.yml").read_text(encoding="utf-8"))["translation"]


def page(site: Path, lang: str, name: str) -> str:
    folder = site if lang == "en" else site / lang
    return (folder / name / "index.html").read_text(encoding="utf-8")


def build(project: Path) -> Path:
    """`mkdocs build --strict` of a project folder (no memory snapshot: not what is tested here)."""
    target = project / "site"
    env = {**os.environ, **BUILD_ENV, "PA_NO_SNAPSHOT": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(target)],
                          cwd=project, capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return target


ADDED = "\nA sentence the translators have not seen.\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site's sources with a copy of docs/ to edit; everything else is
    the real thing. Two lags at once, so one build shows both: the English
    essentials page gained a sentence, and the Danish support page is gone."""
    copy = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "docs", copy / "docs")
    shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    for name in ("overrides", "hooks", "data"):
        (copy / name).symlink_to(ROOT / name)
    english = copy / "docs" / "en" / "essentials.md"
    english.write_text(english.read_text(encoding="utf-8") + ADDED, encoding="utf-8")
    (copy / "docs" / "da" / "support.md").unlink()
    return copy


@pytest.fixture(scope="module")
def lagging(project: Path) -> Path:
    return build(project)


def test_the_built_site_has_no_notice_while_every_translation_is_current(built_site):
    for lang in OTHERS:
        for name in ("essentials", "compare", "calculator"):
            assert NOTICE not in page(built_site, lang, name), (lang, name)


def test_a_changed_english_page_puts_a_notice_on_its_translations(project, lagging):
    for lang in OTHERS:
        html, said = page(lagging, lang, "essentials"), words(project, lang)
        assert f'{NOTICE}"outdated"' in html
        assert said["outdated"] in html and said["read_english"] in html
        assert 'href="../../essentials/"' in html  # the same page in English
        assert NOTICE not in page(lagging, lang, "compare")  # an unchanged page says nothing
    assert NOTICE not in page(lagging, "en", "essentials")


def test_a_page_a_language_lacks_is_shown_in_english_with_a_notice(project, lagging):
    html = page(lagging, "da", "support")
    assert f'{NOTICE}"missing"' in html and words(project, "da")["missing"] in html
    assert "IBM Support Portal" in html  # the English text, under the Danish address
    assert NOTICE not in page(lagging, "zh-TW", "support")


def test_the_notice_goes_once_the_translators_sync(project, lagging):
    for lang in OTHERS:
        sync(lang, "essentials.md", project / "docs")
    site = build(project)
    for lang in OTHERS:
        assert NOTICE not in page(site, lang, "essentials")
