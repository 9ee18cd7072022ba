"""Whether a translation says what its English source says, by hash.

A translation records the hash of the English file it was made from
(``source_hash``: in a page's front matter, or as a top-level key of a
strings file). When English changes the hashes differ: the translation is
outdated until a translator updates it and records the new hash
(``python -m tools.translations sync``). Dates are not compared: a checkout
resets them.

One definition for the translators' tool (tools/translations.py) and for the
notice a reader of a lagging page sees (hooks/translation_notice.py).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml

HASH_KEY = "source_hash"
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def source_hash(path: Path) -> str:
    """A hash of the whole English file (its front matter is translated too)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def is_strings(path: Path | str) -> bool:
    return str(path).endswith(".yml")


def front_matter(text: str) -> dict:
    match = FRONT_MATTER.match(text)
    return (yaml.safe_load(match.group(1)) or {}) if match else {}


def recorded_hash(text: str, source: Path | str) -> str:
    """The hash a translation's text says it was synced against ("" if none).
    Raises yaml.YAMLError for a strings file that is not YAML."""
    if is_strings(source):
        data = yaml.safe_load(text)
        record = data if isinstance(data, dict) else {}
    else:
        record = front_matter(text)
    return str(record.get(HASH_KEY, ""))


def state(source: Path, recorded: str) -> str:
    """``current`` or ``outdated``: the recorded hash against the source's."""
    return "current" if recorded == source_hash(source) else "outdated"
