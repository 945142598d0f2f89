"""The Markdown writer keeps Word text as text and tables/figures/charts as their shapes."""

from __future__ import annotations

from dataclasses import dataclass

import markdown
import pytest

from converters.model import Cell, Chart, Heading, Image, LineBreak, Link, Paragraph, Row, Rule, Series, Table, Text
from converters.render.markdown import render_blocks
from converters.render.svgchart import chart_svg

EXTENSIONS = ["tables", "footnotes", "md_in_html", "attr_list"]


def to_html(blocks) -> str:
    return markdown.markdown(render_blocks(tuple(blocks), lambda name: name), extensions=EXTENSIONS)


def para(text: str, **fmt) -> Paragraph:
    return Paragraph((Text(text, **fmt),))


@pytest.mark.parametrize(
    "text, must_contain",
    [
        ("# 不是标题", "<p># 不是标题</p>"),
        ("1. 不是列表", "<p>1. 不是列表</p>"),
        ("* 不是列表", "<p>* 不是列表</p>"),
        ("- 不是列表", "<p>- 不是列表</p>"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("A&amp;B", "A&amp;amp;B"),
        ("a|b", "a|b"),
        ("[链接](http://x)", "[链接](http://x)"),
        ("下划线_斜体_", "下划线_斜体_"),
        ("属性 {: .cls}", "属性 {: .cls}"),
    ],
)
def test_word_text_stays_text_on_the_page(text, must_contain):
    html = to_html([para(text)])
    assert must_contain in html
    assert "<h1" not in html and "<li" not in html and "<script" not in html and "<a " not in html


def test_inline_formatting_becomes_html_tags():
    p = Paragraph((Text("合格率", bold=True), Text("，面积 m"), Text("2", vertical="superscript"), Text("，CO"), Text("2", vertical="subscript"), LineBreak(), Text("下一行", italic=True)))
    html = to_html([p])
    assert "<strong>合格率</strong>" in html
    assert "m<sup>2</sup>" in html and "CO<sub>2</sub>" in html
    assert "<br>" in html and "<em>下一行</em>" in html


def test_only_web_links_become_anchors():
    html = to_html([Paragraph((Link("https://example.org/a?b=1&c=2", (Text("协会网站"),)), Link("javascript:alert(1)", (Text("坏链接"),))))])
    assert '<a href="https://example.org/a?b=1&amp;c=2">协会网站</a>' in html
    assert "javascript" not in html and "坏链接" in html


def test_numbering_label_is_printed_before_the_text():
    html = to_html([Paragraph((Text("现状调查"),), label="（一）"), Paragraph((Text("收集数据"),), label="1.")])
    assert "（一）现状调查" in html
    assert "1. 收集数据" in html and "<ol" not in html


def test_heading_levels_are_kept():
    html = to_html([Heading(3, (Text("现状调查"),), label="（一）")])
    assert "<h3>（一）现状调查</h3>" in html


def _cell(text: str, **span) -> Cell:
    return Cell((para(text),), **span)


def test_simple_table_is_a_pipe_table_with_escaped_bars():
    table = Table((Row((_cell("项目"), _cell("a|b")), header=True), Row((_cell("合格率"), _cell("98%")))))
    md = render_blocks((table,), lambda n: n)
    assert '\n| <span class="sc-nw">项目</span> | <span class="sc-nw">a\\|b</span> |\n' in md
    html = to_html([table])
    assert '<th><span class="sc-nw">a|b</span></th>' in html and "<td>98%</td>" in html


def test_merged_table_keeps_colspan_and_rowspan():
    table = Table(
        (
            Row((_cell("指标"), _cell("改善前后", colspan=2)), header=True),
            Row((_cell("合格率", rowspan=2), _cell("95"), _cell("99"))),
            Row((_cell("96"), _cell("<b>99.5</b>"))),
        ),
        caption="表1 改善前后对比",
    )
    html = to_html([table])
    assert '<th colspan="2"><span class="sc-nw">改善前后</span></th>' in html
    assert '<td rowspan="2">合格率</td>' in html
    assert "&lt;b&gt;99.5&lt;/b&gt;" in html
    assert "表1 改善前后对比" in html


def test_figure_has_picture_alt_and_caption():
    html = to_html([Image("image1.jpg", alt="班组现场", caption="图1 改善后的工位", width_px=640, height_px=480)])
    assert '<img src="image1.jpg" alt="班组现场"' in html
    assert "<figcaption>图1 改善后的工位</figcaption>" in html


def test_missing_picture_keeps_its_caption_as_text():
    md = render_blocks((Image("image9.emf", caption="图9 流程图"),), lambda n: None)
    assert "图9 流程图" in md and "<img" not in md


def test_chart_is_svg_plus_data_table():
    chart = Chart("column", "改善前后对比", ("1月", "2月"), (Series("改善前", (90.0, 92.5)), Series("改善后", (97.0, None))))
    html = to_html([chart])
    assert "<svg" in html and "改善前后对比" in html
    assert "<td>92.5</td>" in html and "<td>—</td>" in html
    assert "<script" not in chart_svg(chart)


def test_chart_text_is_escaped():
    chart = Chart("pie", "<img src=x onerror=alert(1)>", ("A&B",), (Series("s", (1.0,)),))
    svg = chart_svg(chart)
    assert "<img" not in svg and "&lt;img" in svg and "A&amp;B" in svg


def test_bold_runs_inside_a_heading_add_no_tags():
    html = to_html([Heading(3, (Text("（一）识别用户", bold=True),))])
    assert "<h3>（一）识别用户</h3>" in html


@dataclass(frozen=True)
class Sidebar:
    """A model type the writer has never heard of (as a new Block or Inline would be)."""

    text: str


@pytest.mark.parametrize(
    "blocks",
    [
        [para("前文"), Sidebar("旁注")],
        [Paragraph((Text("前文"), Sidebar("旁注")))],
        [Paragraph((Link("https://example.org/", (Sidebar("旁注"),)),))],
        [Table((Row((Cell((para("甲"),)), Cell((Sidebar("旁注"),)))),))],
    ],
    ids=["block", "inline", "inline-in-link", "block-in-cell"],
)
def test_an_unknown_model_type_is_an_error_not_an_empty_string(blocks):
    with pytest.raises(AssertionError, match="Sidebar"):
        render_blocks(tuple(blocks), lambda name: name)


def test_a_rule_is_a_line_on_the_page_and_nothing_inside_a_cell():
    assert render_blocks((para("上"), Rule(), para("下")), lambda n: n) == "上\n\n<hr>\n\n下"
    table = Table((Row((Cell((para("甲"), Rule(), para("乙")), colspan=2),)),))
    assert "<td colspan=\"2\">甲<br>乙</td>" in render_blocks((table,), lambda n: n)
