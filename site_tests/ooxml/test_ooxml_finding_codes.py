"""Every finding code of the OOXML reader, each from a .docx that makes read_docx emit it (issue 12).

Reader findings name the file in `file` (the report and review page show it beside the message) and
the part in `location`; documents the reader cannot read at all are then "broken" at intake, where
the message itself names the file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from converters.check.classes import finding_class
from converters.intake import collect
from converters.model import Document, Finding, Severity
from converters.ooxml import package as ooxml_package, read_docx
from converters.text import blocks_text

from docx_factory import NSDECL, make_docx, para, run

CJK = re.compile(r"[\u4e00-\u9fff]")
SOURCE = "南京市质量协会/焊接一班/附件1.docx"
CHART_RUN = ('<w:r><w:drawing><wp:inline><wp:extent cx="1" cy="1"/><wp:docPr id="3" name="图表"/><a:graphic>'
             '<a:graphicData uri="{uri}"><c:chart r:id="rIdChart"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')
C_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
CHART_RELS = [("rIdChart", "chart", "charts/chart1.xml", False)]


def read(path: Path) -> Document:
    return read_docx(path, SOURCE)


def the(doc: Document, code: str) -> Finding:
    found = [f for f in doc.findings if f.code == code]
    assert len(found) == 1, [(f.code, f.message) for f in doc.findings]
    return found[0]


def assert_finding(f: Finding, severity: Severity, cls: str, location: str = "word/document.xml") -> None:
    assert f.severity is severity
    assert finding_class(f).id == cls
    assert CJK.search(f.message), f.message
    assert f.file == SOURCE and f.location == location


def assert_unreadable(tmp_path: Path, path: Path, code: str) -> Finding:
    """The document gives no blocks and one error; taken in by intake it is a broken file named in the message."""
    doc = read(path)
    assert doc.blocks == ()
    f = the(doc, code)
    assert f.severity is Severity.ERROR and finding_class(f).id == "broken" and f.file == SOURCE
    assert CJK.search(f.message), f.message
    inbox = tmp_path / "inbox" / "南京市质量协会" / "焊接一班"
    inbox.mkdir(parents=True)
    path.rename(inbox / "附件1.docx")
    [taken] = collect(tmp_path / "inbox", tmp_path / "work")
    assert taken.kind == "broken" and taken.path is None
    assert [x.code for x in taken.findings] == [code] and taken.findings[0].file == SOURCE
    return f


# ---------------------------------------------------------------- documents that cannot be read


def test_main_part_without_body_is_docx_no_body(tmp_path: Path):
    raw = f'<?xml version="1.0" encoding="UTF-8"?><w:document {NSDECL}><w:background w:color="FFFFFF"/></w:document>'
    f = assert_unreadable(tmp_path, make_docx(tmp_path, "", raw_document=raw), "DOCX_NO_BODY")
    assert "w:body" in f.message


def test_part_over_the_part_limit_is_docx_part_too_large(tmp_path: Path, monkeypatch):
    path = make_docx(tmp_path, para(run("班组围绕质量目标开展活动。" * 2000)))
    monkeypatch.setattr(ooxml_package, "MAX_PART_BYTES", 20_000)
    f = assert_unreadable(tmp_path, path, "DOCX_PART_TOO_LARGE")
    assert "word/document.xml" in f.message


def test_package_over_the_package_limit_is_docx_too_large(tmp_path: Path, monkeypatch):
    path = make_docx(tmp_path, para(run("班组围绕质量目标开展活动。" * 2000)))
    monkeypatch.setattr(ooxml_package, "MAX_PACKAGE_BYTES", 20_000)
    f = assert_unreadable(tmp_path, path, "DOCX_TOO_LARGE")
    assert "压缩炸弹" in f.message


def test_tables_nested_hundreds_deep_are_docx_too_deep(tmp_path: Path):
    depth = 300
    body = "<w:tbl><w:tr><w:tc>" * depth + para(run("最内层")) + "</w:tc></w:tr></w:tbl>" * depth
    assert_unreadable(tmp_path, make_docx(tmp_path, body), "DOCX_TOO_DEEP")


def test_reader_error_is_docx_read_failed_not_a_traceback(tmp_path: Path, monkeypatch):
    # The safety net for a bug in the reader: no well-formed input is known to reach it (such an
    # input would be a bug to fix), so a reader step is made to fail the way a bug would.
    import converters.ooxml as ooxml

    def broken(blocks):
        raise IndexError("list index out of range")

    monkeypatch.setattr(ooxml, "attach_captions", broken)
    f = assert_unreadable(tmp_path, make_docx(tmp_path, para(run("正文"))), "DOCX_READ_FAILED")
    assert "IndexError" in f.message and "反馈给维护人员" in f.message


# ---------------------------------------------------------------- read, with a warning or note


def test_malformed_main_xml_is_recovered_with_docx_xml_recovered(tmp_path: Path):
    raw = (f'<?xml version="1.0" encoding="UTF-8"?><w:document {NSDECL}><w:body>'
           '<w:p><w:r><w:t>质量 & 效益</w:t></w:r></w:p><w:p><w:r><w:t>第二段</w:t></w:r></w:p></w:body></w:document>')
    doc = read(make_docx(tmp_path, "", raw_document=raw))
    assert "第二段" in blocks_text(doc.blocks)
    assert_finding(the(doc, "DOCX_XML_RECOVERED"), Severity.WARNING, "note")


def test_alt_chunk_is_reported_once_and_the_rest_is_read(tmp_path: Path):
    body = para(run("前文")) + '<w:altChunk r:id="rIdAlt1"/><w:altChunk r:id="rIdAlt2"/>' + para(run("后文"))
    rels = [("rIdAlt1", "aFChunk", "afchunk1.htm", False), ("rIdAlt2", "aFChunk", "afchunk2.htm", False)]
    parts = {"word/afchunk1.htm": "<html><body>粘贴的网页</body></html>", "word/afchunk2.htm": "<html></html>"}
    doc = read(make_docx(tmp_path, body, rels=rels, parts=parts))
    assert blocks_text(doc.blocks) == "前文\n后文"
    assert_finding(the(doc, "DOCX_ALTCHUNK"), Severity.WARNING, "note")


def test_chart_whose_relationship_is_missing_is_docx_chart_missing(tmp_path: Path):
    doc = read(make_docx(tmp_path, para(run("图表如下")) + para(CHART_RUN.format(uri=C_URI))))
    assert blocks_text(doc.blocks) == "图表如下"
    assert_finding(the(doc, "DOCX_CHART_MISSING"), Severity.WARNING, "broken")


def test_chart_without_cached_values_is_docx_chart_partial(tmp_path: Path):
    chart = ('<?xml version="1.0" encoding="UTF-8"?><c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
             'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><c:chart>'
             '<c:title><c:tx><c:rich><a:p><a:r><a:t>月度合格率</a:t></a:r></a:p></c:rich></c:tx></c:title>'
             '<c:plotArea><c:lineChart><c:ser><c:idx val="0"/><c:val><c:numRef><c:f>Sheet1!$B$2:$B$4</c:f></c:numRef></c:val>'
             "</c:ser></c:lineChart></c:plotArea></c:chart></c:chartSpace>")
    doc = read(make_docx(tmp_path, para(CHART_RUN.format(uri=C_URI)), rels=CHART_RELS, parts={"word/charts/chart1.xml": chart}))
    assert doc.blocks[0].title == "月度合格率"  # the chart is kept, with what it has
    f = the(doc, "DOCX_CHART_PARTIAL")
    assert_finding(f, Severity.WARNING, "note")
    assert "charts/chart1.xml" in f.message and "缓存" in f.message


def test_chartex_chart_is_docx_chart_unsupported_once(tmp_path: Path):
    uri = "http://schemas.microsoft.com/office/drawing/2014/chartex"
    body = para(run("瀑布图：")) + para(CHART_RUN.format(uri=uri)) + para(CHART_RUN.format(uri=uri))
    doc = read(make_docx(tmp_path, body))
    assert blocks_text(doc.blocks) == "瀑布图："
    assert_finding(the(doc, "DOCX_CHART_UNSUPPORTED"), Severity.WARNING, "note")


def test_smartart_with_malformed_data_is_docx_smartart_unreadable(tmp_path: Path):
    run_xml = ('<w:r><w:drawing><wp:inline><wp:extent cx="1" cy="1"/><wp:docPr id="4" name="图示"/><a:graphic>'
               '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/diagram">'
               '<dgm:relIds xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" r:dm="rIdDm"/>'
               "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>")
    rels = [("rIdDm", "diagramData", "diagrams/data1.xml", False)]
    parts = {"word/diagrams/data1.xml": '<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram"><dgm:ptLst>'}
    doc = read(make_docx(tmp_path, para(run("流程："), run_xml), rels=rels, parts=parts))
    assert blocks_text(doc.blocks) == "流程："
    assert_finding(the(doc, "DOCX_SMARTART_UNREADABLE"), Severity.WARNING, "broken")


def _note_ref(note_id: int) -> str:
    return f'<w:r><w:footnoteReference w:id="{note_id}"/></w:r>'


def test_reference_to_a_footnote_that_is_not_there_is_docx_note_missing(tmp_path: Path):
    notes = '<w:footnote w:id="1">' + para(run("数据来源：班组台账。")) + "</w:footnote>"
    doc = read(make_docx(tmp_path, para(run("合格率"), _note_ref(1), run("与返工率"), _note_ref(7)), footnotes=notes))
    assert list(doc.notes) == ["fn1"]
    f = the(doc, "DOCX_NOTE_MISSING")
    assert_finding(f, Severity.WARNING, "broken", location="word/footnotes.xml")
    assert "7" in f.message


def test_footnotes_part_that_is_not_xml_is_docx_notes_unreadable(tmp_path: Path):
    body = para(run("合格率"), _note_ref(1))
    rels = [("rIdFootnotes", "footnotes", "footnotes.xml", False)]
    doc = read(make_docx(tmp_path, body, rels=rels, parts={"word/footnotes.xml": b"\x00\x01\x02\xff\xfe"}))
    assert blocks_text(doc.blocks).startswith("合格率") and not doc.notes
    assert_finding(the(doc, "DOCX_NOTES_UNREADABLE"), Severity.WARNING, "broken", location="word/footnotes.xml")


@pytest.mark.parametrize("font, char", [("Wingdings", "F021"), ("Webdings", "F06E")])
def test_symbol_without_a_known_glyph_is_a_docx_unknown_symbol_note(tmp_path: Path, font: str, char: str):
    sym = f'<w:r><w:sym w:font="{font}" w:char="{char}"/></w:r>'
    doc = read(make_docx(tmp_path, para(run("完成情况："), sym, sym)))
    assert blocks_text(doc.blocks) == "完成情况："
    f = the(doc, "DOCX_UNKNOWN_SYMBOL")  # once per glyph, not once per occurrence
    assert_finding(f, Severity.INFO, "note")
    assert font in f.message
