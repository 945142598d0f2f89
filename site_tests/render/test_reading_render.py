"""What the reading side of the writer produces: table frames, short header words, before→after
results, the share description, phone copies and share images, chart ticks, bins and titles, and
the printed cover title's line breaks."""

from __future__ import annotations

import io
import random
import re

import markdown
import pytest
from PIL import Image as PILImage

from converters.datafiles import DataFileError
from converters.model import Asset, Cell, Chart, Image, Paragraph, Row, Series, Table, Text
from converters.outputs.printbook import BookInfo, render_html
from converters.render import pictures, results, svgchart
from converters.render.markdown import render_blocks
from converters.render.pages import front_matter, render_experience
from converters.render.stats import PERCENT_BUCKETS, _bucket, metric_charts

EXTENSIONS = ["tables", "md_in_html", "attr_list", "footnotes"]


def para(text: str) -> Paragraph:
    return Paragraph((Text(text),))


def table(columns: int, rows: int = 2, *, merged: bool = False) -> Table:
    head = Row(tuple(Cell((para("序号" if c == 0 else f"第{c}列内容"),)) for c in range(columns)), header=True)
    body = [Row(tuple(Cell((para(f"{r}-{c}"),)) for c in range(columns))) for r in range(rows)]
    if merged:
        body[0] = Row((Cell((para("合并"),), colspan=2), *body[0].cells[2:]))
    return Table((head, *body))


def html_of(blocks) -> str:
    return markdown.markdown(render_blocks(tuple(blocks), lambda n: n), extensions=EXTENSIONS)


# ---------------------------------------------------------------- tables


def test_a_table_of_four_columns_is_narrow_and_of_five_wide_with_a_sticky_first_column():
    narrow, wide = html_of([table(4)]), html_of([table(8)])
    assert 'class="sc-table sc-table--narrow" data-columns="4"' in narrow
    assert 'class="sc-table sc-table--wide sc-table--sticky" data-columns="8"' in wide
    for html in (narrow, wide):  # the pipe table is still a real table inside the frame
        assert re.search(r'<div [^>]*class="sc-table__frame"[^>]*>\s*<table>', html)
        assert "左右滑动查看" in html and "data-search-exclude" in html


def test_a_merged_wide_table_scrolls_without_a_sticky_column():
    html = html_of([table(6, merged=True)])
    assert 'class="sc-table sc-table--wide" data-columns="6"' in html and "sc-table--sticky" not in html
    assert '<td colspan="2">合并</td>' in html


def test_short_header_words_are_kept_together_and_long_ones_may_wrap():
    html = html_of([table(3)])
    assert '<th><span class="sc-nw">序号</span></th>' in html
    assert "<th>第1列内容</th>" in html  # five characters: may wrap in a narrow column


# ---------------------------------------------------------------- first screen and share card


def test_before_and_after_figures_are_read_from_the_results_text_with_units():
    text = ("通过活动，调剂组各项指标明显改善：调剂准确率由99.82%提升至99.94%，每万张处方差错由16.2件降至5.6件；"
            "客户投诉由4起/年降至1起/年。新工人培训时间由两周缩短至一周。")
    found = results.before_after((para(text),))
    assert found == [
        {"label": "调剂准确率", "before": "99.82%", "after": "99.94%", "change": "up"},
        {"label": "每万张处方差错", "before": "16.2件", "after": "5.6件", "change": "down"},
        {"label": "客户投诉", "before": "4起/年", "after": "1起/年", "change": "down"},
    ]  # "由两周缩短至一周" has no figures: not a result card


def test_results_are_limited_and_a_bad_reading_file_is_refused(tmp_path):
    many = "；".join(f"指标{i}由{i}%提升至{i + 1}%" for i in range(1, 9))
    assert len(results.before_after((para(many),))) == results.load_reading().limit
    bad = tmp_path / "reading.yml"
    bad.write_text("results: {limit: 0, label_max: 16, rises: [提升至], falls: [降至], units: ['%']}\n"
                   "share_description_chars: 60\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="results.limit"):
        results.load_reading(bad)


def test_share_description_is_at_most_sixty_characters_of_the_overview():
    overview = "班组现有成员12人，" * 20
    short = results.share_description(overview)
    assert len(short) == 60 and short.endswith("…") and overview.startswith(short[:-1])
    assert results.share_description("短的概况。") == "短的概况。"


# ---------------------------------------------------------------- pictures


def _noisy_png(width: int, height: int) -> bytes:
    rng = random.Random(7)  # noise does not compress: the hardest case for the 80 KB limit
    picture = PILImage.frombytes("RGB", (width, height), bytes(rng.getrandbits(8) for _ in range(width * height * 3)))
    buf = io.BytesIO()
    picture.save(buf, format="PNG")
    return buf.getvalue()


def test_a_large_picture_gets_a_phone_copy_of_at_most_80_kb_and_750_px():
    big = Asset("image1.png", "image/png", _noisy_png(1600, 1000))
    small = pictures.phone_variant(big)
    assert small is not None and small.name == "image1.phone.jpg" and small.content_type == "image/jpeg"
    assert len(small.data) <= pictures.PHONE_MAX_BYTES < len(big.data)
    assert PILImage.open(io.BytesIO(small.data)).width <= pictures.PHONE_WIDTH


def test_a_small_picture_and_a_metafile_get_no_phone_copy():
    tiny = io.BytesIO()
    PILImage.new("RGB", (300, 200), (10, 20, 30)).save(tiny, format="PNG")
    assert pictures.phone_variant(Asset("image2.png", "image/png", tiny.getvalue())) is None
    assert pictures.phone_variant(Asset("image3.svg", "image/svg+xml", b"<svg/>")) is None


def _experience(blocks, assets):
    from dataclasses import replace

    from converters.model import Experience

    exp = Experience(
        slug="2025-abc", year=2025, title="运用六西格玛降低焊接不良率的实践", organization="示例公司", team="焊接组",
        recommender="南京市质量协会", industry_code="C", industry_name="制造业", industry_raw="制造业",
        methods=("六西格玛",), method_ids=("six-sigma",), method_details=(), parts={"overview": (para("概况" * 50),)},
        notes={}, assets={}, metrics=(), facts=(), source="a.docx",
    )
    return replace(exp, parts={**exp.parts, "process": tuple(blocks)}, assets=assets)


def test_pages_get_a_srcset_phone_copy_and_a_square_share_image():
    big = Asset("image1.png", "image/png", _noisy_png(1200, 900))
    exp = pictures.with_pictures(_experience([Image("image1.png", caption="图1 现场")], {"image1.png": big}))
    assert {"image1.png", "image1.phone.jpg", pictures.SHARE_NAME} <= set(exp.assets)
    share = PILImage.open(io.BytesIO(exp.assets[pictures.SHARE_NAME].data))
    assert share.size == (pictures.SHARE_SIZE, pictures.SHARE_SIZE) and share.size >= (300, 300)
    page = render_experience(exp)
    assert re.search(r'<img src="image1\.png" srcset="image1\.phone\.jpg \d+w, image1\.png 1200w" sizes="[^"]+"'
                     r' data-full="image1\.png"', page)
    meta = front_matter(exp)
    assert meta["image"] == "share.jpg" and meta["image_size"] == pictures.SHARE_SIZE
    assert len(meta["description"]) <= 60


def test_an_experience_without_a_usable_picture_gets_a_generated_share_card():
    exp = pictures.with_pictures(_experience([para("没有图片。")], {}))
    card = PILImage.open(io.BytesIO(exp.assets[pictures.SHARE_NAME].data))
    assert card.size == (pictures.SHARE_SIZE, pictures.SHARE_SIZE)
    assert len(set(card.convert("L").tobytes())) > 2  # the title is drawn, not a flat colour


# ---------------------------------------------------------------- charts


def test_labels_stay_at_least_12_px_when_a_chart_fills_a_phone_column():
    assert svgchart.FONT * svgchart.PHONE_COLUMN_PX / svgchart.W >= svgchart.MIN_LABEL_PX
    assert svgchart.FONT * svgchart.PHONE_COLUMN_PX / svgchart.HBAR_W >= svgchart.MIN_LABEL_PX
    svg = svgchart.chart_svg(Chart("column", "对比", ("1月", "2月"), (Series("合格率", (95.5, 98.2)),)))
    sizes = {int(s) for s in re.findall(r'font-size="(\d+)"', svg)}
    assert min(sizes) >= svgchart.FONT


def test_counts_get_whole_number_ticks():
    assert svgchart.axis_ticks([3.0, 1.0, 2.0]) == [0.0, 1.0, 2.0, 3.0]
    assert all(t.is_integer() for t in svgchart.axis_ticks([7.0, 2.0]))
    svg = svgchart.chart_svg(Chart("column", "", ("甲", "乙"), (Series("经验数", (3.0, 1.0)),)))
    ticks = re.findall(r'class="chart-tick" font-size="\d+">([^<]+)</text>', svg)
    assert ticks == ["0", "1", "2", "3"]


def test_percent_bins_do_not_overlap_and_every_value_has_one_bin():
    for (_low, high, _name), (low_next, _high, _next) in zip(PERCENT_BUCKETS, PERCENT_BUCKETS[1:]):
        assert high == low_next
    assert _bucket(95.0) == "95–<98" and _bucket(94.99) == "90–<95" and _bucket(100.0) == "100"
    labels = [name for _l, _h, name in PERCENT_BUCKETS]
    assert len(set(labels)) == len(labels)


def test_each_chart_has_one_visible_title():
    catalog = {"experiences": [{"metrics": {"satisfaction": "98.6"}}, {"metrics": {"satisfaction": "99.1"}}]}
    (figure,) = metric_charts(catalog, {"satisfaction": "产品/服务满意度"})
    assert 'class="chart-title"' not in figure["svg"] and figure["title"] in figure["svg"]  # <title> only
    same = html_of([Chart("column", "合格率（%）", ("1月",), (Series("a", (1.0,)),), caption="图2 合格率")])
    assert 'class="chart-title"' not in same and same.count("<figcaption>") == 1
    other = html_of([Chart("column", "焊缝合格率", ("1月",), (Series("a", (1.0,)),), caption="图3 改进效果")])
    assert 'class="chart-title"' in other


def test_a_bar_chart_drops_value_labels_that_would_overlap():
    crowded = Chart("column", "", tuple("甲乙丙丁戊"), (Series("a", (60.4,) * 5), Series("b", (82.3,) * 5)))
    assert "60.4</text>" not in svgchart.chart_svg(crowded) and "60.4</title>" in svgchart.chart_svg(crowded)


# ---------------------------------------------------------------- print cover


def test_the_cover_title_breaks_only_between_words():
    book = BookInfo(title="2025年江苏省质量信得过班组建设典型经验汇编", association="江苏省质量管理协会", year="2025")
    html = render_html(book, [])
    title = re.search(r'<h1 class="cover__title">(.*?)</h1>', html).group(1)
    assert title == "2025年江苏省<wbr>质量信得过班组<wbr>建设<wbr>典型经验<wbr>汇编"
    assert "word-break: keep-all" in html


def test_the_printed_book_shows_the_full_picture_not_the_phone_copy(tmp_path):
    from converters.outputs.printbook import inline_images

    PILImage.new("RGB", (40, 30), (1, 2, 3)).save(tmp_path / "image1.png")
    html = ('<p>srcset="文字"</p><img src="image1.png" srcset="image1.phone.jpg 750w, image1.png 1600w" '
            'sizes="100vw" data-full="image1.png" alt="">')
    inlined, findings = inline_images(html, tmp_path, "experiences/x/index.md")
    assert findings == [] and "phone.jpg" not in inlined and "sizes=" not in inlined
    assert '<img src="data:image/png;base64,' in inlined and '<p>srcset="文字"</p>' in inlined
