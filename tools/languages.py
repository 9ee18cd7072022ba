"""The site's languages, as configured in mkdocs.yml (the one place a
language is added)."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


class _Loader(yaml.SafeLoader):
    """mkdocs.yml may carry !!python/name tags; they do not matter here."""


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def mkdocs_config() -> dict:
    """mkdocs.yml as plain data (without MkDocs's validation or !ENV values)."""
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)


def configured_languages() -> list[str]:
    config = mkdocs_config()
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            return [lang["locale"] for lang in plugin["i18n"]["languages"]]
    raise LookupError("no i18n plugin in mkdocs.yml")


LANGUAGES = configured_languages()
