"""附件5 工作总结: only its 二、推进经验及做法 section, and only when showcase.yml asks for it.

The outline is 一、基本情况 · 二、推进经验及做法 · 三、存在问题及改进方向 (domain §1.5); the section
runs from its title to the next top-level title. Its paragraphs are redacted as a 典型经验's text
is (check/redact.py): contact data becomes ［联系方式已隐去］, each value a PII_REDACTED finding.
"""

from __future__ import annotations

import re
import unicodedata

from ..check.redact import redact_experience
from ..model import Document, Finding, Heading, Paragraph, WorkSummary, warning
from ..text import block_text
from .forms import recommender_in

SECTION = "推进经验及做法"
_SECTION_TITLE = re.compile(r"^(?:[二2][、.．]\s*)?推进(?:工作)?经验(?:及|和|与)?(?:主要)?做法")
_NEXT_TITLE = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]")
_TITLE_MAX = 30  # longer lines are body text that merely mentions the words


def _title(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def section_blocks(doc: Document) -> tuple:
    """The paragraphs between the 推进经验及做法 title and the next 三、… title."""
    out, inside = [], False
    for block in doc.blocks:
        if not isinstance(block, (Paragraph, Heading)):
            continue
        text = _title((block.label or "") + block_text(block))
        if not inside:
            inside = len(text) <= _TITLE_MAX and bool(_SECTION_TITLE.search(text))
            continue
        if len(text) <= _TITLE_MAX and _NEXT_TITLE.match(text):
            break
        if text:
            out.append(block)
    return tuple(out)


def read_work_summary(doc: Document, source: str, fallback: str = "") -> tuple[WorkSummary | None, list[Finding]]:
    """The section as plain paragraphs, contact data hidden; None (with a finding) when it is absent."""
    blocks = section_blocks(doc)
    if not blocks:
        return None, [warning("WORK_SUMMARY_SECTION_MISSING",
                              f"{source}：工作总结中没有找到“二、{SECTION}”一节，未发布", source)]
    parts, _notes, findings = redact_experience({SECTION: blocks}, {}, source)
    recommender = next((name for b in doc.blocks[:12] if isinstance(b, (Paragraph, Heading))
                        if (name := recommender_in(block_text(b)))), "") or fallback
    paragraphs = tuple(t for b in parts[SECTION] if (t := block_text(b).strip()))
    return WorkSummary(source, recommender, paragraphs), findings
