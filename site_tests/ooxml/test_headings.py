"""Headings from styles, outline levels, and typed 一、/（一）numbering on bold paragraphs."""

from converters.model import Heading, Paragraph
from converters.ooxml import read_docx

from docx_factory import abstract_num, level, make_docx, num, numbered, para, run, style


def kinds(tmp_path, body, **kw):
    doc = read_docx(make_docx(tmp_path, body, **kw), "标题.docx")
    return [(b.level if isinstance(b, Heading) else 0) for b in doc.blocks], doc


def test_heading_styles_outline_levels_and_title(tmp_path):
    styles = (
        style("1", "heading 1")
        + style("MyHead", "我的标题", based_on="Outline2")
        + style("Outline2", "outline", ppr='<w:outlineLvl w:val="1"/>')
        + style("Title", "Title")
    )
    body = (para(run("章"), ppr='<w:pStyle w:val="1"/>') + para(run("节"), ppr='<w:pStyle w:val="MyHead"/>')
            + para(run("题目"), ppr='<w:pStyle w:val="Title"/>') + para(run("直接大纲"), ppr='<w:outlineLvl w:val="2"/>')
            + para(run("正文")))
    levels, _ = kinds(tmp_path, body, styles=styles)
    assert levels == [1, 2, 1, 3, 0]


def test_typed_number_headings_on_bold_paragraphs_get_pattern_levels(tmp_path):
    bold = "<w:b/>"
    body = (para(run("一、班组概况", bold)) + para(run("（一）班组简介", bold)) + para(run("1. 职责", bold))
            + para(run("（1）主要产品", bold)) + para(run("二、实施背景", '<w:rFonts w:eastAsia="黑体"/>'))
            + para(run("1. 不加粗的列表项")) + para(run("一、加粗但很长的句子" + "很" * 40, bold)))
    levels, _ = kinds(tmp_path, body)
    assert levels == [1, 2, 3, 4, 1, 0, 0]


def test_auto_numbered_bold_paragraph_becomes_heading_with_label(tmp_path):
    numbering = abstract_num(1, level(0, "chineseCountingThousand", "%1、")) + num(1, 1)
    body = numbered("实施过程", 1, ppr="<w:rPr><w:b/></w:rPr>").replace("<w:r>", "<w:r><w:rPr><w:b/></w:rPr>")
    _, doc = kinds(tmp_path, body, numbering=numbering)
    assert doc.blocks[0] == Heading(1, doc.blocks[0].inlines, "一、", "", "")


def test_malformed_styles_part_does_not_stop_reading(tmp_path):
    body = para(run("正文照常"))
    path = make_docx(tmp_path, body, styles="<w:style w:styleId='x'><w:name w:val='y'/>")  # unclosed tag
    doc = read_docx(path, "坏样式.docx")
    assert isinstance(doc.blocks[0], Paragraph)
    assert any(f.code == "DOCX_PART_MALFORMED" and f.file == "坏样式.docx" for f in doc.findings)


def test_nested_styles_root_still_yields_heading_styles(tmp_path):
    nested = "<w:styles>" + style("Heading2", "heading 2") + "</w:styles>"
    levels, _ = kinds(tmp_path, para(run("二级"), ppr='<w:pStyle w:val="Heading2"/>'), styles=nested)
    assert levels == [2]


def test_table_of_contents_paragraphs_are_skipped(tmp_path):
    styles = style("TOC1", "toc 1")
    body = para(run("一、概况……1"), ppr='<w:pStyle w:val="TOC1"/>') + para(run("正文"))
    _, doc = kinds(tmp_path, body, styles=styles)
    assert len(doc.blocks) == 1 and any(f.code == "DOCX_TOC_SKIPPED" for f in doc.findings)
