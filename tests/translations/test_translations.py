"""The translators' status and structure check (tools/translations.py), on
small example sites in a temporary folder, and on the real one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tools import translations
from tools.translations import survey, sync

ROOT = Path(__file__).resolve().parents[2]

PAGE = """---
description: How to move.
---

# Move {#move}

Read [the guide][guide] and [the form][form].

## Steps

!!! tip "Before you start"
    Ask [us][contact].
"""

STRINGS = """# Translate the values only.
title: "Calculator"
form:
  site: "Site {number}"
links:
  - {link: guide, label: "Guide"}
"""


def site(tmp_path: Path, page: str = PAGE, strings: str = STRINGS) -> Path:
    """docs/en with one page and one strings file, translated into da and synced."""
    docs = tmp_path / "docs"
    for lang in ("en", "da"):
        (docs / lang).mkdir(parents=True)
        (docs / lang / "index.md").write_text(page, encoding="utf-8")
        (docs / lang / "calculator.yml").write_text(strings, encoding="utf-8")
    sync("da", "index.md", docs)
    sync("da", "calculator.yml", docs)
    return docs


def states(docs: Path) -> dict[str, tuple[str, list[str]]]:
    return {entry.page: (entry.state, entry.problems) for entry in survey(docs, ["en", "da"])}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_synced_translation_is_current(tmp_path):
    assert states(site(tmp_path)) == {"index.md": ("current", []), "calculator.yml": ("current", [])}


def test_sync_records_the_source_hash_and_keeps_the_rest(tmp_path):
    docs = site(tmp_path)
    page = (docs / "da" / "index.md").read_text(encoding="utf-8")
    assert "description: How to move." in page and "source_hash: " in page
    assert page.endswith(PAGE.split("---\n", 2)[2])
    strings = (docs / "da" / "calculator.yml").read_text(encoding="utf-8")
    assert strings.startswith("source_hash: ") and "# Translate the values only." in strings


@pytest.mark.parametrize("name", ["index.md", "calculator.yml"])
def test_a_changed_english_source_makes_the_translation_outdated_until_synced(tmp_path, name):
    docs = site(tmp_path)
    with (docs / "en" / name).open("a", encoding="utf-8") as english:
        english.write("\n# new words\n" if name.endswith(".md") else "extra: \"More\"\n")
    assert states(docs)[name][0] == "outdated"
    sync("da", name, docs)
    assert states(docs)[name][0] == "current"


def test_a_changed_english_front_matter_makes_the_page_outdated(tmp_path):
    docs = site(tmp_path)
    edit(docs / "en" / "index.md", "How to move.", "How to move, step by step.")
    assert states(docs)["index.md"][0] == "outdated"


def test_a_translation_never_synced_is_outdated(tmp_path):
    docs = site(tmp_path)
    (docs / "da" / "index.md").write_text(PAGE, encoding="utf-8")
    assert states(docs)["index.md"] == ("outdated", [])


def test_a_missing_translation_is_reported(tmp_path):
    docs = site(tmp_path)
    (docs / "da" / "calculator.yml").unlink()
    assert states(docs)["calculator.yml"] == ("missing", [])


@pytest.mark.parametrize("old, new, broken", [
    ("## Steps", "### Steps", "headings"),
    ("## Steps", "Steps", "headings"),
    ("[the form][form]", "the form", "link keys"),
    ("[the form][form]", "[the form][forms]", "link keys"),
    ('!!! tip "Before you start"\n    Ask', "Ask", "admonitions"),
    ("{#move}", "{#flyt}", "anchors"),
])
def test_a_broken_page_structure_is_reported(tmp_path, old, new, broken):
    docs = site(tmp_path)
    edit(docs / "da" / "index.md", old, new)
    state, problems = states(docs)["index.md"]
    assert state == "current"  # structure is checked whether or not the page is current
    assert [problem.split(":")[0] for problem in problems] == [broken]


def test_links_may_change_order_in_a_translated_sentence(tmp_path):
    docs = site(tmp_path)
    edit(docs / "da" / "index.md", "Read [the guide][guide] and [the form][form].",
         "Udfyld [formularen][form] efter at have læst [vejledningen][guide].")
    assert states(docs)["index.md"][1] == []


@pytest.mark.parametrize("old, new, broken", [
    ("form:\n  site: \"Site {number}\"\n", "", "keys"),
    ("{link: guide,", "{link: guides,", "link keys"),
    ('title: "Calculator"', 'title: "Beregner', "not valid YAML"),
])
def test_a_broken_strings_file_is_reported(tmp_path, old, new, broken):
    docs = site(tmp_path)
    edit(docs / "da" / "calculator.yml", old, new)
    problems = states(docs)["calculator.yml"][1]
    assert [problem.split(":")[0] for problem in problems] == [broken]


def test_check_fails_on_a_missing_or_broken_translation(tmp_path, monkeypatch, capsys):
    docs = site(tmp_path)
    monkeypatch.setattr(translations, "DOCS", docs)
    monkeypatch.setattr(translations, "languages", lambda: ["en", "da"])
    assert translations.main(["check"]) == 0
    with (docs / "en" / "index.md").open("a", encoding="utf-8") as english:
        english.write("\nMore.\n")
    assert translations.main(["check"]) == 0  # outdated is a warning
    assert "WARNING outdated" in capsys.readouterr().out
    edit(docs / "da" / "index.md", "## Steps", "Steps")
    assert translations.main(["check"]) == 1
    assert "ERROR structure: headings" in capsys.readouterr().out


def test_every_page_of_the_site_is_translated_with_its_structure_intact():
    done = subprocess.run([sys.executable, "-m", "tools.translations", "check"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
