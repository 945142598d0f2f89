"""Every intake finding code, each from a real input that makes collect() emit it (issue 12).

Each test asserts the code, its severity, its class (what --strict does with it), that the message
is Chinese and names the file, and the kind the file ends up with (what the report does with it).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from converters.check.classes import finding_class
from converters.intake import InputFile, Limits, collect, legacy
from converters.model import Finding, Severity

import submissions

CJK = re.compile(r"[\u4e00-\u9fff]")
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5b1e5b50000000049454e44ae426082"
)


def experience(path: Path, title: str = "运用QC工具降低焊接缺陷率的实践", team: str = "焊接一班") -> Path:
    return submissions.write_experience(path, title, team)


def docx_bytes(tmp_path: Path) -> bytes:
    return experience(tmp_path / "make" / "e.docx").read_bytes()


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def zip_bytes(entries: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in entries:
            z.writestr(name, data)
    return buf.getvalue()


def run(tmp_path: Path, **kw) -> dict[str, InputFile]:
    return {f.source: f for f in collect(tmp_path / "inbox", tmp_path / "work", **kw)}


def the(file: InputFile, code: str) -> Finding:
    found = [f for f in file.findings if f.code == code]
    assert len(found) == 1, [(f.code, f.message) for f in file.findings]
    return found[0]


def assert_finding(f: Finding, severity: Severity, cls: str, source: str) -> None:
    assert f.severity is severity
    assert finding_class(f).id == cls
    assert CJK.search(f.message), f.message
    assert source in f.message and f.file == source


# ---------------------------------------------------------------- files


def test_empty_file_is_broken_with_file_empty(tmp_path: Path):
    write(tmp_path / "inbox/南京/附件1.docx", b"")
    f = run(tmp_path)["南京/附件1.docx"]
    assert f.kind == "broken" and f.path is None
    assert_finding(the(f, "FILE_EMPTY"), Severity.ERROR, "broken", "南京/附件1.docx")


def test_file_over_the_size_limit_is_not_read(tmp_path: Path):
    experience(tmp_path / "inbox/南京/附件1.docx")
    f = run(tmp_path, limits=Limits(max_file_bytes=1024))["南京/附件1.docx"]
    assert f.kind == "unsupported" and f.document is None
    assert_finding(the(f, "FILE_TOO_LARGE"), Severity.ERROR, "broken", "南京/附件1.docx")


def test_picture_file_is_unsupported_and_only_a_note_beside_a_word_experience(tmp_path: Path):
    experience(tmp_path / "inbox/南京/一班/附件1.docx")
    write(tmp_path / "inbox/南京/一班/现场照片.png", PNG_1PX)
    write(tmp_path / "inbox/南京/二班/扫描件.png", PNG_1PX)
    files = run(tmp_path)
    beside = files["南京/一班/现场照片.png"]
    assert beside.kind == "unsupported"
    assert_finding(the(beside, "UNSUPPORTED_IMAGE"), Severity.INFO, "note", "南京/一班/现场照片.png")
    assert "PNG" in beside.findings[0].message
    alone = files["南京/二班/扫描件.png"]  # no Word version in its folder: staff must chase it
    assert [f.code for f in alone.findings] == ["PDF_ONLY"]


def test_other_office_and_unknown_files_are_unsupported_format(tmp_path: Path):
    # A presentation is 演示文稿 material (kind "slides", see site_tests/assemble/test_media_pairing.py);
    # another Office package, here a Visio drawing, is not converted.
    visio = zip_bytes([("[Content_Types].xml", b"<Types/>"), ("visio/document.xml", b"<VisioDocument/>")])
    write(tmp_path / "inbox/南京/流程图.vsdx", visio)
    write(tmp_path / "inbox/南京/说明.txt", "班组简介".encode("utf-8"))
    files = run(tmp_path)
    office = files["南京/流程图.vsdx"]
    assert office.kind == "unsupported"
    assert_finding(the(office, "UNSUPPORTED_FORMAT"), Severity.WARNING, "note", "南京/流程图.vsdx")
    assert "Office" in office.findings[0].message
    unknown = files["南京/说明.txt"]
    assert unknown.kind == "unsupported"
    assert_finding(the(unknown, "UNSUPPORTED_FORMAT"), Severity.WARNING, "note", "南京/说明.txt")
    assert "无法识别的文件格式" in unknown.findings[0].message


def test_workbook_without_the_summary_header_is_unknown_workbook(tmp_path: Path):
    wb = openpyxl.Workbook()
    wb.active.append(["日期", "出勤人数"])
    wb.active.append(["2025-03-01", 12])
    wb.save(write(tmp_path / "inbox/南京/考勤表.xlsx", b""))
    f = run(tmp_path)["南京/考勤表.xlsx"]
    assert f.kind == "unsupported"
    assert_finding(the(f, "UNKNOWN_WORKBOOK"), Severity.WARNING, "note", "南京/考勤表.xlsx")


def test_work_summary_document_is_ignored_by_default(tmp_path: Path):
    d = docx.Document()
    d.add_paragraph("附件5")
    d.add_paragraph("2025年质量信得过班组建设工作总结")
    d.add_paragraph("本年度共推荐班组十二个，开展培训三次。")
    d.save(write(tmp_path / "inbox/南京/附件5.docx", b""))
    f = run(tmp_path)["南京/附件5.docx"]
    assert f.kind == "work_summary"  # its own kind: showcase.yml may publish a section of it
    finding = the(f, "DOCUMENT_IGNORED")
    assert_finding(finding, Severity.INFO, "note", "南京/附件5.docx")
    assert "工作总结" in finding.message


# ---------------------------------------------------------------- archives


def test_archive_nested_deeper_than_the_limit_is_refused(tmp_path: Path):
    inner = zip_bytes([("某班/附件1.docx", docx_bytes(tmp_path))])
    write(tmp_path / "inbox/苏州.zip", zip_bytes([("内层.zip", inner)]))
    files = run(tmp_path, limits=Limits(max_depth=1))
    assert files["苏州.zip"].kind == "archive"
    f = files["苏州.zip/内层.zip"]
    assert f.kind == "broken" and f.path is None
    assert_finding(the(f, "ARCHIVE_TOO_DEEP"), Severity.ERROR, "broken", "苏州.zip/内层.zip")
    assert "苏州.zip/内层.zip/某班/附件1.docx" not in files


@pytest.mark.skipif(not shutil.which("zip"), reason="未安装 zip，无法制作加密压缩包样本")
def test_password_protected_zip_member_is_zip_encrypted(tmp_path: Path):
    src = tmp_path / "src"
    experience(src / "附件1.docx")
    write(tmp_path / "inbox/.keep", b"")
    subprocess.run(["zip", "-q", "-e", "-P", "123456", str(tmp_path / "inbox/无锡.zip"), "附件1.docx"],
                   cwd=src, check=True)
    files = run(tmp_path)
    assert files["无锡.zip"].kind == "archive"
    f = files["无锡.zip/附件1.docx"]
    assert f.kind == "broken" and f.path is None
    assert_finding(the(f, "ZIP_ENCRYPTED"), Severity.ERROR, "broken", "无锡.zip/附件1.docx")


def test_corrupt_zip_member_is_zip_member_broken_and_the_rest_is_kept(tmp_path: Path):
    good, bad = docx_bytes(tmp_path), "班组概况与实施过程说明。".encode("utf-8") * 40
    data = bytearray(zip_bytes([("一班/附件1.docx", good), ("二班/说明.txt", bad)], zipfile.ZIP_STORED))
    at = data.index(bad)
    data[at + 10] ^= 0xFF  # one flipped byte: the CRC no longer matches
    write(tmp_path / "inbox/镇江.zip", bytes(data))
    files = run(tmp_path)
    f = files["镇江.zip/二班/说明.txt"]
    assert f.kind == "broken" and f.path is None
    assert_finding(the(f, "ZIP_MEMBER_BROKEN"), Severity.ERROR, "broken", "镇江.zip/二班/说明.txt")
    assert files["镇江.zip/一班/附件1.docx"].kind == "experience"


def _no_tool(name: str, *args, **kwargs):
    return None if name in ("bsdtar", "unar", "soffice", "libreoffice") else _real_which(name, *args, **kwargs)


_real_which = shutil.which


@pytest.mark.skipif(not shutil.which("bsdtar"), reason="未安装 bsdtar（apt-get install libarchive-tools），无法制作 7z 样本")
def test_7z_without_an_unpacking_tool_is_archive_tool_missing(tmp_path: Path, monkeypatch):
    src = tmp_path / "src"
    experience(src / "班/附件1.docx")
    write(tmp_path / "inbox/.keep", b"")
    subprocess.run(["bsdtar", "--format", "7zip", "-cf", str(tmp_path / "inbox/扬州.7z"), "-C", str(src), "班"], check=True)
    monkeypatch.setattr(shutil, "which", _no_tool)
    f = run(tmp_path)["扬州.7z"]
    assert f.kind == "unsupported"
    finding = the(f, "ARCHIVE_TOOL_MISSING")
    assert_finding(finding, Severity.ERROR, "broken", "扬州.7z")
    assert "apt-get install libarchive-tools" in finding.message


@pytest.mark.skipif(not shutil.which("bsdtar"), reason="未安装 bsdtar（apt-get install libarchive-tools），无法制作 7z 样本")
def test_truncated_7z_is_archive_broken(tmp_path: Path):
    src = tmp_path / "src"
    experience(src / "班/附件1.docx")
    whole = tmp_path / "whole.7z"
    subprocess.run(["bsdtar", "--format", "7zip", "-cf", str(whole), "-C", str(src), "班"], check=True)
    data = whole.read_bytes()
    write(tmp_path / "inbox/泰州.7z", data[: len(data) // 2])
    f = run(tmp_path)["泰州.7z"]
    assert f.kind == "broken" and f.path is None
    finding = the(f, "ARCHIVE_BROKEN")
    assert_finding(finding, Severity.ERROR, "broken", "泰州.7z")
    assert "解压出错" in finding.message


# ---------------------------------------------------------------- legacy Word


def _doc_bytes() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le")


def test_legacy_doc_without_libreoffice_is_not_converted_and_unsupported(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(shutil, "which", _no_tool)
    write(tmp_path / "inbox/南京/附件1.doc", _doc_bytes())
    f = run(tmp_path)["南京/附件1.doc"]
    assert f.kind == "unsupported" and f.path is None
    finding = the(f, "LEGACY_NOT_CONVERTED")
    assert_finding(finding, Severity.ERROR, "broken", "南京/附件1.doc")
    assert "libreoffice-writer" in finding.message


def test_legacy_doc_that_libreoffice_does_not_convert_is_broken(tmp_path: Path, monkeypatch):
    # A converter that runs and writes nothing: what LibreOffice does with a damaged .doc.
    monkeypatch.setattr(legacy, "find_soffice", lambda: shutil.which("true"))
    write(tmp_path / "inbox/南京/附件1.doc", _doc_bytes())
    f = run(tmp_path)["南京/附件1.doc"]
    assert f.kind == "broken" and f.path is None
    finding = the(f, "LEGACY_NOT_CONVERTED")
    assert_finding(finding, Severity.ERROR, "broken", "南京/附件1.doc")
    assert "可能损坏" in finding.message


# ---------------------------------------------------------------- unexpected failures


def test_dangling_link_in_the_inbox_is_intake_failed_and_the_rest_goes_on(tmp_path: Path):
    experience(tmp_path / "inbox/南京/一班/附件1.docx")
    (tmp_path / "inbox/南京/二班").mkdir(parents=True)
    os.symlink(tmp_path / "gone.docx", tmp_path / "inbox/南京/二班/附件1.docx")
    files = run(tmp_path)
    f = files["南京/二班/附件1.docx"]
    assert f.kind == "broken" and f.path is None
    finding = the(f, "INTAKE_FAILED")
    assert_finding(finding, Severity.ERROR, "broken", "南京/二班/附件1.docx")
    assert "FileNotFoundError" in finding.message
    assert files["南京/一班/附件1.docx"].kind == "experience"


def test_reader_failure_is_intake_failed_for_that_file_only(tmp_path: Path):
    from converters.ooxml import read_docx

    experience(tmp_path / "inbox/南京/一班/附件1.docx")
    experience(tmp_path / "inbox/南京/二班/附件1.docx", "运用PDCA提升一次合格率的实践", "装配二班")

    def reader(path: Path, source: str, **kw):  # the read hook the pipeline passes (its cache)
        if source.startswith("南京/二班/"):
            raise MemoryError("无法分配内存")
        return read_docx(path, source)

    files = run(tmp_path, read=reader)
    f = files["南京/二班/附件1.docx"]
    assert f.kind == "broken" and f.path is None
    assert_finding(the(f, "INTAKE_FAILED"), Severity.ERROR, "broken", "南京/二班/附件1.docx")
    assert files["南京/一班/附件1.docx"].kind == "experience"
