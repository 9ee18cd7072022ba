"""The CSP hook allows exactly the inline scripts of the build at hand, also
when `mkdocs serve` rebuilds in the same process."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
from pathlib import Path

from hooks.deploy_headers import HEADERS_FILE, headers_for, parse_headers_file

ROOT = Path(__file__).resolve().parents[2]


def load_csp():
    spec = importlib.util.spec_from_file_location("csp_under_test", ROOT / "hooks" / "csp.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sha(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def build(csp, site: Path, script: str) -> str:
    csp.on_pre_build({})
    csp.on_post_page(f"<html><head></head><body><script>{script}</script></body></html>", None, None)
    csp.on_post_build({"site_dir": str(site)})
    return header_policy(site)


def header_policy(site: Path) -> str:
    """The policy the _headers file gives every path."""
    rules = parse_headers_file((site / HEADERS_FILE).read_text(encoding="utf-8"))
    return headers_for(rules, "/")["Content-Security-Policy"]


def test_a_rebuild_allows_only_its_own_inline_scripts(tmp_path):
    csp = load_csp()
    first = build(csp, tmp_path, "var a = 1")
    again = build(csp, tmp_path, "var b = 2")
    assert sha("var a = 1") in first
    assert sha("var b = 2") in again and sha("var a = 1") not in again


def test_a_languages_nested_build_adds_to_the_policy_of_the_build_around_it(tmp_path):
    # mkdocs-static-i18n builds each further language inside the first build's
    # post-build, with its plugin's ``building`` set.
    class I18n:
        building = False

    csp, i18n = load_csp(), I18n()
    config = {"plugins": {"i18n": i18n}, "site_dir": str(tmp_path)}
    csp.on_pre_build(config)
    csp.on_post_page("<head></head><script>var en = 1</script>", None, None)
    i18n.building = True
    csp.on_pre_build(config)
    csp.on_post_page("<head></head><script>var da = 1</script>", None, None)
    csp.on_post_build(config)
    policy = header_policy(tmp_path)
    assert sha("var en = 1") in policy and sha("var da = 1") in policy
