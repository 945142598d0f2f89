"""附件4 推进活动统计表 read by content from real .docx files (python-docx), both layouts; 附件5's section."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from campaign_factory import CONTACT, write_campaign_word, write_campaign_wps, write_work_summary
from submissions import write_table_document

from converters.datafiles import DataFileError
from converters.intake.kinds import document_kind
from converters.ooxml import read_docx
from converters.read.campaign import CAMPAIGN_FILE, load_campaign_rules, read_campaign
from converters.read.campaign_values import parse_number, yes_no
from converters.read.work_summary import read_work_summary


def _read(path: Path, fallback: str = "某文件夹"):
    return read_campaign(read_docx(path, path.name), path.name, fallback)


def _figures(report) -> dict:
    return {f.id: (f.text, f.value) if f.text else f.value for f in report.figures}


def _codes(findings) -> list[str]:
    return [f.code for f in findings]


def test_word_layout_figures_checkboxes_counts_and_units(tmp_path):
    report, findings = _read(write_campaign_word(tmp_path / "附件4.docx", "南京市质量协会"))
    assert report.recommender == "南京市质量协会"
    assert report.period == "2024年6月—2025年6月"
    figures = _figures(report)
    assert figures["organizations"] == 35 and figures["teams"] == 420 and figures["participants"] == 5600
    assert figures["cumulative"] == 86 and figures["recommended"] == 2
    assert figures["investment"] == 12 and figures["rewards"] == 5.5  # "12万元" and "5.5"
    assert figures["training"] == ("是", 3) and figures["training_people"] == 260  # ☑是（3）次
    assert figures["judges"] == ("是", 1) and figures["judges_people"] == 45
    assert figures["leaders"] == ("否", None) and "leaders_people" not in figures
    assert report.figure("review_forms").options == ("发表评审", "与QC小组合开")
    assert figures["meeting"] == ("是", None)
    assert figures["meeting_registered"] == 30 and figures["meeting_teams"] == 24 and figures["meeting_attendance"] == 300
    assert figures["meeting_place"] == ("南京市", None)
    assert findings == ()


def test_wps_like_layout_with_other_labels_content_controls_and_an_amount_in_yuan(tmp_path):
    report, findings = _read(write_campaign_wps(tmp_path / "统计表.docx", "苏州市质量协会"))
    assert report.recommender == "苏州市质量协会"  # "推荐地市、行业质协  X  (盖章)"
    figures = _figures(report)
    assert figures["organizations"] == 35  # full-width "３５"
    assert figures["teams"] == 120 and figures["participants"] == 1200  # "1200人次"
    assert figures["investment"] == 8  # 80000 in a row whose unit cell says 元
    assert figures["training"] == ("是", 2) and figures["training_people"] == 150  # "■是（ 2 ）次", "参训人数"
    assert figures["judges"] == ("否", None)  # w14:checkbox content controls
    assert figures["leaders"] == ("是", 2) and figures["leaders_people"] == 60  # "是（√）2次  否（ ）"
    assert report.figure("review_forms").options == ("发表评审", "现场评审")  # plain "发表评审、现场评审"
    assert "meeting_attendance" not in figures  # "约200"
    codes = _codes(findings)
    assert codes.count("CAMPAIGN_FIGURE_INVALID") == 1 and "约200" in findings[codes.index("CAMPAIGN_FIGURE_INVALID")].message
    conflict = findings[codes.index("CAMPAIGN_FIGURE_CONFLICT")]
    assert "发表班组数多于报名班组数（25 > 20）" in conflict.message and conflict.file == "统计表.docx"


@pytest.mark.parametrize("write", [write_campaign_word, write_campaign_wps])
def test_the_contact_line_is_dropped_at_the_reader(tmp_path, write):
    report, findings = _read(write(tmp_path / "t.docx", "某市质量协会"))
    held = repr(report) + repr(findings)
    assert [s for s in CONTACT if s in held] == []


def test_kind_is_told_by_content_not_name(tmp_path):
    table = write_campaign_word(tmp_path / "附件1.docx", "南京市质量协会")
    summary = write_work_summary(tmp_path / "统计表.docx", "南京市质量协会")
    assert document_kind(read_docx(table, table.name))[0] == "campaign"
    assert document_kind(read_docx(summary, summary.name))[0] == "work_summary"


def _table_doc(path: Path, rows, head: tuple[str, ...] = ()) -> Path:
    return write_table_document(path, rows, head)


def test_missing_figures_contradictions_and_no_recommender_are_findings(tmp_path):
    path = _table_doc(tmp_path / "统计表.docx", [
        ("统计项目", "单位", "数量"),
        ("本年度开展质量信得过班组建设活动班组数", "个", "12"),
        ("历年质量信得过班组建设典型经验累计数", "项", "2"),
        ("本年度推荐质量信得过班组建设典型经验数", "项", "5"),
        ("是否组织《准则》宣贯培训", "次", "□是（ ）次 ☑否"),
        ("培训人数", "人", "80"),
        ("是否组织发表会", "", "☑是 ☑否"),
    ], head=("推荐地市、行业质协 ________（盖章）",))
    report, findings = _read(path, fallback="盐城市质量协会")
    assert report.recommender == "盐城市质量协会"
    by_code = {f.code: f.message for f in findings}
    assert "CAMPAIGN_RECOMMENDER_MISSING" in by_code and "盐城市质量协会" in by_code["CAMPAIGN_RECOMMENDER_MISSING"]
    assert "本年度开展活动组织数" in by_code["CAMPAIGN_FIGURE_MISSING"]
    assert "“是”与“否”都已勾选" in by_code["CAMPAIGN_FIGURE_INVALID"]
    conflicts = [f.message for f in findings if f.code == "CAMPAIGN_FIGURE_CONFLICT"]
    assert any("勾选“否”，却填写了人数 80" in m for m in conflicts)
    assert any("本年度推荐数多于历年累计数（5 > 2）" in m for m in conflicts)


def test_a_table_with_no_figure_is_unreadable(tmp_path):
    path = _table_doc(tmp_path / "统计表.docx", [("统计项目", "单位", "数量"), ("说明", "", "")])
    report, findings = _read(path)
    assert report is None and _codes(findings) == ["CAMPAIGN_UNREADABLE"]
    assert "统计表.docx" in findings[0].message


def test_a_contact_value_in_a_text_row_is_dropped(tmp_path):
    path = _table_doc(tmp_path / "统计表.docx", [
        ("本年度开展质量信得过班组建设活动组织数", "个", "3"),
        ("本年度开展质量信得过班组建设活动班组数", "个", "12"),
        ("发表会地点", "", "会务组 13800001111"),
    ])
    report, findings = _read(path)
    assert report.figure("meeting_place") is None
    assert "PII_IN_FIELD" in _codes(findings) and "13800001111" not in repr(findings)


@pytest.mark.parametrize("text,unit,hint,value", [
    ("12万元", "万元", "", 12.0), ("120000元", "万元", "", 12.0), ("80000", "万元", "元", 8.0),
    ("1,200人次", "人次", "", 1200.0), ("３５", "个", "", 35.0), ("无", "个", "", 0.0), ("约200", "人", "", None),
])
def test_numbers_with_units(text, unit, hint, value):
    assert parse_number(text, unit, hint) == value


def test_yes_no_forms():
    assert yes_no("☑是（3）次 □否")[0] == "是"
    assert yes_no("□是（ ）次 ■否")[0] == "否"
    assert yes_no("是（√） 否（ ）")[0] == "是"
    assert yes_no("□是 □否") == (None, "“是”与“否”都未勾选")


def test_work_summary_section_is_read_and_redacted(tmp_path):
    path = write_work_summary(tmp_path / "附件5.docx", "无锡市质量协会")
    summary, findings = read_work_summary(read_docx(path, path.name), path.name)
    assert summary.recommender == "无锡市质量协会"
    assert summary.paragraphs[0].startswith("坚持“以赛促建”")
    assert "13811112222" not in repr(summary) and "［联系方式已隐去］" in summary.paragraphs[1]
    assert _codes(findings) == ["PII_REDACTED"]
    assert not any("部分企业基础数据不全" in p for p in summary.paragraphs)  # 三、 is not part of it


def test_work_summary_without_the_section_is_a_finding(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("2025年质量信得过班组建设工作总结")
    doc.add_paragraph("一、基本情况")
    doc.add_paragraph("全年开展培训三次。")
    doc.save(tmp_path / "附件5.docx")
    summary, findings = read_work_summary(read_docx(tmp_path / "附件5.docx", "附件5.docx"), "附件5.docx")
    assert summary is None and _codes(findings) == ["WORK_SUMMARY_SECTION_MISSING"]


def test_a_broken_campaign_data_file_names_the_problem(tmp_path):
    broken = tmp_path / "campaign.yml"
    broken.write_text(CAMPAIGN_FILE.read_text(encoding="utf-8").replace("match: ['累计']", "match: ['累计(']"),
                      encoding="utf-8")
    with pytest.raises(DataFileError, match="正则"):
        load_campaign_rules(broken)


def test_a_number_written_with_its_unit_is_never_taken_for_a_people_row(tmp_path):
    path = _table_doc(tmp_path / "统计表.docx", [
        ("是否组织《准则》宣贯培训", "次", "☑是（2）次 □否"),
        ("本年度参与质量信得过班组建设活动员工数", "人次", "1200人次"),
        ("培训人数", "", "90人"),
    ])
    report, _findings = _read(path)
    assert report.figure("participants").value == 1200 and report.figure("training_people").value == 90
