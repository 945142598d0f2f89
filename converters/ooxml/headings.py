"""Headings Word styles do not mark: short, bold (or 黑体) paragraphs numbered 一、/（一）/1./（1）.

Chinese write-ups mostly type their section numbers on Normal paragraphs; the level follows the
numbering pattern, the way readers of these documents read them.
"""

from __future__ import annotations

import re

from ..model import Inline
from ..text import inline_text

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


def pattern_level(text: str) -> int | None:
    text = text.lstrip()
    for pattern, level in _PATTERNS:
        if pattern.match(text):
            return level
    return None


def fallback_level(inlines: tuple[Inline, ...], label: str, stats) -> int | None:
    """Heading level for a numbered, short, whole-bold (or 黑体) paragraph; None otherwise.

    `stats` carries chars / bold_chars / hei_chars counted while the runs were read.
    """
    if stats.chars == 0:
        return None
    emphasised = stats.bold_chars >= stats.chars or stats.hei_chars >= stats.chars
    if not emphasised:
        return None
    text = (label + inline_text(inlines)).strip()
    if len(re.sub(r"\s", "", text)) > MAX_HEADING_CHARS or text.endswith(("。", "；", ";")):
        return None
    return pattern_level(text)
