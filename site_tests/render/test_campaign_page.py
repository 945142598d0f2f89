"""The 推进活动 page writer: totals, per-unit rows, charts, escaping, the empty page."""

from __future__ import annotations

from converters.model import CampaignFigure, CampaignReport, WorkSummary
from converters.render.campaign import PAGE, render_page, total_rows, unit_rows, write_page
from converters.read.campaign import load_campaign_rules

HOSTILE = '<script>alert(1)</script>*甲*_[x](javascript:1)'


def _report(name: str, teams: float, training: tuple[str, float | None], forms=("发表评审",)) -> CampaignReport:
    return CampaignReport(f"{name}/附件4.docx", name, "2024年6月—2025年6月", (
        CampaignFigure("teams", "本年度开展活动班组数", "个", teams),
        CampaignFigure("investment", "推进活动投入费用", "万元", 2.5),
        CampaignFigure("training", "《准则》宣贯培训", "次", training[1], training[0]),
        CampaignFigure("training_people", "培训人数", "人", 40),
        CampaignFigure("review_forms", "典型经验评审及交流形式", "", None, "、".join(forms), forms),
        CampaignFigure("meeting_place", "发表会地点", "", None, HOSTILE),
    ))


def _rows(rows) -> dict[str, str]:
    return {r.label: r.value for r in rows}


def test_totals_sum_the_units_and_count_who_held_what():
    rules = load_campaign_rules()
    reports = [_report("甲市质协", 100, ("是", 2)), _report("乙市质协", 20, ("否", None), ("发表评审", "现场评审"))]
    totals = _rows(total_rows(reports, rules))
    assert totals["本年度开展活动班组数"] == "120（2 家填报）"
    assert totals["推进活动投入费用"] == "5（2 家填报）"
    assert totals["《准则》宣贯培训"] == "1 家组织，共 2 次"
    assert totals["典型经验评审及交流形式"] == "发表评审 2 家、现场评审 1 家"
    assert totals["本年度开展活动组织数"] == "未填写"


def test_unit_rows_follow_the_display_order_and_say_what_is_missing():
    rows = unit_rows(_report("甲市质协", 1200, ("是", 3)), load_campaign_rules())
    labels = [r.label for r in rows]
    assert labels.index("本年度开展活动组织数") < labels.index("本年度开展活动班组数") < labels.index("是否组织发表会")
    values = _rows(rows)
    assert values["本年度开展活动班组数"] == "1,200" and values["《准则》宣贯培训"] == "是（3 次）"
    assert values["本年度开展活动组织数"] == "未填写"


def test_document_text_is_escaped_in_tables_headings_charts_and_summaries():
    name = "丙<b>市</b>质协*"
    page = render_page([_report(name, 5, ("是", 1))], [WorkSummary("丙/附件5.docx", name, (HOSTILE,))])
    assert "<script>" not in page and "<b>市" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "### 丙&lt;b&gt;市&lt;/b&gt;质协\\*" in page  # Markdown heading: HTML and Markdown escaped
    assert page.count('<svg class="showcase-chart"') >= 2 and "（数据）</caption>" in page


def test_without_any_table_the_page_still_exists(tmp_path):
    write_page(tmp_path, [], [])
    text = (tmp_path / PAGE).read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: 推进活动\n") and "本届尚未收到推进活动统计表（附件4）" in text
    assert "<svg" not in text
