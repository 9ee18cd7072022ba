"""The page reads numbers as its language writes them (docs/assets/calculator/
numbers.js, run under Node: no browser needed). The separators come from
Intl; the state, the address and the exports get the canonical form."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULE = (ROOT / "docs" / "assets" / "calculator" / "numbers.js").as_uri()

# (language, typed) → canonical value, or ("ambiguous", how the language writes it)
CASES = [
    ("da", "1.200,50", "1200.50"),
    ("da", "12,5", "12.5"),
    ("da", "1.200", "1200"),            # a Danish thousands separator, not a decimal point
    ("da", "12.5", ("ambiguous", "12,5")),
    ("da", "1,200.50", ("ambiguous", "1200,50")),
    ("da", "-3", "-3"),                 # the estimator says "negative", in the page's words
    ("da", "1e400", "1e400"),           # the estimator says "too large"
    ("da", "ti", "ti"),                 # the estimator says "not a number"
    ("en", "1,200.50", "1200.50"),
    ("en", "12.5", "12.5"),
    ("en", "12,5", ("ambiguous", "12.5")),
    ("en", "1.200,50", ("ambiguous", "1200.50")),
    ("zh-TW", "1,200.50", "1200.50"),
    ("zh-TW", "12,5", ("ambiguous", "12.5")),
    ("fr", "1\u202f200,5", "1200.5"),   # a language that groups with a narrow space
    ("da", "  7 ", "7"),
]
WRITTEN = [("da", "1200.50", "1200,50"), ("en", "1200.50", "1200.50"), ("da", "1e5", "1e5"),
           ("zh-TW", "3", "3")]

SCRIPT = """
const { readNumber, writeNumber } = await import(process.argv[1]);
const [cases, written] = JSON.parse(process.argv[2]);
console.log(JSON.stringify([cases.map(([lang, text]) => readNumber(text, lang)),
                            written.map(([lang, value]) => writeNumber(value, lang))]));
"""


@pytest.fixture(scope="module")
def answers():
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node is needed: run ./dev test")
    arguments = json.dumps([[c[:2] for c in CASES], [w[:2] for w in WRITTEN]])
    done = subprocess.run([node, "--input-type=module", "-e", SCRIPT, MODULE, arguments],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("index", range(len(CASES)), ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_a_number_is_read_the_way_its_language_writes_it(answers, index):
    _, _, expected = CASES[index]
    got = answers[0][index]
    if isinstance(expected, tuple):
        assert got == {"problem": {"code": "ambiguous_number", "params": {"example": expected[1]}}}
    else:
        assert got == {"value": expected}


def test_a_canonical_number_is_shown_the_way_the_language_writes_it(answers):
    assert answers[1] == [w[2] for w in WRITTEN]
