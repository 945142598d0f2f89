"""Pictures, captions, charts, text boxes."""

from converters.model import Chart, Image, Series
from converters.ooxml import read_docx
from converters.text import blocks_text

from docx_factory import PNG_1PX, make_docx, para, picture, run

IMG_RELS = [("rIdImg", "image", "media/image1.png", False)]
IMG_PARTS = {"word/media/image1.png": PNG_1PX}


def read(tmp_path, body, rels=IMG_RELS, parts=IMG_PARTS):
    return read_docx(make_docx(tmp_path, body, rels=rels, parts=parts), "图片.docx")


def test_inline_picture_becomes_image_block_with_asset_and_size(tmp_path):
    doc = read(tmp_path, para(picture("rIdImg", cx=1905000, cy=952500, descr="现场照片")))
    assert doc.blocks == (Image(asset="image1.png", alt="现场照片", width_px=200, height_px=100),)
    asset = doc.assets["image1.png"]
    assert asset.content_type == "image/png" and asset.data == PNG_1PX


def test_floating_picture_splits_its_paragraph(tmp_path):
    doc = read(tmp_path, para(run("前文"), picture("rIdImg", anchor=True), run("后文")))
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Image", "Paragraph"]
    assert blocks_text(doc.blocks) == "前文\n后文"


def test_caption_below_picture_is_attached_and_not_kept_as_paragraph(tmp_path):
    doc = read(tmp_path, para(picture("rIdImg")) + para(run("图1 班组合影")) + para(run("图2 不是紧邻的说明")))
    assert doc.blocks[0].caption == "图1 班组合影"
    assert blocks_text(doc.blocks) == "图1 班组合影\n图2 不是紧邻的说明"


def test_caption_in_the_picture_paragraph_after_a_break(tmp_path):
    doc = read(tmp_path, para(picture("rIdImg"), "<w:r><w:br/></w:r>", run("Figure 3 Team photo")))
    assert len(doc.blocks) == 1 and doc.blocks[0].caption == "Figure 3 Team photo"


def test_same_picture_twice_is_one_asset(tmp_path):
    doc = read(tmp_path, para(picture("rIdImg")) + para(picture("rIdImg")))
    assert len(doc.assets) == 1 and [b.asset for b in doc.blocks] == ["image1.png", "image1.png"]


def test_external_picture_gives_finding_not_crash(tmp_path):
    rels = [("rIdImg", "image", "http://example.com/a.png", True)]
    doc = read(tmp_path, para(run("文"), picture("rIdImg")), rels=rels, parts={})
    assert blocks_text(doc.blocks) == "文" and not doc.assets
    assert any(f.code == "DOCX_IMAGE_EXTERNAL" and f.file == "图片.docx" for f in doc.findings)


def test_missing_media_part_gives_finding(tmp_path):
    doc = read(tmp_path, para(picture("rIdImg")), parts={})
    assert doc.blocks == () and any(f.code == "DOCX_IMAGE_MISSING" for f in doc.findings)


def test_emf_picture_gets_metafile_content_type(tmp_path):
    rels = [("rIdImg", "image", "media/image9.emf", False)]
    doc = read(tmp_path, para(picture("rIdImg")), rels=rels, parts={"word/media/image9.emf": b"\x01\x00\x00\x00emf"})
    assert doc.assets["image1.emf"].content_type == "image/x-emf"  # named by order, never by the part


def test_vml_picture_and_textbox(tmp_path):
    body = para(run("段"), '<w:r><w:pict><v:shape style="width:75pt;height:37.5pt"><v:imagedata r:id="rIdImg" o:title="旧图"/>'
                '</v:shape><v:shape><v:textbox><w:txbxContent>' + para(run("文本框内容")) +
                "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>")
    doc = read(tmp_path, body)
    assert doc.blocks[1] == Image(asset="image1.png", alt="旧图", width_px=100, height_px=50)
    assert blocks_text(doc.blocks[2:]) == "文本框内容"


def test_drawingml_textbox_in_alternate_content_is_read_once(tmp_path):
    txbx = "<w:txbxContent>" + para(run("框内")) + "</w:txbxContent>"
    body = para(run("锚"), '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:extent cx="1" cy="1"/>'
                '<wp:docPr id="2" name="文本框"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
                f"<wps:wsp><wps:txbx>{txbx}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
                f"<mc:Fallback><w:pict><v:rect><v:textbox>{txbx}</v:textbox></v:rect></w:pict></mc:Fallback>"
                "</mc:AlternateContent></w:r>") + para(run("后续"))
    assert blocks_text(read(tmp_path, body).blocks) == "锚\n框内\n后续"


CHART_XML = """<?xml version="1.0" encoding="UTF-8"?>
<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"
 xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><c:chart>
<c:title><c:tx><c:rich><a:p><a:r><a:t>合格率对比</a:t></a:r></a:p></c:rich></c:tx></c:title>
<c:plotArea>{groups}</c:plotArea></c:chart></c:chartSpace>"""
SERIES = """<c:ser><c:idx val="0"/><c:tx><c:strRef><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>{name}</c:v></c:pt></c:strCache></c:strRef></c:tx>
<c:cat><c:strRef><c:strCache><c:ptCount val="3"/><c:pt idx="0"><c:v>一月</c:v></c:pt><c:pt idx="1"><c:v>二月</c:v></c:pt>
<c:pt idx="2"><c:v>三月</c:v></c:pt></c:strCache></c:strRef></c:cat>
<c:val><c:numRef><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="3"/><c:pt idx="0"><c:v>92.5</c:v></c:pt>
<c:pt idx="2"><c:v>98</c:v></c:pt></c:numCache></c:numRef></c:val></c:ser>"""
CHART_RUN = ('<w:r><w:drawing><wp:inline><wp:extent cx="1" cy="1"/><wp:docPr id="3" name="图表"/><a:graphic>'
             '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart r:id="rIdChart"/>'
             "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>")


def read_chart(tmp_path, groups, caption=""):
    body = para(CHART_RUN) + (para(run(caption)) if caption else "")
    rels = [("rIdChart", "chart", "charts/chart1.xml", False)]
    doc = read(tmp_path, body, rels=rels, parts={"word/charts/chart1.xml": CHART_XML.format(groups=groups)})
    return doc


def test_column_chart_from_cached_values_with_missing_point(tmp_path):
    groups = '<c:barChart><c:barDir val="col"/>' + SERIES.format(name="改善前") + "</c:barChart>"
    doc = read_chart(tmp_path, groups, caption="图2 合格率")
    assert doc.blocks == (Chart(kind="column", title="合格率对比", categories=("一月", "二月", "三月"),
                                series=(Series("改善前", (92.5, None, 98.0)),), caption="图2 合格率"),)


def test_bar_and_line_in_one_plot_area_is_combo(tmp_path):
    groups = ('<c:barChart><c:barDir val="bar"/>' + SERIES.format(name="甲") + "</c:barChart>"
              + "<c:lineChart>" + SERIES.format(name="乙") + "</c:lineChart>")
    chart = read_chart(tmp_path, groups).blocks[0]
    assert chart.kind == "combo" and [s.name for s in chart.series] == ["甲", "乙"]


def test_pie_and_horizontal_bar_kinds(tmp_path):
    assert read_chart(tmp_path, "<c:pieChart>" + SERIES.format(name="占比") + "</c:pieChart>").blocks[0].kind == "pie"
    (tmp_path / "test.docx").unlink()
    bar = '<c:barChart><c:barDir val="bar"/>' + SERIES.format(name="x") + "</c:barChart>"
    assert read_chart(tmp_path, bar).blocks[0].kind == "bar"


def test_multi_level_categories(tmp_path):
    multi = SERIES.format(name="s").replace(
        SERIES.format(name="s")[SERIES.format(name="s").index("<c:cat>"):SERIES.format(name="s").index("</c:cat>") + 8],
        '<c:cat><c:multiLvlStrRef><c:multiLvlStrCache><c:ptCount val="3"/>'
        '<c:lvl><c:pt idx="0"><c:v>一季度</c:v></c:pt><c:pt idx="1"><c:v>二季度</c:v></c:pt><c:pt idx="2"><c:v>一季度</c:v></c:pt></c:lvl>'
        '<c:lvl><c:pt idx="0"><c:v>2023</c:v></c:pt><c:pt idx="2"><c:v>2024</c:v></c:pt></c:lvl>'
        "</c:multiLvlStrCache></c:multiLvlStrRef></c:cat>",
    )
    chart = read_chart(tmp_path, "<c:lineChart>" + multi + "</c:lineChart>").blocks[0]
    assert chart.categories == ("2023 一季度", "2023 二季度", "2024 一季度")


def test_broken_chart_part_gives_warning(tmp_path):
    rels = [("rIdChart", "chart", "charts/chart1.xml", False)]
    doc = read(tmp_path, para(CHART_RUN) + para(run("正文")), rels=rels, parts={"word/charts/chart1.xml": "<c:chartSpace"})
    assert blocks_text(doc.blocks) == "正文"
    assert any(f.code == "DOCX_CHART_UNREADABLE" for f in doc.findings)


def test_file_names_and_machine_alt_text_are_not_kept_as_alt(tmp_path):
    body = (para(picture("rIdImg", descr="image.png")) + para(picture("rIdImg", descr="图片包含 人, 室内 描述已自动生成"))
            + para(picture("rIdImg", descr="班组成员合影")))
    assert [b.alt for b in read(tmp_path, body).blocks] == ["", "", "班组成员合影"]


def test_smartart_text_becomes_paragraphs_after_its_paragraph(tmp_path):
    data = ('<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dgm:ptLst>'
            '<dgm:pt modelId="0" type="doc"><dgm:t><a:p><a:r><a:t>文档</a:t></a:r></a:p></dgm:t></dgm:pt>'
            '<dgm:pt modelId="1"><dgm:t><a:p><a:r><a:t>策划</a:t></a:r></a:p></dgm:t></dgm:pt>'
            '<dgm:pt modelId="2" type="parTrans"><dgm:t><a:p><a:r><a:t>连线</a:t></a:r></a:p></dgm:t></dgm:pt>'
            '<dgm:pt modelId="3"><dgm:t><a:p><a:r><a:t>实施</a:t></a:r></a:p></dgm:t></dgm:pt></dgm:ptLst></dgm:dataModel>')
    run_xml = ('<w:r><w:drawing><wp:inline><wp:extent cx="1" cy="1"/><wp:docPr id="4" name="图示"/><a:graphic>'
               '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/diagram">'
               '<dgm:relIds xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" r:dm="rIdDm"/>'
               "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>")
    rels = [("rIdDm", "diagramData", "diagrams/data1.xml", False)]
    doc = read(tmp_path, para(run("流程："), run_xml), rels=rels, parts={"word/diagrams/data1.xml": data})
    assert blocks_text(doc.blocks) == "流程：\n策划\n实施"


def test_ole_object_preview_becomes_image(tmp_path):
    rels = [("rIdImg", "image", "media/image1.emf", False), ("rIdOle", "oleObject", "embeddings/o.bin", False)]
    body = para('<w:r><w:object><v:shape style="width:150pt;height:75pt"><v:imagedata r:id="rIdImg" o:title=""/></v:shape>'
                '<o:OLEObject Type="Embed" ProgID="Visio.Drawing.15" r:id="rIdOle"/></w:object></w:r>')
    doc = read(tmp_path, body, rels=rels, parts={"word/media/image1.emf": b"emf", "word/embeddings/o.bin": b"ole"})
    assert doc.blocks == (Image(asset="image1.emf", width_px=200, height_px=100),)
    assert list(doc.assets) == ["image1.emf"] and doc.assets["image1.emf"].content_type == "image/x-emf"
