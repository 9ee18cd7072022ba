"""What a static host must not hand out, whatever lands in the web root: the
_headers file (hosts read it, they do not serve it), dotfiles and
dot-folders (a deploy that copied .env or .git along), and files behind a
symbolic link, which may lead anywhere on the machine. And one range a
request at most: many small ranges of the wasm make one request cost many."""

from __future__ import annotations

import pytest

from .http import request

# What these tests check is how a server answers: each runs against both
# (tests/conftest.py); the ones that read only the build take no server.
pytestmark = pytest.mark.both_servers

SECRET = "DATABASE_PASSWORD=not-for-the-public\n"


@pytest.fixture
def careless_deploy(built_site, tmp_path):
    """What a careless copy leaves in the web root, removed afterwards."""
    outside = tmp_path / "outside.txt"
    outside.write_text(SECRET)
    planted = [built_site / ".env", built_site / ".git" / "config", built_site / "da" / ".htpasswd",
               built_site / "leak.txt", built_site / "assets" / "leak"]
    (built_site / ".git").mkdir()
    for path in planted[:3]:
        path.write_text(SECRET)
    planted[3].symlink_to(outside)
    planted[4].symlink_to(tmp_path, target_is_directory=True)
    yield
    for path in planted:
        path.unlink()
    (built_site / ".git").rmdir()


@pytest.mark.parametrize("path", [".env", ".git/config", "da/.htpasswd", "%2Eenv", "da/../.env",
                                  "leak.txt", "assets/leak/outside.txt"])
def test_dotfiles_and_links_are_not_served(built_site, site_url, server, careless_deploy, path):
    answer = request(site_url, path)
    assert answer.status == 404
    assert SECRET.encode() not in answer.body


@pytest.mark.parametrize("path", ["_headers", "%5Fheaders", "da/../_headers"])
def test_the_headers_file_is_for_the_host_not_the_public(built_site, site_url, server, path):
    answer = request(site_url, path)
    assert answer.status == 404
    assert answer.body == (built_site / "404.html").read_bytes()


def test_many_ranges_get_the_whole_file_once(built_site, site_url, server, runtime):
    rel = runtime["pyodide"] + "pyodide.asm.wasm"
    ranges = ",".join(f"{n * 1000}-{n * 1000 + 1}" for n in range(50))
    answer = request(site_url, rel, Range=f"bytes={ranges}")
    assert answer.status == 200
    assert answer.body == (built_site / rel).read_bytes()
