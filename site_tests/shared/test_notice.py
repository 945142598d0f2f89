"""The notice's vocabulary: data/notice.yml (parts, limits, naming rule, rule texts) and data/fields.yml."""

from __future__ import annotations

from pathlib import Path

import pytest

from converters import notice
from converters.check import rules
from converters.datafiles import DataFileError
from converters.model import Severity
from converters.notice import NOTICE_PATH, choices, load_fields, load_notice, percent_fields

PACKAGED = NOTICE_PATH.read_text(encoding="utf-8")
VERSION_LINE = PACKAGED.splitlines().index("version: 1") + 1


def copy(tmp_path: Path, old: str = "", new: str = "") -> Path:
    text = PACKAGED.replace(old, new) if old else PACKAGED
    assert not old or text != PACKAGED, old
    path = tmp_path / "notice.yml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(DataFileError) as info:
        load_notice(path)
    assert info.value.path == path
    return info.value.problems


# ---------------------------------------------------------------- the packaged notice


def test_the_parts_are_the_notice_s_five_with_their_word_limits():
    assert notice.PARTS == (
        ("name", "经验名称", 30),
        ("overview", "班组概况", 500),
        ("background", "实施背景", 500),
        ("process", "实施过程", 5000),
        ("results", "实施效果", 500),
    )
    assert notice.PART_TITLES["process"] == "实施过程" and notice.PART_LIMITS["name"] == 30


def test_rule_texts_are_filled_in_from_the_notice_s_facts():
    assert rules.RULES == {
        "TITLE_MISSING": "未找到经验名称",
        "TITLE_TOO_LONG": "经验名称超过 30 字（按 Word 字数或字符数（不计空格）任一口径）",
        "TITLE_PATTERN": "经验名称不符合“实施/运用/推行 + 质量管理方法、手段或工艺 + 经验/实践/探索”的命名规则",
        "PART_TOO_LONG": "某部分字数超过上限（班组概况、实施背景、实施效果各 500 字，实施过程 5000 字，按 Word 字数统计）",
        "PART_MISSING": "缺少班组概况、实施背景、实施过程或实施效果中的某一部分",
        "TEAM_NAME_SUFFIX": "班组名称应为正式单元名称，以“班”“组”“工段”或“室”结尾（以“班组”结尾也提示）",
        "NAME_MISMATCH": "组织名称、班组名称或经验名称在典型经验、申报表、汇总表之间不一致",
        "PERCENT_RANGE": "百分数字段不是数字或超出 0–100 范围",
        "DUPLICATE_SUBMISSION": "同一经验经多个渠道或以多份文件重复申报",
    }


@pytest.mark.parametrize(("title", "ok"), [
    ("运用客户之声提升满意度的实践", True),
    ("推行精益生产的探索", True),
    ("实施QC小组活动的经验", True),
    ("应用客户之声的实践", False),  # 应用 is not one of the notice's verbs
    ("运用客户之声提升满意度", False),
    ("运用", False),
])
def test_the_title_pattern_is_the_notice_s_verbs_and_endings(title, ok):
    assert bool(notice.NOTICE.title_pattern.match(title)) is ok


@pytest.mark.parametrize(("team", "ok"), [("焊接二班", True), ("质检组", True), ("总装工段", True), ("化验室", True),
                                          ("钳工", False), ("一车间", False)])
def test_the_team_pattern_is_the_notice_s_endings(team, ok):
    assert bool(notice.NOTICE.team_pattern.search(team)) is ok


def test_choices_are_written_as_the_notice_writes_lists():
    assert choices(["班", "组", "工段", "室"], quoted=True) == "“班”“组”“工段”或“室”"
    assert choices(["班组概况", "实施背景", "实施效果"]) == "班组概况、实施背景或实施效果"
    assert choices(["班"], quoted=True) == "“班”" and choices(["实施过程"]) == "实施过程"


def test_the_percent_fields_are_the_fields_of_type_percent():
    assert percent_fields() == {
        "satisfaction": "产品/服务满意度",
        "pass_rate": "产品/服务合格率",
        "assessment_pass_rate": "质量考核合格率",
        "improvement_participation": "质量改进活动参与率",
    }


# ---------------------------------------------------------------- an edited copy


def test_an_edited_limit_changes_the_limit_and_the_rule_text(tmp_path):
    edited = load_notice(copy(tmp_path, "{key: process, title: 实施过程, limit: 5000}",
                              "{key: process, title: 实施过程, limit: 6000}"))
    assert [p.limit for p in edited.parts] == [30, 500, 500, 6000, 500]
    assert "班组概况、实施背景、实施效果各 500 字，实施过程 6000 字" in edited.rules["PART_TOO_LONG"]


def test_edited_verbs_and_endings_change_the_pattern_and_the_rule(tmp_path):
    edited = load_notice(copy(tmp_path, "verbs: [实施, 运用, 推行]", "verbs: [实施, 运用, 推行, 应用]"))
    assert edited.title_pattern.match("应用客户之声的实践")
    assert edited.title_rule == "实施/运用/推行/应用 + 质量管理方法、手段或工艺 + 经验/实践/探索"
    assert edited.rules["TITLE_PATTERN"] == f"经验名称不符合“{edited.title_rule}”的命名规则"


@pytest.mark.parametrize(("old", "new", "problem"), [
    ("version: 1\n", "version: 1\nchapters: []\n", "顶层有未知的键：chapters（允许：version, parts, title, team_name, rules）"),
    ("version: 1\n", "version: 1\nversion: 2\n",
     f"YAML 格式错误，第 {VERSION_LINE + 1} 行：重复的键“version”（第 {VERSION_LINE} 行已有此键）"),
    ("{key: background, title: 实施背景, limit: 500}", "{key: overview, title: 实施背景, limit: 500}",
     "parts 第 3 项：key“overview”重复"),
    ("{key: background, title: 实施背景, limit: 500}", "{key: background, title: 班组概况, limit: 500}",
     "parts 第 3 项：title“班组概况”重复"),
    ("limit: 5000}", "limit: 五千}", "parts 第 4 项：limit 应为正整数（字数上限），实际为“五千”"),
    ("limit: 5000}", "limit: 0}", "parts 第 4 项：limit 应为正整数（字数上限），实际为“0”"),
    ("{key: results, title: 实施效果, limit: 500}", "{key: results, title: 实施 效果, limit: 500}",
     "parts 第 5 项：title 应为不含空白的标题"),
    ("  - {key: name, title: 经验名称, limit: 30}\n", "", "parts 的第一项应为经验名称（key: name），实际为“overview”"),
    ("{key: results, title: 实施效果, limit: 500}", "{key: results, title: 实施效果, limit: 500, max: 1}",
     "parts 第 5 项有未知的键：max（允许：key, title, limit）"),
    ("verbs: [实施, 运用, 推行]", "verbs: []", "title.verbs 与 title.endings 都不能为空"),
    ("example: 运用客户之声", "example: 提升客户之声",
     "title.example“提升客户之声收集、分析关键顾客和其他重要相关方需求的经验”本身不符合命名规则"),
    ("generic: 班组", "generic: ''", "team_name.generic 应为非空文字"),
    ("{body_parts}", "{bodyparts}", "rules 中的“PART_MISSING”：未知的占位符 bodyparts"
     "（可用：title_limit、title_rule、part_limits、body_parts、team_suffixes、team_generic）"),
    ("缺少{body_parts}中", "缺少{body_parts中", "rules 中的“PART_MISSING”：花括号不成对（占位符写作 {title_limit}，花括号本身写作 {{ }}）"),
    ("  TITLE_MISSING:", "  title_missing:", "rules 中的“title_missing”：规则代码应为大写字母、数字和下划线"),
])
def test_a_broken_copy_names_each_problem(tmp_path, old, new, problem):
    assert problem in problems(copy(tmp_path, old, new))


def test_every_problem_of_a_copy_is_reported_at_once(tmp_path):
    path = copy(tmp_path, "limit: 5000}", "limit: -1}")
    path.write_text(path.read_text(encoding="utf-8").replace("{team_generic}", "{generic}"), encoding="utf-8")
    found = problems(path)
    assert len(found) == 2 and "limit" in found[0] and "generic" in found[1]


# ---------------------------------------------------------------- fields.yml

FIELDS = """\
fields:
  team:
    label: 班组名称
    synonyms: [班组]
    class: publish
  satisfaction:
    label: 满意度
    type: percent
    class: publish
"""


def fields_copy(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "fields.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_small_fields_file_loads_with_defaults(tmp_path):
    specs, findings = load_fields(fields_copy(tmp_path, FIELDS))
    assert findings == ()
    assert specs["team"].synonyms == ("班组名称", "班组") and specs["team"].type == "text"
    assert specs["satisfaction"].unit == "%"


def test_unknown_keys_and_a_spelling_of_two_fields_are_warnings(tmp_path):
    text = FIELDS.replace("    type: percent\n", "    type: percent\n    synonym: [x]\n") + "  leader:\n    label: 班组\n"
    path = fields_copy(tmp_path, text)
    specs, findings = load_fields(path)
    assert [(f.code, f.severity, f.message) for f in findings] == [
        ("CONFIG_INVALID", Severity.WARNING, "fields.yml 中字段 satisfaction 有未知的键：synonym，已忽略"),
        ("CONFIG_INVALID", Severity.WARNING, "fields.yml 中“班组”同时是字段 team 与 leader 的写法，按 team 处理"),
    ]
    assert all(f.file == str(path) for f in findings)
    assert set(specs) == {"team", "satisfaction", "leader"}


def test_a_field_written_twice_is_an_error_naming_the_line(tmp_path):
    path = fields_copy(tmp_path, FIELDS + "  team:\n    label: 班组\n")
    specs, findings = load_fields(path)
    assert specs == {}
    assert [(f.code, f.message) for f in findings] == [
        ("CONFIG_UNREADABLE", "无法读取配置文件 fields.yml：YAML 格式错误，第 10 行：重复的键“team”（第 2 行已有此键）")
    ]
