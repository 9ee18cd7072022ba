"""Debian's Chromium as the tests and the benchmarks launch it (through
Playwright): the one browser here, since test tools cannot download theirs.
The flags keep a headless Chromium from reaching for Google's services,
which this machine's closed network refuses."""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
