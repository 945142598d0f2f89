"""Reviewers' comments live in word/comments.xml and are never read into the document (issue 19):
the fixture carries a real comments part, so reading comments like notes would publish them."""

from __future__ import annotations

from converters.model import NoteRef
from converters.ooxml import read_docx
from converters.render.markdown import render_blocks, render_notes
from converters.text import blocks_text

from docx_factory import NSDECL, make_docx, para, run

COMMENT = "审阅意见：数据需核实，联系人13900001111"


def _commented(tmp_path):
    comments = (f'<?xml version="1.0" encoding="UTF-8"?><w:comments {NSDECL}>'
                f'<w:comment w:id="0" w:author="评审专家" w:initials="PS"><w:p>{run(COMMENT)}</w:p></w:comment>'
                "</w:comments>")
    body = para('<w:commentRangeStart w:id="0"/>', run("合格率提升到98%"), '<w:commentRangeEnd w:id="0"/>',
                '<w:r><w:commentReference w:id="0"/></w:r>')
    path = make_docx(tmp_path, body, parts={"word/comments.xml": comments},
                     rels=[("rIdComments", "comments", "comments.xml", False)],
                     content_types={"word/comments.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"})
    return read_docx(path, "批注.docx")


def _inlines(blocks):
    for block in blocks:
        yield from getattr(block, "inlines", ())


def test_comment_text_is_in_no_block_note_or_page(tmp_path):
    doc = _commented(tmp_path)
    assert blocks_text(doc.blocks) == "合格率提升到98%"
    assert doc.notes == {}
    assert not [i for i in _inlines(doc.blocks) if isinstance(i, NoteRef)]
    page = render_blocks(doc.blocks, lambda name: name) + render_notes(doc.notes, lambda name: name)
    assert "审阅意见" not in page and "13900001111" not in page


def test_a_commented_document_is_flagged(tmp_path):
    doc = _commented(tmp_path)
    assert doc.had_comments
    assert [f.message for f in doc.findings if "批注" in f.message] == ["文档含批注，批注内容不会发布"]
