"""report.xlsx and feedback/<推荐单位>.docx from Report objects: every status, odd unit names, notes
that are not problems; read back with openpyxl and python-docx."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from converters.datafiles import DataFileError
from converters.model import error, info, warning
from converters.outputs import letters
from converters.outputs.letters import MARK, safe_file_name, write_letters
from converters.outputs.workbook import write_workbook
from converters.render.changes import mark_changes
from converters.render.report import (DUPLICATE, NOT_ACCEPTED, PUBLISHED, REJECTED, ExperienceEntry, FileEntry,
                                      Report)

SOURCE = "苏州/质协:a/附件1.docx"
TOO_LONG = warning("PART_TOO_LONG", "实施过程 6,000 字（按 Word 字数统计口径），超过 5000 字上限", SOURCE, "实施过程")
PHONE = warning("PII_MOBILE", "疑似手机号码 139****5678", SOURCE, "班组概况")
BROKEN = error("DOCX_CORRUPT", "南京/b/附件1.docx：文件已损坏，无法打开", "南京/b/附件1.docx")
NOTE = info("LEGACY_CONVERTED", "旧格式 .doc 已转换为 .docx", "南京/c/附件1.doc")
DUP = warning("DUPLICATE_SUBMISSION", "与 南京/a/附件1.docx 重复申报", "南京/d/附件1.docx")


def experience(title: str, recommender: str, status: str, source: str, findings=(), **extra) -> ExperienceEntry:
    return ExperienceEntry(slug="", title=title, recommender=recommender, organization="示例机械有限公司",
                           team="焊接一班", status=status, source=source, findings=list(findings), **extra)


@pytest.fixture()
def report() -> Report:
    return Report("inbox", files=[
        FileEntry(SOURCE, "experience", REJECTED, "未发布：见错误与警告", findings=[]),
        FileEntry("南京/b/附件1.docx", "broken", REJECTED, "文件已损坏", findings=[BROKEN]),
        FileEntry("南京/.DS_Store", "ignored"),
    ], experiences=[
        experience("运用PDCA提升焊接一次合格率的实践", "苏州/工业园区:质协", REJECTED, SOURCE, [TOO_LONG, PHONE]),
        experience("推行6S管理提升装配质量的实践", "南京市质量协会", PUBLISHED, "南京/a/附件1.docx",
                   industry="制造业", methods=["6S管理", "PDCA循环"], page="experiences/2025-001/"),
        experience("运用QC七种工具降低返修率的实践", "南京市质量协会", REJECTED, "南京/b/附件1.docx", [BROKEN]),
        experience("运用看板提升交付的实践", "南京市质量协会", PUBLISHED, "南京/c/附件1.doc", [NOTE],
                   page="experiences/2025-003/"),
        experience("推行6S管理提升装配质量的实践", "南京市质量协会", DUPLICATE, "南京/d/附件1.docx", [DUP],
                   duplicate_of="南京/a/附件1.docx"),
        experience("运用防错提升装配质量的实践", "无锡市质量协会", NOT_ACCEPTED, "无锡/a/附件1.docx",
                   [TOO_LONG, info("NOT_ACCEPTED", "未列入入选名单")]),
        experience("运用QCC提升包装质量的实践", "常州市质量协会", PUBLISHED, "常州/a/附件1.docx", [NOTE]),
    ])


def rows(sheet) -> list[dict]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row)) for row in values[1:] if any(row)]


def test_workbook_has_a_row_per_submission_with_status_problems_and_page(tmp_path, report):
    mark_changes(report, tmp_path / "none.json")
    path = tmp_path / "report.xlsx"
    write_workbook(report, path, site_url="https://example.org/showcase/2025/")
    book = load_workbook(path)
    assert book.sheetnames == ["经验", "文件", "变化"]
    sheet = book["经验"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:K8"
    assert sheet.column_dimensions["D"].width >= 30
    assert sheet["J2"].alignment.wrap_text
    by_source = {r["文件"]: r for r in rows(sheet)}
    assert len(by_source) == 7
    assert {r["状态"] for r in by_source.values()} == {"已发布", "未发布", "重复", "未入选"}
    assert by_source["南京/d/附件1.docx"]["状态"] == "重复"
    assert by_source["无锡/a/附件1.docx"]["状态"] == "未入选"
    long = by_source[SOURCE]
    assert long["推荐单位"] == "苏州/工业园区:质协"
    assert long["问题"].split("\n") == [
        "[PART_TOO_LONG·通知规定] 实施过程 6,000 字（按 Word 字数统计口径），超过 5000 字上限（实施过程）",
        "[PII_MOBILE·隐私] 疑似手机号码 139****5678（班组概况）",
    ]
    published = by_source["南京/a/附件1.docx"]
    assert (published["所属行业"], published["质量方法"]) == ("制造业", "6S管理、PDCA循环")
    assert published["页面地址"] == "experiences/2025-001/\nhttps://example.org/showcase/2025/experiences/2025-001/"
    assert published["变化"] == "新增"
    files = rows(book["文件"])
    assert [(f["文件"], f["种类"], f["状态"]) for f in files] == [
        (SOURCE, "典型经验", "未发布"), ("南京/b/附件1.docx", "损坏的文件", "未发布"), ("南京/.DS_Store", "系统文件", "跳过")]
    assert "DOCX_CORRUPT" in files[1]["说明"]
    changes = list(book["变化"].iter_rows(values_only=True))
    assert changes[0][0] == "变化" and "没有上次的审核报告" in changes[-1][0]


def test_workbook_holds_no_contact_fields(tmp_path, report):
    path = tmp_path / "report.xlsx"
    write_workbook(report, path)
    text = "\n".join(str(v) for sheet in load_workbook(path) for row in sheet.iter_rows(values_only=True)
                     for v in row if v is not None)
    assert not re.search(r"1[3-9]\d{9}|@|联系人|联系电话|手机：|邮箱", text)


def letter_text(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def test_a_letter_for_each_unit_with_problems_and_none_for_notes(tmp_path, report):
    folder = tmp_path / "feedback"
    written = write_letters(report, folder, association="江苏省质量协会", year=2025, event="第十届交流会",
                            today=dt.date(2025, 8, 20))
    # 常州 has only a note, 无锡's only submission was not selected: neither gets a letter.
    assert sorted(p.name for p in written) == ["南京市质量协会.docx", "苏州_工业园区_质协.docx"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in written)
    suzhou = letter_text(folder / "苏州_工业园区_质协.docx")
    assert "关于2025年度质量信得过班组建设典型经验申报材料的退改意见" in suzhou
    assert suzhou.splitlines()[1] == "苏州/工业园区:质协："
    assert "为“第十届交流会”推荐" in suzhou and "苏质协〔2025〕9号" in suzhou
    assert "《运用PDCA提升焊接一次合格率的实践》" in suzhou
    assert "问题：实施过程 6,000 字（按 Word 字数统计口径），超过 5000 字上限（实施过程）" in suzhou
    assert "实施过程 5000 字" in suzhou  # the notice's limit, cited
    assert "修改：请将该部分精简到字数上限以内" in suzhou
    assert "依据：公开发布的材料不得包含联系方式" in suzhou
    assert suzhou.rstrip().endswith("江苏省质量协会\n2025年8月20日")
    nanjing = letter_text(folder / "南京市质量协会.docx")
    assert "以下 2 项材料" in nanjing
    assert "运用QC七种工具降低返修率的实践" in nanjing and "推行6S管理提升装配质量的实践" in nanjing
    assert "运用看板提升交付的实践" not in nanjing  # its only finding is a note
    assert "问题：文件已损坏，无法打开" in nanjing  # the file is named once, above, not in every line
    assert "请撤回重复的一份" in nanjing and "另存为 .docx" in nanjing
    doc = Document(str(folder / "南京市质量协会.docx"))
    assert doc.core_properties.category == MARK
    assert round(doc.sections[0].page_width.cm, 1) == 21.0 and not doc.inline_shapes


def test_letters_of_an_earlier_run_go_when_the_unit_has_no_problems_left(tmp_path, report):
    folder = tmp_path / "feedback"
    write_letters(report, folder, association="协会", year=2025)
    (folder / "工作人员的笔记.docx").write_bytes(b"not a letter")
    Document().save(str(folder / "别人的文件.docx"))
    report.experiences = [e for e in report.experiences if e.recommender != "南京市质量协会"]
    write_letters(report, folder, association="协会", year=2025)
    assert sorted(p.name for p in folder.iterdir()) == ["别人的文件.docx", "工作人员的笔记.docx", "苏州_工业园区_质协.docx"]


@pytest.mark.parametrize(("unit", "name"), [
    ("苏州/工业园区:质协", "苏州_工业园区_质协"), ("..", "未注明推荐单位"), ("", "未注明推荐单位"),
    ('a*b?c"<d>|e\\f', "a_b_c_d_e_f"),
])
def test_safe_file_names(unit, name):
    assert safe_file_name(unit) == name


def test_units_whose_names_collide_as_file_names_get_one_letter_each(tmp_path):
    report = Report("inbox", experiences=[
        experience("甲", "南京/质协", REJECTED, "x/1.docx", [TOO_LONG]),
        experience("乙", "南京:质协", REJECTED, "x/2.docx", [TOO_LONG]),
    ])
    written = write_letters(report, tmp_path, association="协会", year=2025)
    assert [p.name for p in written] == ["南京_质协.docx", "南京_质协-2.docx"]


def test_letters_yml_is_checked_at_load(tmp_path):
    bad = tmp_path / "letters.yml"
    text = letters.LETTERS_PATH.read_text(encoding="utf-8")
    bad.write_text(text.replace("greeting: \"{unit}：\"", "greeting: \"{recipient}：\"")
                   .replace("  PDF_ONLY:", "  NOT_A_CODE: 改\n  PDF_ONLY:"), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        letters.load_letter_texts(bad)
    problems = "\n".join(caught.value.problems)
    assert "未知的占位符：recipient" in problems
    assert "NOT_A_CODE" in problems
    assert letters.load_letter_texts().fixes["PART_TOO_LONG"]


def test_showcase_check_reports_a_broken_letters_yml(tmp_path, capsys):
    import shutil

    from converters.cli import main

    data = tmp_path / "data"
    shutil.copytree(letters.LETTERS_PATH.parent, data)
    (data / "letters.yml").write_text(letters.LETTERS_PATH.read_text(encoding="utf-8")
                                      .replace("title: 关于{year}", "title: 关于{yaer}"), encoding="utf-8")
    code = main(["check", "--data", str(data)])
    out = capsys.readouterr().out
    assert code == 1
    assert f"{data / 'letters.yml'}：title 有未知的占位符：yaer" in out
