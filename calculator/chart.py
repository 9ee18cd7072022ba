"""The level table as an SVG step chart, with the user's position.

Drawn by the package so that the command line (``--format svg``) and the
browser show the same picture. Levels get equal widths (thresholds grow
roughly geometrically, so a linear axis would squash the low levels); the
position is placed within its level's band in proportion to its points.
Every label comes from the caller (the translation files); every text is
escaped, since level names may come from a user's table.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from .model import LevelTable
from .serialize import decimal_text

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 40, 56


def level_chart(table: LevelTable, points: Decimal | None, labels: dict[str, str]) -> str:
    """``labels`` keys: title, points, discount, you, example (all optional)."""
    levels = table.levels
    band = (WIDTH - LEFT - RIGHT) / len(levels)
    top = max((level.discount_percent for level in levels), default=Decimal(0)) or Decimal(1)
    plot = HEIGHT - TOP - BOTTOM

    def y(discount: Decimal) -> float:
        return round(TOP + plot - float(discount / top) * plot, 2)

    title = _label(labels, "title")
    if table.example and labels.get("example"):
        title = f"{title} ({labels['example']})" if title else str(labels["example"])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(title)}" class="level-chart">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{LEFT}" y1="{TOP + plot}" x2="{WIDTH - RIGHT}" y2="{TOP + plot}" '
        'class="axis" stroke="currentColor"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot}" class="axis" stroke="currentColor"/>',
    ]
    path = []
    for index, level in enumerate(levels):
        x0, x1 = LEFT + index * band, LEFT + (index + 1) * band
        step = y(level.discount_percent)
        path.append(f"{'M' if index == 0 else 'L'}{x0:.2f},{step} L{x1:.2f},{step}")
        middle = f'x="{(x0 + x1) / 2:.2f}"'
        parts.append(f'<text {middle} y="{TOP + plot + 18}" text-anchor="middle" class="level">'
                     f"{escape(level.name)}</text>")
        parts.append(f'<text {middle} y="{TOP + plot + 34}" text-anchor="middle" class="threshold" '
                     f'font-size="10">{escape(decimal_text(level.min_points))}</text>')
        parts.append(f'<text {middle} y="{step - 6}" text-anchor="middle" class="discount" font-size="11">'
                     f"{escape(decimal_text(level.discount_percent))}%</text>")
    parts.append(f'<path d="{" ".join(path)}" fill="none" stroke="currentColor" stroke-width="2" '
                 'class="steps"/>')
    parts.append(f'<text x="{LEFT}" y="{HEIGHT - 6}" class="axis-label" font-size="11">'
                 f'{escape(_label(labels, "points"))}</text>')
    parts.append(f'<text x="4" y="{TOP - 12}" class="axis-label" font-size="11">'
                 f'{escape(_label(labels, "discount"))}</text>')
    if points is not None:
        x = _position(table, points, band)
        reached = table.level_for(points)
        parts.append(f'<line x1="{x:.2f}" y1="{TOP}" x2="{x:.2f}" y2="{TOP + plot}" class="you" '
                     'stroke="currentColor" stroke-dasharray="4 3"/>')
        parts.append(f'<circle cx="{x:.2f}" cy="{y(reached.discount_percent)}" r="5" class="you"/>')
        parts.append(f'<text x="{x:.2f}" y="{TOP - 4}" text-anchor="middle" class="you" font-size="11">'
                     f'{escape(_label(labels, "you"))}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _position(table: LevelTable, points: Decimal, band: float) -> float:
    levels = table.levels
    reached = table.level_for(points)
    index = table.rank(reached)
    upper = table.above(reached)
    if upper is None:  # the top band has no end: sit in its middle
        share = 0.5
    else:
        share = float((points - reached.min_points) / (upper.min_points - reached.min_points))
    share = min(max(share, 0.0), 1.0)
    return LEFT + (index + share) * band if levels else LEFT


def _label(labels: dict[str, str], key: str) -> str:
    value = labels.get(key, "")
    return value if isinstance(value, str) else ""
