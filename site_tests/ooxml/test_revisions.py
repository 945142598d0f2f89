"""Tracked changes accepted, comments dropped, notes collected."""

from converters.model import NoteRef, Severity
from converters.ooxml import read_docx
from converters.text import blocks_text

from docx_factory import make_docx, para, run


def read(tmp_path, body, **kw):
    return read_docx(make_docx(tmp_path, body, **kw), "修订.docx")


def test_insertions_kept_deletions_and_moves_from_dropped(tmp_path):
    body = para(
        run("保留"), '<w:ins w:id="1" w:author="a">', run("新增"), "</w:ins>",
        '<w:del w:id="2" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>',
        '<w:moveFrom w:id="3" w:author="a">', run("移走"), "</w:moveFrom>",
        '<w:moveTo w:id="4" w:author="a">', run("移来"), "</w:moveTo>",
    )
    doc = read(tmp_path, body)
    assert blocks_text(doc.blocks) == "保留新增移来"
    assert doc.had_revisions
    found = [f for f in doc.findings if f.code == "DOCX_HAS_REVISIONS"]
    assert found and found[0].message == "文档仍含修订痕迹，已按接受全部修订处理" and found[0].severity == Severity.WARNING


def test_deleted_paragraph_mark_joins_paragraphs(tmp_path):
    body = para(run("前半"), ppr='<w:rPr><w:del w:id="1" w:author="a"/></w:rPr>') + para(run("后半"))
    assert blocks_text(read(tmp_path, body).blocks) == "前半后半"


def test_comments_are_dropped_and_flagged(tmp_path):
    body = para('<w:commentRangeStart w:id="0"/>', run("正文"), '<w:commentRangeEnd w:id="0"/>',
                '<w:r><w:commentReference w:id="0"/></w:r>')
    doc = read(tmp_path, body)
    assert blocks_text(doc.blocks) == "正文" and doc.had_comments and not doc.had_revisions
    assert any(f.message == "文档含批注，批注内容不会发布" for f in doc.findings)


def test_clean_document_has_no_revision_findings(tmp_path):
    doc = read(tmp_path, para(run("干净")))
    assert not doc.had_revisions and not doc.had_comments and doc.findings == ()


def test_footnotes_become_note_refs_and_notes(tmp_path):
    footnotes = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                 '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>' + run("数据来源：公司年报") + "</w:p></w:footnote>")
    body = para(run("合格率98%"), '<w:r><w:footnoteReference w:id="1"/></w:r>')
    doc = read(tmp_path, body, footnotes=footnotes)
    assert doc.blocks[0].inlines[-1] == NoteRef("fn1")
    assert blocks_text(doc.notes["fn1"]) == "数据来源：公司年报" and list(doc.notes) == ["fn1"]
