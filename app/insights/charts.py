"""Charts drawn on the server as plain SVG: no JavaScript, no library, nothing fetched.

Column charts scale with their viewBox (the page lets them scroll sideways on a phone rather than
shrink the text). Horizontal bar charts are laid out in percentages with text in pixels, so their
labels stay readable at any width. Every chart is role="img" with a title and a description;
the page puts the numbers in a table right after it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

INK = "#1f2a2e"
INK_SOFT = "#4d5a5e"
GRID = "#e6e1d7"
AXIS = "#8a8478"
ACCENT = "#2f5d50"
WARM = "#b55a24"  # 4.9:1 on white: a bar and its white label both stay legible
FONT = 'font-family="inherit"'
WIDE, NARROW = 720, 340


@dataclass(frozen=True)
class Series:
    name: str
    color: str


@dataclass(frozen=True)
class Column:
    """One column: stacked values (bottom first), its axis label (two lines, either may be blank)
    and what a pointer hovering over it is told."""

    values: tuple[int, ...]
    label: str = ""
    sublabel: str = ""
    hover: str = ""


@dataclass(frozen=True)
class Row:
    """One horizontal bar: its label, its length, the text at its end."""

    label: str
    value: int
    value_text: str
    highlight: bool = False


def nice_ticks(maximum: float, target: int = 5) -> list[int]:
    """Round axis steps (1, 2, 5 × 10ⁿ) from 0 to at least `maximum`, whole numbers only."""
    if maximum <= 0:
        return [0, 1]
    raw = maximum / target
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1, int(round(step)))
    top = math.ceil(maximum / step) * step
    return list(range(0, top + 1, step))


def _labelled(chart_id: str, title: str, description: str) -> str:
    return (
        f'role="img" aria-labelledby="{chart_id}-svg-title {chart_id}-svg-desc"><title id="{chart_id}-svg-title">'
        f'{escape(title)}</title><desc id="{chart_id}-svg-desc">{escape(description)}</desc>'
    )


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def column_chart(
    chart_id: str,
    title: str,
    description: str,
    columns: Sequence[Column],
    series: Sequence[Series],
    *,
    y_label: str,
    x_label: str,
    show_values: bool = False,
    width: int = WIDE,
) -> Markup:
    """Vertical (stacked) columns over a category axis, with a y axis of round steps. `width` is
    the drawing's own width: the page shows a wide one, or on a phone a narrow one (NARROW), so
    that the text stays about the same size."""
    height = 300
    left, right, top, bottom = 58 if width >= WIDE else 50, 14, 22, 66
    plot_w, plot_h = width - left - right, height - top - bottom
    # Small counts keep a few steps, so that a single landing is not a wall-high bar.
    ticks = nice_ticks(max(max((sum(column.values) for column in columns), default=0), 4))
    scale = plot_h / ticks[-1]
    base = top + plot_h
    size = "wide" if width == WIDE else "narrow"
    parts = [
        f'<svg class="chart chart-columns chart-{size}" viewBox="0 0 {width} {height}" '
        f'xmlns="http://www.w3.org/2000/svg" {FONT} ' + _labelled(f"{chart_id}-{size}", title, description)
    ]
    for tick in ticks:
        y = base - tick * scale
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{_n(y)}" y2="{_n(y)}" '
            f'stroke="{AXIS if tick == 0 else GRID}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{left - 8}" y="{_n(y + 4.5)}" text-anchor="end" font-size="13" fill="{INK_SOFT}">{tick:,}</text>'
        )
    parts.append(
        f'<text transform="translate(15 {_n(top + plot_h / 2)}) rotate(-90)" text-anchor="middle" '
        f'font-size="13" fill="{INK_SOFT}">{escape(y_label)}</text>'
    )
    slot = plot_w / max(len(columns), 1)
    bar_w = min(slot * 0.72, 44)
    last_label_x = -1000.0
    for index, column in enumerate(columns):
        x = left + index * slot + (slot - bar_w) / 2
        center = x + bar_w / 2
        stacked = 0
        parts.append("<g>")
        if column.hover:
            parts.append(f"<title>{escape(column.hover)}</title>")
        for value, one in zip(column.values, series, strict=True):
            if value:
                y = base - (stacked + value) * scale
                parts.append(
                    f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(bar_w)}" height="{_n(value * scale)}" '
                    f'fill="{one.color}"/>'
                )
            stacked += value
        # An invisible full-height target, so that hovering anywhere over the column shows its numbers.
        parts.append(
            f'<rect x="{_n(left + index * slot)}" y="{top}" width="{_n(slot)}" height="{plot_h}" fill="transparent"/>'
        )
        parts.append("</g>")
        if show_values and bar_w >= 16 and stacked:
            parts.append(
                f'<text x="{_n(center)}" y="{_n(base - stacked * scale - 6)}" text-anchor="middle" '
                f'font-size="12" fill="{INK}">{stacked:,}</text>'
            )
        if column.label and center - last_label_x >= 44:
            last_label_x = center
            parts.append(
                f'<text x="{_n(center)}" y="{base + 19}" text-anchor="middle" font-size="13" '
                f'fill="{INK}">{escape(column.label)}</text>'
            )
            if column.sublabel:
                parts.append(
                    f'<text x="{_n(center)}" y="{base + 35}" text-anchor="middle" font-size="12" '
                    f'fill="{INK_SOFT}">{escape(column.sublabel)}</text>'
                )
    parts.append(
        f'<text x="{_n(left + plot_w / 2)}" y="{height - 6}" text-anchor="middle" font-size="13" '
        f'fill="{INK_SOFT}">{escape(x_label)}</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_rows(
    chart_id: str,
    title: str,
    description: str,
    rows: Sequence[Row],
    *,
    color: str = ACCENT,
    highlight_color: str = WARM,
    category_label: str,
    value_label: str,
) -> Markup:
    """Horizontal bars, each under its label, sized in percent of the width so that the text keeps
    its size on any screen; the count sits inside a long bar or just after a short one."""
    row_h, label_h, bar_h = 60, 20, 26
    head, foot = 22, 30
    height = head + len(rows) * row_h + foot
    longest = max((row.value for row in rows), default=0)
    parts = [
        f'<svg class="chart chart-bars" width="100%" height="{height}" xmlns="http://www.w3.org/2000/svg" '
        f"{FONT} " + _labelled(chart_id, title, description)
    ]
    parts.append(f'<text x="0" y="14" font-size="13" fill="{INK_SOFT}">{escape(category_label)}</text>')
    for index, row in enumerate(rows):
        y = head + index * row_h
        fill = highlight_color if row.highlight else color
        weight = ' font-weight="700"' if row.highlight else ""
        parts.append(
            f'<text x="0" y="{y + label_h - 4}" font-size="15" fill="{INK}"{weight}>{escape(row.label)}</text>'
        )
        percent = 78 * row.value / longest if longest else 0
        bar_y = y + label_h + 2
        if row.value:
            parts.append(
                f'<rect x="0" y="{bar_y}" width="{_n(max(percent, 0.4))}%" height="{bar_h}" rx="3" fill="{fill}"/>'
            )
        text_y = bar_y + bar_h / 2 + 5
        if percent >= 40:
            parts.append(
                f'<text x="{_n(percent)}%" dx="-10" y="{_n(text_y)}" text-anchor="end" font-size="14" '
                f'font-weight="700" fill="#ffffff">{escape(row.value_text)}</text>'
            )
        else:
            parts.append(
                f'<text x="{_n(percent)}%" dx="{8 if row.value else 2}" y="{_n(text_y)}" font-size="14" '
                f'font-weight="600" fill="{INK}">{escape(row.value_text)}</text>'
            )
    parts.append(f'<text x="0" y="{height - 8}" font-size="13" fill="{INK_SOFT}">{escape(value_label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def growth_chart(
    chart_id: str,
    title: str,
    description: str,
    since: date,
    until: date,
    steps: Sequence[tuple[date, int]],
    *,
    y_label: str,
    x_label: str,
    width: int = 480,
) -> Markup:
    """A small step line: a running count from `since` to `until`, a dot where it grew."""
    height = 210
    left, right, top, bottom = 46, 18, 16, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    span = max((until - since).days, 1)
    ticks = nice_ticks(max(max((count for _, count in steps), default=0), 4), target=4)
    scale = plot_h / ticks[-1]
    base = top + plot_h

    def x_of(day: date) -> float:
        return left + plot_w * min(max((day - since).days, 0), span) / span

    size = "narrow" if width <= NARROW else "wide"
    parts = [
        f'<svg class="chart chart-growth chart-{size}" viewBox="0 0 {width} {height}" '
        f'xmlns="http://www.w3.org/2000/svg" {FONT} ' + _labelled(f"{chart_id}-{size}", title, description)
    ]
    for tick in ticks:
        y = base - tick * scale
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{_n(y)}" y2="{_n(y)}" stroke="{AXIS if tick == 0 else GRID}"/>'
        )
        parts.append(
            f'<text x="{left - 8}" y="{_n(y + 4.5)}" text-anchor="end" font-size="13" fill="{INK_SOFT}">{tick}</text>'
        )
    parts.append(
        f'<text transform="translate(14 {_n(top + plot_h / 2)}) rotate(-90)" text-anchor="middle" '
        f'font-size="13" fill="{INK_SOFT}">{escape(y_label)}</text>'
    )
    path = [f"M{_n(x_of(since))} {_n(base)}"]
    for day, total in steps:
        path.append(f"H{_n(x_of(day))}V{_n(base - total * scale)}")
    path.append(f"H{_n(x_of(until))}")
    parts.append(f'<path d="{"".join(path)}" fill="none" stroke="{ACCENT}" stroke-width="3" stroke-linejoin="round"/>')
    for day, total in steps:
        parts.append(
            f'<circle cx="{_n(x_of(day))}" cy="{_n(base - total * scale)}" r="5" fill="{ACCENT}" '
            f'stroke="#ffffff" stroke-width="2"><title>{escape(f"{day:%b %-d, %Y}: {total}")}</title></circle>'
        )
    parts.append(f'<text x="{left}" y="{base + 20}" font-size="13" fill="{INK}">{since:%b %-d, %Y}</text>')
    parts.append(
        f'<text x="{width - right}" y="{base + 20}" text-anchor="end" font-size="13" fill="{INK}">'
        f"{until:%b %-d, %Y}</text>"
    )
    parts.append(
        f'<text x="{_n(left + plot_w / 2)}" y="{height - 8}" text-anchor="middle" font-size="13" '
        f'fill="{INK_SOFT}">{escape(x_label)}</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))
