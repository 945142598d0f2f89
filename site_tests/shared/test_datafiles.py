"""converters/datafiles.py: the strict YAML reader, DataFileError, validation helpers, cache, alias matcher."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from converters.datafiles import (DataFileError, Matcher, alias_key, cached_loader, mapping_items, matching_form,
                                  problems_of, read_yaml, str_list, top_level, unknown_keys)
from converters.model import Severity


def write(tmp_path: Path, text: str, name: str = "data.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def read_problems(path: Path) -> list[str]:
    with pytest.raises(DataFileError) as info:
        read_yaml(path)
    return info.value.problems


# ---------------------------------------------------------------- strict YAML


def test_a_mapping_and_lists_read_unchanged(tmp_path):
    assert read_yaml(write(tmp_path, "a: 1\nb: [x, y]\nc: {d: 是}\n")) == {"a": 1, "b": ["x", "y"], "c": {"d": "是"}}


def test_a_key_written_twice_is_refused_naming_both_lines(tmp_path):
    path = write(tmp_path, "a: 1\nb:\n  c: 1\n  d: 2\n  c: 3\n")
    assert read_problems(path) == ["YAML 格式错误，第 5 行：重复的键“c”（第 3 行已有此键）"]


def test_the_message_names_the_file(tmp_path):
    path = write(tmp_path, "a: 1\na: 2\n")
    with pytest.raises(DataFileError) as info:
        read_yaml(path)
    assert str(info.value) == f"数据文件 {path} 有误：YAML 格式错误，第 2 行：重复的键“a”（第 1 行已有此键）"
    assert info.value.path == path


def test_an_unhashable_key_is_a_data_file_error_not_a_crash(tmp_path):
    problems = read_problems(write(tmp_path, "? [a, b]\n: 1\n"))
    assert len(problems) == 1 and problems[0].startswith("YAML 格式错误，第 1 行：")


def test_broken_syntax_names_the_line(tmp_path):
    problems = read_problems(write(tmp_path, "a: 1\nb: [x,\n"))
    assert len(problems) == 1 and problems[0].startswith("YAML 格式错误，第 3 行：")


def test_a_missing_file_and_a_file_not_in_utf8_are_named(tmp_path):
    assert read_problems(tmp_path / "nope.yml") == ["文件不存在"]
    path = tmp_path / "gbk.yml"
    path.write_bytes("名称: 班组".encode("gbk"))
    assert read_problems(path) == ["无法读取（UnicodeDecodeError），请保存为 UTF-8 文本"]


def test_the_top_level_must_be_a_mapping(tmp_path):
    path = tmp_path / "list.yml"
    with pytest.raises(DataFileError) as info:
        top_level(["a"], path)
    assert info.value.problems == ["顶层应为映射（键: 值）"]
    assert top_level({"a": 1}, path) == {"a": 1}


def test_findings_are_errors_naming_the_file():
    exc = DataFileError(Path("x/methods.yml"), ["甲", "乙"])
    assert [(f.code, f.severity, f.message, f.file) for f in exc.findings()] == [
        ("DATA_FILE_INVALID", Severity.ERROR, "甲", "x/methods.yml"),
        ("DATA_FILE_INVALID", Severity.ERROR, "乙", "x/methods.yml"),
    ]


def test_problems_of_turns_a_raising_loader_into_findings(tmp_path):
    broken = write(tmp_path, "a: 1\na: 2\n")
    assert [f.message for f in problems_of(read_yaml, broken)] == ["YAML 格式错误，第 2 行：重复的键“a”（第 1 行已有此键）"]
    assert problems_of(read_yaml, write(tmp_path, "a: 1\n", "good.yml")) == []


# ---------------------------------------------------------------- validation helpers


def test_unknown_keys_lists_the_extra_and_the_allowed():
    problems: list[str] = []
    unknown_keys({"id": 1, "colour": 2, "size": 3}, ("id", "name"), "方法族“x”", problems)
    assert problems == ["方法族“x”有未知的键：colour, size（允许：id, name）"]
    unknown_keys({"id": 1}, ("id",), "y", problems)
    assert len(problems) == 1


def test_str_list_strips_and_refuses_anything_but_non_empty_strings():
    problems: list[str] = []
    assert str_list([" 甲 ", "乙"], "x ", problems) == ["甲", "乙"] and problems == []
    assert str_list(None, "x ", problems) == [] and problems == []
    assert str_list(["甲", ""], "aliases ", problems) == []
    assert str_list("甲", "aliases ", problems) == []
    assert problems == ["aliases 应为非空文字组成的列表"] * 2


def test_mapping_items_names_each_item_and_its_problems():
    problems: list[str] = []
    items = mapping_items([{"key": "a"}, "b", {"key": "c", "extra": 1}], "parts", ("key",), problems)
    assert items == [("parts 第 1 项", {"key": "a"}), ("parts 第 3 项", {"key": "c", "extra": 1})]
    assert problems == ["parts 第 2 项应为映射（key）", "parts 第 3 项有未知的键：extra（允许：key）"]
    assert mapping_items(None, "families", ("id",), problems) == [] and problems[-1] == "families 应为非空列表"
    assert mapping_items([], "families", ("id",), problems) == [] and len(problems) == 4


# ---------------------------------------------------------------- cache


def test_a_file_is_parsed_once_until_it_is_edited(tmp_path):
    calls: list[Path] = []

    def parse(path: Path) -> str:
        calls.append(path)
        return path.read_text(encoding="utf-8")

    default = write(tmp_path, "默认", "default.yml")
    other = write(tmp_path, "一", "other.yml")
    load = cached_loader(parse, default)
    assert load() == "默认" and load(None) == "默认" and load(default) == "默认"
    assert load(other) == "一" and load(other) == "一"
    assert len(calls) == 2
    other.write_text("二", encoding="utf-8")
    stat = other.stat()
    os.utime(other, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # a coarse clock may not tick
    assert load(other) == "二" and len(calls) == 3


# ---------------------------------------------------------------- alias matching


@pytest.mark.parametrize(("a", "b"), [
    ("因 果 图", "因果图"),
    ("“三不”原则", "三不原则"),
    ("ＰＤＣＡ", "pdca"),
    ("8-D", "8—D"),
    ("精益　生产", "精益生产"),  # a full-width space
])
def test_spellings_of_one_alias_have_one_key(a, b):
    assert alias_key(a) == alias_key(b)


def test_the_matching_form_keeps_spaces_and_dashes_but_drops_quotes():
    assert matching_form("“ＱＣ 小组”—活动") == "qc 小组—活动"


def test_the_longest_alias_wins_and_hits_do_not_overlap():
    matcher = Matcher({"质量": "short", "质量管理": "long", "管理": "other"})
    assert matcher.find("推行质量管理的经验") == [(2, 6, "long")]
    assert [m for _s, _e, m in matcher.find("质量和管理")] == ["short", "other"]


def test_spaces_and_dashes_in_the_text_do_not_hide_an_alias():
    matcher = Matcher({"QC小组": "qc", "8D": "8d", "防错-法": "poka"})
    assert [m for _s, _e, m in matcher.find("开展 QC 小组、8 D 与防错—法")] == ["qc", "8d", "poka"]


def test_an_ascii_alias_does_not_match_inside_a_longer_word():
    matcher = Matcher({"IE": "ie"})
    assert matcher.find("DIE 模具") == [] and matcher.find("IEs") == []
    assert [m for _s, _e, m in matcher.find("运用IE方法")] == ["ie"]


def test_an_empty_table_finds_nothing():
    assert Matcher({}).find("任何文字") == [] and Matcher({"甲": 1}).find("") == []
