"""A read document's kind, by content: 典型经验 (five part titles) or 申报表 (a labelled form table)."""

from __future__ import annotations

import re

from ..read.campaign import is_campaign_table
from ..read.forms import form_label_count
from ..model import Block, Document, Heading, Paragraph, Table
from ..notice import part_key, split_inline_title
from ..text import block_text

EXPERIENCE, FORM = "experience", "form"
CAMPAIGN, WORK_SUMMARY = "campaign", "work_summary"  # 附件4 统计表 (published), 附件5 工作总结 (not by default)
MIN_PARTS = 3  # of the five part titles
MIN_FORM_LABELS = 3


def part_keys(blocks: tuple[Block, ...]) -> set[str]:
    """Part titles named by paragraphs and headings, in table cells too (some templates are tables)."""
    keys: set[str] = set()
    for block in blocks:
        if isinstance(block, (Paragraph, Heading)):
            text = block_text(block)
            key = part_key(text)
            if key is None:
                inline = split_inline_title(text)
                key = inline[0] if inline else None
            if key:
                keys.add(key)
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    keys |= part_keys(cell.blocks)
    return keys


def is_experience(doc: Document) -> bool:
    return len(part_keys(doc.blocks)) >= MIN_PARTS


def document_kind(doc: Document) -> tuple[str, str]:
    """(kind, Chinese reason for "ignored"/"unsupported"). A 典型经验 wins over a form: its part
    titles are a stronger signal than a header table repeating 组织名称/班组名称."""
    if is_experience(doc):
        return EXPERIENCE, ""
    if form_label_count(doc) >= MIN_FORM_LABELS:
        return FORM, ""
    other = _other_material(doc)
    if other:
        return other
    found = len(part_keys(doc.blocks))
    return "unsupported", f"既不是典型经验（五部分标题只找到 {found} 个），也不是申报表（表格中没有组织名称、班组名称、经验名称等栏目）"


def _other_material(doc: Document) -> tuple[str, str] | None:
    """The notice's other attachments: 附件5 工作总结 (reason: why it is not shown by default) and
    附件4 推进活动统计表 (read by read/campaign.py for the 推进活动 page)."""
    head = "".join(block_text(b) for b in doc.blocks[:8] if not isinstance(b, Table))
    head = re.sub(r"\s+", "", head)
    if "工作总结" in head:
        return WORK_SUMMARY, "工作总结（附件5），默认不用于展示"
    if is_campaign_table(doc) or any(
            isinstance(b, Table) and "统计项目" in re.sub(r"\s+", "", block_text(b)) for b in doc.blocks):
        return CAMPAIGN, ""
    return None
