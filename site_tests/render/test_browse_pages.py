"""The browse pages the converter writes (render/browse.py): cards on the index pages (count, most
used methods or industries, the latest experiences), experience cards on each facet page, a
breadcrumb trail, and every document text escaped; built by MkDocs into links that resolve."""

from __future__ import annotations

from pathlib import Path

from converters.model import Experience
from converters.render.browse import Section, write_browse_pages
from converters.render.pages import Facet


def _exp(slug: str, title: str, year: int, methods: tuple[str, ...], industry: str = "制造业",
         organization: str = "示例公司", team: str = "装配一班") -> Experience:
    return Experience(slug, year, title, organization, team, "南京市质量协会", "C", industry, industry, methods,
                      tuple(m.lower() for m in methods), (), {}, {}, {}, (), (), "x.docx")


ITEMS = [
    _exp("a", "运用PDCA提升合格率的实践", 2023, ("PDCA循环", "QC工具")),
    _exp("b", "推行精益生产的实践", 2025, ("精益", "QC工具")),
    _exp("c", "创建标准化作业的经验", 2025, ("标准化", "QC工具", "PDCA循环")),
    _exp("d", "运用六西格玛降低不良率的实践", 2024, ("六西格玛",)),
]


def _write(tmp_path: Path, folder: str = "industries", items=ITEMS, name: str = "制造业") -> list[dict]:
    return write_browse_pages(tmp_path, Section(folder, "按行业浏览", [Facet("C", name), Facet("D", "电力")], "导语。"),
                              {"C": list(items)})


def test_the_index_is_cards_with_count_top_methods_and_the_latest_three(tmp_path):
    summary = _write(tmp_path)
    assert summary == [{"key": "C", "name": "制造业", "count": 4}]  # 电力 has none: no card, no page
    index = (tmp_path / "industries" / "index.md").read_text(encoding="utf-8")
    assert index.count('<li class="sc-bcard"') == 1 and not (tmp_path / "industries" / "D.md").exists()
    assert "[制造业](C.md){ .sc-bcard__title }" in index and '<span class="sc-bcard__count">4 项</span>' in index
    assert "常用方法：QC工具 · PDCA循环 · 标准化" in index  # by use, ties in pinyin order
    latest = [t for t in ("创建标准化作业的经验", "推行精益生产的实践", "运用六西格玛降低不良率的实践", "运用PDCA提升合格率的实践")
              if t in index]
    assert latest == ["创建标准化作业的经验", "推行精益生产的实践", "运用六西格玛降低不良率的实践"]  # newest year first, 3
    assert index.index("创建标准化作业") < index.index("推行精益生产") < index.index("运用六西格玛")
    assert "[首页](../index.md)" in index and '<span aria-current="page">按行业浏览</span>' in index


def test_the_methods_index_names_the_industries_instead(tmp_path):
    write_browse_pages(tmp_path, Section("methods", "按方法浏览", [Facet("qc", "QC工具")], ""), {"qc": ITEMS[:1]})
    index = (tmp_path / "methods" / "index.md").read_text(encoding="utf-8")
    assert "多见于：制造业" in index and "常用方法" not in index


def test_a_facet_page_is_experience_cards_under_a_breadcrumb_trail(tmp_path):
    _write(tmp_path)
    page = (tmp_path / "industries" / "C.md").read_text(encoding="utf-8")
    assert "[首页](../index.md)" in page and "[按行业浏览](index.md)" in page
    assert '<span aria-current="page">制造业</span>' in page
    assert "共 4 项典型经验，常用方法：QC工具 · PDCA循环 · 标准化。" in page
    assert page.count('<li class="sc-card"') == 4
    assert "[推行精益生产的实践](../experiences/b/index.md){ .sc-card__link }" in page
    assert "示例公司 · 装配一班" in page and "南京市质量协会 · 2025年" in page
    assert '<span class="sc-chip sc-chip--industry">制造业</span><span class="sc-chip sc-chip--method">精益</span>' in page


def test_document_text_is_escaped_everywhere_it_is_written(tmp_path):
    hostile = _exp("h", '运用<img src=x onerror="alert(1)">的*实践*', 2025, ("[QC](javascript:x)",),
                   organization="<b>公司</b>", team="{ .evil }")
    _write(tmp_path, items=[hostile], name="<script>制造</script>")
    for name in ("index.md", "C.md"):
        # The front matter keeps the title as YAML text; the site plugin escapes it (on_page_markdown).
        text = (tmp_path / "industries" / name).read_text(encoding="utf-8").split("---\n", 2)[2]
        assert "<img" not in text and "<b>" not in text and "<script>" not in text, name
        assert "[QC](javascript:" not in text and "{ .evil }" not in text, name
    page = (tmp_path / "industries" / "C.md").read_text(encoding="utf-8")
    assert "&lt;img src=x" in page and r"\*实践\*" in page and "&lt;b&gt;公司&lt;/b&gt;" in page
