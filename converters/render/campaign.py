"""The 推进活动 page (content/campaign/index.md): province totals, one table per recommending unit,
charts as SVG with their numbers as tables (render/svgchart.py), and, when showcase.yml asks for it,
the 推进经验及做法 of each 工作总结 as text.

Every value reaches the page escaped: HTML through html.escape (tables, SVG labels by svgchart),
headings and paragraphs through escape_markdown. The page is always written, so the nav entry
resolves even before any 统计表 arrives.
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..collation import pinyin_key
from ..model import CampaignReport, Chart, Series, WorkSummary
from ..read.campaign import CampaignRules, Item, load_campaign_rules
from .markdown import escape_markdown
from .svgchart import chart_svg, chart_table_html

PAGE = "campaign/index.md"
MISSING = "未填写"

_env = Environment(loader=PackageLoader("converters.render", "templates"), undefined=StrictUndefined,
                   keep_trailing_newline=True, autoescape=False)  # values are escaped below
_env.filters["md"] = lambda text: escape_markdown(str(text))


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _fmt(value: float | None) -> str:
    if value is None:
        return MISSING
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


# ---------------------------------------------------------------- rows


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    unit: str
    value: str


def unit_rows(report: CampaignReport, rules: CampaignRules) -> list[Row]:
    """One recommending unit's 统计表 as rows, in display order; an item not stated says 未填写."""
    rows = []
    for item_id in rules.display:
        item = rules.item(item_id)
        figure = report.figure(item.id)
        if item.type == "activity":
            text = MISSING if figure is None else (
                f"是（{_fmt(figure.value)} 次）" if figure.text == "是" and figure.value is not None else figure.text)
            rows.append(Row(item.label, "", text))
            if item.people and (figure is None or figure.text != "否"):
                people = report.figure(f"{item.id}_people")
                rows.append(Row(item.people.label, "人", _fmt(people.value if people else None)))
        elif item.type in ("int", "number"):
            rows.append(Row(item.label, item.unit, _fmt(figure.value if figure else None)))
        else:
            rows.append(Row(item.label, "", figure.text if figure and figure.text else MISSING))
    return rows


def _sum(reports: list[CampaignReport], figure_id: str) -> tuple[float | None, int]:
    values = [f.value for r in reports if (f := r.figure(figure_id)) is not None and f.value is not None]
    return (sum(values) if values else None), len(values)


def total_rows(reports: list[CampaignReport], rules: CampaignRules) -> list[Row]:
    """Province totals: sums of the numbers, how many units held each activity, option counts."""
    rows = []
    for item_id in rules.display:
        item = rules.item(item_id)
        if item.type in ("int", "number"):
            total, n = _sum(reports, item.id)
            rows.append(Row(item.label, item.unit, f"{_fmt(total)}（{n} 家填报）" if n else MISSING))
        elif item.type in ("activity", "yesno"):
            held = [r for r in reports if (f := r.figure(item.id)) is not None and f.text == "是"]
            text = f"{len(held)} 家组织"
            if item.type == "activity":
                times, _n = _sum(held, item.id)
                text += f"，共 {_fmt(times)} 次" if times is not None else ""
            rows.append(Row(item.label, "", text))
            if item.people:
                people, n = _sum(reports, f"{item.id}_people")
                rows.append(Row(item.people.label, "人", f"{_fmt(people)}（{n} 家填报）" if n else MISSING))
        elif item.type == "options":
            counts = _option_counts(reports, item)
            rows.append(Row(item.label, "", "、".join(f"{o} {n} 家" for o, n in counts.items() if n) or MISSING))
    return rows


def _option_counts(reports: list[CampaignReport], item: Item) -> Counter:
    counts = Counter({o: 0 for o in item.options})
    for r in reports:
        figure = r.figure(item.id)
        counts.update(figure.options if figure else ())
    return counts


# ---------------------------------------------------------------- charts


def _unit_chart(reports: list[CampaignReport], title: str, series: tuple[tuple[str, str], ...]) -> Chart | None:
    """A horizontal bar per unit for each (figure id, series name); None when no unit states any."""
    named = [r for r in reports if any(r.figure(fid) and r.figure(fid).value is not None for fid, _ in series)]
    if not named:
        return None
    values = tuple(Series(name, tuple((f.value if (f := r.figure(fid)) else None) for r in named))
                   for fid, name in series)
    return Chart("bar", title, tuple(r.recommender for r in named), values)


def charts(reports: list[CampaignReport], rules: CampaignRules) -> list[dict]:
    found = [
        _unit_chart(reports, "各推荐单位开展活动班组数（个）", (("teams", "班组数"),)),
        _unit_chart(reports, "各推荐单位参与活动员工数（人次）", (("participants", "员工人次"),)),
        _unit_chart(reports, "推进活动投入与奖励费用（万元）", (("investment", "投入费用"), ("rewards", "奖励费用"))),
    ]
    forms = _option_counts(reports, rules.item("review_forms"))
    if any(forms.values()):
        found.append(Chart("bar", "典型经验评审及交流形式（单位数）", tuple(forms),
                           (Series("单位数", tuple(float(n) for n in forms.values())),)))
    return [{"title": c.title, "svg": chart_svg(c), "table": chart_table_html(c)} for c in found if c is not None]


# ---------------------------------------------------------------- the page


def table_html(rows: list[Row], caption: str, value_head: str = "数量") -> str:
    body = "".join(f'<tr><th scope="row">{_e(r.label)}</th><td>{_e(r.unit)}</td><td>{_e(r.value)}</td></tr>'
                   for r in rows)
    return (f'<div class="table-wrap sc-campaign__table"><table><caption>{_e(caption)}</caption>'
            f'<thead><tr><th scope="col">统计项目</th><th scope="col">单位</th><th scope="col">{_e(value_head)}</th></tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


def _period(reports: list[CampaignReport]) -> str:
    periods = Counter(r.period for r in reports if r.period)
    return periods.most_common(1)[0][0] if periods else ""


def render_page(reports: list[CampaignReport], summaries: list[WorkSummary], rules: CampaignRules | None = None) -> str:
    rules = rules or load_campaign_rules()
    reports = sorted(reports, key=lambda r: pinyin_key(r.recommender))
    units = [{"name": r.recommender, "table": table_html(unit_rows(r, rules), f"{r.recommender}推进活动统计")}
             for r in reports]
    return _env.get_template("campaign.md.j2").render(
        count=len(reports),
        period=_period(reports),
        totals=table_html(total_rows(reports, rules), f"全省合计（{len(reports)} 家推荐单位）", "合计") if reports else "",
        charts=charts(reports, rules) if reports else [],
        units=units,
        summaries=[{"name": s.recommender, "paragraphs": s.paragraphs} for s in sorted(summaries, key=lambda s: pinyin_key(s.recommender))],
    )


def write_page(staging: Path, reports: list[CampaignReport], summaries: list[WorkSummary]) -> None:
    path = staging / PAGE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_page(reports, summaries), encoding="utf-8")
