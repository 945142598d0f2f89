"""The bold-number heading fallback: typed and section-numbered paragraphs are headings, Word list items are not."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from docx import Document as new_document
from docx.oxml import parse_xml

from converters.model import Heading, Paragraph
from converters.ooxml import read_docx

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
NS_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def add_numbering(doc, *levels: tuple[str, str]) -> int:
    """A w:num over a new abstractNum whose levels are (numFmt, lvlText); returns its numId."""
    root = doc.part.numbering_part.element
    ids = [int(el.get(f"{{{NS_W}}}abstractNumId")) for el in root.iterfind(f"{{{NS_W}}}abstractNum")]
    ids += [int(el.get(f"{{{NS_W}}}numId")) for el in root.iterfind(f"{{{NS_W}}}num")]
    abstract_id, num_id = max(ids, default=0) + 1, max(ids, default=0) + 2
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    abstract = parse_xml(f'<w:abstractNum xmlns:w="{NS_W}" w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>')
    nums = root.findall(f"{{{NS_W}}}num")
    if nums:  # schema order: every abstractNum before every num
        nums[0].addprevious(abstract)
    else:
        root.append(abstract)
    root.append(parse_xml(f'<w:num xmlns:w="{NS_W}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'))
    return num_id


def numbered_paragraph(doc, text: str, num_id: int, ilvl: int = 0, style: str | None = None, bold: bool = True):
    paragraph = doc.add_paragraph(style=style)
    paragraph.add_run(text).bold = bold
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id
    return paragraph


def read(tmp_path: Path, doc, name: str = "测试.docx"):
    path = tmp_path / name
    doc.save(path)
    return read_docx(path, name).blocks


def shape(blocks) -> list[tuple[str, int, str]]:
    """(kind, heading level or 0, label) per block."""
    return [(type(b).__name__, b.level if isinstance(b, Heading) else 0, b.label) for b in blocks]


def test_bold_short_items_of_a_word_numbered_list_stay_list_items(tmp_path):
    doc = new_document()
    num_id = add_numbering(doc, ("decimal", "%1."), ("lowerLetter", "%2)"))
    for text in ("建立制度", "完善流程", "加强培训"):
        numbered_paragraph(doc, text, num_id, style="List Paragraph")
    blocks = read(tmp_path, doc)
    assert shape(blocks) == [("Paragraph", 0, "1."), ("Paragraph", 0, "2."), ("Paragraph", 0, "3.")]
    assert all(b.style_name == "List Paragraph" for b in blocks)


def test_word_list_items_between_body_paragraphs_stay_list_items(tmp_path):
    # pandoc's lists_level_override shape: one Normal-style item per numbering, body text in between.
    doc = new_document()
    for text in ("State of Documentation", "Content Migration"):
        numbered_paragraph(doc, text, add_numbering(doc, ("decimal", "%1.")))
        doc.add_paragraph("Goal: a sentence of ordinary body text.")
    assert [kind for kind, _, _ in shape(read(tmp_path, doc))] == ["Paragraph"] * 4


def test_bold_typed_numbers_on_normal_paragraphs_are_headings_by_pattern(tmp_path):
    doc = new_document()
    for text in ("一、班组概况", "（二）实施过程", "1. 建立制度"):
        doc.add_paragraph().add_run(text).bold = True
        doc.add_paragraph("正文说明文字。")
    headings = [b for b in read(tmp_path, doc) if isinstance(b, Heading)]
    assert [(h.level, h.label) for h in headings] == [(1, ""), (2, ""), (3, "")]


def test_decimal_level_of_a_chinese_outline_numbering_is_a_heading(tmp_path):
    doc = new_document()
    num_id = add_numbering(doc, ("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3."))
    numbered_paragraph(doc, "实施过程", num_id, 0)
    numbered_paragraph(doc, "建立机制", num_id, 1)
    numbered_paragraph(doc, "主题选定", num_id, 2)
    doc.add_paragraph("正文说明文字。")
    assert shape(read(tmp_path, doc))[:3] == [("Heading", 1, "一、"), ("Heading", 2, "（一）"), ("Heading", 3, "1.")]


def _sample_writer():
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ExperienceWriter


@pytest.mark.parametrize("parts", ["numbered_multilevel", "numbered_separate"])
def test_auto_numbered_headings_as_the_samples_write_them_stay_headings(tmp_path, parts):
    body = [{"p": "正文说明文字。"}]
    exp = {
        "title": "示例经验", "seed": 1, "shape": {"parts": parts},
        "parts": {
            "overview": body, "background": body, "results": body,
            "process": [{"h": "（一）策划"}, *body, {"h3": "1. 主题选定"}, *body, {"h3": "2. 现状把握"}, *body,
                        {"h": "（二）部署"}, *body],
        },
    }
    path = tmp_path / "样例.docx"
    path.write_bytes(_sample_writer()(exp, None).write())
    blocks = read_docx(path, path.name).blocks
    labels = [(b.level, b.label) for b in blocks if isinstance(b, Heading)]
    assert labels[:4] == [(1, "一、"), (1, "二、"), (1, "三、"), (2, "（一）")]
    if parts == "numbered_multilevel":  # its 1. level is a third outline level; separate numbering leaves 1. typed
        assert (3, "1.") in labels and (3, "2.") in labels
    assert (2, "（二）") in labels and labels[-1] == (1, "四、")
    assert not any(isinstance(b, Paragraph) and b.label for b in blocks)
