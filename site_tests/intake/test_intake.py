"""Intake: archives (GBK names, nesting, zip slip, bombs, RAR/7z), legacy Word, kinds by content."""

from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import docx
import openpyxl
import pytest

from converters.intake import InputFile, Limits, collect
from converters.intake import archives, legacy
from converters.model import Severity

PARTS = ("一、班组概况", "二、实施背景", "三、实施过程", "四、实施效果")


# ---------------------------------------------------------------- builders


def experience_bytes(title: str = "运用QC工具降低漏检率的实践") -> bytes:
    d = docx.Document()
    d.add_paragraph("附件1")
    d.add_paragraph(title)
    for heading in PARTS:
        d.add_heading(heading, level=1)
        d.add_paragraph("班组围绕质量目标开展活动。" * 3)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def form_bytes(title: str = "运用QC工具降低漏检率的实践", team: str = "质检一班") -> bytes:
    d = docx.Document()
    d.add_paragraph("推荐地市、行业质协：南京市质量协会（盖章）")
    table = d.add_table(rows=3, cols=4)
    cells = [["组织名称（盖章）", "示例公司", "班组名称", team],
             ["经验名称", title, "统一社会信用代码", "91320100MA1ABCDE2X"],
             ["所属行业", "制造业", "手 机", "13912345678"]]
    for r, values in enumerate(cells):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def plain_docx_bytes(text: str = "会议通知") -> bytes:
    d = docx.Document()
    d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def summary_bytes() -> bytes:
    wb = openpyxl.Workbook()
    wb.active.append(["序号", "组织名称", "班组名称", "经验名称"])
    wb.active.append([1, "示例公司", "质检一班", "运用QC工具降低漏检率的实践"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def zip_bytes(entries: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(name, data)
    return buf.getvalue()


def legacy_name_zip(entries: list[tuple[str, bytes]], encoding: str = "gbk") -> bytes:
    """A ZIP whose member names are raw GBK bytes without the UTF-8 flag, as Windows tools write
    them: written under same-length ASCII placeholders, then the name bytes are patched in."""
    buf = io.BytesIO()
    swaps = []
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for i, (name, data) in enumerate(entries):
            raw = name.encode(encoding)
            placeholder = (f"@{i:03d}@" + "_" * len(raw))[: len(raw)].encode()
            swaps.append((placeholder, raw))
            z.writestr(placeholder.decode(), data)
    out = buf.getvalue()
    for placeholder, raw in swaps:
        assert out.count(placeholder) == 2  # local header + central directory
        out = out.replace(placeholder, raw)
    return out


def rar4_bytes(entries: list[tuple[str, bytes]]) -> bytes:
    """A RAR 4 archive with stored members and UTF-8 (Unicode-flagged) names."""
    def block(head_type: int, flags: int, body: bytes) -> bytes:
        head = struct.pack("<BHH", head_type, flags, 7 + len(body)) + body
        return struct.pack("<H", zlib.crc32(head) & 0xFFFF) + head

    out = b"Rar!\x1a\x07\x00" + block(0x73, 0, b"\x00" * 6)
    for name, data in entries:
        raw = name.encode("utf-8")
        body = struct.pack("<IIBIIBBHI", len(data), len(data), 3, zlib.crc32(data), 0x5A210000, 29, 0x30,
                           len(raw), 0o100644) + raw
        out += block(0x74, 0x8000 | 0x0200, body) + data
    return out + block(0x7B, 0x4000, b"")


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def by_source(files: list[InputFile]) -> dict[str, InputFile]:
    return {f.source: f for f in files}


def codes(f: InputFile) -> set[str]:
    return {x.code for x in f.findings}


def run(tmp_path: Path, **kw) -> dict[str, InputFile]:
    return by_source(collect(tmp_path / "inbox", tmp_path / "work", **kw))


# ---------------------------------------------------------------- names


def test_gbk_member_names_are_decoded(tmp_path: Path):
    write(tmp_path / "inbox/苏州市质量协会.zip",
          legacy_name_zip([("某班/附件1.docx", experience_bytes()), ("专业.docx", experience_bytes())]))
    files = run(tmp_path)
    assert files["苏州市质量协会.zip/某班/附件1.docx"].kind == "experience"
    # "专业" in GBK is valid UTF-8 too (it reads as Hebrew and Cyrillic): the Chinese reading must win
    assert "专业.docx".encode("gbk").decode("utf-8") != "专业.docx"
    assert files["苏州市质量协会.zip/专业.docx"].kind == "experience"
    assert len(files) == 3


def test_utf8_flagged_member_names_are_decoded(tmp_path: Path):
    write(tmp_path / "inbox/无锡.zip", zip_bytes([("质检班/附件2 申报表.docx", form_bytes())]))
    files = run(tmp_path)
    assert files["无锡.zip/质检班/附件2 申报表.docx"].kind == "form"


def test_unicode_path_extra_field_wins_over_the_legacy_name(tmp_path: Path):
    real = "经验/附件1.docx"
    legacy_raw = b"jingyan/fujian1.docx"
    extra_body = b"\x01" + struct.pack("<I", zlib.crc32(legacy_raw)) + real.encode("utf-8")
    info = zipfile.ZipInfo(legacy_raw.decode("ascii"))
    info.extra = struct.pack("<HH", 0x7075, len(extra_body)) + extra_body
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(info, experience_bytes())
    write(tmp_path / "inbox/a.zip", buf.getvalue())
    assert run(tmp_path)["a.zip/经验/附件1.docx"].kind == "experience"


def test_undecodable_disk_names_are_read_as_gbk(tmp_path: Path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), "南京附件1.docx".encode("gbk")), "wb") as fh:
        fh.write(experience_bytes())
    assert run(tmp_path)["南京附件1.docx"].kind == "experience"


# ---------------------------------------------------------------- archives


def test_nested_zip_members_are_collected_with_joined_sources(tmp_path: Path):
    inner = zip_bytes([("附件1.docx", experience_bytes()), ("附件2.docx", form_bytes())])
    write(tmp_path / "inbox/南京市质量协会.zip", zip_bytes([("一班.zip", inner), ("说明.pdf", b"%PDF-1.4")]))
    files = run(tmp_path)
    assert files["南京市质量协会.zip"].kind == "archive"
    assert files["南京市质量协会.zip/一班.zip"].kind == "archive"
    exp = files["南京市质量协会.zip/一班.zip/附件1.docx"]
    assert exp.kind == "experience" and exp.path is not None and exp.path.is_file()
    assert exp.group == "南京市质量协会" and exp.folder == "南京市质量协会/一班"
    assert exp.document is not None and exp.document.blocks


def test_os_junk_is_listed_as_ignored_with_info(tmp_path: Path):
    write(tmp_path / "inbox/a.zip", zip_bytes([
        ("__MACOSX/班/._附件1.docx", b"\x00\x05\x16\x07"), ("班/~$附件1.docx", b"lock"),
        ("班/Thumbs.db", b"x"), ("班/.DS_Store", b"x"), ("班/desktop.ini", b"x"), ("班/附件1.docx", experience_bytes()),
    ]))
    write(tmp_path / "inbox/南京/~$附件2.docx", b"lock")
    files = run(tmp_path)
    ignored = [f for f in files.values() if f.kind == "ignored"]
    assert len(ignored) == 6
    assert all(codes(f) == {"FILE_IGNORED"} and f.findings[0].severity is Severity.INFO for f in ignored)
    assert files["a.zip/班/附件1.docx"].kind == "experience"


def test_zip_slip_members_are_refused_and_others_kept(tmp_path: Path):
    evil = [("../evil.docx", b"x"), ("/etc/evil.docx", b"x"), ("C:\\Windows\\evil.docx", b"x"),
            ("a/../../evil.docx", b"x"), ("..\\..\\evil.docx", b"x"), ("班/附件1.docx", experience_bytes())]
    write(tmp_path / "inbox/坏.zip", zip_bytes(evil))
    files = run(tmp_path)
    archive = files["坏.zip"]
    slips = [f for f in archive.findings if f.code == "ZIP_UNSAFE_PATH"]
    assert sorted(f.location for f in slips) == sorted(name for name, _ in evil[:-1])
    assert len(slips) == 5 and all(f.severity is Severity.ERROR and f.file == "坏.zip" for f in slips)
    assert files["坏.zip/班/附件1.docx"].kind == "experience"
    assert not [p for p in tmp_path.rglob("evil*")]
    assert not (tmp_path.parent / "evil.docx").exists()


def test_symlink_members_are_ignored_with_finding(tmp_path: Path):
    link = zipfile.ZipInfo("班/link.docx")
    link.external_attr = (0o120777 << 16)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(link, "/etc/passwd")
        z.writestr("班/附件1.docx", experience_bytes())
    write(tmp_path / "inbox/a.zip", buf.getvalue())
    files = run(tmp_path)
    assert "ZIP_SYMLINK" in codes(files["a.zip"])
    assert "a.zip/班/link.docx" not in files
    assert files["a.zip/班/附件1.docx"].kind == "experience"


def test_too_many_members_refuses_the_archive(tmp_path: Path):
    write(tmp_path / "inbox/多.zip", zip_bytes([(f"{i}.txt", b"x") for i in range(6)]))
    write(tmp_path / "inbox/好/附件1.docx", experience_bytes())
    files = run(tmp_path, limits=Limits(max_members=5))
    assert files["多.zip"].kind == "broken"
    assert [(f.code, f.severity, f.file) for f in files["多.zip"].findings] == [("ARCHIVE_LIMIT", Severity.ERROR, "多.zip")]
    assert files["好/附件1.docx"].kind == "experience"


def test_high_compression_ratio_refuses_the_archive(tmp_path: Path):
    write(tmp_path / "inbox/炸弹.zip", zip_bytes([("zeros.docx", b"\0" * (2 << 20))]))
    files = run(tmp_path)
    assert files["炸弹.zip"].kind == "broken"
    assert "ARCHIVE_LIMIT" in codes(files["炸弹.zip"])
    assert not any(s.startswith("炸弹.zip/") for s in files)


def test_total_size_limit_counts_nested_archives(tmp_path: Path):
    inner = zip_bytes([("b.docx", os.urandom(40_000))])
    write(tmp_path / "inbox/a.zip", zip_bytes([("a.docx", os.urandom(40_000)), ("inner.zip", inner)]))
    files = run(tmp_path, limits=Limits(max_total_bytes=100_000))
    assert files["a.zip"].kind == "archive"
    assert files["a.zip/inner.zip"].kind == "broken"
    assert "ARCHIVE_LIMIT" in codes(files["a.zip/inner.zip"])


def test_corrupt_archive_is_broken_with_error_naming_it(tmp_path: Path):
    data = zip_bytes([("附件1.docx", experience_bytes())])
    write(tmp_path / "inbox/坏.zip", data[: len(data) // 2])
    write(tmp_path / "inbox/好/附件1.docx", experience_bytes())
    files = run(tmp_path)
    bad = files["坏.zip"]
    assert bad.kind == "broken" and bad.path is None
    assert any(f.severity is Severity.ERROR and f.file == "坏.zip" for f in bad.findings)
    assert files["好/附件1.docx"].kind == "experience"


def _no_tool(name: str, *args, **kwargs):
    return None if name in ("bsdtar", "unar", "soffice", "libreoffice") else _real_which(name, *args, **kwargs)


_real_which = shutil.which


def test_rar_without_tools_reports_how_to_install(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(shutil, "which", _no_tool)
    write(tmp_path / "inbox/常州.rar", rar4_bytes([("附件1.docx", experience_bytes())]))
    f = run(tmp_path)["常州.rar"]
    assert f.kind == "unsupported"
    assert [x.message for x in f.findings] == ["常州.rar：无法解压 RAR：未安装 bsdtar 或 unar（apt-get install libarchive-tools）"]
    assert f.findings[0].severity is Severity.ERROR and f.findings[0].file == "常州.rar"


@pytest.mark.skipif(not (shutil.which("bsdtar") or shutil.which("unar")), reason="未安装 bsdtar 或 unar（apt-get install libarchive-tools）")
def test_rar_is_unpacked_with_bsdtar_or_unar(tmp_path: Path):
    write(tmp_path / "inbox/常州.rar", rar4_bytes([("某班/附件1.docx", experience_bytes()), ("某班/附件2.docx", form_bytes())]))
    files = run(tmp_path)
    assert files["常州.rar"].kind == "archive"
    exp = files["常州.rar/某班/附件1.docx"]
    assert exp.kind == "experience" and exp.group == "常州" and exp.folder == "常州/某班"
    assert files["常州.rar/某班/附件2.docx"].kind == "form"


@pytest.mark.skipif(not shutil.which("bsdtar"), reason="未安装 bsdtar（apt-get install libarchive-tools），无法制作 7z 样本")
def test_7z_is_unpacked(tmp_path: Path):
    src = tmp_path / "src"
    write(src / "班/附件1.docx", experience_bytes())
    write(tmp_path / "inbox/.keep", b"")
    subprocess.run(["bsdtar", "--format", "7zip", "-cf", str(tmp_path / "inbox/扬州.7z"), "-C", str(src), "班"], check=True)
    files = run(tmp_path)
    assert files["扬州.7z"].kind == "archive"
    assert files["扬州.7z/班/附件1.docx"].kind == "experience"


# ---------------------------------------------------------------- legacy Word


def test_missing_libreoffice_is_reported(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(shutil, "which", _no_tool)
    write(tmp_path / "inbox/南京/附件1.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"))
    f = run(tmp_path)["南京/附件1.doc"]
    assert f.kind == "unsupported" and f.path is None
    assert [x.message for x in f.findings] == ["南京/附件1.doc：无法转换旧版 Word 文件：未安装 LibreOffice（apt-get install libreoffice-writer）"]
    assert f.findings[0].severity is Severity.ERROR


@pytest.mark.skipif(not legacy.find_soffice(), reason="未安装 LibreOffice（apt-get install libreoffice-writer），无法测试 .doc 转换")
def test_legacy_doc_files_are_converted_in_one_batch(tmp_path: Path):
    src = write(tmp_path / "make/e.docx", experience_bytes())
    profile = (tmp_path / "profile").resolve().as_uri()
    subprocess.run([legacy.find_soffice(), "--headless", f"-env:UserInstallation={profile}", "--convert-to", "doc",
                    "--outdir", str(tmp_path / "make"), str(src)], check=True, capture_output=True, timeout=120)
    doc = (tmp_path / "make/e.doc").read_bytes()
    write(tmp_path / "inbox/南京/一班/附件1.doc", doc)
    write(tmp_path / "inbox/南京/二班/附件1.doc", doc)  # same name: must not collide
    write(tmp_path / "inbox/南京/三班/附件1.wps", doc)
    write(tmp_path / "inbox/南京/四班/附件1.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(3000))
    files = run(tmp_path)
    bad = files["南京/四班/附件1.doc"]
    assert bad.kind == "broken" and bad.path is None
    assert [(f.code, f.severity, f.file) for f in bad.findings] == [("FILE_BROKEN", Severity.ERROR, "南京/四班/附件1.doc")]
    for source in ("南京/一班/附件1.doc", "南京/二班/附件1.doc", "南京/三班/附件1.wps"):
        f = files[source]
        assert f.kind == "experience", f.findings
        assert f.path.suffix == ".docx" and "LEGACY_CONVERTED" in codes(f)
    assert len({files[s].path for s in files if files[s].path}) == 3


# ---------------------------------------------------------------- kinds


def test_kind_is_detected_by_content_not_by_name(tmp_path: Path):
    write(tmp_path / "inbox/南京/一班/申报表.docx", experience_bytes())
    write(tmp_path / "inbox/南京/一班/附件1.docx", form_bytes())
    write(tmp_path / "inbox/南京/附件1.xlsx", summary_bytes())
    write(tmp_path / "inbox/南京/典型经验.docx", plain_docx_bytes())
    write(tmp_path / "inbox/南京/经验.txt", experience_bytes())
    files = run(tmp_path)
    assert files["南京/一班/申报表.docx"].kind == "experience"
    assert files["南京/一班/附件1.docx"].kind == "form"
    assert files["南京/附件1.xlsx"].kind == "summary"
    assert files["南京/经验.txt"].kind == "experience"
    other = files["南京/典型经验.docx"]
    assert other.kind == "unsupported" and "UNKNOWN_DOCUMENT" in codes(other)


def test_pdf_and_images_are_unsupported_and_pdf_only_folders_warned(tmp_path: Path):
    write(tmp_path / "inbox/南京/一班/附件1.docx", experience_bytes())
    write(tmp_path / "inbox/南京/一班/申报表盖章.pdf", b"%PDF-1.7\n")
    write(tmp_path / "inbox/南京/二班/典型经验.pdf", b"%PDF-1.7\n")
    write(tmp_path / "inbox/南京/二班/照片.jpg", b"\xff\xd8\xff\xe0JFIF")
    files = run(tmp_path)
    stamped = files["南京/一班/申报表盖章.pdf"]
    assert stamped.kind == "unsupported" and codes(stamped) == {"UNSUPPORTED_PDF"}
    for source in ("南京/二班/典型经验.pdf", "南京/二班/照片.jpg"):
        f = files[source]
        assert f.kind == "unsupported" and codes(f) == {"PDF_ONLY"}
        assert f.findings[0].severity is Severity.WARNING and "Word" in f.findings[0].message


def test_password_protected_docx_is_unsupported_with_reason(tmp_path: Path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 64
    write(tmp_path / "inbox/南京/附件1.docx", ole)
    f = run(tmp_path)["南京/附件1.docx"]
    assert f.kind == "unsupported"
    assert codes(f) == {"FILE_ENCRYPTED"} and "密码" in f.findings[0].message


def test_unknown_and_damaged_files(tmp_path: Path):
    good = experience_bytes()
    write(tmp_path / "inbox/南京/截断.docx", good[: len(good) // 3])
    write(tmp_path / "inbox/南京/乱码.docx", os.urandom(2000))
    write(tmp_path / "inbox/南京/空.docx", b"")
    write(tmp_path / "inbox/南京/notes.bin", b"\x01\x02\x03 unknown")
    files = run(tmp_path)
    for source in ("南京/截断.docx", "南京/乱码.docx", "南京/空.docx"):
        f = files[source]
        assert f.kind == "broken" and f.path is None
        assert any(x.severity is Severity.ERROR and x.file == source for x in f.findings)
    assert files["南京/notes.bin"].kind == "unsupported"


def test_every_input_file_is_accounted_for(tmp_path: Path):
    write(tmp_path / "inbox/a.zip", zip_bytes([("x/附件1.docx", experience_bytes()), ("x/附件2.docx", form_bytes()),
                                              ("__MACOSX/x/._附件1.docx", b"j"), ("y.zip", zip_bytes([("z.pdf", b"%PDF")]))]))
    write(tmp_path / "inbox/b/附件1.docx", experience_bytes())
    write(tmp_path / "inbox/c.txt", b"hello")
    files = collect(tmp_path / "inbox", tmp_path / "work")
    assert sorted(f.source for f in files) == sorted([
        "a.zip", "a.zip/x/附件1.docx", "a.zip/x/附件2.docx", "a.zip/__MACOSX/x/._附件1.docx",
        "a.zip/y.zip", "a.zip/y.zip/z.pdf", "b/附件1.docx", "c.txt",
    ])
    assert {f.source: f.kind for f in files} == {
        "a.zip": "archive", "a.zip/x/附件1.docx": "experience", "a.zip/x/附件2.docx": "form",
        "a.zip/__MACOSX/x/._附件1.docx": "ignored", "a.zip/y.zip": "archive", "a.zip/y.zip/z.pdf": "unsupported",
        "b/附件1.docx": "experience", "c.txt": "unsupported",
    }


def test_group_and_folder(tmp_path: Path):
    write(tmp_path / "inbox/南京市质量协会/示例一班/附件1.docx", experience_bytes())
    write(tmp_path / "inbox/苏州市质量协会.zip", zip_bytes([("某班/附件1.docx", experience_bytes())]))
    write(tmp_path / "inbox/附件1.docx", experience_bytes())
    files = run(tmp_path)
    nj = files["南京市质量协会/示例一班/附件1.docx"]
    assert (nj.group, nj.folder) == ("南京市质量协会", "南京市质量协会/示例一班")
    sz = files["苏州市质量协会.zip/某班/附件1.docx"]
    assert (sz.group, sz.folder) == ("苏州市质量协会", "苏州市质量协会/某班")
    loose = files["附件1.docx"]
    assert (loose.group, loose.folder) == ("", "")


def test_missing_inbox_is_an_error_not_an_exception(tmp_path: Path):
    files = collect(tmp_path / "nowhere", tmp_path / "work")
    assert [f.kind for f in files] == ["broken"]
    assert files[0].findings[0].severity is Severity.ERROR


def test_archive_module_limits_are_the_defaults_intake_uses():
    assert archives.Limits() == Limits()
