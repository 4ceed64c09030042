"""Small SVG charts drawn server-side, so the insight page needs no JavaScript and no CDN.

Every label is XML-escaped before it goes into the SVG (intent and place names come from jobseekers'
messages); the result is the only `Markup` the console renders. No `style` attributes: the page's
Content-Security-Policy forbids inline styles, so presentation is SVG attributes and console.css.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from markupsafe import Markup

WIDTH = 720
BAR_COLOUR = "#2f6f9f"
LINE_COLOUR = "#b5452b"


def _text(x: float, y: float, label: str, anchor: str = "start", size: int = 12, extra: str = "") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'font-family="sans-serif" fill="#222"{extra}>{escape(str(label))}</text>'
    )


def horizontal_bars(title: str, rows: list[tuple[str, float]], value_format: str = "{:.0f}") -> Markup:
    """A labelled bar per row, longest first as given: top intents, searches by municipality."""
    if not rows:
        return Markup(f'<p class="empty">{escape(title)}: inga data ännu.</p>')
    label_width, bar_height, gap, top = 220, 20, 6, 30
    height = top + len(rows) * (bar_height + gap) + 10
    biggest = max(value for _label, value in rows) or 1
    scale = (WIDTH - label_width - 70) / biggest
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" class="chart">',
        f"<title>{escape(title)}</title>",
        _text(0, 18, title, size=14, extra=' font-weight="bold"'),
    ]
    for index, (label, value) in enumerate(rows):
        y = top + index * (bar_height + gap)
        shown = label if len(label) <= 32 else label[:31] + "…"
        parts.append(_text(label_width - 8, y + bar_height * 0.72, shown, anchor="end"))
        parts.append(
            f'<rect x="{label_width}" y="{y}" width="{max(value * scale, 1):.1f}" '
            f'height="{bar_height}" fill="{BAR_COLOUR}"/>'
        )
        parts.append(
            _text(label_width + value * scale + 6, y + bar_height * 0.72, value_format.format(value))
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def columns(
    title: str,
    points: list[tuple[str, float]],
    value_format: str = "{:.0f}",
    colour: str = BAR_COLOUR,
    max_value: float | None = None,
) -> Markup:
    """Vertical columns over days: conversations per day, fallback rate per day."""
    if not points:
        return Markup(f'<p class="empty">{escape(title)}: inga data ännu.</p>')
    height, left, bottom, top = 260, 50, 50, 30
    plot_w, plot_h = WIDTH - left - 10, height - top - bottom
    biggest = max_value or max(value for _label, value in points) or 1
    step = plot_w / len(points)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" class="chart">',
        f"<title>{escape(title)}</title>",
        _text(0, 18, title, size=14, extra=' font-weight="bold"'),
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#888"/>',
        _text(left - 6, top + 10, value_format.format(biggest), anchor="end", size=11),
        _text(left - 6, top + plot_h, value_format.format(0), anchor="end", size=11),
    ]
    label_every = max(1, len(points) // 10)
    for index, (label, value) in enumerate(points):
        bar_h = plot_h * (value / biggest)
        x = left + index * step
        parts.append(
            f'<rect x="{x + step * 0.1:.1f}" y="{top + plot_h - bar_h:.1f}" width="{step * 0.8:.1f}" '
            f'height="{bar_h:.1f}" fill="{colour}"><title>{escape(label)}: '
            f"{escape(value_format.format(value))}</title></rect>"
        )
        if index % label_every == 0:
            parts.append(_text(x + step / 2, top + plot_h + 16, label, anchor="middle", size=10))
    parts.append("</svg>")
    return Markup("".join(parts))
