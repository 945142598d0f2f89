"""Plain text of model values: every Block and Inline type has its text, an unknown type is an error."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from converters.model import (Cell, Chart, Heading, Image, LineBreak, Link, Math, NoteRef, Paragraph, Row, Rule,
                              Series, Table, Text)
from converters.text import block_text, blocks_text, inline_text


@dataclass(frozen=True)
class Sidebar:
    """A model type text.py has never heard of (as a new Block or Inline would be)."""

    text: str


def test_inline_text_of_every_inline_type():
    inlines = (Text("甲"), LineBreak(), Link("https://example.org/", (Text("乙"),)), NoteRef("1"), Math("x=1"))
    assert inline_text(inlines) == "甲\n乙x=1"


def test_block_text_of_every_block_type():
    table = Table((Row((Cell((Paragraph((Text("甲"),)),)), Cell((Paragraph((Text("乙"),)),)))),), caption="表1 对比")
    chart = Chart("column", "合格率", ("1月",), (Series("改善后", (97.0,)),), caption="图2 合格率")
    blocks = (Heading(2, (Text("标题"),), label="一、"), table, Image("a.png", caption="图1 现场"), chart, Rule())
    assert [block_text(b) for b in blocks] == ["一、标题", "甲\t乙\n表1 对比", "图1 现场", "合格率\n1月\n改善后\n图2 合格率", ""]
    assert blocks_text(blocks[-2:]) == "合格率\n1月\n改善后\n图2 合格率"


@pytest.mark.parametrize(
    "call",
    [
        lambda: block_text(Sidebar("旁注")),
        lambda: inline_text((Text("前"), Sidebar("旁注"))),
        lambda: blocks_text((Paragraph((Text("前"),)), Sidebar("旁注"))),
    ],
    ids=["block", "inline", "blocks"],
)
def test_an_unknown_model_type_is_an_error_not_an_empty_string(call):
    with pytest.raises(AssertionError, match="Sidebar"):
        call()
