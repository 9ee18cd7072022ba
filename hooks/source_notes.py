"""MkDocs hook: the Markdown's HTML comments stay in the source.

The English pages cite their sources in comments beside each statement (for
translators and reviewers), and translators leave notes the same way; a
reader's page needs neither, so they are left out of the built HTML. The
calculator's ``<!-- calculator -->`` marker is replaced earlier, by
hooks/calculator_page.py, and theme templates are not Markdown.
"""

from __future__ import annotations

import re
from typing import Any

_COMMENT = re.compile(r"<!--.*?-->\n?", re.S)


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    return _COMMENT.sub("", html)
