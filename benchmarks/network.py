"""The calculator over network links (benchmarks/shaping.py): first and
return visits of ours, plain Pyodide and PyScript per profile, with the
bytes on the wire (as the server sent them: compressed, headers included)
and the requests per visit; and one journey: the English home page, 15 s of
reading, then a click on its link to the calculator, timed from the click
to the calculator's ready.

Called by benchmarks/run.py (``--profiles``), which builds the site and fills
in the baseline pages; every visit is a new browser profile (the return
visit a new tab in it), as in run.py.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks import shaping
from tools.chromium import CHROMIUM, CHROMIUM_ARGS

PAGES = {"ours": "calculator/", "plain Pyodide": "_bench/plain.html", "PyScript": "_bench/pyscript.html"}
READING_S = 15
SCROLL_EVERY_S = 2.5  # reading: a screen further down every so often
TIMEOUT_MS = 300_000
# The home page's link to the calculator in the page's content (not the
# navigation's, which a narrow window hides).
CALCULATOR_LINK = 'article a[href$="calculator/"]'


def _context(pw, profile_dir: Path, mark_ready: str):
    context = pw.chromium.launch_persistent_context(
        profile_dir, executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    context.add_init_script(mark_ready)
    return context


def _ready(page) -> float:
    page.wait_for_function("() => window.__readyAt !== undefined", timeout=TIMEOUT_MS, polling=50)
    ready_ms, state = page.evaluate("() => [window.__readyAt, window.__readyState]")
    if state != "ready":
        raise RuntimeError(f"{page.url}: the calculator reported {state}")
    return ready_ms


def _visit(context, url: str, link: shaping.Link) -> dict[str, Any]:
    """One visit to ``url``: its ready time, then (once the network is idle,
    the kept snapshot written) the bytes and requests the server counted."""
    link.reset()
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
        ready_ms = _ready(page)
        page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
        page.wait_for_timeout(500)  # the worker keeps the snapshot after ready
        counted = link.reset()
    finally:
        page.close()
    return {"ready_ms": ready_ms, **counted}


def _journey(context, base: str, link: shaping.Link) -> dict[str, Any]:
    """Home page, reading, click: ms from the click to ready, and the bytes
    and requests of the whole journey. Reading is scrolling down a screen
    every SCROLL_EVERY_S seconds for READING_S seconds (the waits are the
    scenario, not a wait for something)."""
    link.reset()
    page = context.new_page()
    try:
        page.goto(base, wait_until="load", timeout=TIMEOUT_MS)
        page.mouse.move(page.viewport_size["width"] // 2, 300)  # over the text: the wheel scrolls the page
        for _ in range(round(READING_S / SCROLL_EVERY_S)):
            page.wait_for_timeout(SCROLL_EVERY_S * 1000)
            page.mouse.wheel(0, page.viewport_size["height"] * 0.8)
        clicked = time.time() * 1000
        page.click(CALCULATOR_LINK)
        page.wait_for_url("**/calculator/", wait_until="commit", timeout=TIMEOUT_MS)
        ready_ms = _ready(page)
        origin = page.evaluate("() => performance.timeOrigin")
        page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
        counted = link.reset()
    finally:
        page.close()
    return {"click_to_ready_ms": origin + ready_ms - clicked, **counted}


def measure(pw, root: Path, tmp: Path, profiles: list[str], runs: int, mark_ready: str,
            journey: bool = True) -> dict[str, dict[str, dict[str, list[float]]]]:
    """{profile: {page or "journey": {figure: [one value a run]}}}."""
    found: dict[str, dict[str, dict[str, list[float]]]] = {}
    for name in profiles:
        profile = shaping.PROFILES[name]
        base, server, link = shaping.start(root, profile)
        figures = found[name] = {page: {} for page in (*PAGES, *(["journey"] if journey else []))}
        try:
            for run in range(runs):
                for page_name, path in PAGES.items():
                    profile_dir = tmp / f"net-{name}-{run}-{len(figures[page_name])}-{page_name[:5]}"
                    context = _context(pw, profile_dir, mark_ready)
                    try:
                        for phase in ("first", "return"):
                            got = _visit(context, base + path, link)
                            for key, value in got.items():
                                figures[page_name].setdefault(f"{phase}_{key}", []).append(value)
                            time.sleep(1.0)  # let Chromium write its caches (compiled wasm)
                    finally:
                        context.close()
                    shutil.rmtree(profile_dir, ignore_errors=True)
                if journey:
                    profile_dir = tmp / f"net-{name}-{run}-journey"
                    context = _context(pw, profile_dir, mark_ready)
                    try:
                        for key, value in _journey(context, base, link).items():
                            figures["journey"].setdefault(key, []).append(value)
                    finally:
                        context.close()
                    shutil.rmtree(profile_dir, ignore_errors=True)
                ours, plain = figures["ours"], figures["plain Pyodide"]
                trip = f"; journey {figures['journey']['click_to_ready_ms'][-1]:.0f} ms" if journey else ""
                print(f"{name} run {run + 1}/{runs}: ours first {ours['first_ready_ms'][-1]:.0f} ms, "
                      f"return {ours['return_ready_ms'][-1]:.0f} ms; plain first "
                      f"{plain['first_ready_ms'][-1]:.0f} ms{trip}", file=sys.stderr)
        finally:
            server.shutdown()
            server.server_close()
    return found


def render(found: dict, runs: int, med) -> list[str]:
    """The report's section: one table per profile, then the ratios."""
    mb = lambda v: f"{v / 1e6:.2f} MB"  # noqa: E731
    lines = [
        "## Over a network link (the server shapes every request, the workers' too)",
        "",
        f"Medians of {runs} runs, each a new browser profile: a first visit, then a return visit "
        "(a new tab).",
        "Bytes: what the server sent (compressed as sent, headers included); requests: what reached it "
        "(a revalidation that ends in 304 counts), in brackets those for the runtime (Pyodide, the "
        "snapshot, the wheel, PyScript's files). Profiles (benchmarks/shaping.py): "
        + "; ".join(f"`{p.name}` " + (f"{p.mbit_per_s:g} Mbit/s, {p.rtt_ms:g} ms round trip" if p.mbit_per_s
                                      else "unshaped") for p in shaping.PROFILES.values() if p.name in found)
        + ".",
    ]
    for name, figures in found.items():
        lines += ["", f"### `{name}`", "",
                  "| page | first visit | return visit | bytes, first | bytes, return | requests, first "
                  "| requests, return |",
                  "|---|---:|---:|---:|---:|---:|---:|"]
        for page in PAGES:
            d = figures[page]
            lines.append(f"| {page} | {med(d['first_ready_ms']):,.0f} ms "
                         f"| {med(d['return_ready_ms']):,.0f} ms "
                         f"| {mb(med(d['first_bytes']))} | {mb(med(d['return_bytes']))} "
                         f"| {med(d['first_requests']):.0f} ({med(d['first_runtime_requests']):.0f}) "
                         f"| {med(d['return_requests']):.0f} ({med(d['return_runtime_requests']):.0f}) |")
        ours, plain = figures["ours"], figures["plain Pyodide"]
        lines += ["", f"Ours against plain Pyodide (`{name}`): first visit "
                  f"{med(ours['first_ready_ms']) / med(plain['first_ready_ms']):.2f}×, return visit "
                  f"{med(ours['return_ready_ms']) / med(plain['return_ready_ms']):.2f}×, "
                  "bytes of a first visit "
                  f"{med(ours['first_bytes']) / med(plain['first_bytes']):.2f}×."]
        if "journey" in figures and figures["journey"]:
            j = figures["journey"]
            runs_ms = ", ".join(f"{v:.0f}" for v in j["click_to_ready_ms"])
            lines.append(f"Journey (`{name}`: English home page, {READING_S} s reading (a screen down every "
                         f"{SCROLL_EVERY_S:g} s), click on its calculator link): click to ready "
                         f"{med(j['click_to_ready_ms']):,.0f} ms "
                         f"(runs: {runs_ms}); the journey's bytes {mb(med(j['bytes']))}, "
                         f"requests {med(j['requests']):.0f}.")
    return lines
