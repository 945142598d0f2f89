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


# ---------------------------------------------------------------- exact behaviour, mutation by mutation

import os
import struct
import zipfile
import zlib

from converters.intake.names import (
    ARCHIVE_SUFFIXES,
    archive_stem,
    disk_name,
    ignored_reason,
    safe_suffix,
    zip_member_name,
)


@pytest.mark.parametrize("path, reason", [
    (["__MACOSX", "a", "._附件1.docx"], "系统文件夹 __MACOSX 中的文件"),
    (["甲", ".Git", "x"], "系统文件夹 .Git 中的文件"),
    (["Thumbs.db"], "系统生成的文件"),
    (["a", ".DS_Store"], "系统生成的文件"),
    (["~$附件1.docx"], "Word/WPS 打开文档时留下的临时锁文件"),
    ([".~lock.附件1.docx#"], "Word/WPS 打开文档时留下的临时锁文件"),
    (["._附件1.docx"], "macOS 资源分叉文件"),
    (["~WRL0001.TMP"], "临时文件"),
    (["~wrd0002.tmp"], "临时文件"),
    ([".hidden.docx"], "隐藏文件"),
])
def test_leftovers_are_named_for_what_they_are(path, reason):
    assert ignored_reason(path) == reason


@pytest.mark.parametrize("path", [
    ["附件1.docx"], ["~附件1.docx"], ["备份.tmp"], ["__MACOSX"], ["甲", "乙", "附件1.docx"], ["a.DS_Store.docx"],
    [".git"],  # a file called .git is hidden, but not "in a system folder": checked below
])
def test_ordinary_names_are_not_leftovers(path):
    reason = ignored_reason(path)
    assert reason is None or (path == [".git"] and reason == "隐藏文件")


def test_only_folders_count_as_system_folders_and_every_level_is_checked():
    assert ignored_reason(["a", "b", "__MACOSX", "c.docx"]) == "系统文件夹 __MACOSX 中的文件"
    assert ignored_reason(["a", "__MACOSX", "b", "c.docx"]) == "系统文件夹 __MACOSX 中的文件"
    assert ignored_reason(["__MACOSX.docx"]) is None


@pytest.mark.parametrize("name, stem", [
    ("苏州市质量协会.zip", "苏州市质量协会"),
    ("包.TAR.GZ", "包"),
    ("包.tar.gz", "包"),
    ("包.tgz", "包"),
    ("包.gz", "包"),
    ("包.7z", "包"),
    ("包.RAR", "包"),
    (".zip", ".zip"),
    ("zip", "zip"),
    ("包.docx", "包.docx"),
])
def test_archive_stem_cuts_the_longest_archive_suffix(name, stem):
    assert archive_stem(name) == stem
    assert ".tar.gz" in ARCHIVE_SUFFIXES and ".gz" in ARCHIVE_SUFFIXES


def test_a_name_neither_utf8_nor_gbk_is_kept_as_cp437():
    raw = b"\x80\xff\xfe.docx"  # not UTF-8, not GB18030 (0xff is never a lead byte)
    assert decode_name(raw) == raw.decode("cp437")


def test_the_more_chinese_reading_wins_by_share_not_by_count():
    # 6 GBK bytes that are also valid UTF-8 (two 3-byte characters): the GBK reading is 3 CJK characters.
    name = "班组长"
    raw = name.encode("gbk")
    utf8 = raw.decode("utf-8", errors="ignore")
    assert decode_name(raw) == name, utf8
    assert decode_name("质检·班—“一”《二》【三】…".encode("utf-8")) == "质检·班—“一”《二》【三】…"


def test_punctuation_of_chinese_names_counts_as_chinese():
    # All of it punctuation that GB18030 also encodes: the UTF-8 reading must win on these characters.
    for name in ("·—“”", "《》【】…", "‘’"):
        assert decode_name(name.encode("utf-8")) == name


def _zip_info(raw_name: bytes, extra: bytes = b"", flags: int = 0) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(raw_name.decode("cp437"))
    info.orig_filename = raw_name.decode("cp437")
    info.extra = extra
    info.flag_bits = flags
    return info


def _unicode_path(raw: bytes, name: str, crc: int | None = None, version: int = 1) -> bytes:
    body = bytes([version]) + struct.pack("<I", zlib.crc32(raw) if crc is None else crc) + name.encode("utf-8")
    return struct.pack("<HH", 0x7075, len(body)) + body


def test_the_utf8_flag_is_trusted_as_it_is():
    info = zipfile.ZipInfo("附件1.docx")
    info.flag_bits = 0x800
    info.orig_filename = "附件1.docx"
    assert zip_member_name(info) == "附件1.docx"
    other = _zip_info("附件1.docx".encode("gbk"), flags=0x001)  # another flag bit: not UTF-8
    assert zip_member_name(other) == "附件1.docx"


def test_the_unicode_path_field_wins_when_its_crc_matches():
    raw = "附件1.docx".encode("gbk")
    padding = struct.pack("<HH", 0x000A, 4) + b"\0\0\0\0"  # an NTFS-times-like field before it
    assert zip_member_name(_zip_info(raw, padding + _unicode_path(raw, "附件一.docx"))) == "附件一.docx"
    assert zip_member_name(_zip_info(raw, _unicode_path(raw, "附件一.docx"))) == "附件一.docx"
    assert zip_member_name(_zip_info(raw, _unicode_path(raw, "附件一.docx", crc=1))) == "附件1.docx"
    assert zip_member_name(_zip_info(raw, _unicode_path(raw, "附件一.docx", version=2))) == "附件1.docx"
    broken = struct.pack("<HH", 0x7075, 6) + b"\x01" + struct.pack("<I", zlib.crc32(raw)) + b"\xff"
    assert zip_member_name(_zip_info(raw, broken)) == "附件1.docx"
    short = struct.pack("<HH", 0x7075, 4) + b"\x01\0\0\0"
    assert zip_member_name(_zip_info(raw, short)) == "附件1.docx"
    empty_name = _unicode_path(raw, "")
    assert zip_member_name(_zip_info(raw, empty_name)) == ""


def test_a_field_header_at_the_very_end_is_read():
    raw = "附件1.docx".encode("gbk")
    field = _unicode_path(raw, "附")  # body of 8 bytes: 1 + 4 + 3
    assert len(field) == 12 and zip_member_name(_zip_info(raw, field)) == "附"
    assert zip_member_name(_zip_info(raw, b"\x75\x70\x05")) == "附件1.docx"  # a torn header is skipped


def test_disk_names_with_escaped_bytes_are_read_as_gbk():
    raw = "附件1.docx".encode("gbk")
    escaped = os.fsdecode(raw)
    assert any("\udc80" <= ch <= "\udcff" for ch in escaped)
    assert disk_name(escaped) == "附件1.docx"
    assert disk_name("附件1.docx") == "附件1.docx"
    assert disk_name("\udc80") == decode_name(b"\x80") and disk_name("\udcff") == decode_name(b"\xff")


def test_member_parts_drop_empty_and_dot_parts_only():
    assert member_parts("a//b/./c.docx") == ["a", "b", "c.docx"]
    assert member_parts("a/../b") == ["a", "..", "b"]
    assert member_parts("XXXX/b") == ["XXXX", "b"]


@pytest.mark.parametrize("name, suffix", [
    ("附件1.DOCX", ".docx"), ("a.Docx", ".docx"), ("a.tar.gz", ".gz"), ("a.7z", ".7z"), ("a", ""),
    ("a.文档", ""), ("a.123456789", ""), ("a.doc x", ""), ("a.", ""),
])
def test_safe_suffix(name, suffix):
    assert safe_suffix(name) == suffix


def test_drive_letters_of_either_case_are_unsafe():
    assert unsafe_reason("c:/evil.docx") == "带盘符的路径" and unsafe_reason("C:evil.docx") == "带盘符的路径"
    assert unsafe_reason("a\x00b.docx") == "名称中含有空字符"
    assert unsafe_reason("甲/附件1.docx") is None


def test_utf8_names_whose_bytes_also_read_as_gb18030_stay_utf8():
    # Found by search: GB18030 reads these bytes as other, longer CJK text; the share of Chinese
    # characters (not their count, not the text's sort order) keeps the UTF-8 reading.
    for name in ("申务", "申务.docx", "概十‘程"):  # the last one Chinese by its punctuation
        raw = name.encode("utf-8")
        assert raw.decode("gb18030") != name
        assert decode_name(raw) == name


def test_the_unicode_path_field_after_two_others_and_before_one_more():
    raw = "附件1.docx".encode("gbk")
    first = struct.pack("<HH", 0x000A, 4) + b"\1\2\3\4"
    second = struct.pack("<HH", 0x5455, 5) + b"\1\0\0\0\0"
    after = struct.pack("<HH", 0x000A, 2) + b"\xff\xfe"
    extra = first + second + _unicode_path(raw, "附件一.docx") + after
    assert zip_member_name(_zip_info(raw, extra)) == "附件一.docx"


def test_a_field_larger_than_32_kib_is_skipped_as_unsigned():
    raw = "附件1.docx".encode("gbk")
    big = struct.pack("<HH", 0x000A, 40_000) + bytes(40_000)
    assert zip_member_name(_zip_info(raw, big + _unicode_path(raw, "附件一.docx"))) == "附件一.docx"
