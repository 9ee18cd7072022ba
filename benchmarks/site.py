"""Build the site to benchmark, into a directory of the caller's choosing.

The repository's own mkdocs.yml when it exists (the real site); otherwise a
throwaway three-language MkDocs project in a temp dir that uses the
repository's hooks, overrides and docs/assets, so the calculator runtime
(the part measured here) is the same either way. Nothing is written into the
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
LANGUAGES = ("en", "zh-TW", "da")

THROWAWAY_CONFIG = """\
site_name: Passport Advantage migration (benchmark stand-in)
docs_dir: docs
theme:
  name: material
  custom_dir: {root}/overrides
  font: false
hooks:
  - {root}/hooks/pyodide_assets.py
  - {root}/hooks/calculator_page.py
plugins:
  - i18n:
      docs_structure: folder
      languages:
        - locale: en
          default: true
          name: English
          build: true
        - locale: zh-TW
          name: 繁體中文
          build: true
        - locale: da
          name: Dansk
          build: true
"""

PAGES = {
    "index.md": "# Migrate to Passport Advantage\n\nA landing page with some prose.\n\n" + "Some text. " * 200 + "\n",
    "guide.md": "# Guide\n\n" + "Step by step. " * 300 + "\n",
    "calculator.md": "# Savings calculator\n\nHow the estimate works.\n\n<!-- calculator -->\n",
}


def uses_real_site() -> bool:
    return (ROOT / "mkdocs.yml").is_file()


def _throwaway_project(tmp: Path) -> Path:
    docs = tmp / "docs"
    (docs / "assets").mkdir(parents=True)
    shutil.copytree(ROOT / "docs" / "assets" / "calculator", docs / "assets" / "calculator")
    for lang in LANGUAGES:
        (docs / lang).mkdir()
        for name, text in PAGES.items():
            (docs / lang / name).write_text(text, encoding="utf-8")
        strings = ROOT / "docs" / lang / "calculator.yml"
        shutil.copyfile(strings if strings.is_file() else ROOT / "docs" / "en" / "calculator.yml",
                        docs / lang / "calculator.yml")
    config = tmp / "mkdocs.yml"
    config.write_text(THROWAWAY_CONFIG.format(root=ROOT), encoding="utf-8")
    return config


def build(site_dir: Path, *, snapshot: bool = True) -> float:
    """Build into ``site_dir`` (replaced); return the wall time of `mkdocs build`, s."""
    env = {**os.environ}
    if not snapshot:
        env["PA_NO_SNAPSHOT"] = "1"
    if site_dir.exists():
        shutil.rmtree(site_dir)
    with tempfile.TemporaryDirectory(prefix="pa-bench-project-") as tmp:
        config = ROOT / "mkdocs.yml" if uses_real_site() else _throwaway_project(Path(tmp))
        command = [str(MKDOCS), "build", "--quiet", "--config-file", str(config), "--site-dir", str(site_dir)]
        start = time.perf_counter()
        done = subprocess.run(command, cwd=config.parent, env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
    if done.returncode:
        raise RuntimeError(f"mkdocs build failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return elapsed


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="pa-site-"))
    print(f"{build(target):.2f} s -> {target}")
