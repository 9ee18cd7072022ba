"""Every case of the hostile table (cases.py), in the browser and on the
command line.

In the browser each case gets the message for its code in the page's
language, leaves what the user typed (or the rows already there), logs no
console error and trips no CSP rule, and the page computes a fresh estimate
afterwards. Each case runs in one language (in turn en, zh-TW, da); the
cases marked ``everywhere`` run in all three. On the command line the same
input exits 2 with the code at its path (CSV: calculator.api.import_csv,
which the browser calls; the command line has no CSV import).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.support.page import strings_for
from tools.languages import LANGUAGES

from .cases import CASES, Case
from .contract import cli_input, expected, problems
from .guard import GuardedPage
from .session import HostileSession

RUNS = sorted(((lang, case) for i, case in enumerate(CASES)
               for lang in (LANGUAGES if case.everywhere else [LANGUAGES[i % len(LANGUAGES)]])),
              key=lambda run: LANGUAGES.index(run[0]))


@pytest.fixture(scope="module")
def session_in(browser, site_url):
    """One page per language, the previous one closed when the next opens."""
    opened: dict[str, HostileSession] = {}

    def get(lang: str) -> HostileSession:
        for other in [key for key in opened if key != lang]:
            opened.pop(other).close()
        if lang not in opened:
            opened[lang] = HostileSession(GuardedPage(browser, site_url, lang), site_url)
        return opened[lang]

    yield get
    for session in opened.values():
        session.close()


@pytest.mark.parametrize("lang, case", RUNS, ids=[f"{lang}: {case.id}" for lang, case in RUNS])
def test_the_page_answers_in_its_language_keeps_the_input_and_keeps_working(session_in, lang, case):
    session_in(lang).check(case, expected(case))


CLI_CASES = [case for case in CASES if case.channel == "csv" or cli_input(case) is not None]


@pytest.mark.parametrize("case", CLI_CASES, ids=[case.id for case in CLI_CASES])
def test_the_command_line_and_api_give_the_code_at_its_path(case: Case):
    if case.channel == "csv":
        found = problems(case)
    else:
        done = subprocess.run([sys.executable, "-m", "calculator", "estimate", "-", "--format", "json"],
                              input=cli_input(case), capture_output=True, timeout=120)
        assert done.returncode == (0 if case.code is None else 2), done.stderr[-500:]
        found = json.loads(done.stdout).get("errors", [])
    if case.code is None:
        assert found == []
    else:
        assert (case.code, case.path) in [(p["code"], p["path"]) for p in found]


def test_the_table_is_large_and_each_code_has_words_in_every_language():
    assert len([case for case in CASES if case.code]) >= 40
    assert {case.channel for case in CASES} == {"form", "csv", "json", "url"}
    for lang in LANGUAGES:
        assert {case.code for case in CASES if case.code} <= set(strings_for(lang)["errors"])
