"""Finding the 经验名称 and the five parts in a read document."""

from __future__ import annotations

import pytest

from converters.model import Document, Heading, Paragraph, Table, Row, Cell, Text
from converters.notice import part_key
from converters.assemble.structure import split_parts


def P(text: str, **kw) -> Paragraph:
    return Paragraph((Text(text),), **kw)


@pytest.mark.parametrize(
    "text, key",
    [
        ("一、班组概况", "overview"),
        ("（二）实施背景：", "background"),
        ("3. 实施 过程", "process"),
        ("４．实施效果", "results"),
        ("第三部分 实施过程", "process"),
        ("经验名称", "name"),
        ("实施过程中发现的问题", None),
        ("班组概况和背景", None),
    ],
)
def test_part_titles_are_recognised_in_any_written_form(text, key):
    assert part_key(text) == key


def test_title_meta_line_and_parts_are_found():
    doc = Document(
        blocks=(
            P("运用PDCA循环提升一次交验合格率的实践", align="center"),
            P("组织名称：示例精密机械有限公司　班组名称：装配一班"),
            Heading(1, (Text("班组概况"),), label="一、"),
            P("装配一班成立于2010年。"),
            Heading(2, (Text("班组成员"),), label="（一）"),
            Table((Row((Cell((P("姓名"),)),)),)),
            P("二、实施背景：客户投诉较多。"),
            Heading(1, (Text("实施过程"),), label="三、"),
            P("策划。"),
            Heading(1, (Text("实施效果"),), label="四、"),
            P("合格率提升到99%。"),
        )
    )
    st = split_parts(doc, "a.docx")
    assert st.title == "运用PDCA循环提升一次交验合格率的实践"
    assert st.named == {"organization": "示例精密机械有限公司", "team": "装配一班"}
    assert list(st.parts) == ["overview", "background", "process", "results"]
    assert isinstance(st.parts["overview"][1], Heading) and st.parts["overview"][1].level == 3
    assert st.parts["background"][0].inlines[0].text == "客户投诉较多。"
    assert st.findings == ()


def test_name_heading_then_title_paragraph():
    doc = Document(blocks=(P("一、经验名称"), P("推行6S管理打造标杆现场的探索"), P("二、班组概况"), P("概况")))
    st = split_parts(doc, "b.docx")
    assert st.title == "推行6S管理打造标杆现场的探索"
    assert st.parts["overview"][0].inlines[0].text == "概况"


def test_inline_name_line_gives_the_title():
    doc = Document(blocks=(P("经验名称：运用FMEA预防差错的实践"), P("班组概况"), P("x")))
    assert split_parts(doc, "c.docx").title == "运用FMEA预防差错的实践"


def test_text_before_the_first_part_is_kept_and_reported():
    doc = Document(blocks=(P("标题"), P("前言一段。"), P("班组概况"), P("x")))
    st = split_parts(doc, "d.docx")
    assert st.parts["preamble"][0].inlines[0].text == "前言一段。"
    assert [f.code for f in st.findings] == ["PREAMBLE_CONTENT"]
    assert st.findings[0].file == "d.docx"


def test_missing_title_is_reported():
    st = split_parts(Document(blocks=(P("班组概况"), P("x"))), "e.docx")
    assert st.title == ""
    assert "TITLE_NOT_FOUND" in [f.code for f in st.findings]


def test_attachment_label_above_the_title_is_not_the_title():
    doc = Document(blocks=(P("附件1"), P("推行TPM提升设备综合效率的实践"), P("一、班组概况"), P("x"), P("二、实施背景"), P("y")))
    st = split_parts(doc, "f.docx")
    assert st.title == "推行TPM提升设备综合效率的实践"
    assert "preamble" not in st.parts and [f.code for f in st.findings] == ["PREAMBLE_RECOGNISED"]
