"""Native charts (DrawingML chart part, ECMA-376 §21.2) from their cached values.

Word stores the numbers it last drew in the chart part (c:strCache / c:numCache), so no embedded
workbook needs opening. Several chart types in one plot area make a "combo".
"""

from __future__ import annotations

import datetime as _dt
import re

from lxml import etree

from ..model import Chart, Series
from .package import Package
from .xml import parse_xml, q, to_int

_KINDS = {
    "barChart": "bar", "bar3DChart": "bar", "lineChart": "line", "line3DChart": "line", "stockChart": "line",
    "radarChart": "line", "pieChart": "pie", "pie3DChart": "pie", "doughnutChart": "pie", "ofPieChart": "pie",
    "areaChart": "area", "area3DChart": "area", "surfaceChart": "area", "surface3DChart": "area",
    "scatterChart": "scatter", "bubbleChart": "scatter",
}
_DATE_FORMAT = re.compile(r"[yd]|m+[/\-.年]|[/\-.年]m", re.I)


def read_chart(package: Package, part: str) -> tuple[Chart | None, str]:
    """(Chart, problem) — problem is a Chinese note ('' when all went well)."""
    data = package.read(part)
    if data is None:
        return None, "图表部件缺失"
    try:
        root = parse_xml(data)
    except etree.XMLSyntaxError as exc:
        return None, f"XML 格式错误：{exc}"
    chart_el = root.find(q("c:chart"))
    plot = chart_el.find(q("c:plotArea")) if chart_el is not None else None
    if plot is None:
        return None, "图表没有绘图区"
    kinds: list[str] = []
    series: list[Series] = []
    categories: tuple[str, ...] = ()
    for group in plot:
        local = etree.QName(group).localname if isinstance(group.tag, str) else ""
        if local not in _KINDS:
            continue
        kind = _KINDS[local]
        if kind == "bar":
            bar_dir = group.find(q("c:barDir"))
            kind = "bar" if bar_dir is not None and bar_dir.get("val") == "bar" else "column"
        if kind not in kinds:
            kinds.append(kind)
        for ser in group.findall(q("c:ser")):
            cat_el = ser.find(q("c:cat"))
            if cat_el is None:
                cat_el = ser.find(q("c:xVal"))
            val_el = ser.find(q("c:val"))
            if val_el is None:
                val_el = ser.find(q("c:yVal"))
            if not categories and cat_el is not None:
                categories = _categories(cat_el)
            series.append(Series(_series_name(ser, len(series) + 1), _values(val_el)))
    if not kinds:
        return None, "不支持的图表类型"
    kind = kinds[0] if len(kinds) == 1 else "combo"
    title = _title(chart_el)
    problem = ""
    if series and all(all(v is None for v in s.values) for s in series):
        problem = "图表没有缓存的数据，只能显示标题"
    return Chart(kind=kind, title=title, categories=categories, series=tuple(series)), problem


def _title(chart_el: etree._Element) -> str:
    title = chart_el.find(q("c:title"))
    if title is None:
        return ""
    return _text_of(title.find(q("c:tx")))


def _text_of(tx: etree._Element | None) -> str:
    """Rich text (a:t runs, paragraphs joined by nothing) or a string reference's cache."""
    if tx is None:
        return ""
    rich = tx.find(q("c:rich"))
    if rich is not None:
        paras = ["".join(t.text or "" for t in p.iter(q("a:t"))) for p in rich.iter(q("a:p"))]
        return " ".join(p for p in paras if p).strip()
    pts = _points(tx.find(f"{q('c:strRef')}/{q('c:strCache')}"))
    if pts:
        return " ".join(v for v in pts.values() if v).strip()
    v = tx.find(q("c:v"))
    return (v.text or "").strip() if v is not None else ""


def _series_name(ser: etree._Element, index: int) -> str:
    return _text_of(ser.find(q("c:tx"))) or f"系列{index}"


def _points(cache: etree._Element | None) -> dict[int, str]:
    if cache is None:
        return {}
    out: dict[int, str] = {}
    for pt in cache.findall(q("c:pt")):
        idx = to_int(pt.get("idx"))
        v = pt.find(q("c:v"))
        if idx is not None and v is not None:
            out[idx] = v.text or ""
    return out


def _count(cache: etree._Element | None, points: dict[int, str]) -> int:
    count = None
    if cache is not None:
        pc = cache.find(q("c:ptCount"))
        count = to_int(pc.get("val")) if pc is not None else None
    return count if count is not None else (max(points) + 1 if points else 0)


def _categories(cat: etree._Element) -> tuple[str, ...]:
    for ref, cache_tag in (("c:strRef", "c:strCache"), ("c:numRef", "c:numCache")):
        cache = cat.find(f"{q(ref)}/{q(cache_tag)}")
        if cache is not None:
            return _labels(cache)
    for lit in ("c:strLit", "c:numLit"):
        cache = cat.find(q(lit))
        if cache is not None:
            return _labels(cache)
    multi = cat.find(f"{q('c:multiLvlStrRef')}/{q('c:multiLvlStrCache')}")
    if multi is None:
        multi = cat.find(q("c:multiLvlStrLit"))
    if multi is not None:
        return _multi_level(multi)
    return ()


def _labels(cache: etree._Element) -> tuple[str, ...]:
    points = _points(cache)
    fmt_el = cache.find(q("c:formatCode"))
    fmt = (fmt_el.text or "") if fmt_el is not None else ""
    labels = []
    for i in range(_count(cache, points)):
        label = points.get(i, "")
        if label and fmt and _DATE_FORMAT.search(fmt) and cache.tag == q("c:numCache"):
            label = _excel_date(label, fmt)
        labels.append(label)
    return tuple(labels)


def _multi_level(cache: etree._Element) -> tuple[str, ...]:
    """Leaf labels, each prefixed by the outer group labels that cover it."""
    count = to_int(cache.find(q("c:ptCount")).get("val") if cache.find(q("c:ptCount")) is not None else None, 0) or 0
    levels = [_points(lvl) for lvl in cache.findall(q("c:lvl"))]  # first is the innermost level
    if not levels:
        return ()
    count = count or (max(levels[0]) + 1 if levels[0] else 0)
    out = []
    for i in range(count):
        parts = []
        for lvl in reversed(levels[1:]):
            starts = [k for k in lvl if k <= i]
            if starts:
                parts.append(lvl[max(starts)])
        parts.append(levels[0].get(i, ""))
        out.append(" ".join(p for p in parts if p))
    return tuple(out)


def _values(val: etree._Element | None) -> tuple[float | None, ...]:
    if val is None:
        return ()
    cache = val.find(f"{q('c:numRef')}/{q('c:numCache')}")
    if cache is None:
        cache = val.find(q("c:numLit"))
    if cache is None:
        return ()
    points = _points(cache)
    out: list[float | None] = []
    for i in range(_count(cache, points)):
        raw = points.get(i)
        try:
            out.append(float(raw) if raw not in (None, "") else None)
        except ValueError:
            out.append(None)
    return tuple(out)


def _excel_date(value: str, fmt: str) -> str:
    try:
        serial = float(value)
    except ValueError:
        return value
    day = _dt.date(1899, 12, 30) + _dt.timedelta(days=int(serial))
    if "d" not in fmt.lower():
        return f"{day.year}-{day.month:02d}"
    return day.isoformat()
