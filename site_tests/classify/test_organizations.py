"""组织类型 / 组织规模 / 是否央企 normalisation (converters/classify/organizations.py, data/organizations.yml)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from converters.classify import check_data_files
from converters.classify.organizations import (
    central_soe, load_organizations, organization_scale, organization_type, organization_types,
)
from converters.datafiles import DataFileError
from converters.model import Severity


@pytest.mark.parametrize("raw, expected", [
    ("国有企业", "国有企业"),
    ("国有控股企业", "国有企业"),
    ("国 有 独 资", "国有企业"),
    ("地方国企", "国有企业"),
    ("央企子公司", "国有企业"),
    ("国有独资有限责任公司", "国有企业"),  # the legal form says nothing; the ownership decides
    ("民营", "民营企业"),
    ("私营企业", "民营企业"),
    ("股份制民营企业", "民营企业"),
    ("中外合资企业", "外资企业"),
    ("外商独资", "外资企业"),
    ("港澳台投资企业", "外资企业"),
    ("集体所有制企业", "集体企业"),
    ("事业单位", "事业单位"),
    ("全额拨款事业单位", "事业单位"),
    ("机关", "机关"),
    ("党政机关", "机关"),
    ("社会团体", "社会组织"),
    ("民办非企业单位", "社会组织"),
    ("其它", "其他"),
])
def test_organisation_types_are_normalised(raw, expected):
    assert organization_type(raw) == expected


def test_full_width_brackets_and_case_do_not_matter():
    assert organization_type("国有企业(央企)") == organization_type("国有企业（央企）") == "国有企业"


@pytest.mark.parametrize("raw", ["股份制企业", "有限责任公司", "示例性质不明的写法", "混合所有制"])
def test_unknown_or_unclear_types_become_other_not_dropped(raw):
    assert organization_type(raw) == "其他"


def test_a_longer_unclear_wording_wins_over_the_type_it_contains():
    assert organization_type("非国有企业") == "其他"


def test_text_naming_two_types_is_other():
    assert organization_type("中外合资（国有控股）") == "其他"


@pytest.mark.parametrize("raw", ["", "   ", "无", "/", "——"])
def test_empty_or_placeholder_type_gives_no_facet_value(raw):
    assert organization_type(raw) == ""


@pytest.mark.parametrize("raw, expected", [
    ("大型", "大型"),
    ("大", "大型"),
    ("特大型企业", "大型"),
    ("中型企业", "中型"),
    ("中等规模", "中型"),
    ("小型", "小型"),
    ("微型企业", "微型"),
    ("大型（按工信部标准）", "大型"),
])
def test_scales_are_normalised(raw, expected):
    assert organization_scale(raw) == expected


@pytest.mark.parametrize("raw", ["", "大中型", "小微企业", "中小企业", "规模以上", "年产值十亿元", "无"])
def test_unclear_or_unknown_scale_is_not_shown(raw):
    assert organization_scale(raw) == ""


def test_single_character_scale_aliases_only_count_as_the_whole_cell():
    assert organization_scale("大中") == ""  # not 大型 because it starts with 大


@pytest.mark.parametrize("raw, group, expected", [
    ("是", "", True),
    ("否", "", False),
    ("是（国资委监管）", "", True),
    ("不是", "", False),
    ("非央企", "", False),
    ("否", "中国示例集团有限公司", False),  # the explicit answer wins over a filled-in group
    ("", "中国示例集团有限公司", True),  # "非央企不用填": a real group name means a central SOE
    ("", "非央企不用填", None),
    ("", "/", None),
    ("", "", None),
    ("不清楚", "无", None),
])
def test_central_soe_from_the_answer_then_the_group(raw, group, expected):
    assert central_soe(raw, group) is expected


def test_the_repository_data_file_is_valid_and_ordered():
    assert check_data_files() == []
    assert organization_types()[0] == "国有企业" and organization_types()[-1] == "其他"


# ---------------------------------------------------------------- broken data files

VALID = """
version: 1
blank: [无]
types:
  fallback: 其他
  values:
    - {name: 国有企业, aliases: [国企]}
    - {name: 其他}
scales:
  fallback: ""
  values:
    - {name: 大型, aliases: [大]}
central_soe:
  yes_words: [是]
  no_words: [否]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "organizations.yml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> str:
    with pytest.raises(DataFileError) as info:
        load_organizations(path)
    assert str(path) in str(info.value)
    return str(info.value)


def test_a_hand_written_file_loads(tmp_path):
    orgs = load_organizations(write(tmp_path, VALID))
    assert orgs.types.normalise("国企") == "国有企业" and orgs.scales.normalise("大") == "大型"
    assert orgs.types.normalise("无") == ""


def test_an_alias_used_by_two_types_is_an_error_naming_both(tmp_path):
    text = VALID.replace("{name: 其他}", "{name: 其他, aliases: [国企]}")
    message = problems(write(tmp_path, text))
    assert "国企" in message and "重复" in message and "国有企业" in message


def test_a_fallback_that_is_not_a_value_is_an_error(tmp_path):
    assert "fallback" in problems(write(tmp_path, VALID.replace("fallback: 其他", "fallback: 另类")))


def test_unknown_keys_and_placeholders_used_as_aliases_are_errors(tmp_path):
    text = VALID.replace("version: 1", "version: 1\nsizes: []").replace("aliases: [大]", "aliases: [大, 无]")
    message = problems(write(tmp_path, text))
    assert "sizes" in message and "blank" in message


def test_a_word_that_is_both_yes_and_no_is_an_error(tmp_path):
    assert "同时出现" in problems(write(tmp_path, VALID.replace("no_words: [否]", "no_words: [否, 是]")))


def test_broken_yaml_and_duplicate_keys_are_errors_with_line_numbers(tmp_path):
    assert "第" in problems(write(tmp_path, VALID.replace("scales:", "scales:\n  - [")))
    assert "重复的键" in problems(write(tmp_path, VALID + "types: {}\n"))


def test_check_data_files_turns_problems_into_error_findings(tmp_path):
    path = write(tmp_path, "types: 3\n")
    found = check_data_files(organizations_path=path)
    assert found and all(f.severity is Severity.ERROR and f.file == str(path) for f in found)


def test_an_edited_file_is_read_again(tmp_path):
    path = write(tmp_path, VALID)
    assert load_organizations(path).types.normalise("国企") == "国有企业"
    path.write_text(VALID.replace("aliases: [国企]", "aliases: [国营]"), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # a coarse clock may not tick
    assert load_organizations(path).types.normalise("国企") == "其他"

