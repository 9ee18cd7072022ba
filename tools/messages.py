"""Write the command line's English sentences from the site's catalogue.

    python -m tools.messages          # rewrite calculator/data/messages-en.json
    python -m tools.messages --check  # exit 1 if it differs from docs/en/calculator.yml

The words for error, warning and assumption codes live once, in the English
catalogue translators work from (``docs/en/calculator.yml``). The package
cannot read ``docs/`` once installed (and must stay standard-library only, so
no YAML), so it carries this generated JSON copy; the test suite runs
``--check``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "docs" / "en" / "calculator.yml"
TARGET = ROOT / "calculator" / "data" / "messages-en.json"
SECTIONS = ("errors", "warnings", "assumptions")


def rendered() -> str:
    catalogue = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    data = {"_comment": f"Generated from {SOURCE.relative_to(ROOT).as_posix()} by python -m tools.messages;"
                        " edit that file, then rerun it."}
    data |= {section: catalogue[section] for section in SECTIONS}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.messages", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the copy is out of date")
    args = parser.parse_args(argv)
    text = rendered()
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.is_file() else ""
        if current != text:
            print(f"{TARGET.relative_to(ROOT)} is out of date: run python -m tools.messages", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
