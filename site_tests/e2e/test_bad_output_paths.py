"""Bad output paths, a second conversion into the same folder, XML with a DTD: a Chinese message
naming the path and exit code 2, never a traceback."""

from __future__ import annotations

import fcntl
import zipfile
from pathlib import Path

import pytest

import submissions
from converters import cli
from converters.ooxml import read_docx

TITLE = "运用PDCA循环提升产品一次合格率的实践"


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    config = tmp_path / "showcase.yml"
    config.write_text("association: 示例协会\nyear: 2025\n", encoding="utf-8")
    inbox = tmp_path / "inbox"
    submissions.write_experience(inbox / "南京市质量协会" / "一班" / "附件1.docx", TITLE, "质检一班")
    return config, inbox


def run(config: Path, inbox: Path, out: Path, report: Path, capsys) -> tuple[int, str]:
    code = cli.main(["--config", str(config), "convert", str(inbox), "--out", str(out), "--report", str(report),
                     "--no-cache"])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def test_content_under_a_regular_file_is_a_chinese_message(project, tmp_path, capsys):
    config, inbox = project
    (tmp_path / "occupied").write_text("x", encoding="utf-8")
    code, err = run(config, inbox, tmp_path / "occupied" / "content", tmp_path / "r.json", capsys)
    assert code == 2
    assert "页面输出目录无法创建" in err and str(tmp_path / "occupied") in err and "不是文件夹" in err


def test_a_report_path_that_cannot_be_written_is_a_chinese_message(project, tmp_path, capsys):
    config, inbox = project
    (tmp_path / "build").write_text("x", encoding="utf-8")
    code, err = run(config, inbox, tmp_path / "content", tmp_path / "build" / "report.json", capsys)
    assert code == 2 and "审核报告所在目录无法创建" in err and str(tmp_path / "build") in err
    (tmp_path / "report.json").mkdir()
    code, err = run(config, inbox, tmp_path / "content", tmp_path / "report.json", capsys)
    assert code == 2 and "审核报告路径是一个文件夹" in err


def test_a_second_conversion_into_the_same_folder_stops_with_a_message(project, tmp_path, capsys, monkeypatch):
    config, inbox = project
    out = tmp_path / "content"
    out.mkdir()
    monkeypatch.setattr(cli, "LOCK_WAIT", 0.4)  # the first conversion is this test holding the lock
    with open(out / cli.LOCK_NAME, "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        code, err = run(config, inbox, out, tmp_path / "r.json", capsys)
        assert code == 2 and "另一个转换或构建正在写入" in err and str(out) in err
        assert not (out / "experiences").exists()
    code, _err = run(config, inbox, out, tmp_path / "r.json", capsys)
    assert code == 0 and (out / "experiences").is_dir()


def test_a_document_with_a_dtd_says_so(tmp_path):
    plain = submissions.write_experience(tmp_path / "plain.docx", TITLE, "质检一班")
    evil = tmp_path / "附件1.docx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(evil, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY x "lol">]>', 1)
            dst.writestr(item, data)
    doc = read_docx(evil, "南京/附件1.docx")
    assert [f.code for f in doc.findings] == ["DOCX_DTD"]
    assert "DTD" in doc.findings[0].message and doc.findings[0].file == "南京/附件1.docx"
    assert read_docx(plain, "plain.docx").blocks
