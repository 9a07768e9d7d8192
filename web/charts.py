"""Charts drawn on the server as inline SVG: no JavaScript library, no CDN, readable on a slow link."""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 720, 220, 48, 36, 12
SERIES = 9  # colours of series (s0 … s8 in the stylesheet): one per option of a consultation


def bars(labels: list[str], values: list[float], title: str, links: list[str] | None = None) -> Markup:
    """Return a bar chart; each bar links to the cases behind it when `links` is given."""
    if not values:
        return Markup(f'<p class="empty">{escape(title)}: —</p>')
    top = max(max(values), 1)
    slot = (WIDTH - PAD_LEFT) / len(values)
    parts = [_frame(title, top)]
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        height = (HEIGHT - PAD_BOTTOM - PAD_TOP) * value / top
        x, y = PAD_LEFT + index * slot + slot * 0.15, HEIGHT - PAD_BOTTOM - height
        bar = (
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{height:.1f}" class="bar">'
            f"<title>{escape(label)}: {value:g}</title></rect>"
        )
        if links:
            bar = f'<a href="{escape(links[index])}">{bar}</a>'
        parts.append(bar)
        if len(values) <= 16 or index % max(len(values) // 12, 1) == 0:
            parts.append(
                f'<text x="{x + slot * 0.35:.1f}" y="{HEIGHT - PAD_BOTTOM + 14}" class="tick" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    return _svg(title, parts)


def lines(labels: list[str], series: dict[str, list[float]], title: str) -> Markup:
    """Return a line chart of several series over the same labels (a trend)."""
    values = [v for points in series.values() for v in points]
    if not values or len(labels) < 2:
        return bars(labels, next(iter(series.values()), []), title)
    top = max(max(values), 1)
    step = (WIDTH - PAD_LEFT - 10) / (len(labels) - 1)
    parts = [_frame(title, top)]
    for number, (name, points) in enumerate(series.items()):
        coords = " ".join(
            f"{PAD_LEFT + i * step:.1f},{HEIGHT - PAD_BOTTOM - (HEIGHT - PAD_BOTTOM - PAD_TOP) * v / top:.1f}"
            for i, v in enumerate(points)
        )
        parts.append(f'<polyline points="{coords}" class="line s{number}"><title>{escape(name)}</title></polyline>')
        parts.append(
            f'<text x="{PAD_LEFT + 8 + number * 150}" y="{PAD_TOP + 4}" class="legend s{number}">{escape(name)}</text>'
        )
    for index in range(0, len(labels), max(len(labels) // 8, 1)):
        parts.append(
            f'<text x="{PAD_LEFT + index * step:.1f}" y="{HEIGHT - PAD_BOTTOM + 14}" class="tick" '
            f'text-anchor="middle">{escape(labels[index])}</text>'
        )
    return _svg(title, parts)


def stacked(groups: list[str], series: list[str], counts: list[list[float]], title: str) -> Markup:
    """Return one horizontal bar per group, split by series (a consultation's answers per township, per option)."""
    if not groups or not any(any(row) for row in counts):
        return Markup(f'<p class="empty">{escape(title)}: —</p>')
    label_width, row_height, legend_height = 150, 22, 24
    height = legend_height + row_height * len(groups) + 8
    scale = (WIDTH - label_width - 48) / max(max(sum(row) for row in counts), 1)
    parts = [
        f'<rect x="{label_width + index * 120}" y="6" width="10" height="10" class="bar s{index % SERIES}"/>'
        f'<text x="{label_width + index * 120 + 14}" y="15" class="legend">{escape(name)}</text>'
        for index, name in enumerate(series)
    ]
    for number, (group, row) in enumerate(zip(groups, counts, strict=True)):
        y, x = legend_height + number * row_height, float(label_width)
        parts.append(f'<text x="{label_width - 6}" y="{y + 14}" class="tick" text-anchor="end">{escape(group)}</text>')
        for index, value in enumerate(row):
            if value:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y + 3}" width="{value * scale:.1f}" height="{row_height - 6}" '
                    f'class="bar s{index % SERIES}"><title>{escape(group)} · {escape(series[index])}: '
                    f"{value:g}</title></rect>"
                )
                x += value * scale
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 14}" class="tick">{sum(row):g}</text>')
    return _svg(title, parts, height)


def _frame(title: str, top: float) -> str:
    axis_y = HEIGHT - PAD_BOTTOM
    return (
        f'<line x1="{PAD_LEFT}" y1="{axis_y}" x2="{WIDTH}" y2="{axis_y}" class="axis"/>'
        f'<text x="{PAD_LEFT - 6}" y="{PAD_TOP + 4}" class="tick" text-anchor="end">{top:g}</text>'
        f'<text x="{PAD_LEFT - 6}" y="{axis_y}" class="tick" text-anchor="end">0</text>'
    )


def _svg(title: str, parts: list[str], height: int = HEIGHT) -> Markup:
    body = "".join(parts)
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg">{body}</svg>'
    )
