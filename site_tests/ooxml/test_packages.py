"""Broken, odd and foreign packages never raise: they give an ERROR finding naming the file."""

import zipfile

import pytest

from converters.model import Severity
from converters.ooxml import read_docx
from converters.text import blocks_text

from docx_factory import NSDECL, make_docx, para, run

SOURCE = "苏州市质量协会.zip/某班/附件1.docx"


def only_error(doc, code):
    assert doc.blocks == ()
    assert len(doc.findings) == 1
    finding = doc.findings[0]
    assert finding.severity == Severity.ERROR and finding.code == code and finding.file == SOURCE
    return finding


@pytest.mark.parametrize("content, code", [
    (b"", "DOCX_EMPTY"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "DOCX_ENCRYPTED"),
    (bytes(range(256)) * 4, "DOCX_NOT_ZIP"),
    (b"PK\x03\x04garbage", "DOCX_CORRUPT"),
])
def test_bad_bytes_give_error_finding(tmp_path, content, code):
    path = tmp_path / "x.docx"
    path.write_bytes(content)
    only_error(read_docx(path, SOURCE), code)


def test_encrypted_message_says_so(tmp_path):
    path = tmp_path / "x.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert "文档已加密或为旧版 .doc 格式" in read_docx(path, SOURCE).findings[0].message


def test_truncated_docx_gives_error(tmp_path):
    good = make_docx(tmp_path, para(run("正文" * 200)))
    data = good.read_bytes()
    cut = tmp_path / "cut.docx"
    cut.write_bytes(data[: len(data) // 2])
    doc = read_docx(cut, SOURCE)
    assert doc.findings[0].severity == Severity.ERROR and doc.findings[0].file == SOURCE


def test_zip_without_word_part_gives_error(tmp_path):
    path = tmp_path / "x.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "不是 Word")
    only_error(read_docx(path, SOURCE), "DOCX_NO_MAIN_PART")


def test_missing_file_gives_error(tmp_path):
    only_error(read_docx(tmp_path / "nope.docx", SOURCE), "DOCX_UNREADABLE")


def test_broken_document_xml_gives_error(tmp_path):
    path = make_docx(tmp_path, "", raw_document="<w:document><w:body><w:p>")
    assert read_docx(path, SOURCE).findings[0].severity == Severity.ERROR


def test_main_part_found_through_package_relationships(tmp_path):
    path = make_docx(tmp_path, para(run("别处的正文")))
    moved = tmp_path / "moved.docx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(moved, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            name = item.filename
            if name == "word/document.xml":
                name = "word/main.xml"
            elif name == "word/_rels/document.xml.rels":
                name = "word/_rels/main.xml.rels"
            elif name == "_rels/.rels":
                data = data.replace(b"word/document.xml", b"word/main.xml")
            dst.writestr(name, data)
    assert blocks_text(read_docx(moved, SOURCE).blocks) == "别处的正文"


def test_strict_ooxml_namespaces_are_read(tmp_path):
    strict = NSDECL.replace("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                            "http://purl.oclc.org/ooxml/wordprocessingml/main")
    document = f'<w:document {strict}><w:body>{para(run("严格格式"))}</w:body></w:document>'
    path = make_docx(tmp_path, "", raw_document=document)
    rels = tmp_path / "strict.docx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(rels, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "_rels/.rels":
                data = data.replace(b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
                                    b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument")
            dst.writestr(item, data)
    assert blocks_text(read_docx(rels, SOURCE).blocks) == "严格格式"


def test_missing_styles_and_numbering_parts_are_fine(tmp_path):
    doc = read_docx(make_docx(tmp_path, para(run("无样式"))), SOURCE)
    assert blocks_text(doc.blocks) == "无样式" and doc.findings == ()


def test_utf8_bom_in_document_part(tmp_path):
    document = '\ufeff<?xml version="1.0" encoding="UTF-8"?>' + f'<w:document {NSDECL}><w:body>{para(run("有BOM"))}</w:body></w:document>'
    doc = read_docx(make_docx(tmp_path, "", raw_document=document), SOURCE)
    assert blocks_text(doc.blocks) == "有BOM"
