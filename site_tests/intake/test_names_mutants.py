"""File names as received (issue 19): a GBK name that is also valid UTF-8, and Windows-style
'..\\' paths, each of which once passed every test when the code was broken."""

from __future__ import annotations

import pytest

from converters.intake.names import decode_name, member_parts, unsafe_reason


@pytest.mark.parametrize("name", ["专业.docx", "专业技术组/附件1.docx", "中文.docx", "附件2 申报表.docx"])
def test_gbk_names_read_as_chinese_even_when_they_are_valid_utf8(name):
    assert decode_name(name.encode("gbk")) == name


def test_the_first_fixture_really_is_valid_utf8_in_gbk():
    # Otherwise the test above could not tell "first decodable wins" from "most Chinese wins".
    assert "专业.docx".encode("gbk").decode("utf-8") != "专业.docx"


def test_utf8_names_stay_utf8():
    assert decode_name("质检班/附件1.docx".encode("utf-8")) == "质检班/附件1.docx"


@pytest.mark.parametrize("name, reason", [
    ("..\\..\\evil.docx", "包含“..”的路径"),
    ("班\\..\\..\\evil.docx", "包含“..”的路径"),
    ("\\etc\\evil.docx", "绝对路径"),
    ("C:\\Windows\\evil.docx", "带盘符的路径"),
    ("../evil.docx", "包含“..”的路径"),
    ("/etc/evil.docx", "绝对路径"),
    ("a\x00.docx", "名称中含有空字符"),
])
def test_unsafe_member_paths_are_named_with_their_reason(name, reason):
    assert unsafe_reason(name) == reason


@pytest.mark.parametrize("name", ["班/附件1.docx", "班\\附件1.docx", "..附件1.docx", "班/a..b.docx", "./附件1.docx"])
def test_ordinary_member_paths_are_safe(name):
    assert unsafe_reason(name) is None


def test_member_parts_split_on_both_separators():
    assert member_parts("a\\b/./c.docx") == ["a", "b", "c.docx"]
