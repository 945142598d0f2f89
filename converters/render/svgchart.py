"""Native Word charts drawn as inline SVG at build time, plus the same numbers as a table.

No script and no external file: the chart is visible offline, in print and in WeChat, and its
labels are searchable text. Sizes use a viewBox so the figure scales to the phone's width.
"""

from __future__ import annotations

import dataclasses
import html
import math

from ..model import Chart

PALETTE = ("#3f51b5", "#ff7043", "#26a69a", "#ab47bc", "#ffa726", "#8d6e63", "#42a5f5", "#9ccc65")
# A narrow canvas keeps text readable when the figure is scaled down to a 375 px phone: drawn 400
# units wide into a 343 px column, FONT units are at least 12 px on screen (reading.css caps the
# width on desktops).
W, H = 400, 300
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 36, 64
HBAR_W, HBAR_NAME_W = 400, 168
PHONE_COLUMN_PX, MIN_LABEL_PX = 343, 12
FONT = 15
TITLE_FONT = 17
HBAR_NAME_CHARS = 9  # longer category names end in "…" (the full name is the tooltip and in the table)


def _e(text: str) -> str:
    return html.escape(str(text), quote=True)


def _fmt(value: float | None) -> str:
    if value is None:
        return "—"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4g}"


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * exp >= value:
            return step * exp
    return 10 * exp


def chart_svg(chart: Chart, *, show_title: bool = True) -> str:
    """The chart as inline SVG. `show_title=False` when the page already titles it (a figcaption or
    a heading says the same): one visible title per chart; the SVG keeps it as its <title>."""
    label = chart.title or chart.caption or "图表"
    chart = chart if show_title else dataclasses.replace(chart, title="")
    head = (
        f'<svg class="showcase-chart" viewBox="0 0 {W} {H}" role="img" aria-label="{_e(label)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{_e(label)}</title>'
    )
    if chart.title:
        head += f'<text x="{W / 2}" y="22" text-anchor="middle" class="chart-title" font-size="{TITLE_FONT}">{_e(chart.title)}</text>'
    if chart.kind == "bar" and chart.series:
        return _hbar_svg(chart, label)
    if chart.kind == "pie" and chart.series:
        body = _pie(chart)
    elif chart.kind == "line":
        body = _axes_chart(chart, lines=True)
    else:
        body = _axes_chart(chart, lines=False)
    return head + body + _legend(chart) + "</svg>"


def _hbar_svg(chart: Chart, label: str) -> str:
    """Horizontal bars: long Chinese category names read on the left, one row per category."""
    row, gap, name_w, top_pad = 26, 8, HBAR_NAME_W, 36 if chart.title else 8
    n = len(chart.categories)
    k = max(len(chart.series), 1)
    height = top_pad + n * (row * k + gap) + 30
    values = _values(chart)
    top = _nice_max(max(values, default=0))
    plot_w = HBAR_W - name_w - 40
    out = [
        f'<svg class="showcase-chart" viewBox="0 0 {HBAR_W} {height}" role="img" aria-label="{_e(label)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{_e(label)}</title>'
    ]
    if chart.title:
        out.append(f'<text x="{HBAR_W / 2}" y="22" text-anchor="middle" class="chart-title" font-size="{TITLE_FONT}">{_e(chart.title)}</text>')
    for i, name in enumerate(chart.categories):
        y0 = top_pad + i * (row * k + gap)
        shown = name if len(name) <= HBAR_NAME_CHARS + 1 else name[:HBAR_NAME_CHARS] + "…"
        out.append(
            f'<text x="{name_w - 8}" y="{y0 + row * k / 2 + 5:.1f}" text-anchor="end" font-size="{FONT}">'
            f"<title>{_e(name)}</title>{_e(shown)}</text>"
        )
        for si, series in enumerate(chart.series):
            v = series.values[i] if i < len(series.values) else None
            if v is None:
                continue
            w = plot_w * max(v, 0) / top
            y = y0 + si * row + 3
            color = PALETTE[si % len(PALETTE)]
            out.append(
                f'<rect x="{name_w}" y="{y:.1f}" width="{max(w, 1):.1f}" height="{row - 6}" fill="{color}">'
                f"<title>{_e(name)}: {_e(_fmt(v))}</title></rect>"
                f'<text x="{name_w + w + 6:.1f}" y="{y + row / 2 + 1:.1f}" font-size="{FONT}">{_e(_fmt(v))}</text>'
            )
    out.append(f'<line x1="{name_w}" x2="{name_w}" y1="{top_pad - 4}" y2="{height - 26}" stroke="#666"/>')
    if len(chart.series) > 1:
        out.append(_legend(chart).replace(f'y="{H - 22}"', f'y="{height - 20}"').replace(f'y="{H - 12}"', f'y="{height - 10}"'))
    out.append("</svg>")
    return "".join(out)


def _values(chart: Chart) -> list[float]:
    return [v for s in chart.series for v in s.values if v is not None]


def _axes_chart(chart: Chart, *, lines: bool) -> str:
    values = _values(chart)
    ticks = axis_ticks(values)
    low, top = ticks[0], ticks[-1]
    span = (top - low) or 1.0
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    n = max(len(chart.categories), max((len(s.values) for s in chart.series), default=0), 1)
    y = lambda v: TOP + plot_h * (1 - (v - low) / span)  # noqa: E731
    out = []
    for v in ticks:
        out.append(
            f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#ddd"/>'
            f'<text x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end" class="chart-tick" font-size="{FONT}">{_e(_fmt(v))}</text>'
        )
    band = plot_w / n
    for i in range(n):
        name = chart.categories[i] if i < len(chart.categories) else ""
        out.append(
            f'<text x="{LEFT + band * (i + 0.5):.1f}" y="{H - BOTTOM + 18}" text-anchor="middle" '
            f'font-size="{FONT}">{_e(name)}</text>'
        )
    k = max(len(chart.series), 1)
    for si, series in enumerate(chart.series):
        color = PALETTE[si % len(PALETTE)]
        if lines:
            pts = [
                (LEFT + band * (i + 0.5), y(v)) for i, v in enumerate(series.values) if v is not None
            ]
            if pts:
                path = " ".join(f"{px:.1f},{py:.1f}" for px, py in pts)
                out.append(f'<polyline fill="none" stroke="{color}" stroke-width="2.5" points="{path}"/>')
                out += [f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{color}"/>' for px, py in pts]
            continue
        bar = band * 0.8 / k
        labelled = _labels_fit(values, bar)
        for i, v in enumerate(series.values):
            if v is None:
                continue
            x = LEFT + band * i + band * 0.1 + bar * si
            y0, y1 = sorted((y(0 if low <= 0 <= top else low), y(v)))
            out.append(
                f'<rect x="{x:.1f}" y="{y0:.1f}" width="{bar:.1f}" height="{max(y1 - y0, 0.5):.1f}" fill="{color}">'
                f"<title>{_e(series.name)} {_e(chart.categories[i] if i < len(chart.categories) else '')}: {_e(_fmt(v))}</title></rect>"
            )
            if labelled:
                out.append(f'<text x="{x + bar / 2:.1f}" y="{y0 - 4:.1f}" text-anchor="middle" font-size="{FONT}">{_e(_fmt(v))}</text>')
    out.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y(max(low, 0)):.1f}" y2="{y(max(low, 0)):.1f}" stroke="#666"/>')
    return "".join(out)


def _labels_fit(values: list[float], bar: float) -> bool:
    """Value labels over the bars only when every one fits its bar's width (digits are about 0.6
    em): labels never overlap; the numbers are in the tooltip and the data table anyway."""
    return all(len(_fmt(v)) * FONT * 0.6 <= bar + 4 for v in values)


def axis_ticks(values: list[float], count: int = 4) -> list[float]:
    """About `count` equal steps from min(0, lowest) to a round top; whole-number steps when every
    value is a whole number (counts of experiences never read 1.25)."""
    high = max(values, default=0)
    low = min(0.0, min(values, default=0))
    if values and all(float(v).is_integer() for v in values):
        step = _nice_step(max((high - low) / count, 1))
        first = math.floor(low / step) * step
        last = max(math.ceil(high / step) * step, first + step)
        return [float(first + i * step) for i in range(int(round((last - first) / step)) + 1)]
    top = _nice_max(high)
    return [low + (top - low) * i / count for i in range(count + 1)]


def _nice_step(raw: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 25, 50, 100 … at least `raw`."""
    exp = 10 ** max(math.floor(math.log10(raw)), 0)
    for step in (1, 2, 2.5, 5, 10):
        if step * exp >= raw and float(step * exp).is_integer():
            return int(step * exp)
    return int(10 * exp)


def _pie(chart: Chart) -> str:
    series = chart.series[0]
    values = [max(v or 0.0, 0.0) for v in series.values]
    total = sum(values) or 1.0
    cx, cy, r = W / 2, (H - 30) / 2 + 20, min(W, H - 70) / 2 - 10
    out, angle = [], -math.pi / 2
    for i, v in enumerate(values):
        sweep = 2 * math.pi * v / total
        if v <= 0:
            continue
        color = PALETTE[i % len(PALETTE)]
        name = chart.categories[i] if i < len(chart.categories) else ""
        if sweep >= 2 * math.pi - 1e-9:
            out.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{color}"><title>{_e(name)}: {_e(_fmt(v))}</title></circle>')
            break
        x1, y1 = cx + r * math.cos(angle), cy + r * math.sin(angle)
        angle += sweep
        x2, y2 = cx + r * math.cos(angle), cy + r * math.sin(angle)
        large = 1 if sweep > math.pi else 0
        out.append(
            f'<path d="M{cx:.1f},{cy:.1f} L{x1:.1f},{y1:.1f} A{r:.1f},{r:.1f} 0 {large} 1 {x2:.1f},{y2:.1f} Z" '
            f'fill="{color}" stroke="#fff"><title>{_e(name)}: {_e(_fmt(v))}</title></path>'
        )
    return "".join(out)


def _legend(chart: Chart) -> str:
    names = list(chart.categories) if chart.kind == "pie" else [s.name for s in chart.series]
    if not any(names):
        return ""
    out, x = [], LEFT
    for i, name in enumerate(names):
        color = PALETTE[i % len(PALETTE)]
        out.append(
            f'<rect x="{x}" y="{H - 22}" width="12" height="12" fill="{color}"/>'
            f'<text x="{x + 16}" y="{H - 12}" font-size="{FONT}">{_e(name)}</text>'
        )
        x += 28 + FONT * len(name)
    return "".join(out)


def chart_table_html(chart: Chart) -> str:
    """The chart's numbers as an accessible table (series as columns)."""
    head = "".join(f"<th>{_e(s.name)}</th>" for s in chart.series)
    rows = []
    n = max(len(chart.categories), max((len(s.values) for s in chart.series), default=0))
    for i in range(n):
        name = chart.categories[i] if i < len(chart.categories) else ""
        cells = "".join(
            f"<td>{_e(_fmt(s.values[i] if i < len(s.values) else None))}</td>" for s in chart.series
        )
        rows.append(f"<tr><th scope=\"row\">{_e(name)}</th>{cells}</tr>")
    caption = _e(chart.title or chart.caption or "图表数据")
    return (
        f'<div class="table-wrap chart-table"><table><caption>{caption}（数据）</caption>'
        f"<thead><tr><th></th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
