"""Equations: OMML in the document becomes presentation MathML on the page (and linear text for search)."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from lxml import etree

from converters.model import Math, Paragraph, Text
from converters.ooxml import read_docx
from converters.render.markdown import render_blocks

from docx_factory import make_docx, para, run

MML = "{http://www.w3.org/1998/Math/MathML}"
EXTENSIONS = ["tables", "footnotes", "md_in_html", "attr_list", "admonition", "toc"]


def mr(text: str, sty: str = "") -> str:
    rpr = f'<m:rPr><m:sty m:val="{sty}"/></m:rPr>' if sty else ""
    return f"<m:r>{rpr}<m:t>{text}</m:t></m:r>"


def omath(*content: str) -> str:
    return f"<m:oMath>{''.join(content)}</m:oMath>"


def display(*content: str) -> str:
    return f"<m:oMathPara>{omath(*content)}</m:oMathPara>"


def maths(tmp_path, body: str) -> list[Math]:
    doc = read_docx(make_docx(tmp_path, body), "公式.docx")
    assert not [f for f in doc.findings if f.code != "DOCX_HAS_REVISIONS"]
    return [node for b in doc.blocks if isinstance(b, Paragraph) for node in b.inlines if isinstance(node, Math)]


def tree(math: Math) -> etree._Element:
    root = etree.fromstring(math.mathml.encode("utf-8"))
    assert root.tag == MML + "math"
    return root


def shape(el: etree._Element) -> str:
    """'mfrac(mi,mn)'-style outline of the presentation part (annotation left out)."""
    name = etree.QName(el).localname
    kids = [c for c in el if etree.QName(c).localname != "annotation"]
    if not kids:
        return f"{name}:{el.text or ''}"
    return f"{name}(" + ",".join(shape(c) for c in kids) + ")"


def body_of(math: Math) -> etree._Element:
    return tree(math).find(f"{MML}semantics")[0]


def test_fraction_becomes_mfrac_with_numerator_and_denominator(tmp_path):
    body = para(omath("<m:f><m:num>" + mr("a+1") + "</m:num><m:den>" + mr("2b") + "</m:den></m:f>"))
    [math] = maths(tmp_path, body)
    assert math.text == "(a+1)/(2b)"
    assert shape(body_of(math)) == "mfrac(mrow(mi:a,mo:+,mn:1),mrow(mn:2,mi:b))"


def test_superscript_subscript_and_both(tmp_path):
    body = para(omath(
        "<m:sSup><m:e>" + mr("x") + "</m:e><m:sup>" + mr("2") + "</m:sup></m:sSup>",
        "<m:sSub><m:e>" + mr("y") + "</m:e><m:sub>" + mr("i") + "</m:sub></m:sSub>",
        "<m:sSubSup><m:e>" + mr("z") + "</m:e><m:sub>" + mr("0") + "</m:sub><m:sup>" + mr("n") + "</m:sup></m:sSubSup>",
    ))
    [math] = maths(tmp_path, body)
    assert shape(body_of(math)) == "mrow(msup(mi:x,mn:2),msub(mi:y,mi:i),msubsup(mi:z,mn:0,mi:n))"


def test_radical_is_msqrt_or_mroot_with_its_degree(tmp_path):
    square = "<m:rad><m:radPr><m:degHide m:val=\"1\"/></m:radPr><m:deg/><m:e>" + mr("x") + "</m:e></m:rad>"
    cube = "<m:rad><m:deg>" + mr("3") + "</m:deg><m:e>" + mr("y") + "</m:e></m:rad>"
    [math] = maths(tmp_path, para(omath(square, cube)))
    assert shape(body_of(math)) == "mrow(msqrt(mi:x),mroot(mi:y,mn:3))"
    assert math.text == "√(x)3√(y)"


def test_sum_with_limits_is_munderover_and_integral_keeps_side_limits(tmp_path):
    total = ('<m:nary><m:naryPr><m:chr m:val="∑"/></m:naryPr><m:sub>' + mr("i=1") + "</m:sub><m:sup>" + mr("n")
             + "</m:sup><m:e>" + mr("i") + "</m:e></m:nary>")
    integral = "<m:nary><m:sub>" + mr("0") + "</m:sub><m:sup>" + mr("1") + "</m:sup><m:e>" + mr("x") + "</m:e></m:nary>"
    [math] = maths(tmp_path, para(omath(total, integral)))
    assert shape(body_of(math)) == (
        "mrow(mrow(munderover(mo:∑,mrow(mi:i,mo:=,mn:1),mi:n),mi:i),mrow(msubsup(mo:∫,mn:0,mn:1),mi:x))"
    )
    assert math.text.startswith("∑_(i=1)^n i")


def test_matrix_in_brackets_is_an_mtable_between_fences(tmp_path):
    matrix = ("<m:m>" + "".join("<m:mr>" + "".join(f"<m:e>{mr(v)}</m:e>" for v in row) + "</m:mr>"
                               for row in (("1", "0"), ("0", "1"))) + "</m:m>")
    brackets = f'<m:d><m:dPr><m:begChr m:val="["/><m:endChr m:val="]"/></m:dPr><m:e>{matrix}</m:e></m:d>'
    [math] = maths(tmp_path, para(omath(brackets)))
    assert shape(body_of(math)) == (
        "mrow(mo:[,mtable(mtr(mtd(mn:1),mtd(mn:0)),mtr(mtd(mn:0),mtd(mn:1))),mo:])"
    )
    assert math.text == "[[1, 0; 0, 1]]"


def test_function_accent_bar_limit_and_equation_array(tmp_path):
    func = "<m:func><m:fName>" + mr("sin", "p") + "</m:fName><m:e>" + mr("x") + "</m:e></m:func>"
    hat = '<m:acc><m:accPr><m:chr m:val="\u0302"/></m:accPr><m:e>' + mr("a") + "</m:e></m:acc>"
    bar = '<m:bar><m:barPr><m:pos m:val="top"/></m:barPr><m:e>' + mr("b") + "</m:e></m:bar>"
    lim = "<m:limLow><m:e>" + mr("lim", "p") + "</m:e><m:lim>" + mr("n→∞") + "</m:lim></m:limLow>"
    eqarr = "<m:eqArr><m:e>" + mr("x=1") + "</m:e><m:e>" + mr("y=2") + "</m:e></m:eqArr>"
    [math] = maths(tmp_path, para(omath(func, hat, bar, lim, eqarr)))
    outline = shape(body_of(math))
    assert "mrow(mi:sin,mo:\u2061,mi:x)" in outline
    assert "mover(mi:a,mo:\u02c6)" in outline
    assert "mover(mi:b,mo:\u00af)" in outline
    assert "munder(mi:lim,mrow(mi:n,mo:→,mi:∞))" in outline
    assert "mtable(mtr(mtd(mrow(mi:x,mo:=,mn:1))),mtr(mtd(mrow(mi:y,mo:=,mn:2))))" in outline


def test_math_element_carries_display_alttext_and_plain_text_annotation(tmp_path):
    body = para(run("由 "), omath(mr("E=mc")), run(" 可知")) + para(display(mr("a+b")))
    inline, block = maths(tmp_path, body)
    assert (inline.display, block.display) == (False, True)
    root = tree(block)
    assert root.get("display") == "block" and root.get("alttext") == "a+b"
    annotation = root.find(f"{MML}semantics/{MML}annotation")
    assert annotation.get("encoding") == "text/plain" and annotation.text == "a+b"
    assert tree(inline).get("display") == "inline"


def test_deleted_math_runs_are_left_out(tmp_path):
    body = para(omath(mr("x"), '<w:del w:id="1" w:author="a">' + mr("+y") + "</w:del>", '<w:ins w:id="2" w:author="a">'
                      + mr("+z") + "</w:ins>"))
    [math] = maths(tmp_path, body)
    assert math.text == "x+z"
    assert shape(body_of(math)) == "mrow(mi:x,mo:+,mi:z)"


def test_markup_characters_in_equation_text_are_escaped(tmp_path):
    body = para(omath(mr("a&lt;b&amp;c*d_e\\f[g]")))
    [math] = maths(tmp_path, body)
    assert "<b" not in math.mathml.replace("<mrow", "").replace("<mi", "").replace("<mo", "")
    for raw in ("*", "_", "\\", "[", "&c"):
        assert raw not in math.mathml
    assert "".join(tree(math).find(f"{MML}semantics/{MML}annotation").itertext()) == "a<b&c*d_e\\f[g]"


def test_writer_puts_display_equation_in_its_own_block_untouched_by_markdown(tmp_path):
    body = para(display(mr("x_1*y_2*"))) + para(run("文字 "), omath(mr("a*b*c")), run(" 其后 *不是强调*"))
    doc = read_docx(make_docx(tmp_path, body), "公式.docx")
    md = render_blocks(doc.blocks, lambda name: name)
    first, second = md.split("\n\n")
    assert first.startswith('<div class="math-block"><span class="math"><math ') and first.endswith("</math></span></div>")
    html = markdown.markdown(md, extensions=EXTENSIONS)
    assert "<em>" not in html and "<strong>" not in html
    assert html.count("<math ") == 2
    assert not html.startswith("<p><div")
    block = html.split("\n")[0]
    assert block.startswith('<div class="math-block">')
    # The equations come out exactly as the reader made them.
    for b in doc.blocks:
        for node in b.inlines:
            if isinstance(node, Math):
                assert node.mathml in html


def test_paragraph_opening_with_an_equation_stays_one_paragraph(tmp_path):
    body = para(omath(mr("x")), run(" 是未知数"))
    html = markdown.markdown(render_blocks(read_docx(make_docx(tmp_path, body), "公式.docx").blocks, lambda n: n),
                             extensions=EXTENSIONS)
    assert html.startswith('<p><span class="math"><math ') and html.endswith("是未知数</p>")


def test_writer_publishes_only_the_text_of_mathml_it_did_not_make():
    forged = Math("x", '<math xmlns="http://www.w3.org/1998/Math/MathML"><mi onclick="alert(1)">x</mi></math>')
    scripted = Math("y", '<math xmlns="http://www.w3.org/1998/Math/MathML"><script>alert(1)</script></math>')
    md = render_blocks((Paragraph((forged, Text(" "), scripted)),), lambda n: n)
    assert "onclick" not in md and "<script" not in md
    assert md == '<span class="math">x</span> <span class="math">y</span>'


def test_equation_without_mathml_falls_back_to_escaped_text():
    md = render_blocks((Paragraph((Math("a*b_c<d"),)),), lambda n: n)
    html = markdown.markdown(md, extensions=EXTENSIONS)
    assert html == '<p><span class="math">a*b_c&lt;d</span></p>'


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium 不可用")
def test_browser_lays_out_the_mathml_with_a_real_size(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    frac = "<m:f><m:num>" + mr("1") + "</m:num><m:den>" + mr("2") + "</m:den></m:f>"
    body = para(display(frac)) + para(run("行内 "), omath(mr("x"), "<m:sSup><m:e>" + mr("y") + "</m:e><m:sup>" + mr("2")
                                                             + "</m:sup></m:sSup>"))
    md = render_blocks(read_docx(make_docx(tmp_path, body), "公式.docx").blocks, lambda n: n)
    page_html = "<!doctype html><meta charset='utf-8'><body>" + markdown.markdown(md, extensions=EXTENSIONS)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-sync"])
        try:
            page = browser.new_page()
            page.set_content(page_html)
            boxes = page.eval_on_selector_all("math", "els => els.map(e => [e.getBoundingClientRect().width, "
                                                      "e.getBoundingClientRect().height, e.namespaceURI])")
            frac_box = page.eval_on_selector("mfrac", "e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height]")
        finally:
            browser.close()
    assert len(boxes) == 2
    for width, height, ns in boxes:
        assert width > 0 and height > 0 and ns == "http://www.w3.org/1998/Math/MathML"
    assert frac_box[1] > 0


def test_mathml_builder_has_no_dependency_on_a_script_or_cdn(tmp_path):
    [math] = maths(tmp_path, para(display(mr("x"))))
    assert "http" not in math.mathml.replace('xmlns="http://www.w3.org/1998/Math/MathML"', "")
    assert "<script" not in math.mathml and "src=" not in math.mathml
