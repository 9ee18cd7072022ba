"""The _headers file static hosts read at the site's root (Netlify,
Cloudflare Pages) says what our servers send: the same security headers and
Cache-Control, path by path, since all come from one source
(hooks/deploy_headers.py, from deploy/)."""

from __future__ import annotations

import pytest

from hooks.deploy_headers import matches, read_caching

from .http import headers_for, request, site_rules
from .test_types_and_compression import served_files

# What these tests check is how a server answers: each runs against both
# (tests/conftest.py); the ones that read only the build take no server.
pytestmark = pytest.mark.both_servers

REVALIDATE = read_caching()[1]  # what the file leaves to the host: deploy/caching.txt


def test_no_path_gets_a_header_from_two_rules(built_site):
    """Hosts merge what several matching rules say of one header (Cloudflare
    joins the values: "no-cache, public, max-age=31536000, immutable")."""
    rules = site_rules(built_site)
    twice = {}
    for rel in served_files(built_site):
        names = [name for pattern, headers in rules if matches(pattern, "/" + rel) for name in headers]
        if len(names) != len(set(names)):
            twice[rel] = names
    assert twice == {}


def test_the_headers_file_says_what_each_server_sends(built_site, site_url, server):
    rules = site_rules(built_site)
    immutable = [rel for rel in served_files(built_site) if "Cache-Control" in headers_for(rules, "/" + rel)]
    assert len(immutable) >= 10
    wrong = {}
    for rel in served_files(built_site):
        expected = {"Cache-Control": REVALIDATE, **headers_for(rules, "/" + rel)}
        answer = request(site_url, rel, "HEAD")
        got = {name: answer.header(name) for name in expected}
        if got != expected:
            wrong[rel] = {name: value for name, value in got.items() if value != expected[name]}
    assert wrong == {}
