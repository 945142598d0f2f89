"""Unpacking as it happens, exactly (issue 19, mutation testing of converters/intake/archives.py): real
ZIP, 7z and tar files made here; each refusal names the archive and the limit in Chinese, nothing is
written outside the unpack folder, and the budget is shared by nested archives."""

from __future__ import annotations

import io
import shutil
import stat
import subprocess
import tarfile
import zipfile
from pathlib import Path

import pytest

from converters.intake.archives import (
    Budget,
    Limits,
    external_tool,
    missing_tool_message,
    unpack_external,
    unpack_zip,
)
from converters.model import Severity


def _zip(path: Path, members: dict[str, bytes], **kw) -> Path:
    with zipfile.ZipFile(path, "w", compression=kw.get("compression", zipfile.ZIP_DEFLATED)) as zf:
        for name, data in members.items():
            if name.endswith("/"):
                zf.writestr(zipfile.ZipInfo(name), b"")
            else:
                zf.writestr(name, data)
    return path


def _set_encrypted_flag(path: Path, name: str) -> None:
    """Bit 0 of the general purpose flags, in the member's local header and central directory entry
    (zipfile cannot write an encrypted member)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        local = zf.getinfo(name).header_offset
    data[local + 6] |= 1
    encoded = name.encode()
    at = 0
    while True:
        at = data.index(b"PK\x01\x02", at)
        length = int.from_bytes(data[at + 28:at + 30], "little")
        if bytes(data[at + 46:at + 46 + length]) == encoded:
            data[at + 8] |= 1
            break
        at += 4
    path.write_bytes(bytes(data))


def _said(findings) -> list[tuple[str, Severity, str, str, str]]:
    return [(f.code, f.severity, f.message, f.file, f.location) for f in findings]


def test_members_are_written_under_numbered_names_and_counted(tmp_path):
    archive = _zip(tmp_path / "包.zip", {"甲/": b"", "甲/附件1.docx": b"A" * 10, "甲/表.XLSX": b"B" * 5, "说明": b"C"})
    budget = Budget()
    members, findings = unpack_zip(archive, "包.zip", tmp_path / "out", budget, Limits())
    assert findings == []
    assert [(m.parts, m.path.name if m.path else None, m.ignored) for m in members] == [
        (["甲", "附件1.docx"], "m00000.docx", False), (["甲", "表.XLSX"], "m00001.xlsx", False), (["说明"], "m00002", False)]
    assert [m.path.read_bytes() for m in members] == [b"A" * 10, b"B" * 5, b"C"]
    assert (budget.members, budget.bytes) == (3, 16)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["m00000.docx", "m00001.xlsx", "m00002"]


def test_a_file_that_is_not_a_zip_is_named(tmp_path):
    bad = tmp_path / "坏.zip"
    bad.write_bytes(b"not a zip")
    members, findings = unpack_zip(bad, "甲/坏.zip", tmp_path / "out", Budget(), Limits())
    assert members is None
    assert _said(findings) == [("ARCHIVE_BROKEN", Severity.ERROR, "压缩包 甲/坏.zip 已损坏，无法打开（File is not a zip file）",
                                "甲/坏.zip", "")]
    assert not (tmp_path / "out").exists()


def test_too_many_members_counting_what_the_budget_already_holds(tmp_path):
    archive = _zip(tmp_path / "a.zip", {f"{n}.txt": b"x" for n in range(3)})
    assert unpack_zip(archive, "a.zip", tmp_path / "o1", Budget(), Limits(max_members=3))[1] == []
    members, findings = unpack_zip(archive, "a.zip", tmp_path / "o2", Budget(members=1), Limits(max_members=3))
    assert members is None
    assert _said(findings) == [("ARCHIVE_LIMIT", Severity.ERROR,
                                "压缩包 a.zip 含 3 个文件，超过上限 3，疑似压缩炸弹，已拒绝解压", "a.zip", "")]


def test_too_many_declared_bytes(tmp_path):
    archive = _zip(tmp_path / "a.zip", {"a.txt": b"x" * (3 << 20)})
    limits = Limits(max_total_bytes=4 << 20, max_ratio=1e9)
    assert unpack_zip(archive, "a.zip", tmp_path / "o1", Budget(), limits)[1] == []
    members, findings = unpack_zip(archive, "a.zip", tmp_path / "o2", Budget(bytes=2 << 20), limits)
    assert members is None
    assert _said(findings)[0][2] == "压缩包 a.zip 解压后共 3 MB，超过上限 4 MB，已拒绝解压"


def test_a_compression_ratio_above_the_limit_is_refused_only_for_large_members(tmp_path):
    archive = _zip(tmp_path / "a.zip", {"zeros.txt": bytes(2 << 20)})
    info = zipfile.ZipFile(archive).infolist()[0]
    ratio = info.file_size // info.compress_size
    members, findings = unpack_zip(archive, "a.zip", tmp_path / "o1", Budget(), Limits())
    assert members is None and _said(findings)[0][2] == f"压缩包 a.zip 中的文件压缩比异常（{ratio} 倍），疑似压缩炸弹，已拒绝解压"
    small = Limits(ratio_min_bytes=(2 << 20) + 1)  # below the size the ratio is checked from
    assert unpack_zip(archive, "a.zip", tmp_path / "o2", Budget(), small)[1] == []
    exact = Limits(max_ratio=float(info.file_size) / info.compress_size)  # at the limit, not above it
    assert unpack_zip(archive, "a.zip", tmp_path / "o3", Budget(), exact)[1] == []


def test_unsafe_names_symlinks_junk_and_encrypted_members(tmp_path):
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("../../evil.docx", b"x")
        link = zipfile.ZipInfo("link.docx")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, b"/etc/passwd")
        zf.writestr("__MACOSX/._a.docx", b"junk")
        zf.writestr("d/secret.docx", b"x")
        zf.writestr("./", b"")
        zf.writestr("ok.docx", b"ok")
    _set_encrypted_flag(path, "d/secret.docx")
    budget = Budget()
    members, findings = unpack_zip(path, "a.zip", tmp_path / "out", budget, Limits(),
                                   skip=lambda parts: parts[0] == "__MACOSX")
    assert _said(findings) == [
        ("ZIP_UNSAFE_PATH", Severity.ERROR, "压缩包 a.zip 中的“../../evil.docx”是包含“..”的路径，可能写到解压目录之外，已跳过",
         "a.zip", "../../evil.docx"),
        ("ZIP_SYMLINK", Severity.WARNING, "压缩包 a.zip 中的“link.docx”是符号链接，已忽略", "a.zip", "link.docx"),
    ]
    by_name = {"/".join(m.parts): m for m in members}
    assert sorted(by_name) == ["__MACOSX/._a.docx", "d/secret.docx", "ok.docx"]
    junk = by_name["__MACOSX/._a.docx"]
    assert junk.ignored and junk.path is None and junk.findings == []
    secret = by_name["d/secret.docx"]
    assert secret.path is None and _said(secret.findings) == [
        ("ZIP_ENCRYPTED", Severity.ERROR, "a.zip/d/secret.docx：压缩包中的该文件已加密，无法解压", "a.zip/d/secret.docx", "")]
    assert by_name["ok.docx"].path.read_bytes() == b"ok" and not by_name["ok.docx"].ignored
    assert budget.members == 3  # junk and encrypted members count; unsafe, links and empty names do not
    assert not (tmp_path / "evil.docx").exists() and not (tmp_path.parent / "evil.docx").exists()


def test_a_damaged_member_is_reported_and_the_others_kept(tmp_path):
    path = _zip(tmp_path / "a.zip", {"a.docx": b"A" * 4000, "b.docx": b"B" * 10}, compression=zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    start = data.index(b"A" * 100)
    data[start:start + 4] = b"XXXX"  # the CRC no longer matches
    path.write_bytes(bytes(data))
    members, findings = unpack_zip(path, "a.zip", tmp_path / "out", Budget(), Limits())
    assert findings == []
    bad, good = members
    assert bad.path is None and [(f.code, f.file) for f in bad.findings] == [("ZIP_MEMBER_BROKEN", "a.zip/a.docx")]
    assert bad.findings[0].message.startswith("a.zip/a.docx：无法从压缩包中解压（Bad CRC-32 for file 'a.docx'")
    assert not (tmp_path / "out" / "m00000.docx").exists()
    assert good.path.read_bytes() == b"B" * 10


def test_a_header_that_understates_the_size_is_a_damaged_member(tmp_path):
    path = _zip(tmp_path / "a.zip", {"a.docx": b"A" * 200_000, "b.docx": b"b"})
    with zipfile.ZipFile(path) as zf:
        real = zf.getinfo("a.docx").file_size.to_bytes(4, "little")
    path.write_bytes(path.read_bytes().replace(real, (1000).to_bytes(4, "little")))  # both headers lie
    budget = Budget()
    members, findings = unpack_zip(path, "a.zip", tmp_path / "out", budget, Limits(max_ratio=1e9))
    assert findings == []
    lied, other = members
    assert lied.path is None and [f.code for f in lied.findings] == ["ZIP_MEMBER_BROKEN"]
    assert other.path.read_bytes() == b"b" and budget.bytes <= 1001  # no more than the declared size was written


# ---------------------------------------------------------------- RAR, 7z, tar (bsdtar)


needs_bsdtar = pytest.mark.skipif(shutil.which("bsdtar") is None, reason="需要 bsdtar（libarchive-tools）")


def _tar(path: Path, members: dict[str, bytes], links: dict[str, str] | None = None) -> Path:
    with tarfile.open(path, "w") as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            tf.addfile(info)
    return path


@needs_bsdtar
def test_a_7z_is_unpacked_into_parts_with_counts(tmp_path):
    src = tmp_path / "src" / "甲"
    src.mkdir(parents=True)
    (src / "附件1.docx").write_bytes(b"A" * 10)
    (src / "b.txt").write_bytes(b"B")
    archive = tmp_path / "包.7z"
    subprocess.run(["bsdtar", "--format", "7zip", "-cf", str(archive), "-C", str(tmp_path / "src"), "甲"], check=True)
    budget = Budget()
    members, findings = unpack_external(archive, "7z", "包.7z", tmp_path / "out", budget, Limits(),
                                        skip=lambda parts: parts[-1] == "b.txt")
    assert findings == []
    assert [(m.parts, m.ignored, m.path is None) for m in members] == [
        (["甲", "b.txt"], True, True), (["甲", "附件1.docx"], False, False)]
    assert members[1].path.read_bytes() == b"A" * 10
    assert (budget.members, budget.bytes) == (2, 11)


@needs_bsdtar
def test_links_in_an_unpacked_tree_are_removed_and_reported(tmp_path):
    archive = _tar(tmp_path / "a.tar", {"d/a.docx": b"a"}, links={"d/link.docx": "/etc/passwd", "dirlink": "/etc"})
    members, findings = unpack_external(archive, "tar", "a.tar", tmp_path / "out", Budget(), Limits())
    assert [m.parts for m in members] == [["d", "a.docx"]]
    assert _said(findings) == [  # a folder link (top level first), then a file link
        ("ZIP_SYMLINK", Severity.WARNING, "压缩包 a.tar 中的“dirlink”是符号链接，已忽略", "a.tar", ""),
        ("ZIP_SYMLINK", Severity.WARNING, "压缩包 a.tar 中的“d/link.docx”是符号链接或特殊文件，已忽略", "a.tar", ""),
    ]
    assert not any(p.is_symlink() for p in (tmp_path / "out").rglob("*"))


@needs_bsdtar
def test_an_unpacked_tree_over_the_limits_is_refused_and_removed(tmp_path):
    archive = _tar(tmp_path / "a.tar", {f"{n}.txt": b"x" for n in range(4)})
    members, findings = unpack_external(archive, "tar", "a.tar", tmp_path / "out", Budget(), Limits(max_members=3))
    assert members is None and not (tmp_path / "out").exists()
    assert _said(findings) == [("ARCHIVE_LIMIT", Severity.ERROR,
                                "压缩包 a.tar 解压后文件数或大小超过上限，疑似压缩炸弹，已拒绝", "a.tar", "")]
    members, findings = unpack_external(archive, "tar", "a.tar", tmp_path / "out2", Budget(bytes=1), Limits(max_total_bytes=4))
    assert members is None and findings[-1].code == "ARCHIVE_LIMIT"
    members, findings = unpack_external(archive, "tar", "a.tar", tmp_path / "out3", Budget(), Limits(max_members=4, max_total_bytes=4))
    assert findings == [] and len(members) == 4  # exactly at both limits


@needs_bsdtar
def test_a_damaged_archive_is_named_with_the_tool_s_message(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.txt").write_text("内容", encoding="utf-8")
    whole = tmp_path / "whole.7z"
    subprocess.run(["bsdtar", "--format", "7zip", "-cf", str(whole), "-C", str(tmp_path / "src"), "a.txt"], check=True)
    bad = tmp_path / "坏.7z"
    bad.write_bytes(whole.read_bytes()[:40])  # cut short, as by an interrupted upload
    members, findings = unpack_external(bad, "7z", "坏.7z", tmp_path / "out", Budget(), Limits())
    assert members is None
    [(code, severity, message, file, _where)] = _said(findings)
    assert (code, severity, file) == ("ARCHIVE_BROKEN", Severity.ERROR, "坏.7z")
    assert message == "压缩包 坏.7z 解压出错：bsdtar: Error exit delayed from previous errors."  # the tool's last line


def test_without_a_tool_the_format_and_the_package_are_named(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert external_tool() is None
    members, findings = unpack_external(tmp_path / "a.rar", "RAR", "甲/a.rar", tmp_path / "out", Budget(), Limits())
    assert members is None and _said(findings) == [(
        "ARCHIVE_TOOL_MISSING", Severity.ERROR, "甲/a.rar：无法解压 RAR：未安装 bsdtar 或 unar（apt-get install libarchive-tools）",
        "甲/a.rar", "")]
    assert missing_tool_message("7z") == "无法解压 7z：未安装 bsdtar 或 unar（apt-get install libarchive-tools）"


def test_exactly_at_the_declared_byte_limit_passes(tmp_path):
    archive = _zip(tmp_path / "a.zip", {"a.txt": b"x" * 1000}, compression=zipfile.ZIP_STORED)
    members, findings = unpack_zip(archive, "a.zip", tmp_path / "out", Budget(bytes=24), Limits(max_total_bytes=1024))
    assert findings == [] and len(members) == 1


def test_the_ratio_is_checked_from_the_minimum_size_on(tmp_path):
    archive = _zip(tmp_path / "a.zip", {"zeros.txt": bytes(1 << 20)})
    members, findings = unpack_zip(archive, "a.zip", tmp_path / "out", Budget(), Limits(ratio_min_bytes=1 << 20))
    assert members is None and findings[0].code == "ARCHIVE_LIMIT"


def test_an_existing_unpack_folder_is_used(tmp_path):
    archive = _zip(tmp_path / "a.zip", {"a.txt": b"x"})
    (tmp_path / "out").mkdir()
    members, findings = unpack_zip(archive, "a.zip", tmp_path / "out", Budget(), Limits())
    assert findings == [] and members[0].path.read_bytes() == b"x"


@needs_bsdtar
def test_nested_names_are_joined_with_slashes(tmp_path):
    archive = _tar(tmp_path / "a.tar", {"d/a.docx": b"a"}, links={"d/sub": "/etc"})
    (tmp_path / "out").mkdir()  # an existing folder is used
    members, findings = unpack_external(archive, "tar", "a.tar", tmp_path / "out", Budget(), Limits())
    assert [m.parts for m in members] == [["d", "a.docx"]]
    assert [f.message for f in findings] == ["压缩包 a.tar 中的“d/sub”是符号链接，已忽略"]
