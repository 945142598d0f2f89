"""Finding codes of a whole conversion (the inbox, pairing, the parts, the manifest of generated
pages), each made by a realistic inbox through the real CLI, read back from the report."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest
from docx import Document as WordDocument

import submissions
from converters.cli import main
from converters.model import Severity
from converters.pipeline import Options, convert as pipeline_convert

GROUP = "苏州市质量协会"
ORG = "苏州示例精密机械有限公司"
TITLE = "运用QC工具降低漏检率的实践"
TEAM = "质量部质检一班"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def convert(root: Path, inbox: Path, *extra: str) -> tuple[int, dict]:
    config = root / "showcase.yml"
    config.write_text("association: 示例协会\nyear: 2025\n", encoding="utf-8")
    code = main(["--config", str(config), "convert", str(inbox), "--out", str(root / "content"),
                 "--report", str(root / "report.json"), "--no-cache", *extra])
    return code, json.loads((root / "report.json").read_text(encoding="utf-8"))


def all_findings(report: dict) -> list[dict]:
    return report["findings"] + [f for e in report["files"] + report["experiences"] for f in e["findings"]]


def only(findings: list[dict], code: str) -> dict:
    hits = [f for f in findings if f["code"] == code]
    assert len(hits) == 1, [(f["code"], f["message"]) for f in findings]
    return hits[0]


def says(f: dict, severity: Severity, file: str, *, in_message: bool = True) -> None:
    """Severity, a Chinese message, the file in `file` and (unless the message is one of the
    experience's own list, shown under its source) named in the message."""
    assert f["severity"] == severity.value, f
    assert CHINESE.search(f["message"]) and f["file"] == file, f
    assert file in f["message"] or not in_message, f


def experience(report: dict, source: str) -> dict:
    return next(e for e in report["experiences"] if e["source"] == source)


def one_team_inbox(root: Path) -> Path:
    inbox = root / "inbox"
    submissions.write_experience(inbox / GROUP / "质检一班" / "附件1.docx", TITLE, TEAM, ORG)
    submissions.write_form(inbox / GROUP / "质检一班" / "附件2.docx", TITLE, TEAM, ORG, GROUP)
    return inbox


# ---------------------------------------------------------------- the inbox


def test_an_inbox_that_does_not_exist_is_inbox_missing_and_nothing_is_published(tmp_path):
    inbox = tmp_path / "收件箱"  # mistyped: never created
    outcome = pipeline_convert(inbox, tmp_path / "content", Options(year=2025))
    [entry] = outcome.report.files
    [f] = entry.findings
    assert f.code == "INBOX_MISSING" and f.severity is Severity.ERROR
    assert CHINESE.search(f.message) and str(inbox) in f.message and f.file == str(inbox)
    assert entry.status == "rejected" and outcome.published == [] and outcome.rejected


# ---------------------------------------------------------------- parts


def test_a_template_with_only_its_first_part_filled_in_is_too_few_parts_and_rejected(tmp_path, capsys):
    inbox = tmp_path / "inbox"
    doc = WordDocument()
    doc.add_paragraph(TITLE)
    doc.add_paragraph(f"{ORG} {TEAM}")
    for number, part in zip("一二三四", submissions.BODY_PARTS):
        doc.add_heading(f"{number}、{part}", level=1)
        if part == "班组概况":
            doc.add_paragraph(f"{TEAM}{part}：{submissions.PART_TEXT}")
    where = inbox / GROUP / "质检一班"
    where.mkdir(parents=True)
    doc.save(where / "附件1.docx")
    submissions.write_form(where / "附件2.docx", TITLE, TEAM, ORG, GROUP)
    source = f"{GROUP}/质检一班/附件1.docx"
    code, report = convert(tmp_path, inbox)
    entry = experience(report, source)
    f = only(entry["findings"], "TOO_FEW_PARTS")
    says(f, Severity.ERROR, source, in_message=False)
    assert f"未发布{source}：" in re.sub(r"\s+", "", capsys.readouterr().err)  # the CLI names the file
    assert "1 个部分" in f["message"]
    assert entry["status"] == "rejected" and not (tmp_path / "content" / "experiences").exists()
    assert code == 0  # not strict: reported, the run itself succeeds


# ---------------------------------------------------------------- pairing


def test_a_form_in_another_folder_with_a_slightly_different_title_is_paired_and_noted(tmp_path):
    inbox = tmp_path / "inbox"
    submissions.write_experience(inbox / GROUP / "典型经验" / "质检一班.docx", TITLE, TEAM, ORG)
    # The form was typed again by hand: one word more in the title, the team's short name.
    submissions.write_form(inbox / GROUP / "申报表" / "质检一班申报表.docx", "运用QC工具降低产品漏检率的实践",
                           "质检一班", ORG, GROUP)
    source = f"{GROUP}/典型经验/质检一班.docx"
    code, report = convert(tmp_path, inbox)
    entry = experience(report, source)
    f = only(entry["findings"], "PAIRED_BY_SIMILAR_TITLE")
    says(f, Severity.INFO, source)
    assert f"{GROUP}/申报表/质检一班申报表.docx" in f["message"]
    assert entry["form"] == f"{GROUP}/申报表/质检一班申报表.docx" and entry["status"] == "published"
    assert "FORM_MISSING" not in [g["code"] for g in entry["findings"]]


def test_a_summary_without_the_row_of_one_experience_is_summary_row_missing(tmp_path):
    inbox = one_team_inbox(tmp_path)
    other = "推行6S管理提升现场效率的经验"
    submissions.write_experience(inbox / GROUP / "装配二班" / "附件1.docx", other, "总装车间装配二班", ORG)
    submissions.write_form(inbox / GROUP / "装配二班" / "附件2.docx", other, "总装车间装配二班", ORG, GROUP)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "推荐单位", "组织名称", "班组名称", "经验名称"])
    ws.append([1, GROUP, ORG, TEAM, TITLE])  # 装配二班's row was left out
    wb.save(inbox / GROUP / "汇总表.xlsx")
    source = f"{GROUP}/装配二班/附件1.docx"
    code, report = convert(tmp_path, inbox)
    entry = experience(report, source)
    f = only(entry["findings"], "SUMMARY_ROW_MISSING")
    says(f, Severity.WARNING, source)
    assert other in f["message"]
    assert "SUMMARY_ROW_MISSING" not in [g["code"] for g in experience(report, f"{GROUP}/质检一班/附件1.docx")["findings"]]
    assert entry["status"] == "published"
    code, report = convert(tmp_path, inbox, "--strict")
    assert code == 1 and experience(report, source)["status"] == "rejected"  # a rule of the notice


# ---------------------------------------------------------------- the manifest of generated pages


def _page(root: Path) -> Path:
    [page] = sorted((root / "content" / "experiences").glob("*/index.md"))
    return page


@pytest.mark.parametrize("text, says_what", [
    ("{not json", "无法读取"),  # cut short by a full disk
    ('{"files": ["experiences/x/index.md"]}', "格式不对"),  # edited by hand into a list
])
def test_a_broken_manifest_is_manifest_invalid_and_the_pages_are_written_afresh(tmp_path, text, says_what):
    inbox = one_team_inbox(tmp_path)
    assert convert(tmp_path, inbox)[0] == 0
    manifest = tmp_path / "content" / "_generated" / "manifest.json"
    manifest.write_text(text, encoding="utf-8")
    page = _page(tmp_path)
    page.write_text(page.read_text(encoding="utf-8") + "\n手工补充的一段。\n", encoding="utf-8")
    code, report = convert(tmp_path, inbox)
    f = only(report["findings"], "MANIFEST_INVALID")
    says(f, Severity.WARNING, str(manifest))
    assert says_what in f["message"]
    assert "手工补充" not in page.read_text(encoding="utf-8")  # as the message warns: overwritten
    assert json.loads(manifest.read_text(encoding="utf-8"))["files"]  # and a good manifest again


def test_force_overwrites_a_hand_edited_page_and_says_so(tmp_path):
    inbox = one_team_inbox(tmp_path)
    convert(tmp_path, inbox)
    page = _page(tmp_path)
    generated = page.read_text(encoding="utf-8")
    page.write_text(generated + "\n手工补充的一段。\n", encoding="utf-8")
    _code, report = convert(tmp_path, inbox)
    assert only(report["findings"], "HAND_EDIT_KEPT") and "手工补充" in page.read_text(encoding="utf-8")
    code, report = convert(tmp_path, inbox, "--force")
    f = only(report["findings"], "HAND_EDIT_OVERWRITTEN")
    says(f, Severity.INFO, str(page))
    assert "--force" in f["message"] and "HAND_EDIT_KEPT" not in [g["code"] for g in report["findings"]]
    assert page.read_text(encoding="utf-8") == generated and code == 0
