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


# ---------------------------------------------------------------- the review gate (issue 12)

# Lines real submissions carry between the title and 班组概况, by kind (the preamble variants).
PREAMBLE_VARIANTS = {
    "names": "{organization}　{team}",
    "labelled": "班组：{team}",
    "subtitle": "——运用PDCA循环提升产品一次合格率的实践",
    "short_dash": "—运用PDCA循环提升产品一次合格率的实践",
    "ascii_dash": "--运用PDCA循环提升产品一次合格率的实践",
    "recommender": "推荐单位：南京市质量协会",
    "date": "2025年3月",
    "dotted_date": "2025.03.15",
    "chinese_date": "二〇二五年三月",
    "attachment": "附件 1：",
    "author": "执笔人：王某某",
    "byline": "撰稿：李某",
    "writer": "作者：张某",
}


def write_preamble_experience(path: Path, title: str, team: str, organization: str = "示例精密机械有限公司",
                              lines: tuple[str, ...] = (), toc: bool = False, before: tuple[str, ...] = ()) -> Path:
    """A 典型经验 whose title is followed by `lines` (formatted with team/organization) and, with
    `toc`, a typed 目录 listing the parts with dot leaders; `before` goes above the title ('附件1')."""
    doc = Document()
    for text in before:
        doc.add_paragraph(text)
    doc.add_paragraph(title)
    for text in lines:
        doc.add_paragraph(text.format(team=team, organization=organization))
    if toc:
        doc.add_paragraph("目  录")
        for n, (number, part) in enumerate(zip("一二三四", BODY_PARTS), 1):
            doc.add_paragraph(f"{number}、{part}{'.' * 20}{n}")
    for number, part in zip("一二三四", BODY_PARTS):
        doc.add_heading(f"{number}、{part}", level=1)
        doc.add_paragraph(f"{team}{part}：{PART_TEXT}")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


def add_table(doc, rows: list[tuple[str, ...]]):
    """`rows` (tuples of cell texts) as a Word table with as many columns as the first row."""
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    return table


def write_table_document(path: Path, rows: list[tuple[str, ...]], head: tuple[str, ...] = ()) -> Path:
    """A .docx of paragraphs `head`, then `rows` as one table (a 统计表, a 申报表 laid out by hand)."""
    doc = Document()
    for line in head:
        doc.add_paragraph(line)
    add_table(doc, rows)
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
    add_table(doc, rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path
