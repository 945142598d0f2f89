"""`showcase check`: showcase.yml, every data file and the overrides, one Chinese line per problem."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from converters import cli
from converters.datafiles import DATA_DIR, DataFileError

CLEAN = "检查完成：配置文件与数据文件没有发现问题"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder: showcase.yml and a full copy of the data files in data/."""
    (tmp_path / "showcase.yml").write_text("site_title: 测试站\nyear: 2025\n", encoding="utf-8")
    shutil.copytree(DATA_DIR, tmp_path / "data")
    return tmp_path


def check(project: Path, *extra: str, capsys) -> tuple[int, list[str], str]:
    code = cli.main(["--config", str(project / "showcase.yml"), "check", "--data", str(project / "data"), *extra])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def edit(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def one_error(line: str) -> tuple[int, list[str], str]:
    """What check returns and prints for exactly one problem, an error."""
    return 1, [f"错误：{line}", "检查完成：1 个错误，0 个警告"], ""


def line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def test_a_clean_project_passes(project, capsys):
    assert check(project, capsys=capsys) == (0, [CLEAN], "")


def test_the_packaged_data_files_pass(project, capsys):
    code = cli.main(["--config", str(project / "showcase.yml"), "check"])
    assert (code, capsys.readouterr().out.splitlines()) == (0, [CLEAN])


# ---------------------------------------------------------------- broken data files


@pytest.mark.parametrize(("name", "old", "new", "message"), [
    pytest.param("methods.yml", "version: 1\n", "version: 1\nversion: 2\n",
                 "YAML 格式错误，第 {line2} 行：重复的键“version”（第 {line} 行已有此键）", id="duplicate key"),
    pytest.param("industries.yml", "version: 1\n", "version: 1\ncolour: red\n",
                 "顶层有未知的键：colour"
                 "（允许：version, sections, divisions, dominant, keywords, organization_signals, soe_groups）",
                 id="unknown key"),
    pytest.param("industries.yml", "  电力: D44\n", "  电力: Z9\n", "keywords 中“电力”的代码“Z9”无效，应形如“C”或“C36”",
                 id="bad code"),
    pytest.param("methods.yml", "strong: [PDCA循环, 戴明环, ", "strong: [PDCA循环, 戴明环, 品管七大手法, ",
                 "方法族“pdca”的方法“PDCA”：别名“品管七大手法”重复（已在方法族“qc-tools”的方法“QC七种工具”中定义）；"
                 "每个别名只能属于一个方法", id="alias defined twice"),
])
def test_a_broken_data_file_is_one_error_naming_the_file(project, capsys, name, old, new, message):
    path = project / "data" / name
    line = line_of(path, "version: 1")
    edit(path, old, new)
    assert check(project, capsys=capsys) == one_error(f"{path}：" + message.format(line=line, line2=line + 1))


def test_an_alias_of_two_organization_types_is_an_error(project, capsys):
    organizations = project / "data" / "organizations.yml"
    text = organizations.read_text(encoding="utf-8")
    assert "    - name: 民营企业\n      aliases: [" in text
    edit(organizations, "    - name: 民营企业\n      aliases: [", "    - name: 民营企业\n      aliases: [国企, ")
    code, lines, _err = check(project, capsys=capsys)
    assert code == 1 and lines[0].startswith(f"错误：{organizations}：types 的“民营企业”：别名“国企”重复")


def test_broken_notice_fields_and_policy_are_each_reported(project, capsys):
    data = project / "data"
    edit(data / "notice.yml", "limit: 5000}", "limit: -1}")
    edit(data / "fields.yml", "    type: text\n", "    type: txt\n")
    edit(data / "policy.yml", "  team_leader: false\n", "  team_leader: false\n  mobile: true\n")
    code, lines, _err = check(project, capsys=capsys)
    assert code == 1
    assert lines == [
        f"错误：{data / 'notice.yml'}：parts 第 4 项：limit 应为正整数（字数上限），实际为“-1”",
        f"警告：{data / 'fields.yml'}：fields.yml 中字段 recommender 的类型 txt 未知，按文本处理",
        f"错误：{data / 'policy.yml'}：policy.yml：字段 手机（mobile）属于 never 级别，不能公开，已忽略",
        "检查完成：2 个错误，1 个警告",
    ]


def test_a_missing_data_file_is_an_error(project, capsys):
    (project / "data" / "notice.yml").unlink()
    code, lines, _err = check(project, capsys=capsys)
    assert (code, lines[0]) == (1, f"错误：{project / 'data' / 'notice.yml'}：文件不存在")


def test_only_warnings_exit_0(project, capsys):
    edit(project / "data" / "fields.yml", "    type: text\n", "    type: txt\n")
    code, lines, _err = check(project, capsys=capsys)
    assert code == 0 and lines[-1] == "检查完成：0 个错误，1 个警告"


# ---------------------------------------------------------------- showcase.yml


def test_a_broken_showcase_yml_is_an_error_and_the_data_files_are_still_checked(project, capsys):
    config = project / "showcase.yml"
    config.write_text("year: 明年\n", encoding="utf-8")
    edit(project / "data" / "industries.yml", "version: 1\n", "version: 1\ncolour: red\n")
    code, lines, _err = check(project, capsys=capsys)
    assert code == 1
    assert lines[0] == f"错误：{config}：配置项 “year” 应为整数，实际为文本 '明年'"
    assert lines[1].startswith(f"错误：{project / 'data' / 'industries.yml'}：顶层有未知的键：colour")


def test_an_unknown_setting_is_a_warning(project, capsys):
    config = project / "showcase.yml"
    config.write_text("site_title: 测试站\ncolour: red\n", encoding="utf-8")
    assert check(project, capsys=capsys) == (0, [
        f"警告：{config}：未知配置项 “colour”，已忽略",
        "检查完成：0 个错误，1 个警告",
    ], "")


# ---------------------------------------------------------------- policy and overrides chosen by config or option


def test_the_policy_and_overrides_named_in_showcase_yml_are_checked(project, capsys):
    (project / "showcase.yml").write_text("policy: my-policy.yml\noverrides: my-overrides.yml\n", encoding="utf-8")
    (project / "my-policy.yml").write_text("fields: {nonexistent: true}\n", encoding="utf-8")
    (project / "my-overrides.yml").write_text("overrides:\n  运用PDCA的实践:\n    methods: [nonexistent]\n",
                                              encoding="utf-8")
    assert check(project, capsys=capsys) == (1, [
        f"警告：{project / 'my-policy.yml'}：my-policy.yml：未知字段 nonexistent",
        f"错误：{project / 'my-overrides.yml'}：覆盖项“运用PDCA的实践”的 methods 中“nonexistent”不是已知的方法族 id 或名称",
        "检查完成：1 个错误，1 个警告",
    ], "")


def test_a_configured_file_that_does_not_exist_is_an_error(project, capsys):
    (project / "showcase.yml").write_text("overrides: missing.yml\n", encoding="utf-8")
    assert check(project, capsys=capsys) == one_error(
        f"{project / 'missing.yml'}：覆盖文件不存在"
    )


def test_options_beat_showcase_yml(project, capsys):
    (project / "showcase.yml").write_text("overrides: missing.yml\n", encoding="utf-8")
    good = project / "good.yml"
    good.write_text("overrides: {}\n", encoding="utf-8")
    assert check(project, "--overrides", str(good), capsys=capsys) == (0, [CLEAN], "")


def test_overrides_that_match_no_converted_experience_are_warnings(project, capsys):
    overrides = project / "o.yml"
    overrides.write_text("overrides:\n  运用PDCA的实践:\n    industry: C\n  2025-abcd1234:\n    industry: D\n"
                         "  运用QC小组的实践:\n    industry: C\n", encoding="utf-8")
    catalog = project / "content" / "_generated" / "catalog.json"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(json.dumps({"experiences": [{"slug": "2025-abcd1234", "title": "运用 PDCA 的实践"}]},
                                  ensure_ascii=False), encoding="utf-8")
    assert check(project, "--overrides", str(overrides), capsys=capsys) == (0, [
        f"警告：{overrides}：覆盖项“运用QC小组的实践”没有对应的经验（请核对经验名称或页面短名）",
        "检查完成：0 个错误，1 个警告",
    ], "")


def test_without_a_conversion_unused_overrides_are_not_guessed(project, capsys):
    overrides = project / "o.yml"
    overrides.write_text("overrides:\n  运用QC小组的实践:\n    industry: C\n", encoding="utf-8")
    assert check(project, "--overrides", str(overrides), capsys=capsys) == (0, [CLEAN], "")


def test_an_unreadable_catalog_is_a_warning(project, capsys):
    catalog = project / "content" / "_generated" / "catalog.json"
    catalog.parent.mkdir(parents=True)
    catalog.write_text("{not json", encoding="utf-8")
    assert check(project, capsys=capsys) == (0, [
        f"警告：{catalog}：经验目录无法读取，未核对覆盖项是否都有对应的经验",
        "检查完成：0 个错误，1 个警告",
    ], "")


# ---------------------------------------------------------------- bad arguments


@pytest.mark.parametrize(("args", "message"), [
    (["--policy", "nope.yml"], "showcase：公开策略文件不存在：nope.yml\n"),
    (["--overrides", "nope.yml"], "showcase：覆盖文件不存在：nope.yml\n"),
])
def test_a_missing_file_given_as_an_option_is_a_usage_error(project, capsys, args, message):
    assert check(project, *args, capsys=capsys) == (2, [], message)


def test_a_missing_data_folder_or_config_is_a_usage_error(tmp_path, capsys):
    assert cli.main(["check", "--data", str(tmp_path / "nope")]) == 2
    assert capsys.readouterr().err == f"showcase：数据目录不存在：{tmp_path / 'nope'}\n"
    assert cli.main(["--config", str(tmp_path / "nope.yml"), "check"]) == 2
    assert capsys.readouterr().err == f"showcase：配置文件不存在：{tmp_path / 'nope.yml'}\n"


def test_an_unknown_option_exits_2(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["check", "--bogus"])
    assert info.value.code == 2 and "无法识别的参数：--bogus" in capsys.readouterr().err


def test_a_data_file_error_raised_on_import_is_reported_not_raised(project, capsys, monkeypatch):
    broken = project / "data" / "notice.yml"

    def importing_a_broken_notice(_args):
        raise DataFileError(broken, ["parts 应为非空列表"])

    monkeypatch.setattr(cli, "_check_problems", importing_a_broken_notice)
    assert check(project, capsys=capsys) == one_error(f"{broken}：parts 应为非空列表")
