"""numbering.xml -> the labels Word shows."""

import pytest

from converters.model import Heading, Paragraph
from converters.ooxml import read_docx
from converters.ooxml.numformat import format_number

from docx_factory import abstract_num, level, make_docx, num, numbered, para, run, style


def labels(tmp_path, body, numbering, styles=None):
    doc = read_docx(make_docx(tmp_path, body, numbering=numbering, styles=styles), "编号.docx")
    return [b.label for b in doc.blocks if isinstance(b, (Paragraph, Heading))]


CN_MULTILEVEL = abstract_num(
    1,
    level(0, "chineseCounting", "%1、"),
    level(1, "chineseCounting", "（%2）"),
    level(2, "decimal", "%3."),
    level(3, "decimal", "（%4）"),
)


def test_chinese_multilevel_labels_and_restart_of_lower_levels(tmp_path):
    body = "".join([
        numbered("课题背景", 1, 0), numbered("选题理由", 1, 1), numbered("目标", 1, 2), numbered("投诉", 1, 2),
        numbered("月度", 1, 3), numbered("现状", 1, 1), numbered("原因分析", 1, 0), numbered("末端", 1, 1),
        numbered("设备", 1, 2),
    ])
    assert labels(tmp_path, body, CN_MULTILEVEL + num(1, 1)) == [
        "一、", "（一）", "1.", "2.", "（1）", "（二）", "二、", "（一）", "1.",
    ]


def test_start_value_and_unnumbered_paragraphs_do_not_break_the_count(tmp_path):
    numbering = abstract_num(1, level(0, "decimal", "%1.", start=3)) + num(1, 1)
    body = numbered("甲", 1) + para(run("插入段落")) + numbered("乙", 1)
    assert labels(tmp_path, body, numbering) == ["3.", "", "4."]


def test_start_override_restarts_a_list_sharing_the_abstract(tmp_path):
    override = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
    numbering = abstract_num(1, level(0, "decimal", "%1)")) + num(1, 1) + num(2, 1, override) + num(3, 1)
    body = numbered("a", 1) + numbered("b", 1) + numbered("c", 2) + numbered("d", 2) + numbered("e", 3)
    assert labels(tmp_path, body, numbering) == ["1)", "2)", "1)", "2)", "3)"]


def test_level_override_replaces_the_level_definition(tmp_path):
    override = '<w:lvlOverride w:ilvl="0">' + level(0, "lowerLetter", "%1)", start=3) + "</w:lvlOverride>"
    numbering = abstract_num(1, level(0, "decimal", "%1.")) + num(1, 1, override)
    assert labels(tmp_path, numbered("x", 1), numbering) == ["c)"]


def test_bullets_get_a_bullet_label(tmp_path):
    numbering = abstract_num(1, level(0, "bullet", "\uf0b7")) + num(1, 1)
    assert labels(tmp_path, numbered("x", 1) + numbered("y", 1), numbering) == ["•", "•"]


def test_numbering_linked_from_paragraph_style(tmp_path):
    styles = style("List1", "编号样式", ppr='<w:numPr><w:numId w:val="1"/></w:numPr>')
    numbering = abstract_num(1, level(0, "decimalEnclosedCircle", "%1", extra='<w:pStyle w:val="List1"/>')) + num(1, 1)
    body = para(run("一"), ppr='<w:pStyle w:val="List1"/>') + para(run("二"), ppr='<w:pStyle w:val="List1"/>')
    assert labels(tmp_path, body, numbering, styles) == ["①", "②"]


def test_num_id_zero_removes_style_numbering(tmp_path):
    styles = style("List1", "编号样式", ppr='<w:numPr><w:numId w:val="1"/></w:numPr>')
    numbering = abstract_num(1, level(0, "decimal", "%1.")) + num(1, 1)
    body = para(run("不编号"), ppr='<w:pStyle w:val="List1"/><w:numPr><w:numId w:val="0"/></w:numPr>')
    assert labels(tmp_path, body, numbering, styles) == [""]


def test_legal_numbering_shows_all_levels_as_arabic(tmp_path):
    numbering = abstract_num(
        1, level(0, "upperRoman", "%1."), level(1, "decimal", "%1.%2", extra="<w:isLgl/>"),
    ) + num(1, 1)
    body = numbered("a", 1, 0) + numbered("b", 1, 0) + numbered("c", 1, 1)
    assert labels(tmp_path, body, numbering) == ["I.", "II.", "2.1"]


def test_lvl_restart_zero_keeps_counting_across_parents(tmp_path):
    numbering = abstract_num(
        1, level(0, "decimal", "%1."), level(1, "lowerLetter", "%2)", extra='<w:lvlRestart w:val="0"/>'),
    ) + num(1, 1)
    body = numbered("a", 1, 0) + numbered("b", 1, 1) + numbered("c", 1, 0) + numbered("d", 1, 1)
    assert labels(tmp_path, body, numbering) == ["1.", "a)", "2.", "b)"]


def test_num_style_link_follows_the_numbering_style(tmp_path):
    styles = style("OutlineList", "大纲列表", kind="numbering", ppr='<w:numPr><w:numId w:val="5"/></w:numPr>')
    numbering = (
        abstract_num(1, level(0, "ideographTraditional", "%1."))
        + '<w:abstractNum w:abstractNumId="2"><w:numStyleLink w:val="OutlineList"/></w:abstractNum>'
        + num(5, 1) + num(6, 2)
    )
    assert labels(tmp_path, numbered("x", 6) + numbered("y", 6), numbering, styles) == ["甲.", "乙."]


@pytest.mark.parametrize("n, fmt, expected", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"),
    (20, "chineseCountingThousand", "二十"), (105, "chineseCountingThousand", "一百零五"),
    (110, "chineseCountingThousand", "一百一十"), (12, "japaneseCounting", "十二"),
    (3, "ideographTraditional", "丙"), (3, "decimalEnclosedCircle", "③"), (21, "decimalEnclosedCircle", "㉑"),
    (4, "lowerRoman", "iv"), (14, "upperRoman", "XIV"), (27, "upperLetter", "AA"), (3, "lowerLetter", "c"),
    (2, "decimalZero", "02"), (12, "chineseLegalSimplified", "壹拾贰"), (10, "ideographDigital", "一〇"),
    (7, "decimalFullWidth", "７"), (5, "none", ""),
])
def test_number_formats(n, fmt, expected):
    assert format_number(n, fmt) == expected


def test_hidden_numbered_paragraph_does_not_count(tmp_path):
    numbering = abstract_num(1, level(0, "decimal", "%1.")) + num(1, 1)
    hidden = para(run("隐藏", "<w:vanish/>"), ppr='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:rPr><w:vanish/></w:rPr>')
    assert labels(tmp_path, numbered("甲", 1) + hidden + numbered("乙", 1), numbering) == ["1.", "2."]


def test_restart_on_one_item_lets_the_style_list_continue_from_there(tmp_path):
    styles = style("ListNumber", "List Number", ppr='<w:numPr><w:numId w:val="1"/></w:numPr>')
    override = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
    numbering = abstract_num(1, level(0, "decimal", "%1.")) + num(1, 1) + num(2, 1, override)
    item = para(run("项"), ppr='<w:pStyle w:val="ListNumber"/>')
    restart = para(run("重新"), ppr='<w:pStyle w:val="ListNumber"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr>')
    body = item + item + item + para(run("结论")) + restart + item + item
    assert labels(tmp_path, body, numbering, styles) == ["1.", "2.", "3.", "", "1.", "2.", "3."]
