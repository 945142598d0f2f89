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
