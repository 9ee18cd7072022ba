"""Build the site to benchmark (the repository's mkdocs.yml, every language)
into a directory of the caller's choosing. Nothing is written into the
repository except the hooks' caches in build/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = Path(sys.executable).with_name("mkdocs")


def build(site_dir: Path, *, snapshot: bool = True) -> float:
    """Build into ``site_dir`` (replaced); return the wall time of `mkdocs build`, s."""
    env = {**os.environ}
    if not snapshot:
        env["PA_NO_SNAPSHOT"] = "1"
    if site_dir.exists():
        shutil.rmtree(site_dir)
    command = [str(MKDOCS), "build", "--quiet", "--site-dir", str(site_dir)]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode:
        raise RuntimeError(f"mkdocs build failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return elapsed


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="pa-site-"))
    print(f"{build(target):.2f} s -> {target}")
