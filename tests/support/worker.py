"""The files every function of the browser worker is run on, and those
functions as CPython answers them: the parity tests (Pyodide under Node)
and the snapshot tests (a restored interpreter) compare against these."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from calculator import api

ROOT = Path(__file__).resolve().parents[2]
VECTORS = sorted((ROOT / "tests" / "parity" / "vectors").glob("*.json"))
CSV_FILES = sorted((ROOT / "tests" / "parity" / "csv").glob("*.csv"))
FILES = VECTORS + CSV_FILES
TODAY = "2025-06-30"  # fixed: the default migration date is "today"
LABELS = json.dumps({"title": "RSVP-niveauer", "points": "Point", "discount": "Rabat", "you": "Du",
                     "example": "範例"})


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")  # no newline translation: Node reads it raw


def worker_calls(today: str = TODAY, labels: str = LABELS) -> dict[str, Callable[[str], str]]:
    """Every function the worker offers (calculator.api.WORKER_FUNCTIONS),
    called as the worker and tools/pyodide_run.mjs call it: ``api.call``
    with a file's text, ``today`` and ``labels``."""
    payload = lambda text: json.dumps({"text": text, "today": today, "labels": labels})  # noqa: E731
    return {name: (lambda text, name=name: api.call(name, payload(text))) for name in api.WORKER_FUNCTIONS}


def estimate(text: str) -> str:
    """The contract's answer for ``text`` (what the command line prints)."""
    return api.estimate_json(text, None, TODAY)
