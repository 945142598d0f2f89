"""申报汇总表 reader: header search, tolerant columns, one FieldValues per row, contact data dropped."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from converters.model import Severity
from converters.read.summary import is_summary_workbook, read_summary

FAKE_MOBILE = "13912345678"
FAKE_EMAIL = "lisi@example.com"
FAKE_CODE = "91320100MA1ABCDE2X"


def typical_workbook(path: Path) -> Path:
    """Title rows, a merged two-row header with 联系人 over 姓名/手机, percent cells, a merged
    推荐单位 column and a footer line – the shapes seen in real 附件3 files."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "汇总"
    ws["A1"] = "2025年质量信得过班组建设典型经验申报汇总表"
    ws.merge_cells("A1:K1")
    ws["A2"] = "推荐单位（盖章）：苏州市质量协会"
    header = ["序号", "推荐单位", "组织名称", "班组名称", "经验名称 ", "统一社会信用代码", "联系人", None,
              "电子邮箱", "产品/服务满意度（%）", "评审结果"]
    for c, text in enumerate(header, 1):
        ws.cell(3, c, text)
    ws.merge_cells("G3:H3")
    ws.cell(4, 7, "姓名")
    ws.cell(4, 8, "手机")
    ws.append([1, "苏州市质量协会", "甲公司", "质检一班", "运用QC工具降低漏检率的实践", FAKE_CODE, "张三", FAKE_MOBILE,
               FAKE_EMAIL, 0.985, "入选"])
    ws["J5"].number_format = "0.0%"
    ws.append([2, None, "乙公司", "装配二班", "推行6S管理提升现场效率的经验", FAKE_CODE, "李四", FAKE_MOBILE,
               FAKE_EMAIL, "97%", "未入选"])
    ws.merge_cells("B5:B6")
    ws.append([None] * 11)
    ws.append(["合计", None, None, None, None])
    ws.append([f"填表人：王五  电话：{FAKE_MOBILE}"])
    wb.save(path)
    return path


def test_header_row_below_title_rows_is_found(tmp_path: Path):
    path = typical_workbook(tmp_path / "汇总表.xlsx")
    assert is_summary_workbook(path)
    rows, findings = read_summary(path, "苏州.zip/汇总表.xlsx")
    assert [r.values["title"] for r in rows] == ["运用QC工具降低漏检率的实践", "推行6S管理提升现场效率的经验"]
    assert not [f for f in findings if f.severity is Severity.ERROR]


def test_row_sources_name_the_excel_row(tmp_path: Path):
    rows, _ = read_summary(typical_workbook(tmp_path / "s.xlsx"), "苏州.zip/汇总表.xlsx")
    assert [r.source for r in rows] == ["苏州.zip/汇总表.xlsx#第5行", "苏州.zip/汇总表.xlsx#第6行"]


def test_merged_recommender_cells_fill_every_row(tmp_path: Path):
    rows, _ = read_summary(typical_workbook(tmp_path / "s.xlsx"), "s.xlsx")
    assert [r.values["recommender"] for r in rows] == ["苏州市质量协会", "苏州市质量协会"]


def test_percent_formatted_and_typed_cells_give_plain_numbers(tmp_path: Path):
    rows, _ = read_summary(typical_workbook(tmp_path / "s.xlsx"), "s.xlsx")
    assert [r.values["satisfaction"] for r in rows] == ["98.5", "97"]


def test_review_column_is_read(tmp_path: Path):
    rows, _ = read_summary(typical_workbook(tmp_path / "s.xlsx"), "s.xlsx")
    assert [r.values["review"] for r in rows] == ["入选", "未入选"]


def test_contact_columns_never_appear_in_returned_rows(tmp_path: Path):
    rows, findings = read_summary(typical_workbook(tmp_path / "s.xlsx"), "s.xlsx")
    for r in rows:
        text = "\n".join(r.values.values())
        for secret in (FAKE_MOBILE, FAKE_EMAIL, FAKE_CODE, "张三", "李四", "王五"):
            assert secret not in text
        assert not {"mobile", "email", "credit_code", "contact_person"} & set(r.values)
    assert not any(FAKE_MOBILE in f.message for f in findings)


def test_header_synonyms_are_accepted(tmp_path: Path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["单位名称", "班 组", "成果名称", "所属行业"])
    ws.append(["甲公司", "一班", "运用A法的实践", "制造业"])
    wb.save(tmp_path / "s.xlsx")
    rows, _ = read_summary(tmp_path / "s.xlsx", "s.xlsx")
    assert rows[0].values == {"organization": "甲公司", "team": "一班", "title": "运用A法的实践", "industry_raw": "制造业"}


def test_workbook_without_header_is_not_a_summary(tmp_path: Path):
    wb = openpyxl.Workbook()
    wb.active.append(["统计项目", "单位", "数量"])
    wb.save(tmp_path / "统计表.xlsx")
    assert not is_summary_workbook(tmp_path / "统计表.xlsx")
    rows, findings = read_summary(tmp_path / "统计表.xlsx", "统计表.xlsx")
    assert rows == [] and [f.code for f in findings] == ["SUMMARY_NO_HEADER"]


def test_corrupt_workbook_gives_error_naming_the_file(tmp_path: Path):
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    assert not is_summary_workbook(bad)
    rows, findings = read_summary(bad, "南京/坏.xlsx")
    assert rows == []
    assert findings[0].severity is Severity.ERROR and findings[0].file == "南京/坏.xlsx"
