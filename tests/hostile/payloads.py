"""Script and HTML payloads for names, descriptions, order labels, CSV cells,
JSON keys and links. Each would set ``window.__pwned`` (or open a dialog) if
anything treated it as markup, a URL or a template; each fits the 200
characters a name may have and has no surrounding spaces, so it must come
back character for character wherever it is shown."""

from __future__ import annotations

PAYLOADS: dict[str, str] = {
    "script tag": "<script>window.__pwned='script'</script>",
    "img onerror": "<img src=x onerror=\"window.__pwned='img'\">",
    "svg onload": "<svg onload=\"window.__pwned='svg'\"></svg>",
    "javascript URL": "javascript:window.__pwned='js-url'",
    "iframe srcdoc breakout": "\"><iframe srcdoc=\"<script>parent.__pwned='iframe'</script>\"></iframe>",
    "anchor href": "<a href=\"javascript:window.__pwned='a'\">click</a>",
    "Angular-style template": "{{constructor.constructor('window.__pwned=\"tpl\"')()}}",
    "JS template literal": "${window.__pwned='template'}",
    "double-quote attribute breakout": "\" autofocus onfocus=\"window.__pwned='attr2'\" x=\"",
    "single-quote attribute breakout": "' onmouseover='window.__pwned=\"attr1\"' x='",
    "textarea breakout": "</textarea><script>window.__pwned='textarea'</script>",
    "SVG title breakout": "</title></svg><svg onload=\"window.__pwned='title'\">",
    "CDATA breakout": "]]><script>window.__pwned='cdata'</script>",
    "comment breakout": "--><script>window.__pwned='comment'</script><!--",
    "style breakout": "</style><img src=x onerror=\"window.__pwned='style'\">",
    "CSS url injection": "<div style=\"background:url(javascript:window.__pwned='css')\">x</div>",
    "CSS rule injection": "<style>*{background:url(\"javascript:window.__pwned='rule'\")}</style>",
    "details ontoggle": "<details open ontoggle=\"window.__pwned='details'\">",
    "mutation XSS": "<math><mtext><table><mglyph><style><img src=x onerror=\"window.__pwned='mxss'\">",
    "alert dialog": "<img src=x onerror=alert('xss')>",
    "JSON breakout": "\"}]}</script><script>window.__pwned='json'</script>",
    "HTML entities stay literal": "&lt;b&gt;&amp;amp;&#x3c;script&#x3e;",
    "RTL override": "\u202etxt.exe",
    "zero width and line separators": "zero\u200bwidth\u2028line\u2029separator",
    "formula HYPERLINK": "=HYPERLINK(\"javascript:window.__pwned='sheet'\",\"x\")",
    "formula DDE": "@SUM(1+1)*cmd|' /C calc'!A0",
    "formula plus": "+1+cmd|' /C calc'!A0",
    "formula minus": "-2+3+cmd|' /C calc'!A0",
}

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def in_spreadsheet(text: str) -> str:
    """What the CSV export must write for ``text``: formulas made inert."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
