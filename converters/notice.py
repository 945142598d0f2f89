"""Recognise the five part titles of a 典型经验 in any written form.

"一、班组概况", "（二）实施背景：", "3. 实施 过程", "实施效果" all name a part; a longer sentence
that merely starts with the words does not.
"""

from __future__ import annotations

import re
import unicodedata

from .model import PARTS

# A typed or auto-numbered prefix: 一、 （一） (1) 1. 1、 第一部分 etc.
_PREFIX = re.compile(
    r"^\s*(?:第[一二三四五六七八九十\d]+部分|[（(]?[一二三四五六七八九十\d]+[)）]?[、.．:：]?|[①-⑩])?\s*"
)
# The same prefix with full-width digits and punctuation, for text that is not NFKC-normalised.
_PREFIX_WIDE = re.compile(
    r"^\s*(?:第[一二三四五六七八九十\d０-９]+部分|[（(]?[一二三四五六七八九十\d０-９]+[)）]?[、.．:：]?|[①-⑩])?\s*"
)
_SUFFIX = re.compile(r"[\s:：。.、]*$")


def normalise_title(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _PREFIX.sub("", text, count=1)
    text = _SUFFIX.sub("", text)
    return re.sub(r"\s+", "", text)


def part_key(text: str) -> str | None:
    """Return the part key ("overview", ...) when `text` is just a part title, else None."""
    if len(text) > 40:
        return None  # a part title with its number and spacing is far shorter: skip body text cheaply
    core = normalise_title(text)
    for key, title, _limit in PARTS:
        if core == title:
            return key
    return None


def split_inline_title(text: str) -> tuple[str, str] | None:
    """'经验名称：运用……的实践' -> ('name', '运用……的实践'); a title followed by its content."""
    if "：" not in text and ":" not in text:
        return None  # most paragraphs: no colon, no inline title
    # Match on the text as written so the content after the colon keeps its own characters.
    rest = _PREFIX_WIDE.sub("", text.strip(), count=1)
    for key, title, _limit in PARTS:
        pattern = r"^" + r"\s*".join(title) + r"\s*[:：]\s*(.+)$"
        m = re.match(pattern, rest, flags=re.S)
        if m:
            return key, m.group(1).strip()
    return None
