"""Word's 字数 and 字符数(不计空格), so limits match what reviewers see in Word's 字数统计.

Word counts each East Asian character and each full-width punctuation mark as one 字, and each
non-East-Asian word as one 字; half-width punctuation standing alone and spaces count nothing.
A "word" here is a maximal run of non-space, non-East-Asian characters that holds at least one
letter or digit, so "PDCA", "98.5%", "GB/T" and "4754-2017" are one each, as in Word, while a lone
half-width "," or "-" counts 0.

Example: "运用PDCA循环提升合格率" = 运用 (2) + PDCA (1) + 循环提升合格率 (7) = 10.
"""

from __future__ import annotations

import re

# Characters Word treats as East Asian: each one is a 字 of its own.
_EAST_ASIAN_RANGES: tuple[tuple[int, int], ...] = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x2FDF),  # CJK radicals, Kangxi radicals
    (0x2FF0, 0x2FFF),  # ideographic description characters
    (0x3001, 0x303F),  # CJK symbols and punctuation (U+3000 is a space, excluded)
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3100, 0x31FF),  # Bopomofo, Hangul compatibility Jamo, Kanbun, Katakana ext.
    (0x3200, 0x33FF),  # enclosed CJK letters, CJK compatibility
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA960, 0xA97F),  # Hangul Jamo extended-A
    (0xAC00, 0xD7FF),  # Hangul syllables and Jamo extended-B
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE10, 0xFE1F),  # vertical forms
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFE50, 0xFE6F),  # small form variants
    (0xFF01, 0xFF60),  # full-width ASCII variants and full-width brackets
    (0xFF61, 0xFFEF),  # half-width katakana, full-width signs (￥ ￠)
    (0x20000, 0x3FFFF),  # CJK extensions B and later
)

# Punctuation that Chinese text sets full-width although it lives outside the CJK blocks.
_FULL_WIDTH_PUNCTUATION = frozenset("‘’“”—…·‖–―※′″")

# Zero-width characters Word does not count at all.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")


def is_east_asian(ch: str) -> bool:
    """True for a character Word counts as one 字 by itself (CJK, kana, full-width forms)."""
    if ch in _FULL_WIDTH_PUNCTUATION:
        return True
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _EAST_ASIAN_RANGES)


def _is_gap(ch: str) -> bool:
    return ch.isspace() or ch in _INVISIBLE


def _char_class(ranges, extra: str) -> str:
    spans = "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in ranges)
    return spans + "".join(re.escape(c) for c in extra)


_EAST_ASIAN_CLASS = _char_class(_EAST_ASIAN_RANGES, "".join(sorted(_FULL_WIDTH_PUNCTUATION)))
_EAST_ASIAN_RE = re.compile(f"[{_EAST_ASIAN_CLASS}]")
_GAP_CLASS = r"\s" + "".join(re.escape(c) for c in sorted(_INVISIBLE))
# A run of characters that are neither gaps nor East Asian; it is a word when it has a letter or digit.
_RUN_RE = re.compile(f"[^{_GAP_CLASS}{_EAST_ASIAN_CLASS}]+")


def word_count(text: str) -> int:
    """Word's 字数: East Asian characters and full-width punctuation 1 each, each other word 1."""
    east_asian = len(_EAST_ASIAN_RE.findall(text))
    words = sum(1 for run in _RUN_RE.findall(text) if any(ch.isalnum() for ch in run))
    return east_asian + words


def char_count_no_spaces(text: str) -> int:
    """Word's 字符数(不计空格): every character except spaces, line breaks and zero-width marks."""
    return sum(1 for ch in text if not _is_gap(ch))
