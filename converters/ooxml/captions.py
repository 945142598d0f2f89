"""Captions: a "图1 …" / "表1 …" paragraph next to a picture, chart or table moves into it.

Tables are usually captioned above, figures below; that side is tried first for every block, the
other side only afterwards, so "表1, table, 表2, table" pairs correctly.
"""

from __future__ import annotations

import dataclasses
import re

from ..model import Block, Cell, Chart, Image, Paragraph, Row, Table
from ..text import block_text

MAX_CAPTION_CHARS = 80
_NUM = r"\s*[\d一二三四五六七八九十]+(?:\s*[-－—.．]\s*\d+)*"
_FIGURE = re.compile(rf"^(?:图|圖|Figure|Fig\.?)\s*{_NUM}", re.I)
_TABLE = re.compile(rf"^(?:表|Table)\s*{_NUM}", re.I)


def caption_pattern(block: Block) -> re.Pattern | None:
    if isinstance(block, (Image, Chart)):
        return _FIGURE
    if isinstance(block, Table):
        return _TABLE
    return None


def _candidate(block: Block, pattern: re.Pattern) -> str | None:
    if not isinstance(block, Paragraph):
        return None
    text = block_text(block).strip()
    if not text or len(text) > MAX_CAPTION_CHARS or text.endswith("。") or not pattern.match(text):
        return None
    return text


def attach_captions(blocks: list[Block]) -> list[Block]:
    blocks = [_inside_cells(b) for b in blocks]
    used: set[int] = set()
    captions: dict[int, str] = {}
    for preferred in (True, False):
        for i, block in enumerate(blocks):
            pattern = caption_pattern(block)
            if pattern is None or i in captions or (block.caption if hasattr(block, "caption") else ""):
                continue
            before_first = isinstance(block, Table)
            j = i - 1 if before_first == preferred else i + 1
            if 0 <= j < len(blocks) and j not in used and j not in captions:
                text = _candidate(blocks[j], pattern)
                if text:
                    captions[i] = text
                    used.add(j)
    out = []
    for i, block in enumerate(blocks):
        if i in used:
            continue
        out.append(dataclasses.replace(block, caption=captions[i]) if i in captions else block)
    return out


def _inside_cells(block: Block) -> Block:
    if not isinstance(block, Table):
        return block
    rows = tuple(
        Row(tuple(Cell(tuple(attach_captions(list(c.blocks))), c.colspan, c.rowspan) for c in r.cells), r.header)
        for r in block.rows
    )
    return dataclasses.replace(block, rows=rows)
