"""The lines between a 典型经验's title and 班组概况 (data/preamble.yml): metadata kept, furniture and
personal names dropped, only the unrecognised left as preamble."""

from __future__ import annotations

from pathlib import Path

import pytest

import submissions
from converters.assemble import preamble
from converters.assemble.structure import split_parts, with_form_title
from converters.check.classes import blocks
from converters.datafiles import DataFileError
from converters.ooxml import read_docx
from converters.text import blocks_text

TITLE = "运用PDCA循环提升产品一次合格率的实践"
SLOGAN = "以“零缺陷”为目标 打造焊接精品工程"
TEAM = "装配车间焊接二班"
ORG = "示例精密机械有限公司"


def structured(tmp_path: Path, *lines: str, title: str = TITLE, **kw):
    path = submissions.write_preamble_experience(tmp_path / "附件1.docx", title, TEAM, ORG, lines=lines, **kw)
    return split_parts(read_docx(path, "南京/附件1.docx"), "南京/附件1.docx")


def codes(st) -> list[str]:
    return [f.code for f in st.findings]


@pytest.mark.parametrize("variant", sorted(submissions.PREAMBLE_VARIANTS))
def test_every_preamble_variant_is_recognised_and_nothing_is_left_on_the_page(tmp_path, variant):
    st = structured(tmp_path, submissions.PREAMBLE_VARIANTS[variant])
    assert "preamble" not in st.parts, blocks_text(st.parts.get("preamble", ()))
    assert codes(st) == ["PREAMBLE_RECOGNISED"]
    assert not any(blocks(f) for f in st.findings)
    assert st.title == TITLE
    assert list(st.parts) == ["overview", "background", "process", "results"]


def test_metadata_is_kept_and_personal_names_are_dropped(tmp_path):
    st = structured(tmp_path, "{organization}　{team}", "——运用看板管理缩短交付周期的实践", "推荐单位：南京市质量协会",
                    "二〇二五年三月", "执笔人：王某某", before=("附件1",))
    assert st.named == {"organization": ORG, "team": TEAM, "subtitle": "运用看板管理缩短交付周期的实践",
                        "recommender": "南京市质量协会", "date": "二〇二五年三月"}
    everything = " ".join(blocks_text(b) for b in st.parts.values()) + repr(st.named) + repr(st.findings)
    assert "王某某" not in everything
    assert "执笔人" in st.findings[0].message and "不发布" in st.findings[0].message


@pytest.mark.parametrize("dash", ["——", "—", "--"])
def test_a_slogan_title_gives_way_to_the_subtitle_that_follows_the_naming_rule(tmp_path, dash):
    st = structured(tmp_path, f"{dash}{TITLE}", "{organization}　{team}", title=SLOGAN)
    assert st.title == TITLE and st.named["subtitle"] == SLOGAN
    assert "preamble" not in st.parts


def test_a_formal_title_keeps_its_subtitle_as_the_line_under_it(tmp_path):
    st = structured(tmp_path, "——以“零缺陷”为目标", title=TITLE)
    assert st.title == TITLE and st.named["subtitle"] == "以“零缺陷”为目标"


def test_the_form_s_experience_name_decides_between_the_two_title_lines(tmp_path):
    other = "推行看板管理缩短交付周期的实践"  # both lines follow the naming rule
    st = structured(tmp_path, f"——{other}", title=TITLE)
    assert st.title == TITLE
    chosen = with_form_title(st, other)
    assert chosen.title == other and chosen.named["subtitle"] == TITLE
    assert with_form_title(st, TITLE) is st and with_form_title(st, "") is st


def test_a_typed_table_of_contents_is_dropped_and_the_parts_still_found(tmp_path):
    st = structured(tmp_path, "{organization}　{team}", toc=True)
    assert "preamble" not in st.parts
    assert "目录" in st.findings[0].message
    assert blocks_text(st.parts["overview"]).startswith(f"{TEAM}班组概况")
    assert all(st.parts[k] for k in ("overview", "background", "process", "results"))


def test_unrecognised_content_stays_preamble_as_a_note(tmp_path):
    st = structured(tmp_path, "本经验曾在2024年全国交流会上发表，获得一致好评。")
    assert codes(st) == ["PREAMBLE_CONTENT"]
    assert not blocks(st.findings[0])
    assert "全国交流会" in blocks_text(st.parts["preamble"])


@pytest.mark.parametrize("text", ["装配车间焊接二班开展了质量改进活动，效果明显", "示例精密机械有限公司", "2025年度工作计划"])
def test_prose_and_lone_names_are_not_taken_for_metadata(text):
    assert preamble.recognise(text).kind == ""


def test_a_bad_pattern_in_the_data_file_is_a_chinese_error(tmp_path):
    bad = tmp_path / "preamble.yml"
    text = preamble.PREAMBLE_PATH.read_text(encoding="utf-8").replace("'^目\\s*录$'", "'^目(录$'")
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match="toc_heading 中的正则表达式"):
        preamble.load_preamble(bad)
