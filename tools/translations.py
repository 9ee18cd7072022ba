"""Translation status and structure, for translators and for the tests.

    python -m tools.translations status         # every page × language: current, outdated or missing
    python -m tools.translations check          # exit 1 on a missing page or a broken structure
    python -m tools.translations sync LANG PAGE # record that LANG/PAGE now matches the English source

Pages are the Markdown files of ``docs/en``; the interface strings beside
them (``calculator.yml``, ``site.yml``) are surveyed the same way. A
translation records what it was synced against as ``source_hash`` (in a
page's front matter, or as a top-level key of a strings file): a hash of the
English file. When English changes, the hashes
differ and the page shows as outdated (a warning) until a translator updates
it and runs ``sync``. Dates are not compared: a checkout resets them.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from hooks.translation_state import (
    FRONT_MATTER,
    HASH_KEY,
    front_matter,
    is_strings as _is_strings,
    recorded_hash,
    source_hash,
    state as translation_state,
)
from tools.languages import configured_languages

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SOURCE = "en"
_HEADING = re.compile(r"^(#{1,6})\s", re.M)
_LINK_KEY = re.compile(r"\]\[([^\]]+)\]")
_ADMONITION = re.compile(r"^\s*(!!!|\?\?\?\+?)\s+(\w+)", re.M)
_ANCHOR = re.compile(r"\{\s*#([\w-]+)[^}]*\}")
_FENCE = re.compile(r"^```.*?^```", re.M | re.S)
_HASH_LINE = re.compile(r"^source_hash:.*\n", re.M)


def languages() -> list[str]:
    return configured_languages()


def _body(text: str) -> str:
    """The text without its sync record (Markdown front matter, or the
    ``source_hash:`` line of a strings file)."""
    if text.startswith("---\n"):
        match = FRONT_MATTER.match(text)
        return text[match.end():] if match else text
    return _HASH_LINE.sub("", text)


def structure(text: str) -> dict[str, list[str]]:
    """What a translated page must keep: heading levels (in order), link keys
    (in any order: a sentence may be turned around), admonitions, anchors."""
    body = _FENCE.sub("", _body(text))
    return {
        "headings": [m.group(1) for m in _HEADING.finditer(body)],
        "link keys": sorted(_LINK_KEY.findall(body)),
        "admonitions": [m.group(2) for m in _ADMONITION.finditer(body)],
        "anchors": _ANCHOR.findall(body),
    }


def strings_structure(text: str) -> dict[str, list[str]]:
    """What a translated strings file must keep: every key, and every link key."""
    keys: list[str] = []
    links: list[str] = []

    def walk(node: object, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == HASH_KEY and not path:
                    continue
                if key == "link":
                    links.append(str(value))
                keys.append(f"{path}{key}")
                walk(value, f"{path}{key}.")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{path}{index}.")

    walk(yaml.safe_load(text) or {}, "")
    return {"keys": sorted(keys), "link keys": links}


def _differences(ours: dict[str, list[str]], theirs: dict[str, list[str]]) -> list[str]:
    problems = []
    for name, expected in ours.items():
        found = theirs[name]
        if name == "keys":
            lacking = sorted(set(expected) - set(found))
            if lacking:
                problems.append(f"keys: missing {lacking}")
        elif expected != found:
            problems.append(f"{name}: expected {expected}, found {found}")
    return problems


@dataclass
class Entry:
    page: str
    lang: str
    state: str  # current | outdated | missing
    problems: list[str]


def survey(docs: Path | None = None, langs: list[str] | None = None) -> list[Entry]:
    """Every English page and strings file against each language."""
    docs = docs or DOCS
    langs = [lang for lang in (langs or languages()) if lang != SOURCE]
    entries = []
    sources = sorted([*(docs / SOURCE).glob("*.md"), *(docs / SOURCE).glob("*.yml")])
    for source in sources:
        for lang in langs:
            target = docs / lang / source.name
            if not target.is_file():
                entries.append(Entry(source.name, lang, "missing", []))
                continue
            text = target.read_text(encoding="utf-8")
            shape = strings_structure if _is_strings(source) else structure
            try:
                recorded = recorded_hash(text, source)
                problems = _differences(shape(source.read_text(encoding="utf-8")), shape(text))
            except yaml.YAMLError as error:
                recorded, problems = "", [f"not valid YAML: {error}".splitlines()[0]]
            entries.append(Entry(source.name, lang, translation_state(source, recorded), problems))
    return entries


def sync(lang: str, page: str, docs: Path | None = None) -> None:
    """Record that ``docs/<lang>/<page>`` now says what the English file says."""
    docs = docs or DOCS
    target = docs / lang / page
    text = target.read_text(encoding="utf-8")
    digest = source_hash(docs / SOURCE / page)
    if _is_strings(page):
        # A line of its own, so the translators' comments stay as they are.
        target.write_text(f"{HASH_KEY}: {digest}\n{_body(text)}", encoding="utf-8")
        return
    front = front_matter(text)
    front[HASH_KEY] = digest
    dumped = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000).strip()
    target.write_text(f"---\n{dumped}\n---\n{_body(text)}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.translations", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("status", help="every page and language: current, outdated or missing")
    sub.add_parser("check", help="exit 1 on a missing translation or a broken structure")
    synced = sub.add_parser("sync", help="record that a translation matches the current English page")
    synced.add_argument("lang")
    synced.add_argument("page", help="e.g. index.md")
    args = parser.parse_args(argv)
    if args.command == "sync":
        if not (DOCS / args.lang / args.page).is_file() or not (DOCS / SOURCE / args.page).is_file():
            print(f"no docs/{args.lang}/{args.page} or docs/{SOURCE}/{args.page}: "
                  f"copy the English file into docs/{args.lang}/ and translate it first", file=sys.stderr)
            return 2
        sync(args.lang, args.page)
        return 0
    entries = survey()
    failed = False
    for entry in entries:
        mark = {"current": "ok", "outdated": "WARNING outdated", "missing": "ERROR missing"}[entry.state]
        if args.command == "status" or entry.state != "current" or entry.problems:
            print(f"{entry.lang:6} {entry.page:16} {mark}")
        for problem in entry.problems:
            print(f"{'':6} {'':16} ERROR structure: {problem}")
        failed |= entry.state == "missing" or bool(entry.problems)
    return 1 if failed and args.command == "check" else 0


if __name__ == "__main__":
    sys.exit(main())
