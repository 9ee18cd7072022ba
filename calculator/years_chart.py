"""The years ahead as an SVG chart: what staying on Express and moving to
Passport Advantage have cost by each date, until the horizon.

Drawn by the package, like the level chart, so the page, its print view and
the command line (``--format svg``) show one picture. Two step lines (each
bill raises its program's running total on its date), the anniversaries
marked, and the RSVP level each term starts at (and reaches) above it.

Every word comes from the caller, already in the reader's language (``labels``:
title, a one-sentence description, the two programs' names, the axes'
names); numbers are written with the caller's separators (``group``), dates
only as years, so no locale data is needed here. Every text is escaped.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from html import escape

from .model import Estimate

WIDTH, HEIGHT = 640, 340
LEFT, RIGHT, TOP, BOTTOM = 72, 16, 48, 64


def running_totals(result: Estimate) -> list[tuple[date, Decimal, Decimal]]:
    """What each program has cost by every date a bill falls due, in date
    order: ``(date, express, passport_advantage)``. The chart's two lines and
    the table beside it (the same figures, for readers who cannot see the
    chart) both come from here; an Express bill counts for its months inside
    the horizon, as in the totals."""
    comparison = result.comparison
    bills = {"express": {}, "passport": {}}
    for b in comparison.express.bills:
        bills["express"][b.date] = bills["express"].get(b.date, 0) + b.amount_in_horizon
    for b in comparison.passport_advantage.bills:
        bills["passport"][b.date] = bills["passport"].get(b.date, 0) + b.amount
    zero = Decimal(0).quantize(comparison.express.total)  # the currency's minor unit
    express = passport = zero
    rows = []
    for day in sorted(bills["express"].keys() | bills["passport"].keys()):
        express += bills["express"].get(day, 0)
        passport += bills["passport"].get(day, 0)
        rows.append((day, express, passport))
    return rows


def years_chart(result: Estimate, labels: dict[str, str]) -> str:
    comparison = result.comparison
    start, end = comparison.start_date, comparison.horizon_date
    span = max((end - start).days, 1)
    top = _nice_top(max(comparison.express.total, comparison.passport_advantage.total))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        return round(LEFT + min(max((day - start).days, 0), span) / span * plot_w, 2)

    def y(amount: Decimal) -> float:
        return round(TOP + plot_h - float(amount / top) * plot_h, 2)

    title, desc = _label(labels, "title"), _label(labels, "description")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="years-chart-title years-chart-desc" class="years-chart">',
        f'<title id="years-chart-title">{escape(title)}</title>',
        f'<desc id="years-chart-desc">{escape(desc)}</desc>',
    ]
    parts += _grid(top, y, labels)
    parts += _years(start, end, x, labels)
    parts += _terms(result, x, start, end)
    totals = running_totals(result)
    parts.append(_steps([(day, e) for day, e, _ in totals], start, end, x, y, "express",
                        'stroke-dasharray="6 4" stroke-width="2"'))
    parts.append(_steps([(day, p) for day, _, p in totals], start, end, x, y, "passport", 'stroke-width="3"'))
    parts += _legend(labels)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _nice_top(amount: Decimal) -> Decimal:
    """The axis' top: 1, 2, 2.5 or 5 times a power of ten, at least ``amount``."""
    if amount <= 0:
        return Decimal(1)
    power = Decimal(10) ** (amount.adjusted())
    for step in (1, 2, Decimal("2.5"), 5, 10):
        if power * step >= amount:
            return power * step
    return power * 10


def _grid(top: Decimal, y, labels: dict[str, str]) -> list[str]:
    """Four bands of the amount axis, each line with its amount."""
    parts = []
    for share in range(5):
        amount = top * share / 4
        at = y(amount)
        parts.append(f'<line x1="{LEFT}" y1="{at}" x2="{WIDTH - RIGHT}" y2="{at}" class="grid" '
                     f'stroke="currentColor" stroke-opacity="{0.6 if share == 0 else 0.15}"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{at + 4}" text-anchor="end" class="amount" font-size="11">'
                     f'{escape(_number(amount, labels))}</text>')
    parts.append(f'<text x="4" y="{TOP - 30}" class="axis-label" font-size="11">'
                 f'{escape(_label(labels, "amount"))}</text>')
    return parts


def _years(start: date, end: date, x, labels: dict[str, str]) -> list[str]:
    """A tick at each new year, labelled with the year (a number in every language)."""
    parts = []
    for year in range(start.year + 1, end.year + 1):
        at = x(date(year, 1, 1))
        parts.append(f'<line x1="{at}" y1="{HEIGHT - BOTTOM}" x2="{at}" y2="{HEIGHT - BOTTOM + 5}" '
                     f'class="tick" stroke="currentColor"/>')
        parts.append(f'<text x="{at}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" class="year" '
                     f'font-size="11">{year}</text>')
    parts.append(f'<text x="{LEFT}" y="{HEIGHT - 8}" class="axis-label" font-size="11">'
                 f'{escape(_label(labels, "time"))}</text>')
    return parts


def _terms(result: Estimate, x, start: date, end: date) -> list[str]:
    """Each anniversary a dashed line; each term's level above its span."""
    parts = []
    for term in result.terms:
        left, right = max(term.start, start), min(_day_after(term.end), end)
        if left >= right:
            continue
        if term.start > start:
            at = x(term.start)
            parts.append(f'<line x1="{at}" y1="{TOP - 14}" x2="{at}" y2="{HEIGHT - BOTTOM}" '
                         f'class="anniversary" stroke="currentColor" stroke-opacity="0.5" '
                         f'stroke-dasharray="2 3"/>')
        level = term.level if term.level == term.reached_level else f"{term.level} → {term.reached_level}"
        parts.append(f'<text x="{round((x(left) + x(right)) / 2, 2)}" y="{TOP - 18}" text-anchor="middle" '
                     f'class="level" font-size="11">{escape(level)}</text>')
    return parts


def _steps(totals: list[tuple[date, Decimal]], start: date, end: date, x, y, name: str, style: str) -> str:
    """The running total as a step line: flat between bills, up on each
    (a date on which only the other program bills is no step)."""
    points, last = [f"M{x(start)},{y(Decimal(0))}"], Decimal(0)
    for day, total in totals:
        if total != last:
            points += [f"H{x(day)}", f"V{y(total)}"]
            last = total
    points.append(f"H{x(end)}")
    return f'<path d="{" ".join(points)}" fill="none" stroke="currentColor" {style} class="{name}"/>'


def _legend(labels: dict[str, str]) -> list[str]:
    row = HEIGHT - BOTTOM + 34
    return [
        f'<line x1="{LEFT}" y1="{row}" x2="{LEFT + 24}" y2="{row}" stroke="currentColor" '
        f'stroke-dasharray="6 4" stroke-width="2" class="express"/>',
        f'<text x="{LEFT + 30}" y="{row + 4}" font-size="11" class="legend">'
        f'{escape(_label(labels, "express"))}</text>',
        f'<line x1="{LEFT + 260}" y1="{row}" x2="{LEFT + 284}" y2="{row}" stroke="currentColor" '
        f'stroke-width="3" class="passport"/>',
        f'<text x="{LEFT + 290}" y="{row + 4}" font-size="11" class="legend">'
        f'{escape(_label(labels, "passport"))}</text>',
    ]


def _number(amount: Decimal, labels: dict[str, str]) -> str:
    """A whole amount with the caller's group separator (``,`` by default)."""
    whole = f"{int(amount.to_integral_value()):,}"
    return whole.replace(",", _label(labels, "group") or ",")


def _day_after(day: date) -> date:
    return date.fromordinal(day.toordinal() + 1)


def _label(labels: dict[str, str], key: str) -> str:
    value = labels.get(key, "")
    return value if isinstance(value, str) else ""
