"""The fidelity bench measures what it says: source references, duplicates, chart rendering."""

from __future__ import annotations

import sys
from pathlib import Path

from converters.model import Chart, Series

from docx_factory import PNG_1PX, make_docx, para, picture, run, style

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import fidelity  # noqa: E402

CHART_PART = (
    '<?xml version="1.0" encoding="UTF-8"?><c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><c:chart><c:plotArea><c:barChart>'
    '<c:barDir c:val="col"/><c:ser><c:tx><c:v>合格率</c:v></c:tx><c:cat><c:strRef><c:strCache><c:ptCount c:val="2"/>'
    '<c:pt idx="0"><c:v>改善前</c:v></c:pt><c:pt idx="1"><c:v>改善后</c:v></c:pt></c:strCache></c:strRef></c:cat>'
    '<c:val><c:numRef><c:numCache><c:ptCount c:val="2"/><c:pt idx="0"><c:v>92.3</c:v></c:pt><c:pt idx="1"><c:v>98.6</c:v>'
    "</c:pt></c:numCache></c:numRef></c:val></c:ser></c:barChart></c:plotArea></c:chart></c:chartSpace>"
)


def chart_run(rel_id: str) -> str:
    return (
        '<w:r><w:drawing><wp:inline><wp:extent cx="100" cy="100"/><wp:docPr id="2" name="图表 1"/><a:graphic>'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        f'<c:chart r:id="{rel_id}"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>'
    )


def test_repeats_the_source_has_are_not_duplicates():
    truth = "☐ Y ☐ N ☐ Unknown\n☐ Y ☐ N ☐ Unknown\n一段足够长的正文内容在这里"
    out = ["☐ Y   ☐  N  ☐ Unknown", "☐ Y   ☐  N  ☐ Unknown", "一段足够长的正文内容在这里"]
    assert fidelity.duplicated(out, truth) == 0


def test_paragraph_read_twice_is_counted_once_as_duplicate():
    truth = "文本框里只有一次的这段文字\n其他"
    assert fidelity.duplicated(["文本框里只有一次的这段文字", "文本框里只有一次的这段文字", "其他"], truth) == 1


def test_checkbox_glyphs_the_reader_adds_do_not_hide_a_real_repeat():
    truth = "选项甲乙丙丁戊己庚辛"
    assert fidelity.duplicated(["☑选项甲乙丙丁戊己庚辛", "☐选项甲乙丙丁戊己庚辛"], truth) == 1


def test_source_lists_charts_and_metafiles_referenced_from_the_body_once(tmp_path):
    body = para(chart_run("rIdC1")) + para(picture("rIdE1")) + para(picture("rIdE1")) + para(picture("rIdP1"))
    path = make_docx(tmp_path, body, rels=[
        ("rIdC1", "chart", "charts/chart1.xml", False), ("rIdE1", "image", "media/image1.emf", False),
        ("rIdP1", "image", "media/image2.png", False),
    ], parts={"word/charts/chart1.xml": CHART_PART, "word/media/image1.emf": b"EMF", "word/media/image2.png": PNG_1PX,
              "word/charts/chart9.xml": CHART_PART})
    source = fidelity.read_source(path)
    assert source.charts == ["word/charts/chart1.xml"]  # chart9 is in the package but not in the body
    assert source.metafiles == ["word/media/image1.emf"]


def test_table_of_contents_is_kept_apart_from_visible_text(tmp_path):
    styles = style("TOC1", "toc 1")
    body = para(run("第一章 概况 1"), ppr='<w:pStyle w:val="TOC1"/>') + para(run("正文"))
    source = fidelity.read_source(make_docx(tmp_path, body, styles=styles))
    assert source.text.split() == ["正文"]
    assert source.text_with_toc.split() == ["第一章", "概况", "1", "正文"]


def test_chart_counts_as_drawn_only_with_marks_and_its_data_table():
    chart = Chart("column", "合格率", ("改善前", "改善后"), (Series("合格率", (92.3, 98.6)),))
    assert fidelity.chart_drawn(chart) == ""
    empty = Chart("column", "合格率", ("改善前", "改善后"), (Series("合格率", (None, None)),))
    assert fidelity.chart_drawn(empty) == "图表没有缓存数值"


def test_chart_in_the_body_is_read_and_drawn(tmp_path):
    path = make_docx(tmp_path, para(chart_run("rIdC1")), rels=[("rIdC1", "chart", "charts/chart1.xml", False)],
                     parts={"word/charts/chart1.xml": CHART_PART})
    tally = fidelity.ChartTally()
    out = fidelity.ours(path)
    fidelity.check_charts("x.docx", fidelity.read_source(path), out.doc, tally)
    assert (tally.in_package, tally.blocks, tally.rendered) == (1, 1, 1)


def test_recall_ignores_letter_case_and_whitespace():
    assert fidelity.recall("Quality 班组", "QUALITY\n班组") == 1.0
    assert fidelity.recall("abcd", "ab") == 0.5


NATIVE_SNIPPET = """[Header 1 ("intro",[],[]) [Str "Table",Space,Str "Note [",Str "Header 2"]
,OrderedList (1,Decimal,Period)
 [[Para [Str "one",Note [Para [Str "a note"]]]]
 ,[Para [Str "two ]]"]
  ,BulletList
   [[Plain [Str "nested"]]
   ,[Plain [Image ("",[],[]) [] ("media/image1.png","")]]]]]
,Table ("",[],[]) (Caption Nothing []) [] (TableHead ("",[],[]) []) [] (TableFoot ("",[],[]) [])
,BulletList []]"""


def test_native_structures_counts_constructors_not_text():
    counts = fidelity.native_structures(NATIVE_SNIPPET)
    assert counts == {"headings": 1, "lists": 2, "list items": 4, "tables": 1, "notes": 1, "images": 1}


def test_document_structures_count_labelled_paragraph_runs_as_lists():
    from converters.model import Cell, Document, Heading, NoteRef, Paragraph, Row, Table, Text

    cell = Cell((Paragraph((Text("甲"),), label="1."), Paragraph((Text("乙"),), label="2.")))
    doc = Document(blocks=(
        Heading(1, (Text("概况"),)),
        Paragraph((Text("一"), NoteRef("1")), label="（一）"),
        Paragraph((Text("二"),), label="（二）"),
        Paragraph((Text("正文"),)),
        Paragraph((Text("三"),), label="（三）"),
        Table((Row((cell,)),)),
    ), notes={"1": (Paragraph((Text("注"),)),)})
    counts = fidelity.document_structures(doc)
    assert counts == {"headings": 1, "lists": 3, "list items": 5, "tables": 1, "notes": 1, "images": 0}
