"""Listings sort Chinese names by pinyin, the order readers use to find a city or a title."""

from __future__ import annotations

from pathlib import Path

from converters.collation import pinyin_key
from converters.model import Experience
from converters.render import pages


def test_cities_sort_by_pinyin():
    cities = ["扬州市质量协会", "宿迁市质量协会", "南京市质量协会", "常州市质量协会", "无锡市质量协会"]
    assert sorted(cities) != sorted(cities, key=pinyin_key)  # code points would be another order
    assert sorted(cities, key=pinyin_key) == ["常州市质量协会", "南京市质量协会", "宿迁市质量协会", "无锡市质量协会", "扬州市质量协会"]


def test_latin_and_full_width_letters_sort_with_the_syllables():
    names = ["质量", "ＱＣ小组", "PDCA循环", "安全"]
    assert sorted(names, key=pinyin_key) == ["安全", "PDCA循环", "ＱＣ小组", "质量"]


def test_the_same_syllables_sort_by_tone_then_by_the_text():
    assert sorted(["骂", "马", "妈", "麻"], key=pinyin_key) == ["妈", "麻", "马", "骂"]
    assert sorted(["他", "她", "它"], key=pinyin_key) == sorted(["它", "她", "他"], key=pinyin_key)


def _experience(slug: str, title: str, year: int) -> Experience:
    return Experience(slug, year, title, "组织", "班组", "南京市质量协会", "C", "制造业", "", (), (), (), {}, {}, {},
                      (), (), "x.docx")


def test_facet_pages_list_the_newest_year_first_then_titles_by_pinyin(tmp_path: Path):
    items = [_experience("a", "运用PDCA提升合格率", 2024), _experience("b", "推行精益生产", 2025),
             _experience("c", "创建标准化作业", 2025)]
    pages.write_facet_pages(tmp_path, "industries", "按行业浏览", [pages.Facet("C", "制造业")], {"C": items}, "")
    listing = (tmp_path / "industries" / "C.md").read_text(encoding="utf-8")
    positions = [listing.index(title) for title in ("创建标准化作业", "推行精益生产", "运用PDCA提升合格率")]
    assert positions == sorted(positions)


def test_recommender_pages_get_readable_addresses_that_do_not_depend_on_the_others():
    from converters.collation import pinyin_slug, unique_slugs

    assert pinyin_slug("南京市质量协会") == "nanjingshizhiliangxiehui"
    assert pinyin_slug("电力（QC）协会") == "dianliqcxiehui"
    assert len(pinyin_slug("江苏省建设行业质量管理协会质量信得过班组工作委员会")) == 40
    alone = unique_slugs(["南京市质量协会"])
    assert unique_slugs(["南京市质量协会", "无锡市质量协会"])["南京市质量协会"] == alone["南京市质量协会"]
    homophones = unique_slugs(["苏州市质量协会", "宿州市质量协会"])
    assert len(set(homophones.values())) == 2 and all(s.startswith("suzhoushi") for s in homophones.values())
    assert pinyin_slug("———").startswith("r")
