"""The hardening figures of issue 15: ``python -m benchmarks.hardening [--part P] [SITE]``.

* ``fuzz``: the suite's mutation strategies (tests/support/fuzzing.py) run
  for longer than the suite does, through the worker's functions and the
  command line in process: cases, seconds, the slowest case, and any case
  that did not end in a coded answer (there should be none).
* ``sizes``: inputs built to be slow (an unterminated string of escaped
  quotes, a million unknown keys, a long number, deep nesting, a header of
  unknown columns, an unclosed quote, bad rows, a 50,000-site CSV) at 1, 4
  and 16 MiB, each timed against a valid input of the same size (the median
  of 3 runs of each): the worst ratio is the figure.
* ``memory``: the peak (tracemalloc) of the largest problem lists: a 1 MB
  CSV header of 500,000 unknown columns, a 16 MiB JSON of unknown keys.
* ``snapshot``: N visits in Chromium whose snapshot download is damaged at
  random (bytes flipped, a run zeroed, cut short, a segment header changed),
  each in a fresh profile, through tools/serve.py: how each start ended
  (from the snapshot or a normal boot), whether the estimate was right, and
  whether anything was kept; then one clean visit.

Nothing is asserted (shared, noisy machines); every number is from one run.
SITE is a built site (``./dev build`` → site/), for ``snapshot`` only.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import statistics
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from calculator import api
from calculator.__main__ import main as cli
from calculator.csvio import COLUMNS
from hooks.pyodide_assets import STORED_HEADER as HEADER  # damage() leaves the header alone
from tests.support.fuzzing import CSV_SEEDS, JSON_SEEDS, csv_documents, json_documents
from tests.support.inputs import ITEM, csv_row, one_item_input
from tests.support.page import KEPT_FILES, PAGE_CLIENT, answering

ROOT = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024
TODAY = "2026-11-23"


# ---- fuzz ----------------------------------------------------------------------------------

def fuzz(cases: int) -> dict[str, object]:
    """Runs each strategy for ``cases`` cases; times every case."""
    times: dict[str, list[float]] = {"json": [], "csv": []}
    failures: list[str] = []

    def timed(kind: str, run) -> None:
        start = time.perf_counter()
        try:
            run()
        except Exception as exc:  # noqa: BLE001 (the figure is what escaped)
            failures.append(f"{kind}: {type(exc).__name__}: {exc}"[:200])
        times[kind].append(time.perf_counter() - start)

    def worker_and_cli(document: bytes, kind: str) -> None:
        text = document.decode("utf-8", errors="replace")
        payload = json.dumps({"text": text, "labels": "{}", "today": TODAY, "decimal": "."})
        for name in (("view", "import_json", "export_csv") if kind == "json" else ("import_csv",)):
            json.loads(api.call(name, payload)) if name != "export_csv" else api.call(name, payload)
        with tempfile.NamedTemporaryFile(suffix=f".{kind}") as source:
            source.write(document)
            source.flush()
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                code = cli(["estimate", source.name, "--format", "text", "--today", TODAY])
            if code not in (0, 2):
                raise AssertionError(f"exit {code}")

    run = settings(max_examples=cases, derandomize=True, deadline=None, database=None,
                   suppress_health_check=list(HealthCheck))
    started = time.perf_counter()
    def case(kind: str):
        return lambda document: timed(kind, lambda: worker_and_cli(document, kind))

    for kind, documents in (("json", json_documents(JSON_SEEDS)), ("csv", csv_documents(CSV_SEEDS))):
        given(documents)(run(case(kind)))()
    return {"cases": {k: len(v) for k, v in times.items()},
            "seconds": round(time.perf_counter() - started, 1),
            "slowest_case_ms": {k: round(1000 * max(v), 1) for k, v in times.items()},
            "median_case_ms": {k: round(1000 * statistics.median(v), 2) for k, v in times.items()},
            "not_coded": failures}


# ---- sizes ---------------------------------------------------------------------------------

def valid_json(size: int) -> str:
    """A valid input of about ``size`` bytes: as many items as the limits
    allow, then trailing white space (still valid JSON) up to the size."""
    item = dict(ITEM, quantity="2")
    count = min(api.limits_dict()["max_items"], max(1, size // (len(json.dumps(item)) + 2)))
    text = json.dumps(one_item_input() | {"sites": [{"name": "HQ", "items": [item] * count}]})
    return text + " " * max(0, size - len(text))


def valid_csv(size: int) -> str:
    row = csv_row()
    count = min(api.limits_dict()["max_items"], max(1, size // (len(row) + 1)))
    text = "\n".join([",".join(COLUMNS), *[row] * count, ""])
    return text + "\n" * max(0, size - len(text))  # blank lines: skipped


HOSTILE_JSON = {
    "unterminated escaped quotes": lambda n: '{"sites":["' + '\\"' * (n // 2),
    "unknown keys": lambda n: json.dumps(one_item_input() | {f"k{i}": 1 for i in range(n // 12)}),
    "long number": lambda n: json.dumps(one_item_input()).replace('"quantity": 2', '"quantity": ' + "9" * n),
    "deep nesting": lambda n: "[" * (n // 2) + "]" * (n // 2),
    "white space": lambda n: " " * n + "{}",
    "old renewal dates": lambda n: json.dumps(one_item_input() | {"sites": [{"name": "HQ", "items": [
        dict(ITEM, quantity="2", renewal_date="1900-01-01")] * min(50_000, n // 110)}]}),
}
HOSTILE_CSV = {
    "unknown columns": lambda n: ",".join(COLUMNS) + "," + ",".join(f"x{i}" for i in range(n // 8)) + "\n",
    "unclosed quote": lambda n: ",".join(COLUMNS) + '\nHQ,"' + "x" * n + "\n",
    "bad rows": lambda n: ",".join(COLUMNS) + "\n" + "HQ,part,-1,1,1,,\n" * min(50_000, n // 18),
    "a site per row": lambda n: "\n".join([",".join(COLUMNS), *(csv_row(f"S{i}") for i in range(
        min(50_000, n // 30))), ""]),
}


def median_seconds(run, repeat: int = 3) -> float:
    found = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        found.append(time.perf_counter() - start)
    return statistics.median(found)


def sizes(targets: list[int]) -> list[dict[str, object]]:
    rows = []
    for size in targets:
        estimate = lambda text: api.estimate_dict(text, today=TODAY)  # noqa: E731
        for kind, cases, valid, run in (("json", HOSTILE_JSON, valid_json(size), estimate),
                                        ("csv", HOSTILE_CSV, valid_csv(size), api.import_csv)):
            base = median_seconds(lambda run=run, valid=valid: run(valid))
            for name, build in cases.items():
                text = build(size)[: api.MAX_INPUT_BYTES]
                seconds = median_seconds(lambda run=run, text=text: run(text))
                rows.append({"kind": kind, "input": name, "bytes": len(text.encode()),
                             "seconds": round(seconds, 3), "valid_seconds": round(base, 3),
                             "ratio": round(seconds / max(base, 1e-6), 2)})
    return rows


# ---- memory --------------------------------------------------------------------------------

def peak(run) -> tuple[float, int]:
    """Peak traced MiB while ``run`` runs, and the length of its answer."""
    tracemalloc.start()
    try:
        answer = run()
        return tracemalloc.get_traced_memory()[1] / MIB, len(answer)
    finally:
        tracemalloc.stop()


def memory() -> dict[str, object]:
    header = ",".join(COLUMNS) + "," + ",".join(f"x{i}" for i in range(500_000)) + "\n"
    keys = json.dumps(one_item_input() | {f"k{i}": 1 for i in range(1_350_000)})[: api.MAX_INPUT_BYTES - 2]
    keys = keys[: keys.rfind(",")] + "}"
    found = {}
    for name, text, run in (("csv header of 500,000 unknown columns", header, api.import_csv),
                            ("json of 1.35 million unknown keys", keys,
                             lambda t: api.dumps(api.estimate_dict(t, today=TODAY)))):
        mib, length = peak(lambda run=run, text=text: run(text))
        found[name] = {"input_mib": round(len(text) / MIB, 1), "peak_mib": round(mib, 1),
                       "answer_bytes": length}
    return found


# ---- snapshot ------------------------------------------------------------------------------

def damage(sparse: bytes, rng: random.Random) -> tuple[str, bytes]:
    data = bytearray(sparse)
    kind = rng.choice(["flip bytes", "zero a run", "cut short", "segment header"])
    if kind == "flip bytes":
        for _ in range(rng.randint(1, 64)):
            data[rng.randrange(HEADER, len(data))] ^= 1 << rng.randrange(8)
    elif kind == "zero a run":
        at, length = rng.randrange(HEADER, len(data) - 4096), rng.randint(16, 4096)
        data[at:at + length] = bytes(length)
    elif kind == "cut short":
        del data[rng.randrange(HEADER, len(data)):]
    else:
        data[HEADER + rng.randrange(8)] ^= 0xFF  # the first segment's skip or length
    return kind, bytes(data)


VISIT = """async ([input, today]) => {
  const { calc } = await import(PAGE_CLIENT);
  const view = JSON.parse(await calc.raw("view", { text: input, today }));
  return [calc.state.timings, view.estimate];
}""".replace("PAGE_CLIENT", PAGE_CLIENT)


def snapshot(site: Path, visits: int, seed: int) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    from tests.support.worker import VECTORS, estimate, read
    from tools.chromium import CHROMIUM, CHROMIUM_ARGS
    from tools.serve import start_in_background

    runtime = json.loads((site / "assets/calculator/runtime.json").read_text())
    sparse = (site / "assets/calculator" / runtime["snapshot"]).read_bytes()  # the stored form
    expected = estimate(read(VECTORS[1]))
    rng = random.Random(seed)
    url, server = start_in_background(site)
    ends: list[dict[str, object]] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for n in range(visits + 1):
                kind, body = ("clean", sparse) if n == visits else damage(sparse, rng)
                context = browser.new_context()
                context.route(f"**/{runtime['snapshot']}", answering(body))
                page = context.new_page()
                start = time.perf_counter()
                page.goto(url + "calculator/")
                page.wait_for_selector('[data-calculator][data-state="ready"]', timeout=300_000)
                timings, answer = page.evaluate(VISIT, [read(VECTORS[1]), "2025-06-30"])
                kept = len(page.evaluate(KEPT_FILES))
                ends.append({"damage": kind, "from": timings["from"], "right": answer == expected,
                             "kept_entries": kept, "seconds": round(time.perf_counter() - start, 1)})
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    damaged = [end for end in ends if end["damage"] != "clean"]
    return {"visits": ends,
            "summary": dict(Counter(f"{e['damage']} -> {e['from']}, right={e['right']}" for e in damaged))}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hardening",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, nargs="?", default=ROOT / "site")
    parser.add_argument("--part", choices=["fuzz", "sizes", "memory", "snapshot"], action="append")
    parser.add_argument("--cases", type=int, default=2000, help="fuzz cases per strategy")
    parser.add_argument("--sizes", default="1,4,16", help="MiB, comma-separated")
    parser.add_argument("--visits", type=int, default=20, help="damaged snapshot visits")
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    parts = args.part or ["fuzz", "sizes", "memory", "snapshot"]
    report: dict[str, object] = {}
    if "fuzz" in parts:
        report["fuzz"] = fuzz(args.cases)
    if "sizes" in parts:
        report["sizes"] = sizes([int(float(s) * MIB) for s in args.sizes.split(",")])
    if "memory" in parts:
        report["memory"] = memory()
    if "snapshot" in parts:
        report["snapshot"] = snapshot(args.site, args.visits, args.seed)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
