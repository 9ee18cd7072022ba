"""Fuzzing in the suite: mutated JSON and CSV documents against every way
into the estimator, the browser worker's (calculator.api.call, each of
WORKER_FUNCTIONS) and the command line's (calculator.__main__.main, JSON
and CSV, json and text output, a level file). Whatever the bytes, the
answer is a coded one: JSON whose problems carry codes the translation
files have words for, or exit 0 or 2, never a traceback (exit 1).

Seeded (derandomize: the same cases on every run and machine) and bounded:
a fixed number of cases per test, a few seconds each on this project's
machines; benchmarks/hardening.py runs the same mutations for longer and
reports their times. No time is asserted here (shared, noisy machines):
tests/estimator/test_hostile_sizes.py holds the relative time checks.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings, strategies as st

from calculator import api
from calculator.__main__ import main
from calculator.errors import ERROR_CODES, TOO_MANY_PROBLEMS
from tests.support.fuzzing import CSV_SEEDS, JSON_SEEDS, LEVEL_SEED, csv_documents, json_documents
from tests.support.page import PAGE_CODES

# Cases per test: 1-2 s each on a quiet machine of two cores (2-6 s under
# a load of 15); the command line's cost more (a file, a process's worth of setup).
CASES, CLI_CASES = 150, 100
FUZZ = settings(max_examples=CASES, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CLI_FUZZ = settings(FUZZ, max_examples=CLI_CASES)
CODES = {*ERROR_CODES, *PAGE_CODES, TOO_MANY_PROBLEMS}
TODAY = "2026-11-23"


def coded(problems: list) -> None:
    """Every problem is a known code at a path, with parameters."""
    assert isinstance(problems, list)
    for problem in problems:
        assert set(problem) == {"code", "path", "params"}, problem
        assert problem["code"] in CODES, problem


def worker(name: str, text: str | bytes) -> dict:
    """api.call as the worker makes it (the payload is JSON text)."""
    if isinstance(text, bytes):  # the page decodes files as UTF-8 before sending them
        text = text.decode("utf-8", errors="replace")
    payload = json.dumps({"text": text, "labels": "{}", "today": TODAY, "decimal": ","})
    answer = api.call(name, payload)
    assert isinstance(answer, str)
    return json.loads(answer) if name != "export_csv" else {"csv": answer}


def cli(data: bytes, *args: str, suffix: str = ".json", levels: bytes | None = None) -> int:
    """The command line in this process, on a file holding ``data``; its exit code."""
    with tempfile.TemporaryDirectory(prefix="pa-fuzz-") as folder:
        source = Path(folder) / f"input{suffix}"
        source.write_bytes(data)
        extra = []
        if levels is not None:
            (Path(folder) / "levels.json").write_bytes(levels)
            extra = ["--levels", str(Path(folder) / "levels.json")]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["estimate", str(source), "--today", TODAY, *extra, *args])
    if "--format" in args and args[args.index("--format") + 1] == "json":
        answer = json.loads(out.getvalue())
        if code == 2:
            coded(answer["errors"])
    return code


@FUZZ
@given(json_documents(JSON_SEEDS))
# Found by a longer run (benchmarks/hardening.py): export_csv iterated a
# number, a NaN or a boolean where the sites or the items were expected.
@example(b'{"sites": 5}')
@example(b'{"sites": NaN}')
@example(b'{"sites": [{"name": "HQ", "items": true}]}')
def test_the_workers_functions_answer_any_json_with_codes(document: bytes) -> None:
    view = worker("view", document)
    estimate = json.loads(view["estimate"])
    coded(estimate.get("errors", []))
    imported = worker("import_json", document)
    coded(imported["errors"])
    coded(imported["dropped"])
    assert isinstance(worker("export_csv", document)["csv"], str)


@FUZZ
@given(csv_documents(CSV_SEEDS))
def test_the_csv_import_answers_any_csv_with_codes(document: bytes) -> None:
    imported = worker("import_csv", document)
    coded(imported["errors"])
    assert isinstance(imported["sites"], list)


@CLI_FUZZ
@given(json_documents(JSON_SEEDS), st.sampled_from(["json", "text"]))
def test_the_command_line_exits_0_or_2_on_any_json(document: bytes, fmt: str) -> None:
    assert cli(document, "--format", fmt) in (0, 2)


@CLI_FUZZ
@given(csv_documents(CSV_SEEDS), st.sampled_from(["json", "text"]))
def test_the_command_line_exits_0_or_2_on_any_csv(document: bytes, fmt: str) -> None:
    assert cli(document, "--format", fmt, "--currency", "KWD", suffix=".csv") in (0, 2)


@CLI_FUZZ
@given(json_documents([LEVEL_SEED]), st.sampled_from(JSON_SEEDS))
def test_the_command_line_exits_0_or_2_on_any_level_file(levels: bytes, document: bytes) -> None:
    assert cli(document, "--format", "json", levels=levels) in (0, 2)
