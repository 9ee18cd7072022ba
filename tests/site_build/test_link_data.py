"""data/links.yml: each key links IBM's current page where one was
confirmed, keeps the flyer's address beside it, and says which it is."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[2]
ENTRIES = yaml.safe_load((ROOT / "data" / "links.yml").read_text(encoding="utf-8"))
FLYER_HOSTS = ("www.ibm.com", "www-01.ibm.com", "www-112.ibm.com", "www14.software.ibm.com")


def test_every_key_has_its_address_the_flyers_and_where_it_was_confirmed():
    assert ENTRIES, "no links"
    for key, entry in ENTRIES.items():
        assert set(entry) == {"url", "flyer", "confirmed"}, key
        assert urlsplit(entry["url"]).scheme in ("http", "https"), key
        assert urlsplit(entry["flyer"]).netloc in FLYER_HOSTS, key
        assert entry["confirmed"].strip(), key


def test_an_address_not_confirmed_is_the_flyers_and_a_confirmed_one_is_current():
    for key, entry in ENTRIES.items():
        if entry["confirmed"].startswith("not confirmed"):
            assert entry["url"] == entry["flyer"], key
        else:
            # A confirmed address is on IBM's current site, over https, and says where it was seen.
            assert entry["url"].startswith("https://www.ibm.com/"), key
            assert entry["url"] in entry["confirmed"], key
