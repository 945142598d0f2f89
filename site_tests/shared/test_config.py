"""showcase.yml (converters/config.py): one reader for the CLI and the site; validation collects
errors and warnings in Chinese, naming key, expected and received."""

from __future__ import annotations

from pathlib import Path

import pytest

from converters.config import ConfigError, Event, Settings, load_settings, read_settings
from converters.model import Severity


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "showcase.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_key_is_read_typed(tmp_path):
    path = _write(tmp_path, """
association: 示例协会
year: 2024
site_title: 标题
event: {name: 交流会, date: 2025-08-20, place: 南京, order_file: content/event.yml}
colors: {primary: teal, accent: amber}
icp: 12345
""")
    settings, found = read_settings(path)
    assert found == []
    assert (settings.association, settings.year, settings.site_title) == ("示例协会", 2024, "标题")
    assert settings.event.date == "2025-08-20"  # YAML reads a date; the setting is its text
    assert (settings.colors.primary, settings.colors.accent) == ("teal", "amber")
    assert settings.icp == "12345" and settings.root == tmp_path.resolve()


def test_unknown_keys_warn_with_their_full_name_and_are_ignored(tmp_path):
    settings, found = read_settings(_write(tmp_path, "titel: 错字\nevent: {name: 会, room: 3}\ncolors: {main: red}\n"))
    assert [(f.code, f.severity) for f in found] == [("CONFIG_UNKNOWN_KEY", Severity.WARNING)] * 3
    assert ["“titel”" in found[0].message, "“event.room”" in found[1].message, "“colors.main”" in found[2].message] == [True] * 3
    assert settings.event.name == "会" and settings.site_title == Settings(root=tmp_path).site_title


def test_wrong_types_are_errors_naming_key_expected_and_received_all_collected(tmp_path):
    path = _write(tmp_path, "year: 二〇二五\nicp: true\nevent: 交流会\ncolors: {primary: [teal]}\nsite_title: 标题\n")
    settings, found = read_settings(path)
    messages = [f.message for f in found]
    assert [f.code for f in found] == ["CONFIG_INVALID"] * 4 and all(f.severity is Severity.ERROR for f in found)
    assert messages[0] == f"{path}：配置项 “year” 应为整数，实际为文本 '二〇二五'"
    assert "“icp” 应为文本，实际为是/否值 True" in messages[1]
    assert "“event” 应为键值映射，实际为文本 '交流会'" in messages[2]
    assert "“colors.primary” 应为文本，实际为列表 ['teal']" in messages[3]
    assert settings.year == 2025 and settings.site_title == "标题"  # defaults where wrong, the rest as written


def test_a_file_that_is_not_a_mapping_is_an_error(tmp_path):
    _settings, found = read_settings(_write(tmp_path, "- a\n- b\n"))
    assert [f.code for f in found] == ["CONFIG_INVALID"] and "应为键值映射" in found[0].message


def test_a_missing_file_is_a_warning_and_the_defaults_hold(tmp_path):
    settings, found = read_settings(tmp_path / "showcase.yml")
    assert [(f.code, f.severity) for f in found] == [("CONFIG_MISSING", Severity.WARNING)]
    assert settings == Settings(root=tmp_path.resolve())


def test_broken_yaml_is_an_error_naming_the_file(tmp_path):
    path = _write(tmp_path, "year: [2025\n")
    _settings, found = read_settings(path)
    assert [f.code for f in found] == ["CONFIG_UNREADABLE"] and str(path) in found[0].message


def test_cli_reader_stops_on_every_error_at_once_and_returns_warnings(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load_settings(_write(tmp_path, "year: x\nsite_dir: [a]\n"))
    assert str(caught.value).count("\n") == 1 and "“year”" in str(caught.value) and "“site_dir”" in str(caught.value)
    settings, warnings = load_settings(_write(tmp_path, "year: 2023\nfoo: 1\n"))
    assert settings.year == 2023 and len(warnings) == 1 and "“foo”" in warnings[0]
    with pytest.raises(ConfigError, match="不存在"):
        load_settings(tmp_path / "elsewhere.yml")


def test_event_order_file_inside_content_dir_means_the_docs_dir_of_the_run(tmp_path):
    def order(order_file: str, content_dir: str = "content") -> Path | None:
        settings = Settings(root=tmp_path, content_dir=content_dir, event=Event(order_file=order_file))
        return settings.event_order_path(tmp_path / "build" / "docs")

    assert order("content/event.yml") == tmp_path / "build" / "docs" / "event.yml"
    assert order("./content/event.yml") == tmp_path / "build" / "docs" / "event.yml"
    assert order("docs/event.yml", content_dir="docs/") == tmp_path / "build" / "docs" / "event.yml"
    assert order("data/event.yml") == tmp_path / "data" / "event.yml"
    assert order("/srv/event.yml") == Path("/srv/event.yml")
    assert order("") is None and order("  ") is None
