"""Start-up, latency, bytes and build time of the site's calculator, measured
against two baselines serving the same pinned Pyodide from the same server.

    ./dev bench                      # or: .venv/bin/python -m benchmarks.run
    .venv/bin/python -m benchmarks.run --runs 7
    ./dev bench --lighthouse-only    # step 7 alone; --no-lighthouse: all but step 7
    ./dev bench --quick              # a try-out: 2 runs, one build, the `4g` profile only
    ./dev bench --profiles 4g --network-only

What it does (all in one run, so ratios compare like with like):

1. Builds the site (the repository's mkdocs.yml; benchmarks/site.py) into
   a temp dir, timing `mkdocs build` (three languages). Next to it, under
   ``_bench/``: the same site built without the memory snapshot, two copies
   that each undo one of the site's start-up choices (the worker started
   from <head>; the snapshot and the wasm kept for return visits), the two
   baseline pages, and the site's worker alone on a blank page, which shows
   what the documentation page around the calculator costs the start
   (benchmarks/baselines/, filled in here; never published).
2. Serves it on loopback with tools/serve.py (the production
   server, with the same headers as deploy/nginx.conf).
3. Headless Debian Chromium (Playwright), each run a NEW profile: a cold visit,
   then a warm visit (new tab, same profile) of each page. "Ready" is the
   moment the page's [data-calculator] element gets data-state="ready"
   (performance.now() from navigation start, by a MutationObserver injected
   before any page script). The worker's own timings come with it: when
   each step of its start finished (runtime.json, Pyodide's loader, module
   factory, WebAssembly compiled and instantiated, module created, snapshot
   bytes in place, Python restored), medians per page and phase.
4. Input-to-result latency: on the calculator page, through the page's own
   client (client.js, the same worker the form uses): round trip of one
   edit's call (``view``: the estimate and the chart) for 3 sites / 50 line
   items, a different quantity each call. The form adds its 60 ms typing
   debounce on top; that is a design choice, not measured here.
5. Bytes: the received (encoded) body size of every response of the page and
   its worker (Playwright's request.sizes(), from CDP Network events), i.e.
   compressed where the server compresses, 0 for a cache hit; cross-checked
   with the bytes tools/serve.py wrote.

6. Over network links (benchmarks/network.py, benchmarks/shaping.py): the
   same server behind a shaped link (`loopback`, `4g` 10 Mbit/s 80 ms,
   `cable` 50 Mbit/s 20 ms), first and return visits of ours, plain Pyodide
   and PyScript with their bytes on the wire and requests, and the journey
   from the English home page to the calculator.

7. Lighthouse over every page of every language, 404 pages included
   (benchmarks/lighthouse.py, on a build of its own: the site as deployed,
   with its _headers file): scores, CLS, TBT, LCP.

Writes benchmarks/results/latest.md and benchmarks/results/lighthouse.md
(and prints them). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import lighthouse, network, site as site_build
from benchmarks.shaping import PROFILES
from tests.support.page import CALCULATOR_SCRIPT, PAGE_CLIENT as CALCULATOR_PAGE_CLIENT
from tools.chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_MS = 120_000
MARK_READY = """
(() => {
  const mark = () => {
    const el = document.querySelector("[data-calculator]");
    const state = el && el.dataset.state;
    if ((state === "ready" || state === "error") && window.__readyAt === undefined) {
      window.__readyAt = performance.now();
      window.__readyState = state;
    }
  };
  new MutationObserver(mark).observe(
    document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"] });
})();
"""
# What visit() measures, kept per page and phase (cold, warm).
VISIT_FIGURES = ("ready_ms", "bytes", "runtime_bytes", "server_bytes", "server_runtime_bytes")
VARIANTS = ("ours", "ours, worker started late", "ours, nothing kept", "ours, no snapshot")
# Every page of the ready table: the variants, the decomposition, the baselines.
READY_ROWS = (*VARIANTS, "our worker, blank page", "plain Pyodide", "PyScript")
RUNTIME_BYTES = re.compile(r"/assets/pyodide/|snapshot-|\.whl|/_bench/pyscript/")


def fifty_items(seed: int = 0) -> str:
    """3 sites, 50 line items (17 + 17 + 16), a quantity that varies with seed."""
    sizes = (17, 17, 16)
    return json.dumps({
        "sites": [{"name": f"site {s}", "items": [
            {"description": f"part {s}-{n}", "quantity": (n + seed) % 9 + 1, "points_per_unit": "12.5",
             "unit_price": "199.99", "renewal_date": f"2027-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
             "order": f"order {n % 5}"}
            for n in range(size)]} for s, size in enumerate(sizes)],
        "migration_date": "2026-12-15", "anniversary_date": "2020-07-01", "existing_points": "250",
        "currency": "EUR"})


# ---- set-up -----------------------------------------------------------------

def prepare(tmp: Path, builds: int, variants: bool = True) -> tuple[Path, list[float], dict[str, Any]]:
    """The site, and under _bench/ the baselines and (``variants``) the
    variants of the loopback table, which the network profiles do not use."""
    root = tmp / "root"
    times = [site_build.build(root) for _ in range(builds)]
    runtime = json.loads((root / "assets" / "calculator" / "runtime.json").read_text())
    # The site's pages keep their CSP (each carries it in a meta tag), but the
    # server must not send the site's policy header with the baseline pages,
    # whose inline scripts it would block: without the _headers file it sends
    # only the other security headers (deploy/) and Cache-Control.
    (root / "_headers").unlink()
    bench = root / "_bench"
    bench.mkdir()
    if variants:
        site_build.build(tmp / "nosnap", snapshot=False)
        shutil.move(tmp / "nosnap", bench / "nosnap")
    shutil.copytree(ROOT / "node_modules" / "@pyscript" / "core" / "dist", bench / "pyscript")
    fill = {
        "{{PYODIDE}}": f"/assets/pyodide/{runtime['pyodide_version']}/",
        "{{WHEEL}}": f"/assets/calculator/{runtime['wheel']}",
        "{{PYSCRIPT}}": "/_bench/pyscript/",
        "{{CLIENT}}": "/assets/calculator/client.js",
    }
    # Two of the site's choices, each undone in a copy, to show what it buys:
    # the worker started from <head> (overrides/main.html), and the snapshot
    # and Pyodide's wasm kept for return visits (assets/calculator/kept.js).
    if variants:
        variant(root, bench / "late", "calculator/index.html", LATE_WORKER)
        variant(root, bench / "nokeep", "assets/calculator/build-*/kept.js", NOTHING_KEPT)
    for page in (ROOT / "benchmarks" / "baselines").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        for key, value in fill.items():
            text = text.replace(key, value)
        (bench / page.name).write_text(text, encoding="utf-8")
    return root, times, runtime


# (pattern, replacement) pairs for variant(); each must match, so a change
# to the site that makes a variant meaningless fails here instead.
LATE_WORKER = [(r'\n *<script type="module" async src="[^"]*client\.js"></script>', "")]
NOTHING_KEPT = [
    (r"export async function read\(name\) \{", "export async function read(name) {\n  return null;"),
    (r"export async function write\(name, bytes, family\) \{",
     "export async function write(name, bytes, family) {\n  return false;"),
]


def variant(root: Path, target: Path, pattern: str, edits: list[tuple[str, str]]) -> None:
    """A copy of the built site (without _bench/) with ``edits`` applied to
    every file matching ``pattern`` (there must be one)."""
    shutil.copytree(root, target, ignore=lambda d, names: ["_bench"] if Path(d) == root else [])
    files = list(target.rglob(pattern))
    if not files:
        raise RuntimeError(f"benchmark variant {target.name}: no {pattern} in the site")
    for path in files:
        text = path.read_text(encoding="utf-8")
        for regex, replacement in edits:
            # A function, so that the replacement is taken as it is (no backslash escapes).
            text, count = re.subn(regex, lambda _m, literal=replacement: literal, text, count=1)
            if count != 1:
                raise RuntimeError(f"benchmark variant {target.name}: {regex!r} not in {path}")
        path.write_text(text, encoding="utf-8")


class Server:
    """tools/serve.py (the embedded server, same headers as deploy/nginx.conf), in process."""

    def __init__(self, root: Path):
        from tools.serve import start_in_background

        self.name = "tools/serve.py"
        self.url, self.httpd = start_in_background(root)
        self.sent: dict[str, int] | None = self.httpd.sent

    def close(self) -> None:
        self.httpd.shutdown()


# ---- measuring ----------------------------------------------------------------

def visit(context, url: str, *, calculator: bool, server: Server) -> dict[str, Any]:
    page = context.new_page()
    # Every request of the page AND its worker (Playwright reports dedicated
    # workers' requests to the page; a CDP session on the page alone would not
    # see them). Sizes come from CDP's Network.loadingFinished.encodedDataLength.
    requests: list = []
    page.on("requestfinished", lambda request: requests.append(request))
    if server.sent is not None:
        server.sent.clear()
    page.goto(url, wait_until="load")
    ready_ms = None
    if calculator:
        page.wait_for_function("() => window.__readyAt !== undefined", timeout=TIMEOUT_MS, polling=50)
        ready_ms, state = page.evaluate("() => [window.__readyAt, window.__readyState]")
        if state != "ready":
            raise RuntimeError(f"{url}: the calculator reported {state}")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    sizes = []
    for request in requests:
        try:
            got = request.sizes()
            sizes.append((request.url, max(0, got["responseBodySize"])))  # -1: from cache
        except Exception:  # a request that ended with the page
            pass
    result = {
        "page": page,
        "ready_ms": ready_ms,
        "bytes": sum(n for _, n in sizes),
        "runtime_bytes": sum(n for u, n in sizes if RUNTIME_BYTES.search(u)),
        "server_bytes": sum(server.sent.values()) if server.sent is not None else None,
        "server_runtime_bytes": (sum(n for u, n in server.sent.items() if RUNTIME_BYTES.search(u))
                                 if server.sent is not None else None),
        "timings": page.evaluate(TIMINGS_JS) if url.endswith(("calculator/", "worker.html")) else None,
    }
    return result


# The client module the page itself loaded, so its worker: on the calculator
# page (and its variants' copies) the one beside calculator.js, in the
# versioned folder (hooks/versioned_assets.py); the blank worker page loads
# the site's plain copy.
PAGE_CLIENT = f'({CALCULATOR_SCRIPT} ? {CALCULATOR_PAGE_CLIENT} : "/assets/calculator/client.js")'

TIMINGS_JS = """
async () => {
  const { calc } = await import(PAGE_CLIENT);
  const t = { ...calc.state.timings };
  t.worker_start_ms = t.started_at - performance.timeOrigin;  // after navigation start
  return t;
}
""".replace("PAGE_CLIENT", PAGE_CLIENT)

LATENCY_JS = """
async (inputs) => {
  const { calc } = await import(PAGE_CLIENT);
  const out = [];
  for (const text of inputs) {
    const t = performance.now();
    const view = JSON.parse(await calc.raw("view", { text, labels: "{}" }));
    if (JSON.parse(view.estimate).errors) {
      throw new Error("bad benchmark input: " + view.estimate.slice(0, 300));
    }
    out.push(performance.now() - t);
  }
  return out;
}
""".replace("PAGE_CLIENT", PAGE_CLIENT)


def latency(page, calls: int) -> list[float]:
    inputs = [fifty_items(i) for i in range(calls)]
    page.evaluate(LATENCY_JS, inputs[:3])  # first calls: not what we measure
    return page.evaluate(LATENCY_JS, inputs)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def med(values: list[float | int | None]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def machine() -> dict[str, str]:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    pyscript_package = ROOT / "node_modules" / "@pyscript" / "core" / "package.json"
    pyscript = json.loads(pyscript_package.read_text())["version"]
    return {"nproc": str(os.cpu_count()), "cpu": model, "chromium": chromium, "node": node,
            "python": platform.python_version(), "kernel": platform.release(), "pyscript": pyscript,
            "load": " ".join(Path("/proc/loadavg").read_text().split()[:3])}


# ---- the run --------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Benchmark the calculator's start-up against plain Pyodide and PyScript.")
    parser.add_argument("--runs", type=int, default=5, help="fresh browser profiles per page (default 5)")
    parser.add_argument("--calls", type=int, default=60, help="latency calls per run (default 60)")
    parser.add_argument("--builds", type=int, default=3, help="timed `mkdocs build` runs (default 3)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "latest.md")
    parser.add_argument("--profiles", default=",".join(PROFILES),
                        help=f"network profiles, comma-separated, of {', '.join(PROFILES)} "
                        "(default all; '' none)")
    parser.add_argument("--no-journey", action="store_true", help="leave out the home-page journey")
    parser.add_argument("--quick", action="store_true",
                        help="a try-out: --runs 2 --builds 1 --calls 10 --profiles 4g, unless given")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--network-only", action="store_true",
                       help="only the network profiles (not the loopback table of variants and latency)")
    which.add_argument("--lighthouse-only", action="store_true", help="only Lighthouse over every page")
    which.add_argument("--no-lighthouse", action="store_true", help="everything but Lighthouse")
    args = parser.parse_args(argv)
    if args.lighthouse_only:
        print(lighthouse.run())
        return 0
    if args.quick:
        given = set(argv if argv is not None else sys.argv[1:])
        args.runs = args.runs if "--runs" in given else 2
        args.builds = args.builds if "--builds" in given else 1
        args.calls = args.calls if "--calls" in given else 10
        args.profiles = args.profiles if "--profiles" in given else "4g"
    profiles = [name for name in args.profiles.split(",") if name]
    unknown = set(profiles) - set(PROFILES)
    if unknown:
        parser.error(f"unknown profiles: {', '.join(sorted(unknown))}")

    from playwright.sync_api import sync_playwright

    pages = {
        "ours": ("calculator/", True),
        "ours, worker started late": ("_bench/late/calculator/", True),
        "ours, nothing kept": ("_bench/nokeep/calculator/", True),
        "ours, no snapshot": ("_bench/nosnap/calculator/", True),
        "our worker, blank page": ("_bench/worker.html", True),
        "plain Pyodide": ("_bench/plain.html", True),
        "PyScript": ("_bench/pyscript.html", True),
        "landing page": ("", False),
    }
    data: dict[str, dict[str, list]] = {name: {} for name in pages}
    lat_view: list[float] = []
    worker_timings: dict[str, list[dict]] = {name: [] for name in (*VARIANTS, "our worker, blank page")}

    with tempfile.TemporaryDirectory(prefix="pa-bench-") as tmp:
        print("building the site…", file=sys.stderr)
        root, build_times, runtime = prepare(Path(tmp), args.builds, variants=not args.network_only)
        server = Server(root)
        found: dict = {}
        try:
            with sync_playwright() as pw:
                for run in range(0 if args.network_only else args.runs):
                    for index, (name, (path, calculator)) in enumerate(pages.items()):
                        profile = Path(tmp) / f"profile-{run}-{index}"
                        context = pw.chromium.launch_persistent_context(
                            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                        context.add_init_script(MARK_READY)
                        try:
                            for phase in ("cold", "warm"):
                                got = visit(context, server.url + path, calculator=calculator, server=server)
                                for key in VISIT_FIGURES:
                                    data[name].setdefault(f"{phase}_{key}", []).append(got[key])
                                if got["timings"] and name in worker_timings:
                                    worker_timings[name].append({"phase": phase, **got["timings"]})
                                if name == "ours" and phase == "warm":
                                    lat_view += latency(got["page"], args.calls)
                                got["page"].close()
                                if phase == "cold":
                                    time.sleep(1.0)  # let Chromium write its caches (compiled wasm)
                        finally:
                            context.close()
                        shutil.rmtree(profile, ignore_errors=True)
                    ours = data["ours"]
                    print(f"run {run + 1}/{args.runs}: ours cold {ours['cold_ready_ms'][-1]:.0f} ms, "
                          f"warm {ours['warm_ready_ms'][-1]:.0f} ms; plain cold "
                          f"{data['plain Pyodide']['cold_ready_ms'][-1]:.0f} ms", file=sys.stderr)
                found = network.measure(pw, root, Path(tmp), profiles, args.runs, MARK_READY,
                                        journey=not args.no_journey)
        finally:
            server.close()

    if args.network_only:
        command = " ".join(argv if argv is not None else sys.argv[1:])
        report = "\n".join(["# Calculator benchmark: network profiles", "",
                            f"`python -m benchmarks.run {command}` — "
                            f"{time.strftime('%Y-%m-%d %H:%M %Z')}.", "",
                            *network.render(found, args.runs, med)]) + "\n"
    else:
        report = render(args, data, lat_view, build_times, runtime, server.name, worker_timings)
        if found:
            report += "\n" + "\n".join(network.render(found, args.runs, med)) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = args.out.with_suffix(".md.tmp")
    tmp_out.write_text(report, encoding="utf-8")
    tmp_out.replace(args.out)
    print(report)
    if not (args.no_lighthouse or args.network_only):
        print(lighthouse.run())
    return 0


def worker_timing_lines(name: str, phase: str, rows: list[dict]) -> list[str]:
    """The worker's own record of its start for one page and phase (medians
    of ``rows``): where Python came from, the totals, then each step."""
    source = rows[0].get("from", "?")
    if rows[0].get("snapshot_source"):
        source += f" ({rows[0]['snapshot_source']})"
    keys = ("worker_start_ms", "python_ms", "wheel_ms", "import_ms", "total_ms")
    totals = ", ".join(f"{k} {med([r.get(k) for r in rows]) or 0:.0f}" for k in keys)
    steps = {k: med([r.get("steps", {}).get(k) for r in rows]) for k in rows[0].get("steps", {})}
    in_order = sorted(((k, v) for k, v in steps.items() if v is not None), key=lambda kv: kv[1])
    return [f"- worker's own timings, {name}, {phase} (median): from {source}, {totals}",
            "  - steps, ms after the worker's start (median; side by side, so they overlap): "
            + ", ".join(f"{k} {v:.0f}" for k, v in in_order)]


def render(args, data, lat_view, build_times, runtime, server_name, worker_timings) -> str:
    info = machine()
    plain = data["plain Pyodide"]
    fmt_ms = lambda v: "–" if v is None else f"{v:,.0f}"  # noqa: E731
    kb = lambda v: "–" if v is None else f"{v / 1024:,.0f} KiB"  # noqa: E731
    lines = [
        "# Calculator benchmark: latest results",
        "",
        f"`python -m benchmarks.run --runs {args.runs} --calls {args.calls}` — "
        f"{time.strftime('%Y-%m-%d %H:%M %Z')}; medians of {args.runs} runs, "
        "every run a new browser profile.",
        f"Machine: {info['nproc']} CPUs ({info['cpu']}), load average at the end {info['load']}; "
        f"{info['chromium']} (headless, Playwright); Node {info['node']}; Python {info['python']}; "
        f"Pyodide {runtime['pyodide_version']}; @pyscript/core {info['pyscript']}. "
        f"Server: {server_name} on loopback (gzip where it compresses, "
        "immutable caching for versioned assets). "
        "Site: the repository's mkdocs.yml, every language.",
        "",
        "## Navigation to ready (data-state=\"ready\"), ms",
        "",
        "| page | cold | warm | cold / plain | warm / plain cold | warm / plain warm |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    pc, pw_ = med(plain["cold_ready_ms"]), med(plain["warm_ready_ms"])
    for name in READY_ROWS:
        c, w = med(data[name]["cold_ready_ms"]), med(data[name]["warm_ready_ms"])
        lines.append(f"| {name} | {fmt_ms(c)} | {fmt_ms(w)} | {c / pc:.2f} | {w / pc:.2f} | {w / pw_:.2f} |")
    lines += ["", "Per run (cold / warm), ms:", ""]
    for name in READY_ROWS:
        pairs = zip(data[name]["cold_ready_ms"], data[name]["warm_ready_ms"], strict=True)
        lines.append(f"- {name}: " + ", ".join(f"{c:.0f} / {w:.0f}" for c, w in pairs))
    for name, rows in worker_timings.items():
        for phase in ("cold", "warm"):
            sel = [r for r in rows if r.get("phase") == phase]
            if sel:
                lines += worker_timing_lines(name, phase, sel)
    lines += [
        "",
        "## Input to result (ours, warm page, through the page's client → worker → Python → back), ms",
        "",
        "3 sites, 50 line items, a different quantity each call; sequential calls over all runs "
        f"({len(lat_view)}). The form adds a 60 ms typing debounce before it asks.",
        "",
        "| request | p50 | p95 | max |",
        "|---|---:|---:|---:|",
        f"| one form edit (view: estimate + chart) | {pct(lat_view, 50):.1f} | {pct(lat_view, 95):.1f} "
        f"| {max(lat_view):.1f} |",
        "",
        "## Bytes transferred (response bodies as received, compressed where served compressed)",
        "",
        "| page | cold | warm | of which Pyodide/snapshot/wheel, cold | warm | server-side count, cold |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name in ("landing page", *READY_ROWS):
        d = data[name]
        lines.append(f"| {name} | {kb(med(d['cold_bytes']))} | {kb(med(d['warm_bytes']))} | "
                     f"{kb(med(d['cold_runtime_bytes']))} | {kb(med(d['warm_runtime_bytes']))} | "
                     f"{kb(med(d['cold_server_bytes']))} |")
    lines += [
        "",
        "## Site build",
        "",
        f"`mkdocs build` (en, zh-TW, da), wall time: median {med(build_times):.2f} s "
        f"(runs: {', '.join(f'{t:.2f}' for t in build_times)} s; the first may include making the wheel "
        "and the snapshot when build/ has none for these sources, ~4 s more).",
        "",
        "## Targets",
        "",
    ]
    oc, ow = med(data["ours"]["cold_ready_ms"]), med(data["ours"]["warm_ready_ms"])
    sc, sw = med(data["PyScript"]["cold_ready_ms"]), med(data["PyScript"]["warm_ready_ms"])
    bw = med(data["our worker, blank page"]["warm_ready_ms"])
    landing = med(data["landing page"]["cold_runtime_bytes"]) or 0
    checks = [
        (f"cold ready ≤ 0.6 × plain: {oc / pc:.2f}", oc <= 0.6 * pc),
        (f"warm ready ≤ 0.25 × plain, warm against warm: {ow / pw_:.2f} (against plain cold: {ow / pc:.2f}; "
         f"our worker on a blank page: {bw / pw_:.2f})", ow <= 0.25 * pw_),
        (f"faster than PyScript cold ({oc:.0f} vs {sc:.0f} ms) and warm ({ow:.0f} vs {sw:.0f} ms)",
         oc < sc and ow < sw),
        (f"input-to-result p95 ≤ 50 ms: one edit {pct(lat_view, 95):.1f} ms", pct(lat_view, 95) <= 50),
        (f"landing page loads no Pyodide bytes: {landing:.0f} bytes", landing == 0),
        (f"site build ≤ 10 s: {med(build_times):.2f} s", med(build_times) <= 10),
    ]
    lines += [f"- [{'x' if ok else ' '}] {text}" for text, ok in checks]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
