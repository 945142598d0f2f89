"""Statistics page data: counts by facet and the spread of published metrics, as SVG + tables.

Built from the catalog the converter wrote, at build time; the browser gets finished SVG.
"""

from __future__ import annotations

from statistics import median

from ..model import Chart, Series
from .svgchart import chart_svg, chart_table_html

# Buckets for percentage metrics: most teams report 95–100, so the top end is split finely. Each
# bucket holds low <= value < high, and its label says so: no value could belong to two labels.
PERCENT_BUCKETS = ((0, 90, "<90"), (90, 95, "90–<95"), (95, 98, "95–<98"), (98, 99, "98–<99"), (99, 100, "99–<100"),
                   (100, 100.0001, "100"))


def _figure(chart: Chart) -> dict:
    """The page titles each chart once (a heading or the figcaption): the SVG draws no title."""
    return {"title": chart.title, "svg": chart_svg(chart, show_title=False), "table": chart_table_html(chart)}


COUNT_FACETS = (("industries", "按行业（门类）"), ("methods", "按质量方法族"), ("recommenders", "按推荐单位"))


def count_charts(catalog: dict) -> dict[str, dict]:
    """Facet name -> figure, for each facet with at least one experience."""
    charts = {}
    for facet, title in COUNT_FACETS:
        items = sorted((i for i in catalog.get(facet, []) if i.get("count")), key=lambda i: (-i["count"], str(i["name"])))
        if items:
            names = tuple(str(i["name"]) for i in items)
            charts[facet] = _figure(Chart("bar", title, names, (Series("经验数", tuple(float(i["count"]) for i in items)),)))
    return charts


def _bucket(value: float) -> str | None:
    for low, high, name in PERCENT_BUCKETS:
        if low <= value < high:
            return name
    return None


def _metric_values(metrics) -> list[tuple[str, str]]:
    """The catalog holds {id: value}; front-matter style [{id, value, …}] is accepted too."""
    if isinstance(metrics, dict):
        return list(metrics.items())
    if isinstance(metrics, list):
        return [(str(m.get("id")), str(m.get("value"))) for m in metrics if isinstance(m, dict)]
    return []


def metric_charts(catalog: dict, labels: dict[str, str]) -> list[dict]:
    """One distribution per percentage metric that at least two experiences publish."""
    values: dict[str, list[float]] = {}
    for exp in catalog.get("experiences", []):
        for key, raw in _metric_values(exp.get("metrics")):
            if key not in labels:
                continue
            try:
                values.setdefault(key, []).append(float(str(raw).rstrip("%％")))
            except ValueError:
                continue
    charts = []
    for key, numbers in values.items():
        if len(numbers) < 2:
            continue
        counts = {name: 0 for _l, _h, name in PERCENT_BUCKETS}
        for v in numbers:
            name = _bucket(v)
            if name:
                counts[name] += 1
        title = f"{labels[key]}（%）分布：{len(numbers)} 项，中位数 {median(numbers):g}"
        chart = Chart("column", title, tuple(counts), (Series("经验数", tuple(float(c) for c in counts.values())),))
        charts.append(_figure(chart))
    return charts


# ---------------------------------------------------------------- across years (editions)

YEAR_FACETS = (("industries", "industry_code", "code", "各年度经验数：按行业（门类）"),
               ("methods", "method_ids", "id", "各年度经验数：按质量方法族"))


def year_charts(catalog: dict) -> list[dict]:
    """With two or more years: participation per year, and experiences per year per industry and
    method family (one series per year)."""
    experiences = catalog.get("experiences", [])
    years = sorted({e.get("year") for e in experiences if isinstance(e.get("year"), int)})
    if len(years) < 2:
        return []
    labels = tuple(f"{y}年" for y in years)
    per_year = [[e for e in experiences if e.get("year") == y] for y in years]
    trend = (Series("经验数", tuple(float(len(group)) for group in per_year)),
             Series("推荐单位数", tuple(float(len({e.get("recommender") for e in group})) for group in per_year)))
    charts = [_figure(Chart("column", "参与趋势：各年度经验数与推荐单位数", labels, trend))]
    for facet, field_name, key, title in YEAR_FACETS:
        names = {str(i.get(key)): str(i.get("name")) for i in catalog.get(facet, []) if i.get("count")}
        if not names:
            continue
        series = tuple(Series(label, tuple(float(sum(1 for e in group if _has(e, field_name, k))) for k in names))
                       for label, group in zip(labels, per_year))
        charts.append(_figure(Chart("bar", title, tuple(names.values()), series)))
    return charts


def _has(exp: dict, field_name: str, key: str) -> bool:
    value = exp.get(field_name)
    return key in value if isinstance(value, (list, tuple)) else value == key
