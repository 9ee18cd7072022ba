"""Debian's Chromium and nginx, which ``./dev test`` installs with apt-get
while the first tests run: the tests that need neither (the estimator, the
build's checks, the embedded server) and the site's build do not wait for
the download. ``./dev test`` names a file (PA_DEBIAN_STATUS) that holds
apt-get's exit status once it is done, and its output beside it (.log);
whatever needs the packages first waits here. Without the variable (pytest
run by hand, the packages installed already) nothing waits."""

from __future__ import annotations

import os
import time
from pathlib import Path

TIMEOUT = 900  # s: apt-get update and the download of Chromium on a slow mirror


def wait_for_packages() -> None:
    """Return once apt-get has finished; fail with its output if it failed."""
    name = os.environ.get("PA_DEBIAN_STATUS")
    if not name:
        return
    status = Path(name)
    deadline = time.monotonic() + TIMEOUT
    while not (code := status.read_text().strip() if status.exists() else ""):
        if time.monotonic() > deadline:
            raise TimeoutError(f"apt-get has not finished after {TIMEOUT} s ({status}.log)")
        time.sleep(0.5)
    if code != "0":
        log = status.with_name(status.name + ".log")
        output = log.read_text(errors="replace")[-4000:] if log.exists() else ""
        raise RuntimeError(f"apt-get failed (exit {code}):\n{output}")
