"""Tables: spans, merges, header rows, nested content."""

from converters.model import Paragraph, Table
from converters.ooxml import read_docx
from converters.text import blocks_text

from docx_factory import make_docx, para, run, style


def tc(text: str, tcpr: str = "") -> str:
    return f'<w:tc>{f"<w:tcPr>{tcpr}</w:tcPr>" if tcpr else ""}{para(run(text)) if text else "<w:p/>"}</w:tc>'


def tr(*cells: str, trpr: str = "") -> str:
    return f'<w:tr>{f"<w:trPr>{trpr}</w:trPr>" if trpr else ""}{"".join(cells)}</w:tr>'


def tbl(*rows: str, tblpr: str = "") -> str:
    return f"<w:tbl><w:tblPr>{tblpr}</w:tblPr><w:tblGrid/>{''.join(rows)}</w:tbl>"


def read_table(tmp_path, body, **kw) -> Table:
    doc = read_docx(make_docx(tmp_path, body, **kw), "表格.docx")
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(tables) == 1
    return tables[0]


def shape(table: Table):
    return [[(blocks_text(c.blocks), c.colspan, c.rowspan) for c in r.cells] for r in table.rows]


def test_grid_span_and_vertical_merge(tmp_path):
    body = tbl(
        tr(tc("项目", '<w:vMerge w:val="restart"/>'), tc("指标", '<w:gridSpan w:val="2"/>')),
        tr(tc("", "<w:vMerge/>"), tc("前"), tc("后")),
        tr(tc("合格率"), tc("92%"), tc("98%")),
    )
    assert shape(read_table(tmp_path, body)) == [
        [("项目", 1, 2), ("指标", 2, 1)],
        [("前", 1, 1), ("后", 1, 1)],
        [("合格率", 1, 1), ("92%", 1, 1), ("98%", 1, 1)],
    ]


def test_vertical_merge_spanning_several_columns_and_rows(tmp_path):
    body = tbl(
        tr(tc("合并", '<w:gridSpan w:val="2"/><w:vMerge w:val="restart"/>'), tc("a")),
        tr(tc("", '<w:gridSpan w:val="2"/><w:vMerge/>'), tc("b")),
        tr(tc("", '<w:gridSpan w:val="2"/><w:vMerge/>'), tc("c")),
        tr(tc("x"), tc("y"), tc("z")),
    )
    assert shape(read_table(tmp_path, body))[0] == [("合并", 2, 3), ("a", 1, 1)]


def test_grid_before_and_after_become_empty_cells(tmp_path):
    body = tbl(tr(tc("a"), tc("b"), tc("c")),
               tr(tc("中"), trpr='<w:gridBefore w:val="1"/><w:gridAfter w:val="1"/>'))
    assert shape(read_table(tmp_path, body))[1] == [("", 1, 1), ("中", 1, 1), ("", 1, 1)]


def test_repeating_header_row_is_header(tmp_path):
    body = tbl(tr(tc("表头"), trpr="<w:tblHeader/>"), tr(tc("数据")))
    assert [r.header for r in read_table(tmp_path, body).rows] == [True, False]


def test_first_row_is_header_when_table_style_formats_it(tmp_path):
    styles = style("Grid", "网格表", kind="table", extra='<w:tblStylePr w:type="firstRow"><w:rPr><w:b/></w:rPr></w:tblStylePr>')
    body = tbl(tr(tc("头")), tr(tc("体")), tblpr='<w:tblStyle w:val="Grid"/><w:tblLook w:val="04A0" w:firstRow="1"/>')
    table = read_table(tmp_path, body, styles=styles)
    assert [r.header for r in table.rows] == [True, False] and table.style_name == "网格表"


def test_first_row_is_not_header_without_style_support(tmp_path):
    body = tbl(tr(tc("头")), tr(tc("体")), tblpr='<w:tblLook w:firstRow="1"/>')
    assert [r.header for r in read_table(tmp_path, body).rows] == [False, False]


def test_cells_keep_several_paragraphs_and_nested_tables(tmp_path):
    inner = tbl(tr(tc("内1"), tc("内2")))
    body = tbl(tr(f"<w:tc>{para(run('第一段'))}{para(run('第二段'))}{inner}<w:p/></w:tc>"))
    cell = read_table(tmp_path, body).rows[0].cells[0]
    assert isinstance(cell.blocks[0], Paragraph) and isinstance(cell.blocks[2], Table)
    assert blocks_text(cell.blocks) == "第一段\n第二段\n内1\t内2"


def test_deleted_row_is_dropped_and_rows_in_content_controls_kept(tmp_path):
    body = tbl(tr(tc("留")), tr(tc("删"), trpr='<w:del w:id="1" w:author="a"/>'),
               "<w:sdt><w:sdtContent>" + tr(tc("控件行")) + "</w:sdtContent></w:sdt>")
    assert shape(read_table(tmp_path, body)) == [[("留", 1, 1)], [("控件行", 1, 1)]]


def test_table_caption_above_is_attached(tmp_path):
    body = para(run("表1 改善前后对比")) + tbl(tr(tc("a"))) + para(run("表后正文"))
    doc = read_docx(make_docx(tmp_path, body), "表格.docx")
    assert [type(b).__name__ for b in doc.blocks] == ["Table", "Paragraph"]
    assert doc.blocks[0].caption == "表1 改善前后对比"


def test_bold_numbered_text_in_a_cell_stays_a_paragraph(tmp_path):
    body = tbl(tr(f"<w:tc>{para(run('一、项目', '<w:b/>'))}</w:tc>"))
    cell = read_table(tmp_path, body).rows[0].cells[0]
    assert len(cell.blocks) == 1 and isinstance(cell.blocks[0], Paragraph)
    assert blocks_text(cell.blocks) == "一、项目"
