"""showcase.yml `editions:` (converters/config.py): the multi-year archive's contract, and its
errors in Chinese naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from converters.config import ConfigError, Edition, Event, load_settings, read_settings
from converters.model import Severity


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "showcase.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_contract_shape_is_read_oldest_first_and_the_latest_is_the_current_year(tmp_path):
    settings, found = read_settings(_write(tmp_path, """
year: 2020
event: {name: 顶层交流会}
editions:
  - year: 2025
    inbox: samples/inbox
  - year: 2024
    inbox: archive/2024/inbox
    event: {name: 2024年交流会, date: 2024-09-20, place: 苏州, order_file: content/event-2024.yml}
    frozen: true
"""))
    assert found == []
    assert [e.year for e in settings.editions] == [2024, 2025]
    assert settings.editions[0] == Edition(2024, "archive/2024/inbox",
                                           Event("2024年交流会", "2024-09-20", "苏州", "content/event-2024.yml"), True)
    assert settings.editions[1] == Edition(2025, "samples/inbox")
    assert settings.year == 2025  # the latest edition is the site's current year
    assert settings.event.name == "顶层交流会"  # the latest has no event of its own


def test_the_latest_edition_s_event_is_the_site_s_event(tmp_path):
    settings, _ = read_settings(_write(tmp_path, "editions:\n  - {year: 2026, inbox: in, event: {name: 2026年交流会}}\n"))
    assert settings.year == 2026 and settings.event.name == "2026年交流会"


def test_without_the_list_nothing_changes(tmp_path):
    settings, found = read_settings(_write(tmp_path, "year: 2024\ninbox: x\n"))
    assert found == [] and settings.editions == () and settings.year == 2024 and settings.inbox == "x"


@pytest.mark.parametrize("text, key, words", [
    ("editions:\n  - {year: 2024}\n", "editions[1].inbox", "缺失"),
    ("editions:\n  - {year: 2024, inbox: a}\n  - {year: 2024, inbox: b}\n", "editions[2].year", "已在前面的版次中出现"),
    ("editions:\n  - {year: 24, inbox: a}\n", "editions[1].year", "四位年度"),
    ("editions:\n  - {year: '2024', inbox: a}\n", "editions[1].year", "实际为文本 '2024'"),
    ("editions:\n  - {inbox: a}\n", "editions[1].year", "实际为"),
    ("editions:\n  - {year: [2024], inbox: a}\n", "editions[1].year", "实际为列表"),
    ("editions:\n  - {year: 2024}\n  - {year: 2024, inbox: b}\n", "editions[2].year", "已在前面的版次中出现"),
    ("editions:\n  - {year: 2024, inbox: a, frozne: true}\n", "editions[1].frozne", "未知的版次配置项"),
    ("editions:\n  - {year: 2024, inbox: a, frozen: 是}\n", "editions[1].frozen", "是/否值"),
    ("editions:\n  - {year: 2024, inbox: [a]}\n", "editions[1].inbox", "应为文本"),
    ("editions:\n  - {year: 2024, inbox: a, event: 交流会}\n", "editions[1].event", "应为键值映射"),
    ("editions:\n  - 2024\n", "editions[1]", "应为键值映射"),
    ("editions: {year: 2024}\n", "editions", "应为列表"),
])
def test_each_problem_is_an_error_naming_the_key(tmp_path, text, key, words):
    path = _write(tmp_path, text)
    _settings, found = read_settings(path)
    errors = [f for f in found if f.severity is Severity.ERROR]
    assert errors and all(f.code == "CONFIG_INVALID" for f in errors), found
    assert any(f"“{key}”" in f.message and words in f.message for f in errors), [f.message for f in errors]
    with pytest.raises(ConfigError) as raised:  # the CLI stops on it
        load_settings(path)
    assert f"“{key}”" in str(raised.value) and str(path) in str(raised.value)


def test_a_frozen_edition_needs_no_inbox(tmp_path):
    settings, found = read_settings(_write(tmp_path, "editions:\n  - {year: 2023, frozen: true}\n  - {year: 2024, inbox: a}\n"))
    assert found == [] and settings.editions[0] == Edition(2023, "", Event(), True)


def test_an_unknown_key_of_an_edition_s_event_warns_with_its_full_name(tmp_path):
    _settings, found = read_settings(_write(tmp_path, "editions:\n  - {year: 2024, inbox: a, event: {name: 会, room: 3}}\n"))
    assert [(f.code, f.severity) for f in found] == [("CONFIG_UNKNOWN_KEY", Severity.WARNING)]
    assert "“editions[1].event.room”" in found[0].message
