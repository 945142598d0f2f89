"""Headings Word styles do not mark: short, bold (or 黑体) paragraphs numbered 一、/（一）/1./（1）.

Chinese write-ups mostly type their section numbers on Normal paragraphs; the level follows the
numbering pattern, the way readers of these documents read them. A number Word's auto-numbering gives
counts only when that numbering is section numbering (see ``numbers_sections``): bold, short items of an
ordinary 1./a./• list are list items, not headings.
"""

from __future__ import annotations

import re

from ..model import Inline
from ..text import inline_text
from .numbering import Level, Numbering
from .numformat import format_number

MAX_HEADING_CHARS = 30
_CN = "一二三四五六七八九十百零〇"
# (pattern, level), first match wins.
_PATTERNS: tuple[tuple[re.Pattern, int], ...] = (
    (re.compile(rf"^第[{_CN}\d]+[章部篇]"), 1),
    (re.compile(rf"^[{_CN}]+\s*[、.．]"), 1),
    (re.compile(rf"^[（(]\s*[{_CN}]+\s*[）)]"), 2),
    (re.compile(r"^\d{1,2}\s*[.．、](?!\d)"), 3),
    (re.compile(r"^[（(]\s*\d{1,2}\s*[）)]"), 4),
)
SECTION_LEVELS = (1, 2)  # 第一章 / 一、 / （一）: Chinese section numbers, not list numbers
_PLACEHOLDER = re.compile(r"%([1-9])")


def pattern_level(text: str) -> int | None:
    text = text.lstrip()
    for pattern, level in _PATTERNS:
        if pattern.match(text):
            return level
    return None


def fallback_level(inlines: tuple[Inline, ...], label: str, stats, numbering: Numbering,
                   num_id: str | None) -> int | None:
    """Heading level for a numbered, short, whole-bold (or 黑体) paragraph; None otherwise.

    `stats` carries chars / bold_chars / hei_chars counted while the runs were read. A `label` from
    Word's numbering (`num_id`, as the body reader resolved it) must come from section numbering.
    """
    if stats.chars == 0:
        return None
    emphasised = stats.bold_chars >= stats.chars or stats.hei_chars >= stats.chars
    if not emphasised:
        return None
    text = (label + inline_text(inlines)).strip()
    if len(re.sub(r"\s", "", text)) > MAX_HEADING_CHARS or text.endswith(("。", "；", ";")):
        return None
    level = pattern_level(text)
    if level and label and not numbers_sections(numbering, num_id):
        return None
    return level


def numbers_sections(numbering: Numbering, num_id: str | None) -> bool:
    """Whether a Word numbering numbers sections rather than list items.

    Section numbering has a level that reads as a Chinese section number (第一章 / 一、 / （一）), like
    Word's Chinese outline gallery, whose 1. level under （一） is a heading too. A list made only of
    1. / a) / i. / • levels (Word's list buttons) numbers items: bold and short does not make them headings.
    """
    if not num_id:
        return False
    levels = numbering.levels_of(num_id)
    for lvl in levels.values():
        if lvl.fmt == "bullet" or not lvl.text:
            continue
        first = _PLACEHOLDER.sub(lambda m: _first_number(levels.get(int(m.group(1)) - 1)), lvl.text)
        if pattern_level(first) in SECTION_LEVELS:
            return True
    return False


def _first_number(level: Level | None) -> str:
    return format_number(1, level.fmt if level else "decimal")
