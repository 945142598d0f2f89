"""Finding codes of the readers (申报表, 汇总表, 入选名单, 公开策略), each from a real file made here."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
from submissions import write_table_document

from converters.model import Severity
from converters.ooxml import read_docx
from converters.read.accepted import AcceptedListError, load_accepted, read_accepted
from converters.read.forms import read_form
from converters.read.policy import load_policy
from converters.read.summary import read_summary

CHINESE = re.compile(r"[\u4e00-\u9fff]")
TITLE = "运用QC工具降低漏检率的实践"


def _only(findings, code: str):
    hits = [f for f in findings if f.code == code]
    assert len(hits) == 1, [(f.code, f.message) for f in findings]
    return hits[0]


def _says(finding, severity: Severity, file: str) -> None:
    """The severity, a Chinese message, and the file named in the message and in `file`."""
    assert finding.severity is severity
    assert CHINESE.search(finding.message), finding.message
    assert file in finding.message and finding.file == file, (finding.message, finding.file)


def _form_docx(path: Path, rows: list[tuple[str, str, str, str]], paragraphs: tuple[str, ...] = ()) -> Path:
    """A 申报表 (附件2) as applicants fill it in Word: header lines, then label | value | label | value."""
    head = ("附件2", "质量信得过班组建设典型经验申报表", "推荐地市、行业质协：苏州市质量协会（盖章）", *paragraphs)
    return write_table_document(path, rows, head)


BASE_ROWS = [
    ("组织名称（盖章）", "苏州示例精密机械有限公司", "班组名称", "质检一班"),
    ("经验名称", TITLE, "所属行业", "制造业"),
]


def _read(path: Path, source: str):
    return read_form(read_docx(path, source), source)


# ---------------------------------------------------------------- 申报表


def test_team_size_written_in_words_is_number_format_and_kept_as_written(tmp_path):
    source = "苏州市质量协会/质检一班/附件2.docx"
    path = _form_docx(tmp_path / "附件2.docx", [*BASE_ROWS, ("班组人数", "十二人", "产品/服务满意度（%）", "98")])
    values, findings = _read(path, source)
    f = _only(findings, "NUMBER_FORMAT")
    _says(f, Severity.WARNING, source)
    assert "班组人数" in f.message and "整数" in f.message and "十二人" in f.message
    assert values.values["team_size"] == "十二人" and values.values["satisfaction"] == "98"


def test_a_field_written_twice_differently_is_a_conflict_and_the_first_wins(tmp_path):
    source = "苏州市质量协会/质检一班/附件2.docx"
    path = _form_docx(tmp_path / "附件2.docx", BASE_ROWS, paragraphs=("班组名称：质检二班",))
    values, findings = _read(path, source)
    f = _only(findings, "FORM_FIELD_CONFLICT")
    _says(f, Severity.WARNING, source)
    assert "班组名称" in f.message and "质检二班" in f.message and "质检一班" in f.message
    assert values.values["team"] == "质检二班"  # the paragraph above the table is read first


def test_a_form_that_breaks_the_reader_is_one_finding_not_a_traceback(tmp_path):
    # 班组人数 as a long run of digits (a stuck key, a pasted serial): float() of it is infinite
    # and int() of that raises; read_form turns it into FORM_UNREADABLE.
    source = "苏州市质量协会/质检一班/附件2.docx"
    path = _form_docx(tmp_path / "附件2.docx", [*BASE_ROWS, ("班组人数", "1" * 400, "", "")])
    values, findings = _read(path, source)
    f = _only(findings, "FORM_UNREADABLE")
    _says(f, Severity.ERROR, source)
    assert values.values == {}  # nothing half-read is published


# ---------------------------------------------------------------- 汇总表


def _summary(path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2025年质量信得过班组建设典型经验申报汇总表"])
    ws.append(["序号", "推荐单位", "组织名称", "班组名称", "经验名称", "评审结果"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_a_summary_row_without_its_title_is_reported_with_its_row(tmp_path):
    source = "苏州市质量协会/汇总表.xlsx"
    path = _summary(tmp_path / "汇总表.xlsx", [
        [1, "苏州市质量协会", "甲公司", "质检一班", TITLE, "入选"],
        [2, "苏州市质量协会", "乙公司", "装配二班", None, "入选"],
    ])
    rows, findings = read_summary(path, source)
    f = _only(findings, "SUMMARY_TITLE_MISSING")
    _says(f, Severity.WARNING, source)
    assert f.location.endswith("第4行") and "第4行" in f.message
    assert [r.values.get("title") for r in rows] == [TITLE, None]


def test_a_workbook_openpyxl_cannot_open_is_summary_unreadable(tmp_path):
    # The .xlsx of a real summary whose workbook part was cut short in transit.
    good = _summary(tmp_path / "good.xlsx", [[1, "苏州市质量协会", "甲公司", "质检一班", TITLE, "入选"]])
    data = good.read_bytes()
    path = tmp_path / "汇总表.xlsx"
    path.write_bytes(data[: len(data) // 2])
    source = "苏州市质量协会/汇总表.xlsx"
    rows, findings = read_summary(path, source)
    f = _only(findings, "SUMMARY_UNREADABLE")
    _says(f, Severity.ERROR, source)
    assert rows == []


# ---------------------------------------------------------------- 入选名单


def test_an_accepted_list_with_a_header_but_no_titles_is_accepted_empty(tmp_path):
    path = tmp_path / "入选名单.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["序号", "经验名称", "推荐单位"])
    wb.save(path)
    titles, findings = read_accepted(path)
    f = _only(findings, "ACCEPTED_EMPTY")
    _says(f, Severity.ERROR, str(path))
    assert titles == set()
    try:
        load_accepted(path)
    except AcceptedListError as exc:
        assert str(path) in str(exc)
    else:
        raise AssertionError("an empty accepted list must not read as 'nobody accepted'")


# ---------------------------------------------------------------- 公开策略


def test_a_policy_switch_for_a_field_that_does_not_exist_is_a_warning_and_ignored(tmp_path):
    path = tmp_path / "policy.yml"
    path.write_text("classes:\n  publish: true\nfields:\n  team_size: false\n  team_motto: true\n", encoding="utf-8")
    policy = load_policy(path)
    f = _only(policy.findings, "POLICY_UNKNOWN_FIELD")
    assert f.severity is Severity.WARNING and CHINESE.search(f.message)
    assert "policy.yml" in f.message and "team_motto" in f.message and f.file == str(path)
    assert "team_size" not in policy.published and "team_motto" not in policy.published
    assert "title" in policy.published  # the rest of the file still applies
