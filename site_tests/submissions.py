"""Realistic submissions for end-to-end tests, made with python-docx as applicants' Word files are.

One place for the 典型经验 every end-to-end test needs (title, an organisation/team line under it,
the four parts as 一、… headings), so tests vary what they are about and not the boilerplate.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document

BODY_PARTS = ("班组概况", "实施背景", "实施过程", "实施效果")
PART_TEXT = "班组围绕顾客需求开展质量改进活动，产品一次合格率稳步提升。"


def write_experience(path: Path, title: str, team: str, organization: str = "示例机械有限公司",
                     extra: str = "") -> Path:
    """A 典型经验 .docx at `path`: title, '组织 班组' line, then each part with one paragraph (+ `extra`)."""
    doc = Document()
    doc.add_paragraph(title)
    doc.add_paragraph(f"{organization} {team}")
    for number, part in zip("一二三四", BODY_PARTS):
        doc.add_heading(f"{number}、{part}", level=1)
        doc.add_paragraph(f"{team}{part}：{PART_TEXT}{extra}")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


def write_form(path: Path, title: str, team: str, organization: str = "示例机械有限公司",
               recommender: str = "南京市质量协会", industry: str = "制造业") -> Path:
    """A 申报表 (附件2) .docx at `path` with the rows that pair it with its 典型经验, laid out
    label | value | label | value as in the notice's form."""
    doc = Document()
    doc.add_paragraph("附件2")
    doc.add_paragraph("质量信得过班组建设典型经验申报表")
    doc.add_paragraph(f"推荐地市、行业质协：{recommender}（盖章）")
    rows = [
        ("组织名称（盖章）", organization, "班组名称", team),
        ("经验名称", title, "所属行业", industry),
        ("班组人数", "12", "产品/服务满意度（%）", "98"),
    ]
    table = doc.add_table(rows=len(rows), cols=4)
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path
