"""The search index written at build time (converters/render/search_index.py, called by the showcase plugin).

Pure functions on small HTML strings, then a small stage built with the repository's mkdocs.yml.
The matching itself (search.js) is tested in Chromium by test_search_browser.py.
"""

from __future__ import annotations

import json
import re

import pytest

from converters.render import search_index
from converters.model import Severity
from site_stage import build, fake_experience, make_stage


def _index_from_script(text: str) -> dict:
    prefix = f"window.{search_index.INDEX_GLOBAL} = "
    assert text.startswith(prefix) and text.rstrip().endswith(";")
    return json.loads(text[len(prefix) :].rstrip().rstrip(";"))


# ---------------------------------------------------------------- sections


def test_sections_start_at_headings_with_an_id_and_keep_the_anchor():
    html = (
        "<p>开头的话</p>"
        '<h2 id="班组概况">班组概况<a class="headerlink" href="#班组概况" title="本节链接">&para;</a></h2>'
        "<p>班组有九人。</p>"
        '<h3 id="一策划">（一）策划</h3><p>制定计划。</p>'
        "<h4>没有锚点的标题</h4><p>仍属上一节。</p>"
    )
    sections = search_index.split_sections(html)
    assert [(s.anchor, s.heading) for s in sections] == [("", ""), ("班组概况", "班组概况"), ("一策划", "（一）策划")]
    assert sections[0].text == "开头的话"
    assert sections[1].text == "班组有九人。"  # the permalink's ¶ is not text
    assert sections[2].text == "制定计划。 没有锚点的标题 仍属上一节。"


def test_table_cells_and_list_items_do_not_run_together():
    html = "<table><tr><td>实施前</td><td>实施后</td></tr><tr><td>96.1%</td><td>99.2%</td></tr></table><ul><li>甲</li><li>乙</li></ul>"
    (section,) = search_index.split_sections(html)
    assert section.text == "实施前 实施后 96.1% 99.2% 甲 乙"


def test_inline_markup_inside_a_word_keeps_the_word_whole():
    (section,) = search_index.split_sections("<p>零<strong>部件</strong>合格<em>率</em></p>")
    assert section.text == "零部件合格率"


def test_scripts_styles_charts_and_excluded_elements_are_left_out():
    html = (
        "<p>正文</p><script>var secret = '脚本';</script><style>.x{}</style>"
        '<figure class="chart"><svg viewBox="0 0 1 1"><title>图表标题</title><text>坐标</text></svg>'
        "<figcaption>图1 合格率变化</figcaption></figure>"
        '<section class="sc-metrics" data-search-exclude><div>99.5</div></section>'
    )
    (section,) = search_index.split_sections(html)
    assert section.text == "正文 图1 合格率变化"


def test_entities_become_text_and_whitespace_collapses():
    (section,) = search_index.split_sections("<p>A &lt;b&gt; &amp;\n\n  B\u3000C\u200bD</p>")
    assert section.text == "A <b> & B CD"


def test_broken_html_still_gives_the_text():
    sections = search_index.split_sections("<div><p>未闭合<td>单元格</div></span><h2 id=x>标题</h2>后文")
    assert [s.text for s in sections] == ["未闭合 单元格", "后文"]
    assert sections[1].heading == "标题"


def test_experience_header_gives_byline_text_but_not_the_title_or_metrics():
    html = (
        '<header class="sc-exp-head"><p class="sc-exp-kicker" data-search-exclude>典型经验</p>'
        '<h1 class="sc-exp-title" data-search-exclude>运用客户之声的实践</h1>'
        '<p class="sc-exp-byline"><span>示例公司</span> · <span>营业班</span></p>'
        '<section class="sc-metrics" data-search-exclude>98%</section></header>'
        '<h2 id="班组概况">班组概况</h2><p>正文</p>'
    )
    sections = search_index.split_sections(html)
    assert sections[0].text == "示例公司 · 营业班"
    assert "运用客户之声" not in json.dumps([s.text for s in sections], ensure_ascii=False)


# ---------------------------------------------------------------- entries and the script


def test_experience_meta_holds_the_published_facts_only():
    meta = {
        "team": "营业班",
        "organization": "示例公司",
        "recommender": "南京市质量协会",
        "industry": "制造业",
        "year": 2025,
        "methods": ["客户之声", "PDCA循环"],
        "method_details": ["客户之声", "排列图"],
        "facts": [{"label": "班组人数", "value": "9", "unit": "人"}, {"label": "空", "value": ""}],
        "source": "南京.zip/附件1.docx",
        "metrics": [{"label": "满意度", "value": "98", "unit": "%"}],
    }
    assert search_index.experience_meta(meta) == {
        "team": "营业班",
        "org": "示例公司",
        "rec": "南京市质量协会",
        "ind": "制造业",
        "year": "2025年",
        "methods": "客户之声、PDCA循环、排列图",
        "facts": "班组人数 9人",
    }


def test_only_experiences_carry_meta_and_they_come_first():
    page = search_index.page_entry("about/", "关于", "<p>说明</p>", {"team": "不应出现"})
    exp = search_index.page_entry("experiences/a/", "经验", "<p>正文</p>", {"team": "营业班"}, experience=True)
    assert page.meta == {} and page.kind == "p" and exp.kind == "e"
    data = search_index.index_data([page, exp])
    assert [d["u"] for d in data["docs"]] == ["experiences/a/", "about/"]
    assert data["docs"][0] == {"u": "experiences/a/", "t": "经验", "k": "e", "m": {"team": "营业班"}, "s": [["", "", "正文"]]}


def test_index_script_cannot_close_its_script_element():
    entry = search_index.page_entry("a/", "</script><script>alert(1)</script>", "<p>x &lt;/script&gt;</p>")
    text = search_index.index_script([entry])
    assert "</" not in text
    data = _index_from_script(text)
    assert data["docs"][0]["t"] == "</script><script>alert(1)</script>"
    assert data["docs"][0]["s"][0][2] == "x </script>"


def test_line_separators_are_collapsed_or_escaped():
    assert search_index.page_entry("a/", "甲\u2028乙", "<p>丙\u2029丁</p>").title == "甲 乙"
    raw = search_index.Entry("a/", "甲\u2028乙", "p")  # even if one got through
    text = search_index.index_script([raw])
    assert "\u2028" not in text and _index_from_script(text)["docs"][0]["t"] == "甲\u2028乙"


def test_index_is_utf8_not_escaped():
    text = search_index.index_script([search_index.page_entry("a/", "六西格玛", "<p>零部件</p>")])
    assert "六西格玛" in text and "\\u" not in text


def test_unwritable_index_is_an_error_naming_the_file(tmp_path):
    (tmp_path / "search").write_text("not a folder", encoding="utf-8")
    found = search_index.write_index(tmp_path, [])
    assert len(found) == 1 and found[0].severity is Severity.ERROR and found[0].code == "SEARCH_INDEX_WRITE"
    assert "search" in found[0].message and found[0].file.endswith("index.js")


# ---------------------------------------------------------------- a built stage


HOSTILE = '运用<script>alert(1)</script>氦检漏的"实践"'


@pytest.fixture(scope="module")
def stage(tmp_path_factory):
    stage = make_stage(
        tmp_path_factory.mktemp("search-stage"),
        4,
        overrides={2: {"title": HOSTILE}},
        extra_bodies={3: "班组自制的零部件检具，独有词甲乙丙丁。"},
    )
    build(stage)
    return stage


def _built_index(site) -> dict:
    """The whole index the site's shards hold (each page's entry is one file of search/d/)."""
    from converters.render.search_shards import read_whole_index

    return read_whole_index(site / "search")


def _page_file(site, url: str) -> str:
    ids = [d["u"] for d in _built_index(site)["docs"]]
    return (site / "search" / "d" / f"{ids.index(url)}.js").read_text(encoding="utf-8")


def test_built_index_holds_every_experience_with_its_sections_and_anchors(stage):
    data = _built_index(stage.site_dir)
    experiences = [d for d in data["docs"] if d["k"] == "e"]
    assert [d["u"] for d in experiences] == [f"experiences/2025-00{n}/" for n in range(1, 5)]
    first = experiences[0]
    exp = fake_experience(1)
    assert first["t"] == exp["title"]
    assert first["m"]["team"] == exp["team"] and first["m"]["org"] == exp["organization"]
    html = (stage.site_dir / "experiences/2025-001/index.html").read_text(encoding="utf-8")
    anchors = [s[0] for s in first["s"] if s[0]]
    assert anchors[:3] == ["班组概况", "实施背景", "实施过程"]
    assert all(f'id="{a}"' in html for a in anchors)
    body = " ".join(s[2] for s in first["s"])
    assert "一次交验合格率" in body and "数据来源：班组质量记录" in body  # table cell and footnote


def test_built_index_keeps_markup_as_text(stage):
    data = _built_index(stage.site_dir)
    doc = next(d for d in data["docs"] if d["u"] == "experiences/2025-002/")
    assert doc["t"] == HOSTILE
    text = _page_file(stage.site_dir, "experiences/2025-002/")
    assert "</script>" not in text and "<\\/script>" in text  # inert even if inlined one day


def test_body_text_added_to_a_page_is_searchable_text(stage):
    doc = next(d for d in _built_index(stage.site_dir)["docs"] if d["u"] == "experiences/2025-003/")
    assert any("零部件检具，独有词甲乙丙丁。" in s[2] for s in doc["s"])


def test_pages_excluded_by_front_matter_stay_out_and_other_pages_are_in(stage):
    urls = {d["u"] for d in _built_index(stage.site_dir)["docs"]}
    assert "filter/" not in urls and "stats/" not in urls  # search: {exclude: true}
    assert {"about/", "methods/six-sigma/"} <= urls


def test_material_search_index_is_not_written_and_jieba_is_not_used(stage):
    assert not (stage.site_dir / "search" / "search_index.json").exists()
    assert not (stage.site_dir / "search" / "search_index.js").exists()
    assert not [p for p in (stage.site_dir / "search").rglob("*.js") if "\u200b" in p.read_text(encoding="utf-8")]


def test_pages_load_the_search_script_and_name_the_index(stage):
    html = (stage.site_dir / "experiences/2025-001/index.html").read_text(encoding="utf-8")
    assert re.search(r'<script src="\.\./\.\./assets/javascripts/search\.js"', html)
    assert 'data-index="../../search/index.js"' in html
    assert 'data-md-component="search"' not in html and 'name="search"' not in html  # Material's stays off
    assert "search/index.js" not in re.sub(r'data-index="[^"]*"', "", html)  # loaded on first use only


def test_offline_build_indexes_html_file_urls(tmp_path):
    from converters.outputs.export import offline_plugins
    from site_stage import REPO

    stage = make_stage(tmp_path, 2)
    build(stage, config_overrides={"plugins": offline_plugins(REPO / "mkdocs.yml")})
    urls = [d["u"] for d in _built_index(stage.site_dir)["docs"]]
    assert "experiences/2025-001/index.html" in urls and "index.html" in urls
    assert not (stage.site_dir / "search" / "search_index.js").exists()
    assert "unpkg.com" not in (stage.site_dir / "index.html").read_text(encoding="utf-8")


def test_equations_are_indexed_by_their_linear_text():
    from converters.render.search_index import split_sections

    html = '<h2 id="a">公式</h2><p>效率 <math alttext="η=W/Q"><mi>η</mi><mo>=</mo></math> 提高</p>'
    section = split_sections(html)[-1]
    assert "η=W/Q" in section.text and "<mi>" not in section.text
