"""Runs, formatting, symbols, fields, links, content controls, alternate content."""

from converters.model import Heading, LineBreak, Link, Paragraph, Text
from converters.ooxml import read_docx
from converters.text import blocks_text, inline_text

from docx_factory import make_docx, para, run, style


def read(tmp_path, body, **kw):
    doc = read_docx(make_docx(tmp_path, body, **kw), "班组/附件1.docx")
    return doc


def test_run_formatting_from_direct_properties(tmp_path):
    doc = read(tmp_path, para(
        run("粗", "<w:b/>"), run("斜", "<w:i/>"), run("线", '<w:u w:val="single"/>'), run("删", "<w:strike/>"),
        run("上", '<w:vertAlign w:val="superscript"/>'), run("下", '<w:vertAlign w:val="subscript"/>'),
        run("非粗", '<w:b w:val="0"/>'),
    ))
    inlines = doc.blocks[0].inlines
    assert inlines == (
        Text("粗", bold=True), Text("斜", italic=True), Text("线", underline=True), Text("删", strike=True),
        Text("上", vertical="superscript"), Text("下", vertical="subscript"), Text("非粗"),
    )


def test_formatting_inherited_through_character_and_paragraph_style_chains(tmp_path):
    styles = (
        style("Base", "base", rpr="<w:i/>")
        + style("Derived", "derived", based_on="Base")
        + style("Strong", "strong", kind="character", rpr="<w:b/>")
    )
    doc = read(tmp_path, para(run("甲"), run("乙", '<w:rStyle w:val="Strong"/>'), ppr='<w:pStyle w:val="Derived"/>'),
               styles=styles)
    assert doc.blocks[0].inlines == (Text("甲", italic=True), Text("乙", bold=True, italic=True))


def test_adjacent_runs_with_same_formatting_merge_without_spaces(tmp_path):
    doc = read(tmp_path, para(run("质量"), run("信得过"), run("班组")))
    assert doc.blocks[0].inlines == (Text("质量信得过班组"),)


def test_tab_break_and_symbols(tmp_path):
    body = para(
        run("甲"), "<w:r><w:tab/></w:r>", run("乙"), "<w:r><w:br/></w:r>", run("丙"),
        '<w:r><w:sym w:font="Wingdings" w:char="F0FE"/></w:r>',
        '<w:r><w:sym w:font="Wingdings" w:char="F0A8"/></w:r>',
        '<w:r><w:sym w:font="Wingdings 2" w:char="0052"/></w:r>',
        '<w:r><w:sym w:font="Symbol" w:char="F0D6"/></w:r>',
    )
    inlines = read(tmp_path, body).blocks[0].inlines
    assert inlines == (Text("甲\t乙"), LineBreak(), Text("丙☑☐☑√"))


def test_text_typed_in_wingdings_font_is_mapped(tmp_path):
    body = para(run("是"), run("\u00fe", '<w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/>'))
    assert blocks_text(read(tmp_path, body).blocks) == "是☑"


def test_page_break_is_not_a_line_break(tmp_path):
    body = para(run("前"), '<w:r><w:br w:type="page"/></w:r>', run("后"))
    assert read(tmp_path, body).blocks[0].inlines == (Text("前后"),)


def test_hidden_text_is_dropped(tmp_path):
    body = para(run("看得见"), run("隐藏", "<w:vanish/>"))
    assert blocks_text(read(tmp_path, body).blocks) == "看得见"


def test_complex_field_keeps_only_the_result(tmp_path):
    body = para(
        run("见"),
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', run("3"), '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        run("页"),
    )
    assert blocks_text(read(tmp_path, body).blocks) == "见3页"


def test_hyperlink_field_becomes_link(tmp_path):
    body = para(
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r><w:instrText xml:space="preserve"> HYPERLINK "http://www.jsaq.com.cn" </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', run("省质协"), '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    )
    assert read(tmp_path, body).blocks[0].inlines == (Link("http://www.jsaq.com.cn", (Text("省质协"),)),)


def test_simple_field_and_hyperlink_element(tmp_path):
    body = para(
        '<w:fldSimple w:instr=" SEQ 图 \\* ARABIC ">', run("1"), "</w:fldSimple>",
        '<w:hyperlink r:id="rIdLink">', run("网站"), "</w:hyperlink>",
        '<w:hyperlink w:anchor="_Toc1">', run("锚点"), "</w:hyperlink>",
    )
    doc = read(tmp_path, body, rels=[("rIdLink", "hyperlink", "https://example.cn/a", True)])
    assert doc.blocks[0].inlines == (Text("1"), Link("https://example.cn/a", (Text("网站"),)), Text("锚点"))


def test_checkbox_content_control_and_legacy_form_checkbox(tmp_path):
    checkbox = ('<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="{v}"/></w14:checkbox></w:sdtPr>'
                '<w:sdtContent><w:r><w:t>X</w:t></w:r></w:sdtContent></w:sdt>')
    legacy = ('<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox><w:default w:val="1"/></w:checkBox>'
              '</w:ffData></w:fldChar></w:r><w:r><w:instrText>FORMCHECKBOX</w:instrText></w:r>'
              '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    body = para(checkbox.format(v="1"), run("是"), checkbox.format(v="0"), run("否"), legacy)
    assert blocks_text(read(tmp_path, body).blocks) == "☑是☐否☑"


def test_block_content_control_smart_tag_and_custom_xml_are_unwrapped(tmp_path):
    body = ('<w:sdt><w:sdtPr/><w:sdtContent>' + para(run("控件内")) + '</w:sdtContent></w:sdt>'
            + para('<w:smartTag w:uri="u" w:element="place">', run("南京"), "</w:smartTag>",
                   '<w:customXml w:element="x">', run("市"), "</w:customXml>", "<w:proofErr w:type='spellStart'/>",
                   '<w:bookmarkStart w:id="0" w:name="b"/>', run("区"), '<w:bookmarkEnd w:id="0"/>'))
    assert blocks_text(read(tmp_path, body).blocks) == "控件内\n南京市区"


def test_alternate_content_takes_one_branch_only(tmp_path):
    body = para(
        '<mc:AlternateContent><mc:Choice Requires="wps">', run("选择"), "</mc:Choice>",
        "<mc:Fallback>", run("后备"), "</mc:Fallback></mc:AlternateContent>",
        '<mc:AlternateContent><mc:Choice Requires="unknownns">', run("未知"), "</mc:Choice>",
        "<mc:Fallback>", run("回退"), "</mc:Fallback></mc:AlternateContent>",
    )
    assert blocks_text(read(tmp_path, body).blocks) == "选择回退"


def test_leading_fullwidth_indent_is_trimmed_and_empty_paragraphs_dropped(tmp_path):
    body = para(run("\u3000\u3000正文")) + para() + para(run("  "))
    doc = read(tmp_path, body)
    assert [inline_text(b.inlines) for b in doc.blocks] == ["正文"]


def test_alignment_is_kept(tmp_path):
    body = para(run("居中"), ppr='<w:jc w:val="center"/>')
    assert read(tmp_path, body).blocks[0] == Paragraph((Text("居中"),), align="center")


def test_omml_equation_is_linearised(tmp_path):
    body = para(run("公式"), '<m:oMath><m:f><m:num><m:r><m:t>a</m:t></m:r></m:num><m:den><m:r><m:t>b</m:t></m:r></m:den></m:f>'
                '<m:sSup><m:e><m:r><m:t>x</m:t></m:r></m:e><m:sup><m:r><m:t>2</m:t></m:r></m:sup></m:sSup>'
                '<m:rad><m:deg/><m:e><m:r><m:t>y</m:t></m:r></m:e></m:rad></m:oMath>')
    assert blocks_text(read(tmp_path, body).blocks) == "公式a/bx^2√(y)"


def test_unknown_element_is_reported_once_not_raised(tmp_path):
    body = para(run("甲"), "<w:madeUp/><w:madeUp/>")
    doc = read(tmp_path, body)
    assert blocks_text(doc.blocks) == "甲"
    unknown = [f for f in doc.findings if f.code == "DOCX_UNKNOWN_ELEMENT"]
    assert len(unknown) == 1 and "w:madeUp" in unknown[0].message and unknown[0].file == "班组/附件1.docx"


def test_heading_with_inline_formatting_keeps_it(tmp_path):
    styles = style("Heading1", "heading 1", ppr='<w:outlineLvl w:val="0"/>')
    doc = read(tmp_path, para(run("标"), run("题", "<w:i/>"), ppr='<w:pStyle w:val="Heading1"/>'), styles=styles)
    assert doc.blocks[0] == Heading(1, (Text("标"), Text("题", italic=True)), "", "Heading1", "heading 1")


def test_unpreserved_edge_spaces_between_chinese_runs_are_dropped(tmp_path):
    body = (para(run("质量"), "<w:r><w:t> 信得过 </w:t></w:r>", run("班组"))
            + para(run("Hello"), "<w:r><w:t> world</w:t></w:r>")
            + para(run("实施"), '<w:r><w:t xml:space="preserve"> 过程</w:t></w:r>'))
    assert blocks_text(read(tmp_path, body).blocks) == "质量信得过班组\nHello world\n实施 过程"


def test_unsafe_or_local_link_targets_keep_only_the_text(tmp_path):
    body = para('<w:hyperlink r:id="rIdA">', run("本地"), "</w:hyperlink>", '<w:hyperlink r:id="rIdB">', run("脚本"), "</w:hyperlink>")
    rels = [("rIdA", "hyperlink", "file:///C:/Users/张三/资料.docx", True), ("rIdB", "hyperlink", "javascript:alert(1)", True)]
    assert read(tmp_path, body, rels=rels).blocks[0].inlines == (Text("本地脚本"),)


def test_picture_inside_a_hyperlink_stays_a_block(tmp_path):
    from converters.model import Image
    from docx_factory import PNG_1PX, picture

    body = para('<w:hyperlink r:id="rIdL">', run("看图"), picture("rIdImg"), "</w:hyperlink>")
    rels = [("rIdL", "hyperlink", "https://example.cn", True), ("rIdImg", "image", "media/image1.png", False)]
    doc = read(tmp_path, body, rels=rels, parts={"word/media/image1.png": PNG_1PX})
    assert doc.blocks[0].inlines == (Link("https://example.cn", (Text("看图"),)),)
    assert isinstance(doc.blocks[1], Image)


# ---------------------------------------------------------------- toggle properties (ECMA-376 §17.7.3)


def _toggle_doc(tmp_path, para_rpr: str, char_rpr: str, direct: str = "", defaults: str = ""):
    styles = (
        (f"<w:docDefaults><w:rPrDefault><w:rPr>{defaults}</w:rPr></w:rPrDefault></w:docDefaults>" if defaults else "")
        + style("Para", "para", rpr=para_rpr)
        + style("Char", "char", kind="character", rpr=char_rpr)
    )
    rpr = '<w:rStyle w:val="Char"/>' + direct
    return read(tmp_path, para(run("甲", rpr), run("乙"), ppr='<w:pStyle w:val="Para"/>'), styles=styles)


def test_bold_character_style_inside_bold_paragraph_style_cancels_out(tmp_path):
    doc = _toggle_doc(tmp_path, "<w:b/>", "<w:b/>")
    assert doc.blocks[0].inlines == (Text("甲"), Text("乙", bold=True))


def test_italic_and_strike_toggle_the_same_way(tmp_path):
    doc = _toggle_doc(tmp_path, "<w:i/><w:strike/>", "<w:i/><w:strike/>")
    assert doc.blocks[0].inlines == (Text("甲"), Text("乙", italic=True, strike=True))


def test_false_in_character_style_does_not_undo_paragraph_style(tmp_path):
    doc = _toggle_doc(tmp_path, "<w:b/>", '<w:b w:val="0"/>')
    assert doc.blocks[0].inlines == (Text("甲乙", bold=True),)


def test_direct_formatting_sets_the_value_whatever_the_styles(tmp_path):
    on = _toggle_doc(tmp_path, "<w:b/>", "<w:b/>", direct="<w:b/>")
    assert on.blocks[0].inlines == (Text("甲乙", bold=True),)
    off = _toggle_doc(tmp_path, "<w:b/>", "", direct='<w:b w:val="0"/>')
    assert off.blocks[0].inlines == (Text("甲"), Text("乙", bold=True))


def test_document_default_bold_stays_bold_through_styles(tmp_path):
    doc = _toggle_doc(tmp_path, "<w:b/>", "<w:b/>", defaults="<w:b/>")
    assert doc.blocks[0].inlines == (Text("甲乙", bold=True),)


def test_within_one_style_chain_the_nearest_value_wins(tmp_path):
    styles = (
        style("Base", "base", rpr="<w:b/>")
        + style("Child", "child", based_on="Base", rpr='<w:b w:val="0"/>')
        + style("Strong", "strong", kind="character", rpr="<w:b/>")
    )
    doc = read(tmp_path, para(run("甲"), run("乙", '<w:rStyle w:val="Strong"/>'), ppr='<w:pStyle w:val="Child"/>'),
               styles=styles)
    # Child says "not bold" (its own value beats Base's), so Strong alone makes 乙 bold.
    assert doc.blocks[0].inlines == (Text("甲"), Text("乙", bold=True))


def test_hidden_in_both_styles_shows_the_text(tmp_path):
    doc = _toggle_doc(tmp_path, "<w:vanish/>", "<w:vanish/>")
    assert blocks_text(doc.blocks) == "甲"


def test_caps_shows_letters_as_capitals_and_toggles(tmp_path):
    styles = style("Caps", "caps", kind="character", rpr="<w:caps/>") + style("CapsPara", "caps para", rpr="<w:caps/>")
    doc = read(tmp_path, para(run("qc 小组", '<w:rStyle w:val="Caps"/>'), run(" pdca")) + para(
        run("kpi", '<w:rStyle w:val="Caps"/>'), run(" ok"), ppr='<w:pStyle w:val="CapsPara"/>'), styles=styles)
    assert blocks_text(doc.blocks) == "QC 小组 pdca\nkpi OK"
