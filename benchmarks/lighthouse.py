"""Lighthouse (pinned in package.json; mobile defaults, Debian's Chromium)
over every page of every language, the 404 pages too, served by
tools/serve.py: the four scores, CLS, TBT and LCP per page.

    ./dev bench --lighthouse-only              # or: .venv/bin/python -m benchmarks.lighthouse
    .venv/bin/python -m benchmarks.lighthouse --site site   # an existing build instead of a fresh one

Part of ``./dev bench`` (benchmarks/run.py). Writes
benchmarks/results/lighthouse.md (and prints it). Nothing is asserted here:
the performance score and TBT depend on the machine and its load (compare
pages within one run); tests/site_build/test_lighthouse.py asserts what does
not (accessibility, best practices, SEO, CLS).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import site as site_build
from tools import lighthouse

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "results" / "lighthouse.md"
COLUMNS = ("performance", "accessibility", "best-practices", "seo")


def measure(site: Path) -> tuple[list[dict], float]:
    """Every page of ``site`` audited through tools/serve.py; the summaries and the wall time, s."""
    from tools.serve import start_in_background

    url, httpd = start_in_background(site)
    try:
        start = time.perf_counter()
        results = lighthouse.audit([url + path for path in lighthouse.pages(site)])
        return results, time.perf_counter() - start
    finally:
        httpd.shutdown()
        httpd.server_close()


def score(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}"


def render(results: list[dict], seconds: float, source: str) -> str:
    lines = [
        "# Lighthouse: latest results",
        "",
        f"`python -m benchmarks.lighthouse` — {time.strftime('%Y-%m-%d %H:%M %Z')}; {source}, served by "
        "tools/serve.py on loopback; Lighthouse's mobile defaults (simulated slow 4G, 4× CPU slowdown), "
        f"headless Debian Chromium, one run per page, {len(results)} pages in {seconds:.0f} s. "
        "Performance and TBT depend on the machine and its load: compare pages of one run.",
        "",
        "| page | performance | accessibility | best practices | SEO | CLS | TBT, ms | LCP, ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for page in results:
        path = "/" + page["requested"].split("/", 3)[3]
        m = page["metrics"]
        lines.append(f"| {path} | " + " | ".join(score(page["scores"][c]) for c in COLUMNS)
                     + f" | {m['cls']:.3f} | {m['tbt']:,.0f} | {m['lcp']:,.0f} |")
    tbt = [p["metrics"]["tbt"] for p in results]
    cls = [p["metrics"]["cls"] for p in results]
    lines += ["", f"Median TBT {statistics.median(tbt):,.0f} ms, largest CLS {max(cls):.3f}.", "",
              "## Audits that did not pass", ""]
    failing = [(p, f) for p in results for f in p["failing"]]
    if not failing:
        lines.append("None.")
    for page, audit in failing:
        path = "/" + page["requested"].split("/", 3)[3]
        value = f" ({audit['value']})" if audit["value"] else ""
        lines.append(f"- {path}: {audit['category']} `{audit['id']}` {audit['title']}{value}")
    return "\n".join(lines) + "\n"


def run(site: Path | None = None, out: Path = OUT) -> str:
    """Audit ``site`` (default: a fresh build of the repository's site); write and return the report."""
    with tempfile.TemporaryDirectory(prefix="pa-lighthouse-") as tmp:
        if site is None:
            print("building the site…", file=sys.stderr)
            site = Path(tmp) / "site"
            site_build.build(site)
            source = "the repository's site, built fresh"
        else:
            source = f"the build in {site}"
        print("running Lighthouse on every page…", file=sys.stderr)
        results, seconds = measure(site)
    report = render(results, seconds, source)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report, encoding="utf-8")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Lighthouse over every page of every language.")
    parser.add_argument("--site", type=Path, help="a built site to audit (default: build one)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    print(run(args.site, args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
